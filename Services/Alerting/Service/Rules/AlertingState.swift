import Foundation
import Schema

/// What `AlertingFold` starts from: alerting's recorded state for every key a batch touches,
/// as the store loaded it (one query per table).
public struct AlertingState: Sendable, Equatable {
    /// Ticket facts by ticket id.
    public var tickets: [String: TicketFact] = [:]
    /// Tickets of the models the batch checks for a quality signal: model → ticket id → fact.
    /// Only those outside `AlertingKeys.qualityCore` are listed (plus the batch's own).
    public var qualityByModel: [String: [String: QualityFact]] = [:]
    /// The tickets inside `AlertingKeys.qualityCore`, summed: model → fault → summary.
    public var qualitySummaries: [String: [String: QualitySummary]] = [:]
    /// The latest surveys (at most `AlertRules.csatSurveys`) of each technician the batch may credit.
    public var surveysByTechnician: [String: [SurveyPoint]] = [:]
    /// Survey ids of the batch already recorded.
    public var knownSurveyIds: Set<String> = []
    /// Complaints recorded: the batch's ids already there and every one opened since
    /// `AlertingKeys.complaintsSince`, by id.
    public var complaints: [String: Date] = [:]
    /// The recorded provider of every technician the batch completes a ticket with or upserts.
    public var technicianProviders: [String: String] = [:]
    /// Audit ids of the batch already recorded (a verdict counted).
    public var knownAuditIds: Set<String> = []
    /// The recorded requests of the batch's audits, by audit id.
    public var auditRequests: [String: AuditRequestFact] = [:]
    /// Verdicts held for the audits the batch requests, by audit id, in arrival order.
    public var pendingVerdicts: [String: [PendingAuditVerdict]] = [:]
    /// The latest work evidence verdict of the batch's tickets.
    public var evidence: [String: SettlementLineStatus] = [:]
    /// The learned repair time of the categories of the batch's tickets.
    public var repairEstimates: [String: RepairTimeEstimate] = [:]

    public init() {}
}

/// The keys a batch of inputs touches, computed before anything is loaded, so that the
/// store reads each table once for the whole batch.
public struct AlertingKeys: Sendable, Equatable {
    /// Every ticket the inputs name (sorted: rows are locked in this order).
    public var ticketIds: [String] = []
    /// Models whose quality signal is checked, and the range of opening times to read.
    public var qualityModels: [String] = []
    public var qualitySince: Date?
    public var qualityUntil: Date?
    /// The range inside every window the batch checks (nil when the batch's moments span more
    /// than a window): its tickets are read as a summary, the rest of `(qualitySince,
    /// qualityUntil]` ticket by ticket (`qualityEdges`).
    public var qualityCore: (since: Date, until: Date)? {
        guard let since = qualitySince, let until = qualityUntil, let window = qualityWindowLength else { return nil }
        let lower = since.addingTimeInterval(window), upper = until
        guard upper.addingTimeInterval(-window) < lower else { return nil }
        return (upper.addingTimeInterval(-window), lower)
    }
    /// The ranges read ticket by ticket: all of it without a core, else its two edges.
    public var qualityEdges: [(since: Date, until: Date)] {
        guard let since = qualitySince, let until = qualityUntil else { return [] }
        guard let core = qualityCore else { return [(since, until)] }
        return [(since, core.since), (core.until, until)].filter { $0.0 < $0.1 }
    }
    /// The quality window (seconds) the ranges were computed with.
    public var qualityWindowLength: TimeInterval?
    /// Survey ids of the batch, and whether any survey needs its technician's history.
    public var surveyIds: [String] = []
    /// Complaint ids of the batch, and the start of the earliest spike window checked.
    public var complaintIds: [String] = []
    public var complaintsSince: Date?
    /// Technicians completing tickets or upserted in the batch (their providers are read).
    public var technicians: [String] = []
    /// Audit ids of the batch (verdicts and requests).
    public var auditIds: [String] = []
    /// Audit ids the batch requests (their held verdicts are read).
    public var requestedAuditIds: [String] = []

    public init(inputs: [AlertingInput], rules: AlertRules, now: Date) {
        var tickets = Set<String>(), models = Set<String>(), surveys = Set<String>(), complaints = Set<String>()
        var qualityMoments: [Date] = [], complaintMoments: [Date] = []
        var technicianSet = Set<String>(), audits = Set<String>(), requested = Set<String>()
        for input in inputs {
            if let ticketId = input.ticketId { tickets.insert(ticketId) }
            switch input {
            case .ticketOpened(let ticket):
                models.insert(ticket.model)
                qualityMoments.append(ticket.openedAt)
            case .qualityRecheckDue(let model):
                models.insert(model)
                qualityMoments.append(now)
            case .surveyCompleted(let survey):
                surveys.insert(survey.surveyId)
            case .complaintOpened(let complaint):
                complaints.insert(complaint.complaintId)
                complaintMoments.append(max(complaint.openedAt, now))
            case .complaintRecheckDue:
                complaintMoments.append(now)
            case .ticketCompleted(_, let technician?, _, _, _), .technicianUpserted(let technician, _):
                technicianSet.insert(technician)
            case .auditRecorded(let audit, _):
                audits.insert(audit.auditId)
            case .auditRequested(let request):
                audits.insert(request.auditId)
                requested.insert(request.auditId)
            default:
                break
            }
        }
        ticketIds = tickets.sorted()
        qualityModels = models.sorted()
        qualitySince = qualityMoments.min().map { $0.addingTimeInterval(-rules.qualityWindow) }
        qualityUntil = qualityMoments.max()
        qualityWindowLength = rules.qualityWindow
        surveyIds = surveys.sorted()
        complaintIds = complaints.sorted()
        technicians = technicianSet.sorted()
        auditIds = audits.sorted()
        requestedAuditIds = requested.sorted()
        complaintsSince = complaintMoments.min().map { $0.addingTimeInterval(-rules.complaintWindow) }
    }

    /// Technicians whose survey history the batch may need: the recorded technician of each
    /// surveyed ticket, and every technician the batch itself puts on a ticket (sorted).
    public static func technicians(inputs: [AlertingInput], tickets: [String: TicketFact]) -> [String] {
        guard inputs.contains(where: { if case .surveyCompleted = $0 { true } else { false } }) else { return [] }
        var technicians = Set<String>()
        for input in inputs {
            switch input {
            case .surveyCompleted(let survey):
                if let technician = tickets[survey.ticketId]?.technicianId { technicians.insert(technician) }
            case .ticketAssigned(_, let technician, _):
                technicians.insert(technician)
            case .deadlineMet(_, _, let technician?, _), .ticketCompleted(_, let technician?, _, _, _):
                technicians.insert(technician)
            default:
                break
            }
        }
        return technicians.sorted()
    }
}
