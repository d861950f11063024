import Postgres

/// The surveys service's tables (its own database; no customer PII beyond the customer id).
public enum SurveysMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "surveys", sql: """
            CREATE TABLE survey_tickets (
                ticket_id      text PRIMARY KEY,
                customer_id    text,
                region         text,
                category       text,
                model          text,
                safety_hazard  boolean NOT NULL DEFAULT false,
                technician_id  text,
                completions    integer NOT NULL DEFAULT 0
            );
            CREATE TABLE surveys (
                survey_id      text PRIMARY KEY,
                ticket_id      text NOT NULL,
                status         text NOT NULL CHECK (status IN ('scheduled', 'requested', 'completed', 'expired')),
                technician_id  text,
                region         text,
                category       text,
                model          text,
                scheduled_at   timestamptz NOT NULL,
                requested_at   timestamptz,
                answered_at    timestamptz,
                expired_at     timestamptz,
                attitude       integer,
                efficiency     integer,
                quality        integer,
                average        double precision,
                satisfied      boolean,
                resolved       boolean,
                comment        text
            );
            CREATE INDEX surveys_by_ticket ON surveys (ticket_id, scheduled_at DESC);
            CREATE TABLE duplicate_answers (
                id          bigserial PRIMARY KEY,
                survey_id   text NOT NULL,
                ticket_id   text NOT NULL,
                event_id    text NOT NULL,
                received_at timestamptz NOT NULL
            );
            CREATE TABLE complaints (
                complaint_id     text PRIMARY KEY,
                ticket_id        text NOT NULL,
                survey_id        text NOT NULL,
                severity         text NOT NULL,
                reason           text NOT NULL,
                status           text NOT NULL CHECK (status IN ('opened', 'investigating', 'resolved')),
                opened_at        timestamptz NOT NULL,
                investigating_at timestamptz,
                resolved_at      timestamptz,
                operator         text,
                resolution       text
            );
            """),
        // A survey still waiting for its delay is cancelled when the ticket is reopened.
        Migration(version: 2, name: "cancelled surveys", sql: """
            ALTER TABLE surveys DROP CONSTRAINT surveys_status_check;
            ALTER TABLE surveys ADD CONSTRAINT surveys_status_check
                CHECK (status IN ('scheduled', 'requested', 'completed', 'expired', 'cancelled'));
            ALTER TABLE surveys ADD COLUMN cancelled_at timestamptz;
            -- true between a completion and the next reopen: a repeated completion schedules nothing.
            ALTER TABLE survey_tickets ADD COLUMN completed boolean NOT NULL DEFAULT false;
            """),
        // Each survey's completion number, so "the latest survey" is a number, not a time
        // (a completion, a reopen and a second completion can share one batch and one now).
        Migration(version: 3, name: "survey sequence", sql: """
            ALTER TABLE surveys ADD COLUMN sequence integer;
            UPDATE surveys SET sequence = coalesce(substring(survey_id FROM '-([0-9]+)$')::integer, 0);
            ALTER TABLE surveys ALTER COLUMN sequence SET NOT NULL;
            DROP INDEX surveys_by_ticket;
            CREATE INDEX surveys_by_ticket ON surveys (ticket_id, sequence DESC);
            """),
        // Audits (DESIGN.md "Quality supervision"), who did the work (provider, remote), and
        // complaints opened by failed audits.
        Migration(version: 4, name: "audits", sql: """
            CREATE TABLE survey_technicians (
                technician_id  text PRIMARY KEY,
                provider_id    text
            );
            ALTER TABLE surveys ADD COLUMN provider_id text;
            ALTER TABLE surveys ADD COLUMN roster_known boolean NOT NULL DEFAULT false;
            ALTER TABLE surveys ADD COLUMN resolved_remotely boolean NOT NULL DEFAULT false;
            CREATE TABLE audits (
                audit_id          text PRIMARY KEY,
                ticket_id         text NOT NULL,
                sequence          integer NOT NULL,
                status            text NOT NULL CHECK (status IN ('requested', 'passed', 'failed')),
                reason            text NOT NULL CHECK (reason IN ('safety-hazard', 'sampled')),
                technician_id     text,
                provider_id       text,
                roster_known      boolean NOT NULL DEFAULT false,
                resolved_remotely boolean NOT NULL DEFAULT false,
                region            text,
                category          text,
                model             text,
                requested_at      timestamptz NOT NULL,
                recorded_at       timestamptz,
                findings          jsonb NOT NULL DEFAULT '[]'::jsonb,
                complaint_id      text
            );
            CREATE INDEX audits_by_ticket ON audits (ticket_id, sequence DESC);
            ALTER TABLE complaints ALTER COLUMN survey_id DROP NOT NULL;
            ALTER TABLE complaints ADD COLUMN audit_id text;
            """),
    ]
}
