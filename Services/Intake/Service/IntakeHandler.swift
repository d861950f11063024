import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Intake's business logic (DESIGN.md, intake row): turns `request.submitted` into
/// `ticket.opened` or `request.rejected`, `request.cancelled` into `ticket.cancelled` or
/// `request.rejected`, remembers completions (`ticket.completed`, `ticket.closed`,
/// `ticket.reopened`) for repeat failures and cancellation rules, and runs the retention
/// job on a daily timer. A new ticket carries `remoteGuidance` when one of `playbooks`
/// applies (`PlaybookMatcher`; never for a safety hazard or an emergency).
///
/// Batch-native: a batch costs a fixed number of statements whatever its size — one read per
/// table it touches (requests, tickets, past repairs), one `nextval` statement for all its
/// ticket numbers, one write per table (requests, customers, new tickets, changed tickets);
/// the rules run in memory (`IntakeBatchFold`). Other ticket events cost nothing.
public struct IntakeHandler: ServiceHandler {
    public let settings: IntakeSettings
    public let classifier: FaultClassifier
    /// The remote-guidance playbooks (`PlaybookSource`: built in, or AFTERSALES_INTAKE_PLAYBOOKS_FILE).
    public let playbooks: PlaybookLibrary
    let validator: RequestValidator

    /// Timer kind and key of the daily retention job.
    public static let retentionTimer = (kind: "intake.retention", key: "daily")

    public init(settings: IntakeSettings = IntakeSettings(), classifier: FaultClassifier = .standard,
                playbooks: PlaybookLibrary = .standard) {
        self.settings = settings
        self.classifier = classifier
        self.playbooks = playbooks
        self.validator = RequestValidator(limits: settings.limits)
    }

    /// Settings and playbooks from the configuration; a bad value or bad playbook data is a
    /// `ConfigError` (ServiceMain exits 2 with it).
    public init(config: ServiceConfig) throws {
        self.init(settings: try IntakeSettings(config: config), playbooks: try PlaybookSource.load(config: config))
    }

    public var subscriptions: [Topic] { [.requests, .tickets] }

    /// Requests, and of dispatch's ticket events only those intake's rules need: our own
    /// `ticket.opened`/`ticket.cancelled` and every progress event cost no database work.
    public var handledTypes: Set<EventType> {
        [.requestSubmitted, .requestCancelled, .ticketCompleted, .ticketClosed, .ticketReopened]
    }

    // MARK: The batch

    public func handle(_ batch: [InboundEvent], context: HandlerContext) throws -> [HandlingResult] {
        let db = context.db
        let today = settings.businessDay(of: context.now)
        let intents = batch.map { intent(of: $0, today: today) }

        // 1. Load everything the batch touches: one query per table.
        let requests = try RequestStore.load(Self.requestIds(of: intents), on: db)
        let tickets = try TicketStore.load(Self.ticketIds(of: intents, requests: requests), on: db)
        let repairs = try TicketStore.repairs(of: Self.products(of: intents), on: db)

        // 2. Decide in memory, event by event.
        var fold = IntakeBatchFold(settings: settings, classifier: classifier, playbooks: playbooks, validator: validator,
                                   now: context.now, requests: requests, tickets: tickets, repairs: repairs)
        for intent in intents { fold.apply(intent) }
        let result = fold.finish(ticketIds: try TicketStore.allocateTicketIds(fold.openings.count, day: today, on: db))

        // 3. Write: one statement per table.
        try RequestStore.save(result.requests, newIds: result.newRequestIds, now: context.now, on: db)
        try CustomerStore.record(result.customers, now: context.now, on: db)
        try TicketStore.insert(result.newTickets, on: db)
        try TicketStore.update(result.changedTickets, on: db)

        // 4. Emit in event order (buffered by the runtime, one outbox insert).
        for (event, payload) in result.emissions {
            let cause = batch[event].cause
            switch payload {
            case .opened(let ticket):
                try context.emit(TicketEvents.opened(ticket, includeDescription: settings.emitDescription), cause: cause)
            case .cancelled(let cancelled): try context.emit(cancelled, cause: cause)
            case .rejected(let rejected): try context.emit(rejected, cause: cause)
            }
        }
        return result.outcomes.map { outcome in
            switch outcome {
            case .applied: .applied
            case .ignored: .ignored
            case .deadLetter(let reason): .deadLetter(reason: reason)
            }
        }
    }

    // MARK: Timers

    public func start(context: HandlerContext) throws {
        let timer = IntakeHandler.retentionTimer
        if try !context.hasTimer(kind: timer.kind, key: timer.key) {
            try context.schedule(timer: timer.kind, key: timer.key, at: context.now, cause: EventCause.none)
        }
    }

    public func fire(_ timer: DueTimer, context: HandlerContext) throws {
        guard timer.kind == IntakeHandler.retentionTimer.kind else { return }
        _ = try IntakeMaintenance.runRetention(now: context.now, settings: settings, on: context.db)
        let next = context.now.addingTimeInterval(settings.retentionIntervalHours * 3600)
        try context.schedule(timer: timer.kind, key: timer.key, at: next, cause: EventCause.none)
    }

    // MARK: Keys the batch touches

    static func requestIds(of intents: [IntakeIntent]) -> [String] {
        var ids = Set<String>()
        for intent in intents {
            switch intent {
            case .submit(let submission): ids.insert(submission.requestId)
            case .cancel(let requestId, _): ids.insert(requestId)
            default: break
            }
        }
        return ids.sorted()
    }

    /// Tickets of completions and status changes, and those of the requests being cancelled.
    static func ticketIds(of intents: [IntakeIntent], requests: [String: RequestRecord]) -> [String] {
        var ids = Set<String>()
        for intent in intents {
            switch intent {
            case .complete(let ticketId, _), .setStatus(let ticketId, _): ids.insert(ticketId)
            case .cancel(let requestId, _): if let ticketId = requests[requestId]?.ticketId { ids.insert(ticketId) }
            default: break
            }
        }
        return ids.sorted()
    }

    /// The (serial number, category) of every submitted product, as sent (for repeat failures).
    static func products(of intents: [IntakeIntent]) -> [(serialNumber: String, category: String)] {
        var seen = Set<[String]>()
        var products: [(serialNumber: String, category: String)] = []
        for case .submit(let submission) in intents {
            let product = submission.data["product"]
            guard let serial = StorableKey.usable(product?["serialNumber"]?.stringValue?.trimmingCharactersInSet()),
                  let category = StorableKey.usable(product?["category"]?.stringValue),
                  seen.insert([serial, category]).inserted else { continue }
            products.append((serial, category))
        }
        return products
    }
}
