import Foundation
import Postgres
import Schema
import ServiceRuntime

/// Intake's business logic (DESIGN.md, intake row): turns `request.submitted` into
/// `ticket.opened` or `request.rejected`, `request.cancelled` into `ticket.cancelled` or
/// `request.rejected`, remembers completions (`ticket.completed`, `ticket.closed`,
/// `ticket.reopened`) for repeat failures and cancellation rules, and runs the retention
/// job on a daily timer.
public struct IntakeHandler: EventHandler {
    public let settings: IntakeSettings
    public let classifier: FaultClassifier
    let validator: RequestValidator

    /// Timer kind and key of the daily retention job.
    public static let retentionTimer = (kind: "intake.retention", key: "daily")

    public init(settings: IntakeSettings = IntakeSettings(), classifier: FaultClassifier = .standard) {
        self.settings = settings
        self.classifier = classifier
        self.validator = RequestValidator(limits: settings.limits)
    }

    public init(config: ServiceConfig) throws {
        self.init(settings: try IntakeSettings(config: config))
    }

    public var subscriptions: [Topic] { [.requests, .tickets] }

    // MARK: Dispatch

    public func handle(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        switch event.eventType {
        case .requestSubmitted: return try submit(event, context: context)
        case .requestCancelled: return try cancel(event, context: context)
        case .ticketCompleted: return try completed(event, context: context)
        case .ticketClosed: return try statusChange(event, to: .closed, context: context)
        case .ticketReopened: return try statusChange(event, to: .reopened, context: context)
        default: return .ignored  // our own ticket.opened/cancelled and dispatch's progress events
        }
    }

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

    // MARK: request.submitted

    private func submit(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        let data = event.envelope.data
        let messageBytes = event.envelope.encoded().count
        guard let requestId = RequestValidator.requestId(in: data) ?? event.key.flatMap({ $0.isEmpty ? nil : $0 }) else {
            let reasons = validationErrors(data, messageBytes: messageBytes, now: context.now)
            return .deadLetter(reason: "request.submitted without a requestId: "
                + reasons.map(\.description).joined(separator: "; "))
        }
        let bodyHash = try RequestStore.hash(CanonicalJSON.text(of: data), on: context.db)
        if let existing = try RequestStore.claim(requestId: requestId, bodyHash: bodyHash, now: context.now, on: context.db) {
            if existing.bodyHash == bodyHash && existing.outcome != .pending {
                // The same request again (a resend): nothing new happens; it is counted.
                try RequestStore.countDuplicate(requestId: requestId, now: context.now, on: context.db)
                return .ignored
            }
            if existing.outcome == .opened {
                let message = "a different request with this id already opened ticket \(existing.ticketId ?? "?")"
                try reject(requestId, [FieldError(field: "requestId", code: RejectionCode.duplicateRequest.rawValue,
                                                  message: message)], cause: event.cause, context: context)
                return .applied
            }
            // Otherwise: a corrected resubmission after a rejection, validated afresh.
        }
        let today = settings.businessDay(of: context.now)
        switch validator.validate(data, messageBytes: messageBytes, today: today) {
        case .failure(let failure):
            try RequestStore.settle(requestId: requestId, bodyHash: bodyHash, outcome: .rejected, ticketId: nil,
                                    now: context.now, on: context.db)
            try reject(requestId, failure.errors, cause: event.cause, context: context)
        case .success(let request):
            let ticketId = try open(request, today: today, cause: event.cause, context: context)
            try RequestStore.settle(requestId: requestId, bodyHash: bodyHash, outcome: .opened, ticketId: ticketId,
                                    now: context.now, on: context.db)
        }
        return .applied
    }

    private func validationErrors(_ data: JSONValue, messageBytes: Int, now: Date) -> [FieldError] {
        if case .failure(let failure) = validator.validate(data, messageBytes: messageBytes, today: settings.businessDay(of: now)) {
            return failure.errors
        }
        return []
    }

