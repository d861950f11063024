import Foundation
import Postgres
import Schema
import ServiceRuntime

/// The follow-up surveys service: schedules a survey after each completion, reads the
/// customer's answer, opens complaints for unhappy or unresolved customers, expires
/// unanswered surveys, records the complaint lifecycle driven by operators, and samples
/// completed tickets for a supervisor's audit (a failed audit opens a complaint).
///
/// Batch-native. The handler only routes and orchestrates:
/// 1. decodes each event into a `SurveysCommand` (invalid → dead letter with field reasons);
/// 2. `SurveysStore` loads and locks the rows of every ticket and complaint the batch
///    touches: one query per table (tickets, latest surveys, complaints);
/// 3. the pure `SurveyBatch` folds the commands in order, in memory;
/// 4. the store writes tickets, surveys, duplicate answers and complaints with one
///    set-based statement per table; events and timers go through the context (buffered by
///    the runtime and written set-based at the end of the batch).
public struct SurveysHandler: ServiceHandler {
    public let settings: SurveysSettings

    /// Timer kinds.
    public static let dueTimer = "survey-due"
    public static let expiryTimer = "survey-expiry"

    public init(settings: SurveysSettings = SurveysSettings()) {
        self.settings = settings
    }

    public init(config: ServiceConfig) throws {
        self.init(settings: try SurveysSettings(config: config))
    }

    /// Tickets and answers (DESIGN.md), and the roster for the provider of each technician
    /// (docs/contract-extensions.md, surveys).
    public var subscriptions: [Topic] { [.tickets, .surveyResponses, .roster] }

    /// Of the ticket events only opened, assigned, completed and reopened; of the roster only
    /// `technician.upserted`. Every other type costs nothing (no inbox row, no transaction).
    public var handledTypes: Set<EventType> {
        [.ticketOpened, .ticketAssigned, .ticketCompleted, .ticketReopened,
         .surveyAnswered, .complaintInvestigating, .complaintResolved, .auditRecorded,
         .technicianUpserted]
    }

    // MARK: The batch

    public func handle(_ batch: [InboundEvent], context: HandlerContext) throws -> [HandlingResult] {
        var results = [HandlingResult](repeating: .applied, count: batch.count)
        var commands: [(index: Int, command: SurveysCommand)] = []
        for (index, event) in batch.enumerated() {
            do {
                if let command = try Self.command(for: event) {
                    commands.append((index, command))
                } else {
                    results[index] = .ignored
                }
            } catch {
                results[index] = .invalid(event, error)
            }
        }
        guard !commands.isEmpty else { return results }

        // 1. Load and lock what the batch touches: one query per table.
        let store = SurveysStore(db: context.db)
        var fold = SurveyBatch(snapshot: try load(commands.map(\.command), from: store), settings: settings, now: context.now)

        // 2. Decide in memory, in order.
        for (index, command) in commands {
            if case .deadLetter(let reason) = fold.apply(command) { results[index] = .deadLetter(reason: reason) }
        }

        // 3. Write: one statement per table that changed.
        let tickets = fold.ticketWrites, surveys = fold.surveyWrites, audits = fold.auditWrites
        let complaints = fold.complaintWrites, technicians = fold.technicianWrites
        if !tickets.isEmpty { try store.saveTickets(tickets) }
        if !surveys.isEmpty { try store.saveSurveys(surveys) }
        if !fold.duplicateAnswers.isEmpty { try store.recordDuplicateAnswers(fold.duplicateAnswers) }
        if !audits.isEmpty { try store.saveAudits(audits) }
        if !complaints.isEmpty { try store.saveComplaints(complaints) }
        if !technicians.isEmpty { try store.saveTechnicians(technicians) }

        // 4. Events and timers, in event order.
        for ((index, _), outputs) in zip(commands, fold.outputs) {
            for output in outputs { try perform(output, cause: batch[index].cause, context: context) }
        }
        return results
    }

