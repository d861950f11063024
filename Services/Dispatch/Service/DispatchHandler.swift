import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Dispatch's business logic (DESIGN.md, dispatch row): keeps the roster, offers each
/// opened ticket to the best technician, follows the field work through the ticket state
/// machine, asks inventory for parts, and closes tickets after quotes and surveys; it invoices
/// every completion and records payments against the invoices (DESIGN.md "Money").
///
/// Batch-native: for a whole polled batch it loads every ticket the batch touches with one
/// locked query, folds the events in order in memory (`BatchFold`, over the pure rules),
/// reads candidates with geo-bucketed, set-based searches as the fold asks for them, locks
/// the chosen technicians, and writes tickets, roster and load counters with one statement
/// per table. The number of statements does not grow with the batch.
public struct DispatchHandler: ServiceHandler {
    public let settings: DispatchSettings

    /// Timer kind of the acceptance deadline; key `<ticketId>#<attempt>`.
    public static let acceptanceTimer = AcceptanceTimer.kind

    /// At most this many read-and-fold rounds per batch (each adds data; real batches need 2–4).
    static let maxRounds = 50

    public init(settings: DispatchSettings = DispatchSettings()) {
        self.settings = settings
    }

    public init(config: ServiceConfig) throws {
        self.init(settings: try DispatchSettings(config: config))
    }

    /// `aftersales.stock` for `part.upserted` only: dispatch keeps its own copy of the prices it invoices.
    public var subscriptions: [Topic] { [.tickets, .field, .roster, .parts, .surveys, .stock] }

    public var handledTypes: Set<EventType> { DispatchCommand.handledTypes }

    public static func timerKey(ticketId: String, attempt: Int) -> String {
        AcceptanceTimer.key(ticketId: ticketId, attempt: attempt)
    }

    // MARK: Runtime entry points

    public func handle(_ batch: [InboundEvent], context: HandlerContext) throws -> [HandlingResult] {
        var results = [HandlingResult](repeating: .ignored, count: batch.count)
        var commands: [(index: Int, command: DispatchCommand, cause: EventCause)] = []
        for (index, event) in batch.enumerated() {
            do {
                if let command = try DispatchCommand.decode(event) { commands.append((index, command, event.cause)) }
            } catch {
                results[index] = .invalid(event, error)
            }
        }
        let outcomes = try run(commands.map { ($0.command, $0.cause) }, context: context)
        for (entry, outcome) in zip(commands, outcomes) { results[entry.index] = outcome }
        return results
    }

    public func fire(_ timer: DueTimer, context: HandlerContext) throws {
        if timer.kind == RemoteWindow.timerKind {
            _ = try run([(.remoteWindowEnded(ticketId: timer.key), timer.cause)], context: context)
            return
        }
        guard timer.kind == AcceptanceTimer.kind, let (ticketId, attempt) = AcceptanceTimer.parse(timer.key) else { return }
        _ = try run([(.acceptanceTimeout(ticketId: ticketId, attempt: attempt), timer.cause)], context: context)
    }

    /// Builds the candidate index for the configured grid when needed and drops load
    /// counters of days long past.
    public func start(context: HandlerContext) throws {
        try RosterStore.ensureGrid(settings.grid, on: context.db)
        try LoadStore.prune(before: CalendarDate.format(context.now.addingTimeInterval(-7 * 86_400)), on: context.db)
    }

    // MARK: Load, fold, read what is missing, fold again, write

    private func run(_ commands: [(command: DispatchCommand, cause: EventCause)], context: HandlerContext) throws
        -> [HandlingResult] {
        guard !commands.isEmpty else { return [] }
        let db = context.db
        let days = settings.serviceDay.possibleDays(at: context.now)
        let ticketIds = Set(commands.compactMap(\.command.ticketId)).sorted()
        let rosterIds = Set(commands.compactMap(\.command.rosterTechnicianId)).sorted()
        // The batch's tickets, and those of technicians it updates (a deactivation reassigns them).
        let tickets = try TicketStore.load(ticketIds: ticketIds, openOf: rosterIds, openStates: TicketState.reassignable,
                                           on: db)
        let money = try MoneyLedger.load(for: commands.map(\.command), tickets: tickets, on: db)
        var pool = CandidatePool(limit: settings.candidateLimit, radiusKm: settings.searchRadiusKm)
        if !rosterIds.isEmpty {
            pool.addLookup(ids: rosterIds, records: try RosterStore.technicians(ids: rosterIds, days: days, on: db), days: days)
        }
        for _ in 0..<Self.maxRounds {
            var fold = BatchFold(settings: settings, now: context.now, pool: pool, tickets: tickets, money: money)
            let results = commands.map { fold.apply($0.command, cause: $0.cause) }
            guard fold.needs.isEmpty else {
                try read(fold.needs, into: &pool, rosterIds: rosterIds, days: days, now: context.now, on: db)
                continue
            }
            try RosterStore.upsert(Array(fold.rosterWrites.values), grid: settings.grid, now: context.now, on: db)
            try LoadStore.apply(fold.loadDeltas, on: db)
            try RosterStore.markCapacity(fold.capacityMarks, on: db)
            try TicketStore.write(fold.changedTickets, now: context.now, on: db)
            try fold.money.write(now: context.now, on: db)
            fold.money.log(service: context.serviceName)
            for effect in fold.effects { try effect.apply(context) }
            return results
        }
        throw FoldDidNotSettle(rounds: Self.maxRounds)
    }

    /// Runs every search and lock the fold asked for: at most one statement per kind.
    private func read(_ needs: PoolNeeds, into pool: inout CandidatePool, rosterIds: [String], days: [String],
                      now: Date, on db: PGConnection) throws {
        if !needs.lookups.isEmpty {
            let ids = needs.lookups.sorted()
            pool.addLookup(ids: ids, records: try RosterStore.technicians(ids: ids, days: days, on: db), days: days)
        }
        if !needs.nearest.isEmpty {
            let sites = needs.nearest.values.sorted { $0.ticketId < $1.ticketId }
            let found = try CandidateStore.nearest(sites, limit: settings.candidateLimit, now: now, days: days, on: db)
            pool.add(found.records, days: days)
            pool.addNearest(found.candidates)
        }
        if !needs.complete.isEmpty {
            let sites = needs.complete.values.sorted { $0.ticketId < $1.ticketId }
            let found = try CandidateStore.complete(sites, days: days, on: db)
            pool.add(found.records, days: days)
            pool.addComplete(found.candidates)
        }
        if !needs.skilled.isEmpty {
            let categories = needs.skilled.sorted()
            pool.addSkilled(asked: categories,
                            found: try CandidateStore.skilledCategories(categories, excluding: rosterIds, on: db))
        }
        if !needs.locks.isEmpty {
            let ids = needs.locks.sorted()
            let (locked, loads) = try LoadStore.lock(ids, days: days, on: db)
            pool.addLocked(ids: ids, locked: locked, loads: loads, days: days)
        }
    }
}

/// The fold kept asking for more data (a bug, never expected): the batch is applied one
/// event at a time instead.
struct FoldDidNotSettle: Error, CustomStringConvertible {
    var rounds: Int
    var description: String { "dispatch's batch fold did not settle after \(rounds) rounds" }
}
