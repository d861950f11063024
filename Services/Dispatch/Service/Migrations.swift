import Postgres

/// Dispatch's tables: the roster and the tickets' field state.
public enum DispatchMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "technicians, tickets", sql: """
            -- The roster from technician.upserted (create or replace). Rows are locked
            -- (SELECT … FOR UPDATE) while a ticket is offered, so that two instances never
            -- push a technician over capacity.
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

            -- One row per ticket: what ranking and the state machine need. The load of a
            -- technician is the number of their tickets in an active state.
            CREATE TABLE tickets (
                ticket_id        text PRIMARY KEY,
                region           text NOT NULL,
                lat              double precision NOT NULL,
                lon              double precision NOT NULL,
                category         text NOT NULL,
                priority         text NOT NULL,
                warranty_status  text NOT NULL,
                state            text NOT NULL,
                technician_id    text,
                distance_km      double precision,
                attempt          integer NOT NULL DEFAULT 0,
                tried            text[] NOT NULL DEFAULT '{}',
                visits           integer NOT NULL DEFAULT 0,
                waited_for_parts boolean NOT NULL DEFAULT false,
                reopened         boolean NOT NULL DEFAULT false,
                quote_approved   boolean NOT NULL DEFAULT false,
                requested_parts  jsonb NOT NULL DEFAULT '[]',
                reserved_parts   jsonb NOT NULL DEFAULT '[]',
                reason           text,
                opened_at        timestamptz NOT NULL,
                updated_at       timestamptz NOT NULL
            );
            CREATE INDEX tickets_technician_load ON tickets (technician_id)
                WHERE state IN ('assigned', 'accepted', 'scheduled', 'on-site', 'diagnosed', 'quoted', 'waiting-parts');
            """),
        Migration(version: 2, name: "daily load per assignment day", sql: """
            -- The UTC date on which the ticket was (last) offered to its technician. A
            -- technician's daily load = their tickets in an active state with this date
            -- equal to the day being planned.
            ALTER TABLE tickets ADD COLUMN assigned_on date;
            UPDATE tickets SET assigned_on = (updated_at AT TIME ZONE 'UTC')::date WHERE technician_id IS NOT NULL;
            DROP INDEX tickets_technician_load;
            CREATE INDEX tickets_technician_day_load ON tickets (technician_id, assigned_on)
                WHERE state IN ('assigned', 'accepted', 'scheduled', 'on-site', 'diagnosed', 'quoted', 'waiting-parts');
            """),
    ]
}
