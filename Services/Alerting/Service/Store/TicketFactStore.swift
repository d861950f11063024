import Foundation
import Postgres
import Schema

/// SQL of `ticket_facts`: one row per ticket (its SLA clocks are derived from it).
enum TicketFactStore {
    /// The facts of `ticketIds`, locked (in ticket id order) until the batch commits.
    static func lock(_ ticketIds: [String], on db: PGConnection) throws -> [String: TicketFact] {
        guard !ticketIds.isEmpty else { return [:] }
        var tickets: [String: TicketFact] = [:]
        for row in try db.query("""
            SELECT ticket_id, opened_at, model, fault, hazard, repeat_of, respond_by, onsite_by, resolve_by, technician_id,
                   accepted_at, onsite_at, completed_at, first_time_fix, unassignable_at, stopped_at, region, priority, customer_id,
                   category, provider_id, resolved_remotely, parts_used, visits, distance_km
            FROM ticket_facts WHERE ticket_id = ANY(\(ticketIds)::text[])
            ORDER BY ticket_id FOR UPDATE
            """) {
            let ticket = TicketFact(
                ticketId: try row.get("ticket_id"), openedAt: try row.get("opened_at"), model: try row.get("model"),
                fault: try row.get("fault"), hazard: try row.get("hazard"), repeatOf: try row.get("repeat_of"),
                respondBy: try row.get("respond_by"), onSiteBy: try row.get("onsite_by"), resolveBy: try row.get("resolve_by"),
                technicianId: try row.get("technician_id"), acceptedAt: try row.get("accepted_at"),
                onSiteAt: try row.get("onsite_at"), completedAt: try row.get("completed_at"),
                firstTimeFix: try row.get("first_time_fix"), unassignableAt: try row.get("unassignable_at"),
                stoppedAt: try row.get("stopped_at"), region: try row.get("region"),
                priority: (try row.get("priority") as String?).flatMap(Priority.init(rawValue:)),
                customerId: try row.get("customer_id"), category: try row.get("category"))
            var fact = ticket
            fact.providerId = try row.get("provider_id")
            fact.resolvedRemotely = try row.get("resolved_remotely")
            fact.partsUsed = try row.get("parts_used")
            fact.visits = try row.get("visits")
            fact.distanceKm = try row.get("distance_km")
            tickets[fact.ticketId] = fact
        }
        return tickets
    }

    /// Tickets of `models` opened in `(since, until]`, by model then ticket id (no locks).
    static func quality(models: [String], since: Date, until: Date, on db: PGConnection) throws -> [String: [String: QualityFact]] {
        guard !models.isEmpty else { return [:] }
        var byModel: [String: [String: QualityFact]] = [:]
        for row in try db.query("""
            SELECT ticket_id, model, fault, hazard, opened_at FROM ticket_facts
            WHERE model = ANY(\(models)::text[]) AND opened_at > \(since) AND opened_at <= \(until)
            """) {
            let fact = QualityFact(ticketId: try row.get("ticket_id"), model: try row.get("model"), fault: try row.get("fault"),
                                   hazard: try row.get("hazard"), openedAt: try row.get("opened_at"))
            byModel[fact.model, default: [:]][fact.ticketId] = fact
        }
        return byModel
    }

