import Foundation
import Schema

/// Intake's rules applied to a whole batch in memory, event by event in order, exactly as one
/// event per transaction would decide: request de-duplication, validation, opening a ticket
/// (warranty, repeat failure, fault class, priority, SLA, redacted description, remote
/// guidance), cancellation, and the completions and status changes dispatch reports. Several
/// events for one request or ticket in a batch (a submit then its cancellation, a resend) see
/// each other's effects.
///
/// Pure: the stores load what the batch touches before, the fold decides, and `finish`
/// returns what the stores write and what the handler emits. Ticket numbers come from the
/// database sequence, so new tickets are numbered between the fold and `finish`.
struct IntakeBatchFold {
    /// What became of one event.
    enum Outcome: Equatable {
        case applied, ignored
        case deadLetter(String)
    }

    /// A ticket during the batch: stored already, or the n-th ticket this batch opens.
    enum TicketRef: Hashable {
        case stored(String)
        case opened(Int)
    }

    /// A rejection whose message names a ticket (so it is written once tickets are numbered).
    enum TicketRejection {
        case duplicateRequest, alreadyCompleted, alreadyCancelled

        func reason(ticketId: String?) -> FieldError {
            let id = ticketId ?? "?"
            switch self {
            case .duplicateRequest:
                return FieldError(field: "requestId", code: RejectionCode.duplicateRequest.rawValue,
                                  message: "a different request with this id already opened ticket \(id)")
            case .alreadyCompleted:
                return FieldError(field: "requestId", code: RejectionCode.alreadyCompleted.rawValue,
                                  message: "ticket \(id) is already completed")
            case .alreadyCancelled:
                return FieldError(field: "requestId", code: RejectionCode.alreadyCancelled.rawValue,
                                  message: "ticket \(id) is already cancelled")
            }
        }
    }

    /// An event to emit, in the order decided.
    enum Emission {
        case opened(slot: Int)
        case cancelled(TicketRef, reason: String)
        case rejected(requestId: String, reasons: [FieldError])
        case ticketRejection(requestId: String, TicketRejection, TicketRef?)
    }

    /// What the batch changes, with the new tickets numbered.
    struct Result {
        /// One per event, in order.
        var outcomes: [Outcome]
        /// (index of the causing event, event), in order.
        var emissions: [(event: Int, payload: IntakeEmittedEvent)]
        /// Request rows to write, and which of them the batch found unknown.
        var requests: [RequestRecord]
        var newRequestIds: Set<String>
        var newTickets: [NewTicket]
        var changedTickets: [TicketRecord]
        /// The customer details of the new tickets, in order.
        var customers: [ValidatedRequest.Customer]
    }

    /// A request id's state during the batch.
    private struct RequestEntry {
        var bodyHash: String
        var outcome: RequestRecord.Outcome
        var ticket: TicketRef?
        var duplicates: Int
        var changed = false
    }

    private struct ProductKey: Hashable {
        var serialNumber: String
        var category: String
    }

    let settings: IntakeSettings
    let classifier: FaultClassifier
    let playbooks: PlaybookLibrary
    let validator: RequestValidator
    let now: Date
    let today: CalendarDay

    private var requests: [String: RequestEntry] = [:]
    private let storedRequestIds: Set<String>
    private var tickets: [String: TicketRecord]
    private var changedTicketIds: Set<String> = []
    /// Completion time of every completed ticket, per serial number and category.
    private var repairs: [ProductKey: [String: Date]] = [:]
    /// The tickets this batch opens, not numbered yet (`ticketId` is empty until `finish`).
    private(set) var openings: [NewTicket] = []
    private var customers: [ValidatedRequest.Customer] = []
    private var outcomes: [Outcome] = []
    private var emissions: [(event: Int, emission: Emission)] = []

    /// A fold over the state the stores loaded for the batch.
    init(settings: IntakeSettings, classifier: FaultClassifier, playbooks: PlaybookLibrary, validator: RequestValidator,
         now: Date, requests: [String: RequestRecord], tickets: [String: TicketRecord], repairs: [PastRepair]) {
        self.settings = settings
        self.classifier = classifier
        self.playbooks = playbooks
        self.validator = validator
        self.now = now
        self.today = settings.businessDay(of: now)
        for (id, record) in requests {
            self.requests[id] = RequestEntry(bodyHash: record.bodyHash, outcome: record.outcome,
                                             ticket: record.ticketId.map(TicketRef.stored), duplicates: record.duplicates)
        }
        storedRequestIds = Set(requests.keys)
        self.tickets = tickets
        for ticket in tickets.values {
            if let serial = ticket.serialNumber, let completedAt = ticket.completedAt {
                self.repairs[ProductKey(serialNumber: serial, category: ticket.category), default: [:]][ticket.ticketId]
                    = completedAt
            }
        }
        for repair in repairs {
            self.repairs[ProductKey(serialNumber: repair.serialNumber, category: repair.category), default: [:]][repair.ticketId]
                = repair.completedAt
        }
    }

