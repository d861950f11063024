import Foundation
import Schema

/// A message the simulator will produce, as an outside system would: JSON data for an
/// inbound event type, keyed by its aggregate id, due at a moment of simulated life.
public struct SimulatedMessage: Sendable {
    public var due: Date
    public var topic: Topic
    public var key: String
    public var type: EventType
    public var data: [String: JSONValue]
    public var correlationId: String?
}

/// The behaviour of technicians, customers and the warehouse in the simulation: reacts to
/// what the platform publishes with the next step of the story, after realistic delays.
/// Pure: no I/O; the runner feeds it envelopes and sends what it returns.
public struct SimulationEngine: Sendable {
    /// What the simulated world remembers about one ticket.
    struct TicketStory: Sendable {
        var category: ProductCategory?
        var outOfWarranty = false
        var technicianId: String?
        var diagnosed = false
        var partsNeeded: [[String: JSONValue]] = []
        var partsReady = false
        var waitingParts = false
        var quoteSettled = true
        var completionSent = false
        var correlationId: String?
        /// December flows, each at most once per ticket so every story still ends.
        var rescheduled = false
        var visitFailed = false
        var returned = false
        var remoteAnswered = false
        var paidInvoices: Set<String> = []
        /// The customer cancels the request (`request.cancelled` is on its way): nobody acts on
        /// the ticket any more, so nothing is sent that dispatch would refuse once it is cancelled.
        var cancelling = false
        /// A ticket reopened after an on-site repair: the redo falls within the repair warranty
        /// (the demo's tickets are days old, not 90), so dispatch waives the quote and asks none.
        var repairWarrantyRedo = false
    }

    public var options: SimulateOptions
    /// How often the December flows happen (reschedules, failed visits, partial payments…).
    public var mix = SimulationMix()
    public var random: SeededRandom
    let world = SimulationWorld()
    var stories: [String: TicketStory] = [:]
    /// Counts of what was seen, by event type (for the summary).
    public private(set) var seen: [String: Int] = [:]
    /// Requests the simulated customers will cancel (`cancelling(requestId:)`).
    var cancellations: Set<String> = []

    public init(options: SimulateOptions) {
        self.options = options
        random = SeededRandom(seed: options.seed &* 31 &+ 7)
    }

    /// A delay of `base` seconds ± 50 %, scaled by the pace.
    mutating func after(_ base: Double, from now: Date) -> Date {
        now.addingTimeInterval(base * random.double(0.5...1.5) * options.pace)
    }

    /// The customer of `requestId` will cancel it: its ticket gets no further step.
    public mutating func cancelling(requestId: String) { cancellations.insert(requestId) }

    /// Whether the story of `ticketId` stopped because its customer is cancelling.
    public func isCancelling(ticketId: String) -> Bool { stories[ticketId]?.cancelling ?? false }

    // MARK: Reactions

