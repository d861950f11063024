import Postgres

/// Dispatch's tables: the roster and the field state of every ticket.
public enum DispatchMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "roster and tickets", sql: """
            CREATE TABLE technicians (
                technician_id  text PRIMARY KEY,
                name           text NOT NULL,
                skills         text[] NOT NULL,
                region         text NOT NULL,
                lat            double precision NOT NULL,
                lon            double precision NOT NULL,
                daily_capacity integer NOT NULL,
                active         boolean NOT NULL,
                updated_at     timestamptz NOT NULL
            );
            CREATE TABLE dispatch_tickets (
                ticket_id       text PRIMARY KEY,
                correlation_id  text,
                category        text NOT NULL,
                region          text NOT NULL,
                lat             double precision NOT NULL,
                lon             double precision NOT NULL,
                warranty_status text NOT NULL,
                priority        text NOT NULL,
                state           text NOT NULL,
                technician_id   text,
                attempt         integer NOT NULL DEFAULT 0,
                tried           text[] NOT NULL DEFAULT '{}',
                visits          integer NOT NULL DEFAULT 0,
                waited_parts    boolean NOT NULL DEFAULT false,
                reopened        boolean NOT NULL DEFAULT false,
                parts           jsonb NOT NULL DEFAULT '[]',
                updated_at      timestamptz NOT NULL
            );
            CREATE INDEX dispatch_tickets_by_technician ON dispatch_tickets (technician_id, state);
            """),
    ]
}