    // MARK: Applying events

    /// Applies the next event of the batch.
    mutating func apply(_ intent: IntakeIntent) {
        let event = outcomes.count
        let outcome: Outcome
        switch intent {
        case .submit(let submission): outcome = submit(submission, event: event)
        case .cancel(let requestId, let reason): outcome = cancel(requestId, reason: reason, event: event)
        case .rejectCancellation(let requestId, let reasons):
            emissions.append((event, .rejected(requestId: requestId, reasons: reasons)))
            outcome = .applied
        case .complete(let ticketId, let at): outcome = complete(ticketId, at: at)
        case .setStatus(let ticketId, let status): outcome = setStatus(ticketId, to: status)
        case .ignore: outcome = .ignored
        case .deadLetter(let reason): outcome = .deadLetter(reason)
        }
        outcomes.append(outcome)
    }

    private mutating func submit(_ submission: Submission, event: Int) -> Outcome {
        let requestId = submission.requestId
        if var entry = requests[requestId] {
            if entry.bodyHash == submission.bodyHash && entry.outcome != .pending {
                // The same request again (a resend): nothing new happens; it is counted.
                entry.duplicates += 1
                entry.changed = true
                requests[requestId] = entry
                return .ignored
            }
            if entry.outcome == .opened {
                emissions.append((event, .ticketRejection(requestId: requestId, .duplicateRequest, entry.ticket)))
                return .applied
            }
            // Otherwise: a corrected resubmission after a rejection, validated afresh.
        }
        var entry = requests[requestId] ?? RequestEntry(bodyHash: submission.bodyHash, outcome: .pending, duplicates: 0)
        entry.bodyHash = submission.bodyHash
        entry.changed = true
        switch validator.validate(submission.data, messageBytes: submission.messageBytes, today: today) {
        case .failure(let failure):
            entry.outcome = .rejected
            entry.ticket = nil
            emissions.append((event, .rejected(requestId: requestId, reasons: failure.errors)))
        case .success(let request):
            entry.outcome = .opened
            entry.ticket = .opened(open(request))
            emissions.append((event, .opened(slot: openings.count - 1)))
        }
        requests[requestId] = entry
        return .applied
    }

    /// Decides the ticket of a valid request; returns its slot among the openings.
    private mutating func open(_ request: ValidatedRequest) -> Int {
        customers.append(request.customer)
        var previousRepair: PreviousRepair?
        if let serial = request.product.serialNumber,
           let repair = latestRepair(ProductKey(serialNumber: serial, category: request.product.category.rawValue)) {
            previousRepair = PreviousRepair(ticketId: repair.ticketId, completedOn: settings.businessDay(of: repair.completedAt))
        }
        let warranty = settings.warranty.decide(category: request.product.category, purchasedOn: request.product.purchaseDate,
                                                today: today, previousRepair: previousRepair)
        let isRepeat = warranty.status == .repairWarranty
        let fault = classifier.classify(request.description)
        let priority = PriorityRule.priority(kind: request.kind, safetyHazard: fault.safetyHazard,
                                             repeatUnderRepairWarranty: isRepeat)
        openings.append(NewTicket(
            ticketId: "",
            request: request,
            description: DescriptionRedactor.redact(request.description, name: request.customer.name,
                                                    address: request.customer.address),
            warranty: warranty, fault: fault, priority: priority,
            sla: settings.sla.deadlines(priority: priority, openedAt: now),
            repeatOf: isRepeat ? previousRepair?.ticketId : nil,
            openedAt: now,
            remoteGuidance: PlaybookMatcher.guidance(playbooks, category: request.product.category,
                                                     faultClass: fault.category, safetyHazard: fault.safetyHazard,
                                                     priority: priority, description: request.description)))
        return openings.count - 1
    }

    /// The latest completed ticket of a product (the later id on a tie, so the choice is stable).
    private func latestRepair(_ product: ProductKey) -> (ticketId: String, completedAt: Date)? {
        guard let completions = repairs[product] else { return nil }
        return completions.max { ($0.value, $0.key) < ($1.value, $1.key) }.map { ($0.key, $0.value) }
    }

