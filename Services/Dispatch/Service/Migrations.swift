import Postgres

/// Dispatch's tables: the roster, the tickets' field state, part prices and invoices.
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
        Migration(version: 3, name: "geo-bucketed candidates, load counters, set-based rows", sql: """
            -- The candidate search's index: one row per active technician and skill, filed
            -- under the grid cell of their home (GeoGrid; cells as wide as the distance
            -- bound). Filled at start-up (DispatchHandler.start) and by every roster update.
            CREATE TABLE technician_skills (
                skill         text NOT NULL,
                cell          bigint NOT NULL,
                technician_id text NOT NULL,
                region        text NOT NULL,
                lat           double precision NOT NULL,
                lon           double precision NOT NULL,
                capacity      integer NOT NULL,
                -- Set when the technician's load reached capacity: the end of that service
                -- day (in their region's zone). The nearest-first search skips them until then.
                full_until    timestamptz,
                -- Covering: the nearest-first search reads the index only.
                PRIMARY KEY (skill, cell, technician_id) INCLUDE (region, lat, lon, capacity, full_until)
            );
            CREATE INDEX technician_skills_region ON technician_skills (skill, region);
            CREATE INDEX technician_skills_technician ON technician_skills (technician_id);
            ALTER TABLE technicians ADD COLUMN cell bigint;

            -- The grid the index was built with; start-up rebuilds it when the setting changes.
            CREATE TABLE dispatch_grid (
                id      integer PRIMARY KEY CHECK (id = 1),
                cell_km double precision NOT NULL
            );
            INSERT INTO dispatch_grid (id, cell_km) VALUES (1, 0);

            -- Daily load per technician and service day (the technician's region's date):
            -- the number of their tickets in an active state offered on that day. Raised on
            -- an offer, lowered when the ticket leaves the technician or the active states.
            CREATE TABLE technician_day_load (
                technician_id text NOT NULL,
                service_day   date NOT NULL,
                load          integer NOT NULL,
                PRIMARY KEY (technician_id, service_day)
            );
            INSERT INTO technician_day_load (technician_id, service_day, load)
            SELECT technician_id, assigned_on, count(*)
              FROM tickets
             WHERE technician_id IS NOT NULL AND assigned_on IS NOT NULL AND state IN (\(activeStateList))
             GROUP BY technician_id, assigned_on;

            -- Written set-based (unnest of JSON texts): the list of technicians offered.
            ALTER TABLE tickets ALTER COLUMN tried DROP DEFAULT;
            ALTER TABLE tickets ALTER COLUMN tried TYPE jsonb USING to_jsonb(tried);
            ALTER TABLE tickets ALTER COLUMN tried SET DEFAULT '[]';
            """),
        Migration(version: 4, name: "field flow: visits, holds, certificates", sql: """
            -- `visits` becomes the current visit's number (it counted visits started, which
            -- is the same number for tickets without failed visits); whether that visit
            -- started on site or ended (failed, left for parts, handed over).
            ALTER TABLE tickets ADD COLUMN visit_started boolean NOT NULL DEFAULT false;
            ALTER TABLE tickets ADD COLUMN visit_ended boolean NOT NULL DEFAULT false;
            UPDATE tickets SET visit_started = visits > 0;
            ALTER TABLE tickets ADD COLUMN reschedules integer NOT NULL DEFAULT 0;
            ALTER TABLE tickets ADD COLUMN rescheduled_by text;
            -- The fault class (certificates may depend on it).
            ALTER TABLE tickets ADD COLUMN fault_class text;
            -- The hold the ticket is on (HoldReason) and since when; backordered lines awaited.
            ALTER TABLE tickets ADD COLUMN hold_reason text;
            ALTER TABLE tickets ADD COLUMN hold_since timestamptz;
            ALTER TABLE tickets ADD COLUMN backordered_parts jsonb NOT NULL DEFAULT '[]';

            -- Certificates: type → last valid day, on the roster and in the candidate index.
            ALTER TABLE technicians ADD COLUMN certifications jsonb NOT NULL DEFAULT '{}';
            ALTER TABLE technician_skills ADD COLUMN certificates text[] NOT NULL DEFAULT '{}';
            ALTER TABLE technician_skills DROP CONSTRAINT technician_skills_pkey;
            ALTER TABLE technician_skills ADD PRIMARY KEY (skill, cell, technician_id)
                INCLUDE (region, lat, lon, capacity, full_until, certificates);
            """),
        Migration(version: 5, name: "tickets by technician", sql: """
            -- A deactivated technician's tickets are found by technician (TicketStore.load);
            -- loads are counters now, so the partial index that counted them goes.
            CREATE INDEX tickets_technician ON tickets (technician_id);
            DROP INDEX IF EXISTS tickets_technician_day_load;
            """),
        Migration(version: 6, name: "money: quotes, part prices, invoices", sql: """
            -- The quote per ticket (QuoteStatus) and its amounts; the number of invoices
            -- issued for the ticket (the n of INV-<ticketId>-<n>). No invoice existed before,
            -- so every counter starts at 0. An approval recorded before keeps its status
            -- without amounts: completing such a ticket chargeably asks for a new quote.
            ALTER TABLE tickets ADD COLUMN quote_status text NOT NULL DEFAULT 'none';
            ALTER TABLE tickets ADD COLUMN quote_labour double precision;
            ALTER TABLE tickets ADD COLUMN quote_parts double precision;
            ALTER TABLE tickets ADD COLUMN quote_currency text;
            ALTER TABLE tickets ADD COLUMN invoices integer NOT NULL DEFAULT 0;
            UPDATE tickets SET quote_status = CASE WHEN quote_approved THEN 'approved'
                                                   WHEN state = 'quoted' THEN 'quoted' ELSE 'none' END;

            -- Dispatch's copy of the catalogue prices, from part.upserted on aftersales.stock
            -- (the latest per part number; inventory's database is never read).
            CREATE TABLE part_prices (
                part_number text PRIMARY KEY,
                unit_price  double precision NOT NULL,
                currency    text NOT NULL,
                updated_at  timestamptz NOT NULL
            );

            -- One account per issued invoice (written with its ticket.invoiced), and what
            -- payment.recorded paid against it, in whole cents.
            CREATE TABLE invoices (
                invoice_id  text PRIMARY KEY,
                ticket_id   text NOT NULL,
                chargeable  boolean NOT NULL,
                total_cents bigint NOT NULL,
                paid_cents  bigint NOT NULL DEFAULT 0,
                currency    text NOT NULL,
                issued_at   timestamptz NOT NULL,
                paid_at     timestamptz,
                updated_at  timestamptz NOT NULL
            );
            CREATE INDEX invoices_ticket ON invoices (ticket_id);
            """),
        Migration(version: 7, name: "remote-first window", sql: """
            -- Where the ticket stands in the remote-first window (RemoteWindowState: not-held,
            -- holding, released, resolved-remotely) and when its window ends (held tickets).
            -- Tickets stored before were never held.
            ALTER TABLE tickets ADD COLUMN remote_window text NOT NULL DEFAULT 'not-held';
            ALTER TABLE tickets ADD COLUMN remote_until timestamptz;
            """),
    ]

    /// The active states as an SQL list of literals, from the Swift enum (fixed DDL, no input).
    static var activeStateList: String {
        TicketState.active.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
}
