import Postgres

/// Inventory's tables: catalogue, warehouses, the movement ledger and its projection,
/// reservations per ticket, backorders and daily consumption for the forecast.
public enum InventoryMigrations {
    public static let all: [Migration] = [
        Migration(version: 1, name: "ledger", sql: """
            CREATE TABLE parts (
                part_number    text PRIMARY KEY,
                name           text NOT NULL,
                unit_price     numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
                currency       text NOT NULL,
                lead_time_days integer NOT NULL CHECK (lead_time_days >= 0),
                reorder_point  integer,
                supplier       text
            );
            CREATE TABLE warehouses (
                warehouse_id text PRIMARY KEY,
                region       text NOT NULL,
                lat          double precision NOT NULL,
                lon          double precision NOT NULL
            );
            CREATE TABLE stock (
                part_number  text NOT NULL,
                warehouse_id text NOT NULL,
                on_hand      integer NOT NULL DEFAULT 0,
                reserved     integer NOT NULL DEFAULT 0,
                low          boolean NOT NULL DEFAULT false,
                PRIMARY KEY (part_number, warehouse_id),
                CHECK (on_hand >= 0 AND reserved >= 0 AND reserved <= on_hand)
            );
            CREATE TABLE movements (
                id             bigserial PRIMARY KEY,
                part_number    text NOT NULL,
                warehouse_id   text NOT NULL,
                kind           text NOT NULL CHECK (kind IN ('receipt', 'adjustment', 'reservation', 'release', 'consumption')),
                on_hand_delta  integer NOT NULL,
                reserved_delta integer NOT NULL,
                ticket_id      text,
                occurred_at    timestamptz NOT NULL
            );
            CREATE INDEX movements_by_stock ON movements (part_number, warehouse_id, occurred_at);
            CREATE TABLE reservations (
                ticket_id    text NOT NULL,
                part_number  text NOT NULL,
                warehouse_id text NOT NULL,
                quantity     integer NOT NULL CHECK (quantity >= 0),
                PRIMARY KEY (ticket_id, part_number, warehouse_id)
            );
            CREATE TABLE requested_lines (
                ticket_id   text NOT NULL,
                part_number text NOT NULL,
                PRIMARY KEY (ticket_id, part_number)
            );
            CREATE TABLE backorders (
                id           bigserial PRIMARY KEY,
                ticket_id    text NOT NULL,
                part_number  text NOT NULL,
                warehouse_id text NOT NULL,
                quantity     integer NOT NULL CHECK (quantity > 0),
                status       text NOT NULL CHECK (status IN ('open', 'fulfilled', 'cancelled')),
                requested_at timestamptz NOT NULL,
                expected_by  timestamptz NOT NULL
            );
            CREATE INDEX backorders_open ON backorders (part_number, warehouse_id, id) WHERE status = 'open';
            CREATE VIEW stock_value AS
                SELECT s.warehouse_id, s.part_number, s.on_hand, p.unit_price, p.currency, s.on_hand * p.unit_price AS value
                FROM stock s JOIN parts p USING (part_number);
            """),
        // A batch reads every backorder of its tickets at once (release, cancellation, consumption).
        Migration(version: 2, name: "backorders by ticket", sql: """
            CREATE INDEX backorders_by_ticket ON backorders (ticket_id);
            """),
    ]
}
