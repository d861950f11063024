import Postgres

/// Alerting's tables: facts from the streams, and the alerts themselves (one open alert
/// per rule and subject, enforced by a partial unique index).
public enum AlertingMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "facts and alerts", sql: """
            CREATE TABLE ticket_facts (
                ticket_id        text PRIMARY KEY,
                correlation_id   text,
                opened_at        timestamptz NOT NULL,
                priority         text NOT NULL,
                model            text NOT NULL,
                fault            text NOT NULL,
                hazard           boolean NOT NULL,
                repeat_of        text,
                respond_by       timestamptz NOT NULL,
                onsite_by        timestamptz NOT NULL,
                resolve_by       timestamptz NOT NULL,
                technician_id    text,
                accepted_at      timestamptz,
                onsite_at        timestamptz,
                completed_at     timestamptz,
                first_time_fix   boolean,
                unassignable_at  timestamptz,
                stopped_at       timestamptz
            );
            CREATE INDEX ticket_facts_model ON ticket_facts (model, fault, opened_at);
            CREATE TABLE survey_facts (
                survey_id     text PRIMARY KEY,
                ticket_id     text NOT NULL,
                technician_id text,
                satisfied     boolean NOT NULL,
                attitude      integer NOT NULL,
                efficiency    integer NOT NULL,
                quality       integer NOT NULL,
                completed_at  timestamptz NOT NULL
            );
            CREATE INDEX survey_facts_technician ON survey_facts (technician_id, completed_at);
            CREATE TABLE complaint_facts (complaint_id text PRIMARY KEY, ticket_id text NOT NULL, opened_at timestamptz NOT NULL);
            CREATE TABLE parts_facts (
                id bigserial PRIMARY KEY, ticket_id text NOT NULL, reserved integer NOT NULL, backordered integer NOT NULL,
                at timestamptz NOT NULL
            );
            CREATE TABLE alerts (
                alert_id   text PRIMARY KEY,
                rule       text NOT NULL,
                subject    text NOT NULL,
                severity   text NOT NULL,
                status     text NOT NULL CHECK (status IN ('open', 'escalated', 'resolved')),
                message    text NOT NULL,
                raised_at  timestamptz NOT NULL,
                updated_at timestamptz NOT NULL
            );
            CREATE UNIQUE INDEX alerts_one_open ON alerts (rule, subject) WHERE status <> 'resolved';
            """),
    ]
}