    private mutating func cancel(_ requestId: String, reason: String, event: Int) -> Outcome {
        guard let entry = requests[requestId], entry.outcome == .opened, let ticket = entry.ticket,
              let status = status(of: ticket) else {
            emissions.append((event, .rejected(requestId: requestId, reasons: [
                FieldError(field: "requestId", code: RejectionCode.unknownRequest.rawValue,
                           message: "no open ticket was made from this request id"),
            ])))
            return .applied
        }
        switch status {
        case .open, .reopened:
            markCancelled(ticket, reason: reason)
            emissions.append((event, .cancelled(ticket, reason: reason)))
        case .completed, .closed:
            emissions.append((event, .ticketRejection(requestId: requestId, .alreadyCompleted, ticket)))
        case .cancelled:
            // The same cancellation again (a resend) changes nothing; another one is refused.
            if cancelReason(of: ticket) == reason { return .ignored }
            emissions.append((event, .ticketRejection(requestId: requestId, .alreadyCancelled, ticket)))
        }
        return .applied
    }

    // MARK: Ticket progress from dispatch

    /// Records a completion; ignored for a ticket intake does not hold or one that was cancelled.
    private mutating func complete(_ ticketId: String, at completedAt: Date) -> Outcome {
        guard var ticket = tickets[ticketId], ticket.status != .cancelled else { return .ignored }
        ticket.status = ticket.status == .closed ? .closed : .completed
        ticket.completedAt = completedAt
        store(ticket)
        if let serial = ticket.serialNumber {
            repairs[ProductKey(serialNumber: serial, category: ticket.category), default: [:]][ticketId] = completedAt
        }
        return .applied
    }

    /// Moves a ticket to `closed` or `reopened`; ignored when nothing changes.
    private mutating func setStatus(_ ticketId: String, to status: TicketRecord.Status) -> Outcome {
        guard var ticket = tickets[ticketId], ticket.status != .cancelled, ticket.status != status else { return .ignored }
        ticket.status = status
        store(ticket)
        return .applied
    }

    // MARK: Ticket state

    private func status(of ticket: TicketRef) -> TicketRecord.Status? {
        switch ticket {
        case .stored(let id): tickets[id]?.status
        case .opened(let slot): openings[slot].status
        }
    }

    private func cancelReason(of ticket: TicketRef) -> String? {
        switch ticket {
        case .stored(let id): tickets[id]?.cancelReason
        case .opened(let slot): openings[slot].cancelReason
        }
    }

    private mutating func markCancelled(_ ticket: TicketRef, reason: String) {
        switch ticket {
        case .stored(let id):
            guard var record = tickets[id] else { return }
            record.status = .cancelled
            record.cancelledAt = now
            record.cancelReason = reason
            store(record)
        case .opened(let slot):
            openings[slot].status = .cancelled
            openings[slot].cancelledAt = now
            openings[slot].cancelReason = reason
        }
    }

    private mutating func store(_ ticket: TicketRecord) {
        tickets[ticket.ticketId] = ticket
        changedTicketIds.insert(ticket.ticketId)
    }

    // MARK: Result

    /// What the batch writes and emits, with `ticketIds[slot]` the number of each opening.
    func finish(ticketIds: [String]) -> Result {
        precondition(ticketIds.count == openings.count, "one ticket id per opened ticket")
        var newTickets = openings
        for slot in newTickets.indices { newTickets[slot].ticketId = ticketIds[slot] }
        func id(_ ticket: TicketRef?) -> String? {
            switch ticket {
            case .stored(let id): id
            case .opened(let slot): ticketIds[slot]
            case nil: nil
            }
        }
        let requestRows = requests.filter(\.value.changed).sorted { $0.key < $1.key }.map { requestId, entry in
            RequestRecord(requestId: requestId, bodyHash: entry.bodyHash, outcome: entry.outcome, ticketId: id(entry.ticket),
                          duplicates: entry.duplicates)
        }
        let emitted: [(event: Int, payload: IntakeEmittedEvent)] = emissions.map { event, emission in
            switch emission {
            case .opened(let slot):
                return (event, .opened(newTickets[slot]))
            case .cancelled(let ticket, let reason):
                return (event, .cancelled(TicketCancelled(ticketId: id(ticket) ?? "?", reason: reason)))
            case .rejected(let requestId, let reasons):
                return (event, .rejected(RequestRejected(requestId: requestId, reasons: reasons)))
            case .ticketRejection(let requestId, let rejection, let ticket):
                return (event, .rejected(RequestRejected(requestId: requestId, reasons: [rejection.reason(ticketId: id(ticket))])))
            }
        }
        return Result(
            outcomes: outcomes, emissions: emitted, requests: requestRows,
            newRequestIds: Set(requestRows.map(\.requestId)).subtracting(storedRequestIds),
            newTickets: newTickets,
            changedTickets: changedTicketIds.sorted().compactMap { tickets[$0] },
            customers: customers)
    }
}

/// An event intake emits for a batch.
enum IntakeEmittedEvent {
    case opened(NewTicket)
    case cancelled(TicketCancelled)
    case rejected(RequestRejected)
}