    /// The command an event carries, or nil for a type surveys does not act on.
    static func command(for event: InboundEvent) throws(ValidationFailure) -> SurveysCommand? {
        switch event.eventType {
        case .ticketOpened: return .ticketOpened(try event.payload(as: TicketOpened.self))
        case .ticketAssigned:
            let assigned = try event.payload(as: TicketAssigned.self)
            return .technicianAssigned(ticketId: assigned.ticketId, technicianId: assigned.technicianId)
        case .ticketCompleted:
            let completed = try event.payload(as: TicketCompleted.self)
            return .ticketCompleted(ticketId: completed.ticketId, technicianId: completed.technicianId,
                                    resolvedRemotely: completed.resolvedRemotely ?? false)
        case .ticketReopened: return .ticketReopened(ticketId: try event.payload(as: TicketReopened.self).ticketId)
        case .surveyAnswered: return .surveyAnswered(try event.payload(as: SurveyAnswered.self), eventId: event.envelope.id)
        case .complaintInvestigating:
            let investigating = try event.payload(as: ComplaintInvestigating.self)
            return .investigateComplaint(complaintId: investigating.complaintId, operatorName: investigating.operator)
        case .complaintResolved:
            let resolved = try event.payload(as: ComplaintResolved.self)
            return .resolveComplaint(complaintId: resolved.complaintId, resolution: resolved.resolution)
        case .auditRecorded:
            let recorded = try event.payload(as: AuditRecorded.self)
            return .auditRecorded(ticketId: recorded.ticketId, auditId: recorded.auditId, passed: recorded.passed,
                                  findings: recorded.findings.map { AuditFinding(code: $0.code, severity: $0.severity) })
        case .technicianUpserted:
            let technician = try event.payload(as: TechnicianUpserted.self)
            return .technicianUpserted(technicianId: technician.technicianId, providerId: technician.providerId)
        default: return nil
        }
    }

    /// Locks and reads the rows the commands touch, tickets before surveys before audits before
    /// complaints (the same order in every batch, so two instances never wait on each other in
    /// a cycle), then the technicians' providers (master data, not locked).
    private func load(_ commands: [SurveysCommand], from store: SurveysStore) throws -> SurveySnapshot {
        let keys = SurveysCommand.Keys(commands)
        var snapshot = SurveySnapshot()
        if !keys.tickets.isEmpty { snapshot.tickets = try store.lockTickets(keys.tickets) }
        if !keys.latestSurveys.isEmpty { snapshot.latestSurveys = try store.lockLatestSurveys(ofTickets: keys.latestSurveys) }
        if !keys.audits.isEmpty { snapshot.audits = try store.lockAudits(keys.audits) }
        if !keys.complaints.isEmpty { snapshot.complaints = try store.lockComplaints(keys.complaints) }
        if !keys.technicians.isEmpty { snapshot.technicians = try store.technicians(keys.technicians) }
        return snapshot
    }

    private func perform(_ output: SurveyOutput, cause: EventCause, context: HandlerContext) throws {
        switch output {
        case .scheduleDue(let surveyId, let due): try context.schedule(timer: Self.dueTimer, key: surveyId, at: due, cause: cause)
        case .cancelDue(let surveyId): try context.cancelTimer(kind: Self.dueTimer, key: surveyId)
        case .cancelExpiry(let surveyId): try context.cancelTimer(kind: Self.expiryTimer, key: surveyId)
        case .surveyCompleted(let completed): try context.emit(completed, cause: cause)
        case .complaintOpened(let complaint): try context.emit(complaint, cause: cause)
        case .auditRequested(let ticketId, let auditId): try context.emit(AuditRequested(ticketId: ticketId, auditId: auditId), cause: cause)
        }
    }

    // MARK: Timers

    public func fire(_ timer: DueTimer, context: HandlerContext) throws {
        let store = SurveysStore(db: context.db)
        switch timer.kind {
        case Self.dueTimer:
            guard let survey = try store.request(timer.key, at: context.now) else { return }
            try context.emit(SurveyRequested(ticketId: survey.ticketId, surveyId: survey.surveyId,
                                             customerId: survey.customerId ?? "unknown"), cause: timer.cause)
            try context.schedule(timer: Self.expiryTimer, key: survey.surveyId, at: settings.expiry(ofSurveyRequestedAt: context.now),
                                 cause: timer.cause)
        case Self.expiryTimer:
            guard let survey = try store.expire(timer.key, at: context.now) else { return }
            try context.emit(SurveyExpired(ticketId: survey.ticketId, surveyId: survey.surveyId), cause: timer.cause)
        default:
            break
        }
    }
}
