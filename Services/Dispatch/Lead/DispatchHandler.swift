import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Dispatch: keeps the roster, sends each new ticket to the nearest qualified technician,
/// follows the ticket's field life (accept, visit, diagnosis, quote, parts, completion),
/// reassigns on declines and acceptance timeouts, reopens on complaints and closes tickets
/// after the survey. Events of a ticket carry the ticket's correlation id (the request id).
public struct DispatchHandler: ServiceHandler {
    public let settings: DispatchSettings
    public static let acceptanceTimer = "acceptance-timeout"

    public init(settings: DispatchSettings = DispatchSettings()) { self.settings = settings }

    public init(config: ServiceConfig) throws { self.init(settings: try DispatchSettings(config: config)) }

    public var subscriptions: [Topic] { [.tickets, .field, .roster, .parts, .surveys] }

    public func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        switch event.eventType {
        case .technicianUpserted: return try upsertTechnician(try event.payload(as: TechnicianUpserted.self), context: context)
        case .ticketOpened: return try opened(try event.payload(as: TicketOpened.self), event: event, context: context)
        case .ticketCancelled: return try cancelled(try event.payload(as: TicketCancelled.self).ticketId, event: event, context: context)
        case .assignmentAccepted:
            let p = try event.payload(as: AssignmentAccepted.self)
            return try field(p.ticketId, technician: p.technicianId, step: .accept, event: event, context: context)
        case .assignmentDeclined:
            let p = try event.payload(as: AssignmentDeclined.self)
            return try field(p.ticketId, technician: p.technicianId, step: .decline, event: event, context: context)
        case .visitScheduled:
            let p = try event.payload(as: VisitScheduled.self)
            return try field(p.ticketId, technician: p.technicianId, step: .schedule, event: event, context: context)
        case .visitStarted:
            let p = try event.payload(as: VisitStarted.self)
            return try field(p.ticketId, technician: p.technicianId, step: .start, event: event, context: context)
        case .diagnosisReported:
            let p = try event.payload(as: DiagnosisReported.self)
            return try field(p.ticketId, technician: p.technicianId, step: .diagnose, event: event, context: context) { ticket in
                try diagnosed(ticket, report: p, cause: cause(ticket, event), context: context)
            }
        case .quoteApproved:
            return try field(try event.payload(as: QuoteApproved.self).ticketId, technician: nil, step: .approveQuote, event: event, context: context)
        case .quoteDeclined:
            return try field(try event.payload(as: QuoteDeclined.self).ticketId, technician: nil, step: .declineQuote, event: event, context: context)
        case .workCompleted:
            let p = try event.payload(as: WorkCompleted.self)
            return try field(p.ticketId, technician: p.technicianId, step: .complete, event: event, context: context) { ticket in
                try completed(ticket, work: p, cause: cause(ticket, event), context: context)
            }
        case .partsBackordered: return try partsAnswer(try event.payload(as: PartsBackordered.self).ticketId, backordered: true, event: event, context: context)
        case .partsReserved: return try partsAnswer(try event.payload(as: PartsReserved.self).ticketId, backordered: false, event: event, context: context)
        case .complaintOpened: return try reopen(try event.payload(as: ComplaintOpened.self), event: event, context: context)
        case .surveyCompleted:
            let survey = try event.payload(as: SurveyCompleted.self)
            return survey.satisfied ? try close(survey.ticketId, reason: "survey-satisfied", event: event, context: context) : .ignored
        case .surveyExpired: return try close(try event.payload(as: SurveyExpired.self).ticketId, reason: "survey-expired", event: event, context: context)
        default: return .ignored
        }
    }

    public func fire(_ timer: DueTimer, context: HandlerContext) throws {
        guard timer.kind == Self.acceptanceTimer else { return }
        let parts = timer.key.split(separator: "#")
        guard parts.count == 2, let attempt = Int(parts[1]), let ticket = try TicketRow.load(String(parts[0]), on: context.db),
              ticket.state == .assigned, ticket.attempt == attempt else { return }
        // No answer in time counts as a decline.
        try assign(ticket, cause: EventCause(correlationId: ticket.correlationId, causationId: timer.cause.causationId),
                   exclude: Set(ticket.tried), context: context)
    }

    private func cause(_ ticket: TicketRow, _ event: InboundEvent) -> EventCause {
        EventCause(correlationId: ticket.correlationId ?? event.envelope.correlationId, causationId: event.envelope.id)
    }

    // MARK: Roster and new tickets

    private func upsertTechnician(_ t: TechnicianUpserted, context: HandlerContext) throws -> HandlingResult {
        try context.db.execute("""
            INSERT INTO technicians (technician_id, name, skills, region, lat, lon, daily_capacity, active, updated_at)
            VALUES (\(t.technicianId), \(t.name), \(t.skills)::text[], \(t.region), \(t.location.lat), \(t.location.lon),
                    \(t.dailyCapacity)::int, \(t.active), \(context.now))
            ON CONFLICT (technician_id) DO UPDATE SET name = EXCLUDED.name, skills = EXCLUDED.skills, region = EXCLUDED.region,
                lat = EXCLUDED.lat, lon = EXCLUDED.lon, daily_capacity = EXCLUDED.daily_capacity, active = EXCLUDED.active,
                updated_at = EXCLUDED.updated_at
            """)
        return .applied
    }

    private func opened(_ t: TicketOpened, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        let inserted = try context.db.execute("""
            INSERT INTO dispatch_tickets (ticket_id, correlation_id, category, region, lat, lon, warranty_status, priority, state, updated_at)
            VALUES (\(t.ticketId), \(event.envelope.correlationId), \(t.product.category.rawValue), \(t.region), \(t.location.lat),
                    \(t.location.lon), \(t.warranty.status.rawValue), \(t.priority.rawValue), 'assigned', \(context.now))
            ON CONFLICT (ticket_id) DO NOTHING
            """)
        guard inserted == 1, let ticket = try TicketRow.load(t.ticketId, on: context.db) else { return .ignored }
        try assign(ticket, cause: cause(ticket, event), exclude: [], context: context)
        return .applied
    }

    // MARK: Assignment

    /// Assigns the best remaining candidate (never one in `exclude`), or declares the ticket unassignable.
    private func assign(_ ticket: TicketRow, cause: EventCause, exclude: Set<String>, context: HandlerContext,
                        fallbackWithoutExclusion: Bool = false) throws {
        let need = DispatchNeed(category: ticket.category, region: ticket.region, location: ticket.location,
                                emergency: ticket.priority == Priority.emergency.rawValue)
        var ranking = CandidateRanking.rank(need, technicians: try technicians(skilledIn: ticket.category, context: context),
                                            maxDistanceKm: settings.maxDistanceKm, excluding: exclude)
        if case .unassignable = ranking, fallbackWithoutExclusion {
            ranking = CandidateRanking.rank(need, technicians: try technicians(skilledIn: ticket.category, context: context),
                                            maxDistanceKm: settings.maxDistanceKm)
        }
        var reason = UnassignableReason.noCapacity
        switch ranking {
        case .unassignable(let why):
            reason = why
        case .candidates(let candidates):
            for candidate in candidates {
                // Lock the technician, then count again: two instances never over-assign.
                guard let row = try context.db.query("""
                    SELECT daily_capacity FROM technicians WHERE technician_id = \(candidate.technicianId) FOR UPDATE
                    """).first else { continue }
                let capacity: Int = try row.get("daily_capacity")
                let load = try currentLoad(candidate.technicianId, context: context)
                guard load < capacity + (need.emergency ? 1 : 0) else { continue }
                let attempt = ticket.attempt + 1
                try context.db.execute("""
                    UPDATE dispatch_tickets SET state = 'assigned', technician_id = \(candidate.technicianId), attempt = \(attempt)::int,
                        tried = array_append(tried, \(candidate.technicianId)::text), updated_at = \(context.now)
                    WHERE ticket_id = \(ticket.ticketId)
                    """)
                try context.emit(TicketAssigned(ticketId: ticket.ticketId, technicianId: candidate.technicianId,
                                                distanceKm: candidate.distanceKm, attempt: attempt), cause: cause)
                try context.schedule(timer: Self.acceptanceTimer, key: "\(ticket.ticketId)#\(attempt)",
                                     at: context.now.addingTimeInterval(settings.acceptTimeoutSeconds), cause: cause)
                return
            }
        }
        try context.db.execute("""
            UPDATE dispatch_tickets SET state = 'unassignable', technician_id = NULL, updated_at = \(context.now)
            WHERE ticket_id = \(ticket.ticketId)
            """)
        try context.emit(TicketUnassignable(ticketId: ticket.ticketId, reason: reason.rawValue), cause: cause)
    }

    private func technicians(skilledIn category: String, context: HandlerContext) throws -> [TechnicianSnapshot] {
        try context.db.query("""
            SELECT t.technician_id, t.skills, t.region, t.lat, t.lon, t.daily_capacity, t.active,
                   (SELECT count(*) FROM dispatch_tickets d WHERE d.technician_id = t.technician_id
                        AND d.state IN ('assigned', 'accepted', 'scheduled', 'on-site', 'diagnosed', 'quoted', 'waiting-parts'))::bigint AS load
            FROM technicians t WHERE t.active AND \(category)::text = ANY(t.skills)
            """).map { row in
            TechnicianSnapshot(technicianId: try row.get("technician_id"), skills: Set(try row.get("skills") as [String]),
                               region: try row.get("region"), location: GeoPoint(lat: try row.get("lat"), lon: try row.get("lon")),
                               dailyCapacity: try row.get("daily_capacity"), load: try row.get("load"), active: try row.get("active"))
        }
    }

    private func currentLoad(_ technicianId: String, context: HandlerContext) throws -> Int {
        try context.db.query("""
            SELECT count(*)::bigint AS load FROM dispatch_tickets WHERE technician_id = \(technicianId)
                AND state IN ('assigned', 'accepted', 'scheduled', 'on-site', 'diagnosed', 'quoted', 'waiting-parts')
            """).first?.get("load") ?? 0
    }

    // MARK: Field events

    /// Checks a field event against the state machine and the assigned technician, applies
    /// the transition and its standard event, then `extra` for step-specific work.
    private func field(_ ticketId: String, technician: String?, step: FieldStep, event: InboundEvent, context: HandlerContext,
                       extra: ((TicketRow) throws -> Void)? = nil) throws -> HandlingResult {
        guard let ticket = try TicketRow.load(ticketId, on: context.db) else {
            return .deadLetter(reason: "unknown-ticket: dispatch has no ticket \(ticketId)")
        }
        if let technician, technician != ticket.technicianId {
            return .deadLetter(reason: "wrong-technician: \(ticketId) is assigned to \(ticket.technicianId ?? "nobody"), not \(technician)")
        }
        let next: FieldState
        switch TicketStateMachine.next(from: ticket.state, on: step) {
        case .failure(let error): return .deadLetter(reason: "\(error) (ticket \(ticketId))")
        case .success(let state): next = state
        }
        let cause = cause(ticket, event)
        let technicianId = ticket.technicianId ?? ""
        switch step {
        case .accept:
            try context.cancelTimer(kind: Self.acceptanceTimer, key: "\(ticketId)#\(ticket.attempt)")
            try ticket.set(state: next, context: context)
            try context.emit(TicketAccepted(ticketId: ticketId, technicianId: technicianId), cause: cause)
        case .decline:
            try context.cancelTimer(kind: Self.acceptanceTimer, key: "\(ticketId)#\(ticket.attempt)")
            try assign(ticket, cause: cause, exclude: Set(ticket.tried), context: context)
        case .schedule:
            try ticket.set(state: next, context: context)
            try context.emit(TicketScheduled(ticketId: ticketId, technicianId: technicianId), cause: cause)
        case .start:
            try context.db.execute("UPDATE dispatch_tickets SET visits = visits + 1 WHERE ticket_id = \(ticketId)")
            try ticket.set(state: next, context: context)
            try context.emit(TicketOnSite(ticketId: ticketId, technicianId: technicianId), cause: cause)
        case .approveQuote:
            try ticket.set(state: next, context: context)
        case .declineQuote:
            try ticket.set(state: next, context: context)
            try context.emit(TicketClosed(ticketId: ticketId, reason: "quote-declined"), cause: cause)
            if !ticket.parts.isEmpty { try context.emit(PartsReleased(ticketId: ticketId, lines: ticket.parts), cause: cause) }
        case .diagnose, .complete:
            try ticket.set(state: next, context: context)
        case .partsBackordered, .partsReservedAfterWaiting:
            break
        }
        try extra?(ticket)
        return .applied
    }

    private func diagnosed(_ ticket: TicketRow, report: DiagnosisReported, cause: EventCause, context: HandlerContext) throws {
        let technicianId = ticket.technicianId ?? report.technicianId
        try context.emit(TicketDiagnosed(ticketId: ticket.ticketId, technicianId: technicianId), cause: cause)
        if !report.parts.isEmpty {
            let json = String(decoding: try JSONEncoder().encode(report.parts), as: UTF8.self)
            try context.db.execute("UPDATE dispatch_tickets SET parts = \(json)::jsonb WHERE ticket_id = \(ticket.ticketId)")
            try context.emit(PartsRequested(ticketId: ticket.ticketId, technicianId: technicianId, region: ticket.region,
                                            location: ticket.location, lines: report.parts), cause: cause)
        }
        if ticket.warrantyStatus == WarrantyStatus.outOfWarranty.rawValue {
            try ticket.set(state: .quoted, context: context)
            try context.emit(TicketQuoted(ticketId: ticket.ticketId, technicianId: technicianId), cause: cause)
        }
    }

    private func completed(_ ticket: TicketRow, work: WorkCompleted, cause: EventCause, context: HandlerContext) throws {
        let firstTimeFix = FirstTimeFix.holds(resolved: work.resolved, visits: ticket.visits, waitedForParts: ticket.waitedParts,
                                              reopened: ticket.reopened)
        try context.emit(TicketCompleted(ticketId: ticket.ticketId, technicianId: work.technicianId, resolved: work.resolved,
                                         firstTimeFix: firstTimeFix, partsUsed: work.partsUsed), cause: cause)
        if !work.partsUsed.isEmpty { try context.emit(PartsConsumed(ticketId: ticket.ticketId, lines: work.partsUsed), cause: cause) }
        // Reserved parts that were not used go back to stock.
        let used = Dictionary(work.partsUsed.map { ($0.partNumber, $0.quantity) }, uniquingKeysWith: +)
        let unused = ticket.parts.compactMap { line -> PartLine? in
            let left = line.quantity - (used[line.partNumber] ?? 0)
            return left > 0 ? PartLine(partNumber: line.partNumber, quantity: left) : nil
        }
        if !unused.isEmpty { try context.emit(PartsReleased(ticketId: ticket.ticketId, lines: unused), cause: cause) }
    }

    // MARK: Parts, cancellation, complaints, closing

    private func partsAnswer(_ ticketId: String, backordered: Bool, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        guard let ticket = try TicketRow.load(ticketId, on: context.db) else { return .ignored }
        let technicianId = ticket.technicianId ?? ""
        if backordered, case .success(let next) = TicketStateMachine.next(from: ticket.state, on: .partsBackordered) {
            try context.db.execute("UPDATE dispatch_tickets SET waited_parts = true WHERE ticket_id = \(ticketId)")
            try ticket.set(state: next, context: context)
            try context.emit(TicketWaitingParts(ticketId: ticketId, technicianId: technicianId), cause: cause(ticket, event))
        } else if !backordered, case .success(let next) = TicketStateMachine.next(from: ticket.state, on: .partsReservedAfterWaiting) {
            try ticket.set(state: next, context: context)
            try context.emit(TicketScheduled(ticketId: ticketId, technicianId: technicianId), cause: cause(ticket, event))
        }
        return .applied
    }

    private func cancelled(_ ticketId: String, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        guard let ticket = try TicketRow.load(ticketId, on: context.db), ticket.state.holdsCapacity || ticket.state == .unassignable else {
            return .ignored
        }
        try context.cancelTimer(kind: Self.acceptanceTimer, key: "\(ticketId)#\(ticket.attempt)")
        try ticket.set(state: .cancelled, context: context)
        if !ticket.parts.isEmpty { try context.emit(PartsReleased(ticketId: ticketId, lines: ticket.parts), cause: cause(ticket, event)) }
        return .applied
    }

    private func reopen(_ complaint: ComplaintOpened, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        guard let ticket = try TicketRow.load(complaint.ticketId, on: context.db),
              ticket.state == .completed || ticket.state == .closed else { return .ignored }
        let cause = cause(ticket, event)
        try context.db.execute("""
            UPDATE dispatch_tickets SET reopened = true, visits = 0, waited_parts = false, parts = '[]'::jsonb, tried = '{}',
                state = 'assigned', updated_at = \(context.now)
            WHERE ticket_id = \(ticket.ticketId)
            """)
        try context.emit(TicketReopened(ticketId: ticket.ticketId, reason: "complaint \(complaint.complaintId): \(complaint.reason)"),
                         cause: cause)
        guard let fresh = try TicketRow.load(ticket.ticketId, on: context.db) else { return .applied }
        // Prefer a different technician; fall back to the same one when nobody else qualifies.
        try assign(fresh, cause: cause, exclude: Set([ticket.technicianId].compactMap { $0 }), context: context,
                   fallbackWithoutExclusion: true)
        return .applied
    }

    private func close(_ ticketId: String, reason: String, event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        guard let ticket = try TicketRow.load(ticketId, on: context.db), ticket.state == .completed else { return .ignored }
        try ticket.set(state: .closed, context: context)
        try context.emit(TicketClosed(ticketId: ticketId, reason: reason), cause: cause(ticket, event))
        return .applied
    }
}

