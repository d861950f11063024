import Postgres

/// Alerting's tables: facts distilled from the streams, the alerts (at most one open per
/// rule and subject, enforced by a partial unique index), and the tickets' holds (one row per
/// ticket and hold start: a replayed hold is the same row), the audits surveys requested and the
/// verdicts held until their request arrives.
public enum AlertingMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "alerting facts and alerts", sql: """
            CREATE TABLE ticket_facts (
                ticket_id        text PRIMARY KEY,
                opened_at        timestamptz NOT NULL,
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
            CREATE INDEX ticket_facts_quality ON ticket_facts (model, fault, opened_at);
            CREATE INDEX ticket_facts_opened ON ticket_facts (opened_at);
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
            CREATE TABLE complaint_facts (
                complaint_id text PRIMARY KEY,
                ticket_id    text NOT NULL,
                opened_at    timestamptz NOT NULL
            );
            CREATE TABLE parts_facts (
                event_id     text PRIMARY KEY,
                ticket_id    text NOT NULL,
                reserved     integer NOT NULL,
                backordered  integer NOT NULL,
                at           timestamptz NOT NULL
            );
            CREATE INDEX parts_facts_at ON parts_facts (at);
            CREATE TABLE stream_facts (
                event_id     text PRIMARY KEY,
                event_type   text NOT NULL,
                at           timestamptz NOT NULL
            );
            CREATE INDEX stream_facts_at ON stream_facts (event_type, at);
            CREATE TABLE alerts (
                alert_id    text PRIMARY KEY,
                rule        text NOT NULL,
                subject     text NOT NULL,
                occurrence  integer NOT NULL,
                severity    text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
                status      text NOT NULL CHECK (status IN ('open', 'escalated', 'resolved')),
                message     text NOT NULL,
                raised_at   timestamptz NOT NULL,
                updated_at  timestamptz NOT NULL,
                UNIQUE (rule, subject, occurrence)
            );
            CREATE UNIQUE INDEX alerts_one_open ON alerts (rule, subject) WHERE status <> 'resolved';
            """),
        Migration(version: 2, name: "ticket regions and holds", sql: """
            ALTER TABLE ticket_facts ADD COLUMN region text;
            CREATE TABLE ticket_holds (
                ticket_id  text NOT NULL,
                since      timestamptz NOT NULL,
                reason     text NOT NULL,
                until      timestamptz,
                PRIMARY KEY (ticket_id, since),
                CHECK (until IS NULL OR until >= since)
            );
            """),
        Migration(version: 3, name: "ticket priority and customer, compensation grants", sql: """
            ALTER TABLE ticket_facts ADD COLUMN priority text, ADD COLUMN customer_id text;
            CREATE TABLE compensation_grants (
                ticket_id        text PRIMARY KEY,
                idempotency_key  text NOT NULL UNIQUE,
                reason           text NOT NULL,
                kind             text NOT NULL,
                amount_cents     bigint,
                currency         text,
                months           integer,
                granted_at       timestamptz NOT NULL
            );
            """),
        Migration(version: 4, name: "KPI cuts: category, provider, remote resolutions, parts, visits; audits", sql: """
            ALTER TABLE ticket_facts ADD COLUMN category text, ADD COLUMN provider_id text, ADD COLUMN resolved_remotely boolean,
                ADD COLUMN parts_used integer, ADD COLUMN visits integer;
            CREATE INDEX ticket_facts_completed ON ticket_facts (completed_at);
            CREATE INDEX ticket_facts_repeat_of ON ticket_facts (repeat_of) WHERE repeat_of IS NOT NULL;
            CREATE INDEX survey_facts_ticket ON survey_facts (ticket_id);
            CREATE INDEX complaint_facts_ticket ON complaint_facts (ticket_id);
            CREATE TABLE technician_providers (
                technician_id text PRIMARY KEY,
                provider_id   text
            );
            CREATE TABLE audit_facts (
                audit_id     text PRIMARY KEY,
                ticket_id    text NOT NULL,
                passed       boolean NOT NULL,
                recorded_at  timestamptz NOT NULL
            );
            CREATE INDEX audit_facts_recorded ON audit_facts (recorded_at);
            """),
        Migration(version: 5, name: "settlement: work evidence, provider visits, provider rates", sql: """
            CREATE TABLE work_evidence (
                ticket_id  text PRIMARY KEY,
                status     text NOT NULL CHECK (status IN ('settleable', 'evidence-missing')),
                at         timestamptz NOT NULL
            );
            CREATE TABLE settlement_visits (
                ticket_id     text NOT NULL,
                completed_at  timestamptz NOT NULL,
                provider_id   text NOT NULL,
                status        text NOT NULL CHECK (status IN ('settleable', 'evidence-missing')),
                PRIMARY KEY (ticket_id, completed_at)
            );
            CREATE INDEX settlement_visits_completed ON settlement_visits (completed_at);
            CREATE TABLE provider_rates (
                provider_id  text PRIMARY KEY,
                visit_cents  bigint,
                currency     text
            );
            """),
        Migration(version: 6, name: "SLA forecast: assigned distance, repair estimates", sql: """
            ALTER TABLE ticket_facts ADD COLUMN distance_km double precision;
            CREATE TABLE repair_estimates (
                category  text PRIMARY KEY,
                samples   integer NOT NULL,
                seconds   double precision NOT NULL
            );
            """),
        Migration(version: 7, name: "audits: requests, verdicts held until their request", sql: """
            CREATE TABLE audit_requests (
                audit_id      text PRIMARY KEY,
                ticket_id     text NOT NULL,
                requested_at  timestamptz NOT NULL
            );
            CREATE TABLE audit_verdicts_pending (
                audit_id     text NOT NULL,
                event_id     text NOT NULL,
                ticket_id    text NOT NULL,
                passed       boolean NOT NULL,
                findings     jsonb NOT NULL,
                recorded_at  timestamptz NOT NULL,
                received_at  timestamptz NOT NULL,
                PRIMARY KEY (audit_id, event_id)
            );
            CREATE INDEX audit_verdicts_pending_received ON audit_verdicts_pending (received_at);
            """),
    ]
}
