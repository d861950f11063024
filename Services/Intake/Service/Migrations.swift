import Postgres

/// Intake's tables, versioned. Intake owns the platform's only PII store (`customers`).
public enum IntakeMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "customers, requests, tickets, ticket numbers", sql: """
            -- The only PII store of the platform, append-only: a request whose customer
            -- details differ from the latest version adds a version (never an update, so
            -- two instances serving one customer from different partitions never lock or
            -- deadlock on a shared row). `customer_current` is the upserted view by id.
            -- erase-customer anonymises every version; retention prunes old versions.
            CREATE TABLE customers (
                customer_id text NOT NULL,
                version     bigserial NOT NULL,
                name        text NOT NULL,
                phone       text NOT NULL,
                address     text NOT NULL,
                region      text NOT NULL,
                lat         double precision NOT NULL,
                lon         double precision NOT NULL,
                recorded_at timestamptz NOT NULL,
                erased_at   timestamptz,
                PRIMARY KEY (customer_id, version)
            );
            CREATE VIEW customer_current AS
                SELECT DISTINCT ON (customer_id) * FROM customers ORDER BY customer_id, version DESC;

            -- Request de-duplication by requestId: the sha-256 of the canonical request data,
            -- what came of it, and how many identical resubmissions were ignored.
            CREATE TABLE requests (
                request_id  text PRIMARY KEY,
                body_hash   text NOT NULL,
                outcome     text NOT NULL CHECK (outcome IN ('pending', 'opened', 'rejected')),
                ticket_id   text,
                duplicates  integer NOT NULL DEFAULT 0,
                received_at timestamptz NOT NULL,
                updated_at  timestamptz NOT NULL
            );

            -- Tickets as opened (no PII: the description is redacted), plus what intake
            -- needs later: the serial number and completion time (repeat failures) and
            -- the status (cancellation rules).
            CREATE TABLE tickets (
                ticket_id           text PRIMARY KEY,
                request_id          text NOT NULL UNIQUE,
                customer_id         text NOT NULL,
                kind                text NOT NULL,
                channel             text NOT NULL,
                region              text NOT NULL,
                lat                 double precision NOT NULL,
                lon                 double precision NOT NULL,
                sku                 text NOT NULL,
                category            text NOT NULL,
                model               text NOT NULL,
                serial_number       text,
                purchase_date       date NOT NULL,
                description         text NOT NULL,
                warranty_status     text NOT NULL,
                warranty_expires_on date,
                fault_category      text NOT NULL,
                safety_hazard       boolean NOT NULL,
                priority            text NOT NULL,
                respond_by          timestamptz NOT NULL,
                on_site_by          timestamptz NOT NULL,
                resolve_by          timestamptz NOT NULL,
                repeat_of           text,
                status              text NOT NULL DEFAULT 'open'
                                    CHECK (status IN ('open', 'reopened', 'completed', 'closed', 'cancelled')),
                opened_at           timestamptz NOT NULL,
                completed_at        timestamptz,
                cancelled_at        timestamptz,
                cancel_reason       text
            );
            CREATE INDEX tickets_repairs ON tickets (serial_number, category, completed_at DESC)
                WHERE serial_number IS NOT NULL AND completed_at IS NOT NULL;
            CREATE INDEX tickets_customer ON tickets (customer_id);
            CREATE INDEX tickets_retention ON tickets (warranty_expires_on);

            -- Ticket numbers: a sequence never blocks and never hands out a number twice,
            -- whatever the number of intake instances (a per-day counter row would hold a
            -- row lock for the rest of each batch and invite deadlocks between instances).
            CREATE SEQUENCE ticket_number_seq AS bigint START 1;
            """),
        Migration(version: 2, name: "quarantine of dead-lettered requests", sql: """
            -- The unmasked originals of dead-lettered aftersales.requests messages (the dead
            -- letter on the wire carries a masked copy): PII, kept for replay only, found by the
            -- position the dead letter names, deleted by erase-customer and by retention.
            CREATE TABLE quarantine (
                id             bigserial PRIMARY KEY,
                topic          text NOT NULL,
                partition      integer NOT NULL,
                "offset"       bigint NOT NULL,
                message_key    text,
                original       bytea NOT NULL,
                original_bytes integer NOT NULL,
                original_sha256 text NOT NULL,
                reason         text NOT NULL,
                customer_id    text,
                quarantined_at timestamptz NOT NULL,
                UNIQUE (topic, partition, "offset")
            );
            CREATE INDEX quarantine_customer ON quarantine (customer_id) WHERE customer_id IS NOT NULL;
            CREATE INDEX quarantine_age ON quarantine (quarantined_at);
            """),
    ]
}