// MARK: - The ticket row

/// Dispatch's view of one ticket, read with a row lock.
struct TicketRow {
    var ticketId: String
    var correlationId: String?
    var category: String
    var region: String
    var location: GeoPoint
    var warrantyStatus: String
    var priority: String
    var state: FieldState
    var technicianId: String?
    var attempt: Int
    var tried: [String]
    var visits: Int
    var waitedParts: Bool
    var reopened: Bool
    var parts: [PartLine]

    static func load(_ ticketId: String, on db: PGConnection) throws -> TicketRow? {
        guard let row = try db.query("""
            SELECT ticket_id, correlation_id, category, region, lat, lon, warranty_status, priority, state, technician_id,
                   attempt, tried, visits, waited_parts, reopened, parts::text AS parts
            FROM dispatch_tickets WHERE ticket_id = \(ticketId) FOR UPDATE
            """).first else { return nil }
        let partsText: String = try row.get("parts")
        return TicketRow(
            ticketId: try row.get("ticket_id"), correlationId: try row.get("correlation_id"), category: try row.get("category"),
            region: try row.get("region"), location: GeoPoint(lat: try row.get("lat"), lon: try row.get("lon")),
            warrantyStatus: try row.get("warranty_status"), priority: try row.get("priority"),
            state: FieldState(rawValue: try row.get("state")) ?? .cancelled, technicianId: try row.get("technician_id"),
            attempt: try row.get("attempt"), tried: try row.get("tried"), visits: try row.get("visits"),
            waitedParts: try row.get("waited_parts"), reopened: try row.get("reopened"),
            parts: (try? JSONDecoder().decode([PartLine].self, from: Data(partsText.utf8))) ?? [])
    }

    func set(state: FieldState, context: HandlerContext) throws {
        try context.db.execute("""
            UPDATE dispatch_tickets SET state = \(state.rawValue), updated_at = \(context.now) WHERE ticket_id = \(ticketId)
            """)
    }
}