    /// The next steps caused by one published event.
    public mutating func react(to envelope: Envelope, now: Date) -> [SimulatedMessage] {
        seen[envelope.type, default: 0] += 1
        let data = envelope.data
        guard let ticketId = data.text(at: "ticketId") else { return [] }
        var story = stories[ticketId] ?? TicketStory()
        defer { stories[ticketId] = story }
        func field(_ type: EventType, _ extra: [String: JSONValue] = [:], delay: Double = 2) -> SimulatedMessage {
            var body: [String: JSONValue] = ["ticketId": .string(ticketId)]
            if let technician = story.technicianId { body["technicianId"] = .string(technician) }
            body.merge(extra) { $1 }
            return SimulatedMessage(due: after(delay, from: now), topic: .field, key: ticketId, type: type, data: body,
                                    correlationId: story.correlationId)
        }
        if envelope.eventType == .ticketCancelled {
            story = TicketStory()
            story.cancelling = true   // parts answers may still come: no step on a cancelled ticket
            return []
        }
        if story.cancelling && envelope.eventType != .ticketOpened { return [] }
        switch envelope.eventType {
        case .ticketOpened:
            story = TicketStory()
            if let request = data.text(at: "requestId"), cancellations.remove(request) != nil { story.cancelling = true }
            story.category = data.text(at: "product.category").flatMap(ProductCategory.init(rawValue:))
            story.outOfWarranty = data.text(at: "warranty.status") == "out-of-warranty"
            story.correlationId = envelope.correlationId
            if story.cancelling { return [] }
            return remoteAnswer(&story, ticketId: ticketId, guidance: data["remoteGuidance"], now: now)
        case .ticketAssigned:
            story.technicianId = data.text(at: "technicianId")
            if random.chance(options.declineShare) {
                return [field(.assignmentDeclined, ["reason": .string(random.pick(["fully booked today", "too far", "missing tools"]))], delay: 3)]
            }
            return [field(.assignmentAccepted, delay: 2)]
        case .ticketAccepted:
            if !story.returned && random.chance(mix.returnShare) {
                story.returned = true   // handed back once; the next technician keeps it
                return [field(.assignmentReturned, ["reason": .string(random.pick(SimulationMix.returnReasons))], delay: 3)]
            }
            if random.chance(mix.straightToSiteShare) { return [field(.visitStarted, delay: 3)] }   // nearby: goes at once
            let visit = now.addingTimeInterval(2 * 3600)
            return [field(.visitScheduled, ["scheduledFor": .string(Timestamp.format(visit))], delay: 2)]
        case .ticketScheduled:
            let firstBooking = !story.diagnosed && !story.visitFailed && !story.waitingParts
            if firstBooking && !story.rescheduled && random.chance(mix.rescheduleShare) {
                story.rescheduled = true
                let visit = now.addingTimeInterval(Double(random.int(3...6)) * 3600)
                return [field(.visitScheduled, ["scheduledFor": .string(Timestamp.format(visit)),
                                                "requestedBy": .string(random.pick(VisitRequester.allCases).rawValue)], delay: 3)]
            }
            if firstBooking && random.chance(mix.failedVisitShare) {
                story.visitFailed = true
                return [field(.visitFailed, ["reason": .string(random.pick(VisitFailureReason.allCases).rawValue)], delay: 3)]
            }
            return [field(.visitStarted, delay: 3)]
        case .ticketVisitFailed:
            // The customer is called and a second visit booked.
            let visit = now.addingTimeInterval(3 * 3600)
            return [field(.visitScheduled, ["scheduledFor": .string(Timestamp.format(visit))], delay: 5)]
        case .ticketInvoiced:
            return payments(&story, ticketId: ticketId, invoice: data, now: now)
        case .auditRequested:
            return auditVerdict(ticketId: ticketId, audit: data, correlationId: envelope.correlationId, now: now)
        case .ticketOnSite:
            if story.diagnosed {
                return completion(&story, ticketId: ticketId, now: now)
            }
            story.diagnosed = true
            var extra: [String: JSONValue] = ["finding": .string(random.pick(["worn part replaced", "loose connection", "faulty component", "needs adjustment"]))]
            var partsCost = 0.0
            if let category = story.category, random.chance(0.5), !world.parts(for: category).isEmpty {
                let part = random.pick(world.parts(for: category))
                let quantity = random.int(1...2)
                partsCost = part.unitPrice * Double(quantity)
                story.partsNeeded = [["partNumber": .string(part.partNumber), "quantity": .number(Double(quantity))]]
                extra["parts"] = .array(story.partsNeeded.map(JSONValue.object))
            } else {
                extra["parts"] = []
            }
            if story.outOfWarranty && !story.repairWarrantyRedo {
                // The quote names the parts at the catalogue price the simulator publishes
                // (part.upserted): dispatch refuses an invoice whose parts exceed the quote.
                story.quoteSettled = false
                extra["quote"] = ["labour": .number(Double(random.int(80...300))), "parts": .number(partsCost), "currency": "CNY"]
            }
            return [field(.diagnosisReported, extra, delay: 4)]
        case .ticketDiagnosed:
            return story.partsNeeded.isEmpty && story.quoteSettled ? completion(&story, ticketId: ticketId, now: now) : []
        case .ticketQuoted:
            if random.chance(0.1) { return [field(.quoteDeclined, delay: 3)] }
            story.quoteSettled = true
            // The approval (≤ 1.5 s) always lands before the completion (≥ 3 s).
            var messages = [field(.quoteApproved, delay: 1)]
            if story.partsNeeded.isEmpty || story.partsReady { messages += completion(&story, ticketId: ticketId, now: now, delay: 6) }
            return messages
        case .partsReserved:
            story.partsReady = true
            if !story.waitingParts && story.quoteSettled { return completion(&story, ticketId: ticketId, now: now, delay: 4) }
            return []
        case .partsBackordered:
            // The warehouse system receives the missing parts a little later.
            story.waitingParts = true
            return data.array(at: "lines").compactMap { line in
                guard let part = line.text(at: "partNumber"), let warehouse = line.text(at: "warehouseId") else { return nil }
                return SimulatedMessage(due: after(8, from: now), topic: .stock, key: part, type: .stockReceived,
                                        data: ["partNumber": .string(part), "warehouseId": .string(warehouse), "quantity": 10],
                                        correlationId: nil)
            }
        case .ticketWaitingParts:
            story.waitingParts = true
            return []
        case .ticketReopened:
            let category = story.category
            let outOfWarranty = story.outOfWarranty
            let repairedOnSite = story.completionSent
            story = TicketStory()
            story.category = category
            story.outOfWarranty = outOfWarranty
            story.repairWarrantyRedo = repairedOnSite
            story.correlationId = envelope.correlationId
            return []
        case .surveyRequested:
            let happy = !random.chance(options.unhappyShare)
            let scores: [String: JSONValue] = happy
                ? ["attitude": .number(Double(random.int(4...5))), "efficiency": .number(Double(random.int(4...5))), "quality": .number(Double(random.int(4...5)))]
                : ["attitude": .number(Double(random.int(1...3))), "efficiency": .number(Double(random.int(1...2))), "quality": .number(Double(random.int(2...4)))]
            var body: [String: JSONValue] = ["ticketId": .string(ticketId), "scores": .object(scores), "resolved": .bool(happy || random.chance(0.5))]
            body["comment"] = .string(happy ? random.pick(["师傅很专业", "Quick and friendly", "很满意"]) : random.pick(["等了很久", "Still broken", "态度不好"]))
            return [SimulatedMessage(due: after(4, from: now), topic: .surveyResponses, key: ticketId, type: .surveyAnswered,
                                     data: body, correlationId: envelope.correlationId)]
        case .ticketClosed, .ticketUnassignable:
            story = TicketStory()
            return []
        default:
            return []
        }
    }

    private mutating func completion(_ story: inout TicketStory, ticketId: String, now: Date, delay: Double = 4) -> [SimulatedMessage] {
        guard !story.completionSent else { return [] }
        story.completionSent = true
        var body: [String: JSONValue] = [
            "ticketId": .string(ticketId), "resolved": .bool(random.chance(0.93)),
            "partsUsed": .array(story.partsNeeded.map(JSONValue.object)), "signedOffBy": "customer",
            "evidence": evidence(ticketId: ticketId, parts: story.partsNeeded, now: now),
        ]
        if let technician = story.technicianId { body["technicianId"] = .string(technician) }
        return [SimulatedMessage(due: after(delay, from: now), topic: .field, key: ticketId, type: .workCompleted, data: body,
                                 correlationId: story.correlationId)]
    }
}
