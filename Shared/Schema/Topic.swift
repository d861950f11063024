/// A Kafka topic of the contract: its name, the payload field used as message key, its
/// partition count and the event types published on it. Every event type belongs to
/// exactly one topic.
public struct Topic: Hashable, Sendable, CustomStringConvertible {
    /// Full topic name without any test prefix, e.g. "aftersales.tickets".
    public let name: String
    /// The payload field whose value is the message key (DESIGN.md "message key").
    public let keyField: String
    /// Partitions to create the topic with.
    public let partitions: Int
    /// The event types published on this topic.
    public let eventTypes: [EventType]

    public init(name: String, keyField: String, partitions: Int = 6, eventTypes: [EventType]) {
        self.name = name
        self.keyField = keyField
        self.partitions = partitions
        self.eventTypes = eventTypes
    }

    public var description: String { name }

    // MARK: Registry

    /// Customer requests from contact centre, web, app, ERP/CRM; keyed by `requestId`.
    public static let requests = Topic(
        name: "aftersales.requests", keyField: "requestId",
        eventTypes: [.requestSubmitted, .requestCancelled])
    /// Requests intake refused, with field-level reasons; keyed by `requestId`.
    public static let rejections = Topic(
        name: "aftersales.rejections", keyField: "requestId", eventTypes: [.requestRejected])
    /// The ticket lifecycle; keyed by `ticketId`.
    public static let tickets = Topic(
        name: "aftersales.tickets", keyField: "ticketId",
        eventTypes: [
            .ticketOpened, .ticketAssigned, .ticketUnassignable, .ticketAccepted, .ticketScheduled,
            .ticketOnSite, .ticketDiagnosed, .ticketQuoted, .ticketWaitingParts, .ticketCompleted,
            .ticketReopened, .ticketCancelled, .ticketClosed,
            .ticketOnHold, .ticketResumed, .ticketVisitFailed, .ticketInvoiced, .ticketPaid,
        ])
    /// What technicians report from the field (technician app); keyed by `ticketId`.
    public static let field = Topic(
        name: "aftersales.field", keyField: "ticketId",
        eventTypes: [
            .assignmentAccepted, .assignmentDeclined, .visitScheduled, .visitStarted, .diagnosisReported,
            .quoteApproved, .quoteDeclined, .workCompleted,
            .visitFailed, .assignmentReturned, .paymentRecorded, .remoteResolved, .remoteFailed,
        ])
    /// Technician and service-provider master data; keyed by `technicianId`
    /// (`provider.upserted` by `providerId`).
    public static let roster = Topic(
        name: "aftersales.roster", keyField: "technicianId", eventTypes: [.technicianUpserted, .providerUpserted])
    /// Warehouse system: parts catalogue, warehouses, receipts and counts; keyed by
    /// `partNumber` (`warehouse.upserted`, which has no part, is keyed by `warehouseId`).
    public static let stock = Topic(
        name: "aftersales.stock", keyField: "partNumber",
        eventTypes: [.partUpserted, .warehouseUpserted, .stockReceived, .stockCounted])
    /// Parts for tickets: requests, reservations, backorders, consumption; keyed by `ticketId`.
    public static let parts = Topic(
        name: "aftersales.parts", keyField: "ticketId",
        eventTypes: [.partsRequested, .partsReserved, .partsBackordered, .partsConsumed, .partsReleased])
    /// Stock signals from inventory; keyed by `partNumber`.
    public static let inventory = Topic(
        name: "aftersales.inventory", keyField: "partNumber", eventTypes: [.stockLow, .reorderSuggested])
    /// Surveys and complaints; keyed by `ticketId`.
    public static let surveys = Topic(
        name: "aftersales.surveys", keyField: "ticketId",
        eventTypes: [.surveyRequested, .surveyCompleted, .surveyExpired, .complaintOpened, .auditRequested])
    /// Customers' survey answers and supervisors' audits; keyed by `ticketId`.
    public static let surveyResponses = Topic(
        name: "aftersales.survey-responses", keyField: "ticketId",
        eventTypes: [.surveyAnswered, .complaintInvestigating, .complaintResolved, .auditRecorded])
    /// Operational alerts; keyed by `subject` (`compensation.granted` by `ticketId`).
    public static let alerts = Topic(
        name: "aftersales.alerts", keyField: "subject",
        eventTypes: [.alertRaised, .alertEscalated, .alertResolved, .compensationGranted])
    /// KPI snapshots; keyed by `window` (DESIGN.md names no key; one window, one partition, in order).
    /// `settlement.statement` is keyed by `providerId`.
    public static let kpis = Topic(
        name: "aftersales.kpis", keyField: "window", eventTypes: [.kpiSnapshot, .settlementStatement])
    /// Messages no service could process; keyed by the original message's key.
    public static let deadLetters = Topic(
        name: "aftersales.dead-letters", keyField: "key", eventTypes: [.messageDeadLettered])

    /// Every topic of the contract.
    public static let all: [Topic] = [
        requests, rejections, tickets, field, roster, stock, parts, inventory, surveys, surveyResponses,
        alerts, kpis, deadLetters,
    ]

    /// The topic with this exact name (no prefix), or nil.
    public static func named(_ name: String) -> Topic? {
        all.first { $0.name == name }
    }

    /// The topic a type is published on.
    static func topic(for type: EventType) -> Topic {
        // Every type is listed in exactly one topic (tested); the fallback is unreachable.
        topicsByType[type] ?? deadLetters
    }

    private static let topicsByType: [EventType: Topic] = {
        var map: [EventType: Topic] = [:]
        for topic in all {
            for type in topic.eventTypes where map[type] == nil { map[type] = topic }
        }
        return map
    }()
}