    /// Opens the ticket of a valid request; returns its id.
    private func open(_ request: ValidatedRequest, today: CalendarDay, cause: EventCause, context: HandlerContext) throws -> String {
        try CustomerStore.upsert(request.customer, now: context.now, on: context.db)
        var previousRepair: PreviousRepair?
        if let serial = request.product.serialNumber,
           let repair = try TicketStore.latestRepair(serialNumber: serial, category: request.product.category, on: context.db) {
            previousRepair = PreviousRepair(ticketId: repair.ticketId, completedOn: settings.businessDay(of: repair.completedAt))
        }
        let warranty = settings.warranty.decide(category: request.product.category, purchasedOn: request.product.purchaseDate,
                                                today: today, previousRepair: previousRepair)
        let isRepeat = warranty.status == .repairWarranty
        let fault = classifier.classify(request.description)
        let priority = PriorityRule.priority(kind: request.kind, safetyHazard: fault.safetyHazard,
                                             repeatUnderRepairWarranty: isRepeat)
        let ticket = NewTicket(
            ticketId: try TicketStore.allocateTicketId(day: today, on: context.db),
            request: request,
            description: DescriptionRedactor.redact(request.description, name: request.customer.name,
                                                    address: request.customer.address),
            warranty: warranty, fault: fault, priority: priority,
            sla: settings.sla.deadlines(priority: priority, openedAt: context.now),
            repeatOf: isRepeat ? previousRepair?.ticketId : nil,
            openedAt: context.now)
        try TicketStore.insert(ticket, on: context.db)
        try context.emit(TicketEvents.opened(ticket, includeDescription: settings.emitDescription), cause: cause)
        return ticket.ticketId
    }

    private func reject(_ requestId: String, _ reasons: [FieldError], cause: EventCause, context: HandlerContext) throws {
        try context.emit(RequestRejected(requestId: requestId, reasons: reasons), cause: cause)
    }

    // MARK: request.cancelled

    private func cancel(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        let cancellation: (requestId: String, reason: String)
        switch validator.validateCancellation(event.envelope.data) {
        case .success(let value): cancellation = value
        case .failure(let failure):
            guard let requestId = RequestValidator.requestId(in: event.envelope.data) else {
                return .deadLetter(reason: "request.cancelled without a requestId: "
                    + failure.errors.map(\.description).joined(separator: "; "))
            }
            try reject(requestId, failure.errors, cause: event.cause, context: context)
            return .applied
        }
        let requestId = cancellation.requestId
        guard let request = try RequestStore.find(requestId: requestId, lock: true, on: context.db),
              request.outcome == .opened, let ticketId = request.ticketId,
              let ticket = try TicketStore.find(ticketId: ticketId, lock: true, on: context.db) else {
            try reject(requestId, [FieldError(field: "requestId", code: RejectionCode.unknownRequest.rawValue,
                                              message: "no open ticket was made from this request id")],
                       cause: event.cause, context: context)
            return .applied
        }
        switch ticket.status {
        case .open, .reopened:
            try TicketStore.cancel(ticketId: ticketId, reason: cancellation.reason, now: context.now, on: context.db)
            try context.emit(TicketCancelled(ticketId: ticketId, reason: cancellation.reason), cause: event.cause)
        case .completed, .closed:
            try reject(requestId, [FieldError(field: "requestId", code: RejectionCode.alreadyCompleted.rawValue,
                                              message: "ticket \(ticketId) is already completed")],
                       cause: event.cause, context: context)
        case .cancelled:
            // The same cancellation again (a resend) changes nothing; another one is refused.
            if ticket.cancelReason == cancellation.reason { return .ignored }
            try reject(requestId, [FieldError(field: "requestId", code: RejectionCode.alreadyCancelled.rawValue,
                                              message: "ticket \(ticketId) is already cancelled")],
                       cause: event.cause, context: context)
        }
        return .applied
    }

    // MARK: Ticket progress from dispatch

    private func completed(_ event: InboundEvent, context: HandlerContext) throws -> HandlingResult {
        // Only the ticket id matters here; the rest of the payload is dispatch's business.
        guard let ticketId = event.envelope.data["ticketId"]?.stringValue else {
            return .deadLetter(reason: "ticket.completed without ticketId")
        }
        let changed = try TicketStore.markCompleted(ticketId: ticketId, at: event.envelope.occurredAt, on: context.db)
        return changed ? .applied : .ignored
    }

    private func statusChange(_ event: InboundEvent, to status: TicketRecord.Status, context: HandlerContext) throws -> HandlingResult {
        guard let ticketId = event.envelope.data["ticketId"]?.stringValue else {
            return .deadLetter(reason: "\(event.envelope.type) without ticketId")
        }
        return try TicketStore.setStatus(ticketId: ticketId, to: status, on: context.db) ? .applied : .ignored
    }
}