    /// Per model and fault class, the tickets of `models` opened in `(since, until]` summed:
    /// count, any hazard, oldest opening and the `listed` most recent ids (oldest first). One
    /// statement on `ticket_facts_quality`; returns a row per model and fault, never per ticket.
    static func qualitySummaries(models: [String], since: Date, until: Date, listed: Int,
                                 on db: PGConnection) throws -> [String: [String: QualitySummary]] {
        guard !models.isEmpty else { return [:] }
        var summaries: [String: [String: QualitySummary]] = [:]
        for row in try db.query("""
            SELECT g.model, g.fault, g.n, g.hazard, g.oldest, coalesce(r.ids, '{}'::text[]) AS ids
            FROM (SELECT model, fault, count(*)::bigint AS n, bool_or(hazard) AS hazard, min(opened_at) AS oldest
                  FROM ticket_facts WHERE model = ANY(\(models)::text[]) AND opened_at > \(since) AND opened_at <= \(until)
                  GROUP BY model, fault) g
            CROSS JOIN LATERAL (
                SELECT array_agg(x.ticket_id ORDER BY x.opened_at, x.ticket_id) AS ids
                FROM (SELECT t.ticket_id, t.opened_at FROM ticket_facts t
                      WHERE t.model = g.model AND t.fault = g.fault AND t.opened_at > \(since) AND t.opened_at <= \(until)
                      ORDER BY t.opened_at DESC, t.ticket_id DESC LIMIT \(listed)::int) x) r
            """) {
            let model: String = try row.get("model"), fault: String = try row.get("fault")
            let count: Int = try row.get("n")
            summaries[model, default: [:]][fault] = QualitySummary(
                count: count, hazard: try row.get("hazard"), oldest: try row.get("oldest"),
                recent: try row.get("ids", as: [String].self))
        }
        return summaries
    }

    /// Writes new and changed tickets with one statement (the opening facts and the region
    /// never change; holds are `TicketHoldStore`'s).
    static func upsert(_ tickets: [TicketFact], on db: PGConnection) throws {
        guard !tickets.isEmpty else { return }
        try db.execute("""
            INSERT INTO ticket_facts (ticket_id, opened_at, model, fault, hazard, repeat_of, respond_by, onsite_by, resolve_by,
                                      technician_id, accepted_at, onsite_at, completed_at, first_time_fix, unassignable_at,
                                      stopped_at, region, priority, customer_id, category, provider_id,
                                      resolved_remotely, parts_used, visits, distance_km)
            SELECT * FROM unnest(\(tickets.map(\.ticketId))::text[], \(tickets.map(\.openedAt))::timestamptz[],
                                 \(tickets.map(\.model))::text[], \(tickets.map(\.fault))::text[], \(tickets.map(\.hazard))::boolean[],
                                 \(tickets.map(\.repeatOf))::text[], \(tickets.map(\.respondBy))::timestamptz[],
                                 \(tickets.map(\.onSiteBy))::timestamptz[], \(tickets.map(\.resolveBy))::timestamptz[],
                                 \(tickets.map(\.technicianId))::text[], \(tickets.map(\.acceptedAt))::timestamptz[],
                                 \(tickets.map(\.onSiteAt))::timestamptz[], \(tickets.map(\.completedAt))::timestamptz[],
                                 \(tickets.map(\.firstTimeFix))::boolean[], \(tickets.map(\.unassignableAt))::timestamptz[],
                                 \(tickets.map(\.stoppedAt))::timestamptz[], \(tickets.map(\.region))::text[],
                                 \(tickets.map { $0.priority?.rawValue })::text[], \(tickets.map(\.customerId))::text[],
                                 \(tickets.map(\.category))::text[], \(tickets.map(\.providerId))::text[],
                                 \(tickets.map(\.resolvedRemotely))::boolean[], \(tickets.map(\.partsUsed))::integer[],
                                 \(tickets.map(\.visits))::integer[], \(tickets.map(\.distanceKm))::double precision[])
            ON CONFLICT (ticket_id) DO UPDATE SET
                technician_id = EXCLUDED.technician_id, accepted_at = EXCLUDED.accepted_at, onsite_at = EXCLUDED.onsite_at,
                completed_at = EXCLUDED.completed_at, first_time_fix = EXCLUDED.first_time_fix,
                unassignable_at = EXCLUDED.unassignable_at, stopped_at = EXCLUDED.stopped_at,
                provider_id = EXCLUDED.provider_id, resolved_remotely = EXCLUDED.resolved_remotely,
                parts_used = EXCLUDED.parts_used, visits = EXCLUDED.visits,
                distance_km = EXCLUDED.distance_km
            """)
    }
}
