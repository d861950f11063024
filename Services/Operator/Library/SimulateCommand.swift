import Foundation
import Kafka
import Schema

/// `aftersales simulate`: a load generator acting as contact centre, ERP, technician app,
/// warehouse and customers. Seeds the roster, warehouses, parts and stock; submits requests
/// at the given rate (with emergencies, invalid and duplicate ones); reacts to what the
/// platform publishes with the next step of each ticket's story; prints a summary.
enum SimulateCommand {
    static func run(_ options: SimulateOptions, context: OperatorContext, stop: StopFlag, output: (String) -> Void) throws -> Int32 {
        let existing = try context.checkBroker()
        let producer = try KafkaProducer(config: context.kafka)
        defer { producer.close() }
        let topics = [Topic.tickets.name, Topic.parts.name, Topic.surveys.name]
        let consumer = try context.consumer(topics: topics, fromBeginning: false)
        defer { consumer.close() }
        // Start-up: a consumer reading "from now on" sees nothing until it has joined its group
        // and found the end of every partition; what the platform published before that (the
        // first tickets) would be missed, and those stories would go wrong. So nothing is sent
        // until it has (at most 30 s); what it saw meanwhile is reacted to like the rest.
        let partitions = topics.reduce(0) { $0 + (existing[context.brokerName($1)] ?? 0) }
        var early: [ConsumerRecord] = []
        let joinDeadline = Date().addingTimeInterval(30)
        while !stop.isSet && Date() < joinDeadline && !isPositioned(consumer, partitions: partitions) {
            early += try consumer.poll(maxMessages: 1_000, timeout: .milliseconds(100))
        }
        var engine = SimulationEngine(options: options)
        var random = SeededRandom(seed: options.seed)
        let world = SimulationWorld()
        var counts: [String: Int] = [:]
        var pending: [SimulatedMessage] = []

        func send(_ messages: [SimulatedMessage]) throws {
            guard !messages.isEmpty else { return }
            let records = messages.map { message -> ProducerRecord in
                let envelope = Envelope(id: UUID().uuidString.lowercased(), type: message.type.rawValue, occurredAt: Date(),
                                        source: source(of: message.type), correlationId: message.correlationId, causationId: nil,
                                        data: .object(message.data))
                counts[message.type.rawValue, default: 0] += 1
                return ProducerRecord(topic: context.brokerName(message.topic.name), key: message.key, value: Array(envelope.encoded()))
            }
            for result in producer.sendAll(records, timeout: .seconds(30)) {
                if case .failure(let error) = result { throw OperatorError("the broker refused a simulated event: \(error)") }
            }
        }

        // MARK: Seeding: roster, warehouses, parts catalogue and stock
        let now = Date()
        if !options.noSeed {
            try send(world.seedMessages(now: now, random: &random))
            output("seeded \(world.cities.count) cities: \(world.providers.count) providers, "
                   + "\(counts[EventType.technicianUpserted.rawValue, default: 0]) technicians, \(world.cities.count) warehouses, \(world.parts.count) parts")
        }

        // MARK: Main loop
        let started = Date()
        var nextRequest = started
        var submitted = 0
        var recent: [[String: JSONValue]] = []
        let interval = 1 / options.rate
        let drainUntil: () -> Bool = { options.duration > 0 && Date().timeIntervalSince(started) > options.duration + 20 * options.pace }
        while !stop.isSet && !drainUntil() {
            let clock = Date()
            let submitting = options.duration == 0 || clock.timeIntervalSince(started) < options.duration
            var outgoing: [SimulatedMessage] = []
            while submitting && nextRequest <= clock {
                nextRequest = nextRequest.addingTimeInterval(interval)
                submitted += 1
                if let previous = recent.last, random.chance(options.duplicateShare) {
                    outgoing.append(SimulatedMessage(due: clock, topic: .requests, key: previous["requestId"]!.stringValue!,
                                                     type: .requestSubmitted, data: previous, correlationId: previous["requestId"]!.stringValue))
                    continue
                }
                let flavour: SimulationWorld.RequestFlavour = random.chance(options.invalidShare) ? .invalid
                    : random.chance(options.emergencyShare) ? .emergency : .ordinary
                let requestId = "SIM-\(options.seed)-\(String(format: "%06d", submitted))-\(UUID().uuidString.prefix(4))"
                let data = world.request(id: requestId, flavour: flavour, today: clock, random: &random)
                recent = Array((recent + [data]).suffix(20))
                outgoing.append(SimulatedMessage(due: clock, topic: .requests, key: requestId, type: .requestSubmitted, data: data,
                                                 correlationId: requestId))
                if random.chance(0.02) {
                    engine.cancelling(requestId: requestId)
                    pending.append(SimulatedMessage(due: clock.addingTimeInterval(3 * options.pace), topic: .requests, key: requestId,
                                                    type: .requestCancelled, data: ["requestId": .string(requestId), "reason": "customer changed their mind"],
                                                    correlationId: requestId))
                }
            }
            for record in early + (try consumer.poll(maxMessages: 1_000, timeout: .milliseconds(100))) {
                guard let value = record.value, let envelope = try? Envelope.decode(Data(value)) else { continue }
                pending += engine.react(to: envelope, now: Date())
            }
            early = []
            // One moment for both: a message falling due in between is neither sent nor dropped.
            let moment = Date()
            outgoing += pending.filter { $0.due <= moment }
            pending.removeAll { $0.due <= moment }
            try send(outgoing)
        }
        output(summary(sent: counts, seen: engine.seen, seconds: Date().timeIntervalSince(started)))
        return 0
    }

    /// Whether `consumer` owns `partitions` partitions and knows where each ends (its
    /// "latest" position is fixed: a record published from now on will reach it).
    static func isPositioned(_ consumer: KafkaConsumer, partitions: Int) -> Bool {
        guard partitions > 0, consumer.assignment.count >= partitions else { return false }
        let lags = consumer.lag()
        return lags.count >= partitions && !lags.values.contains(-1)
    }

    static func source(of type: EventType) -> String {
        switch type {
        case .requestSubmitted, .requestCancelled: return "crm"
        case .technicianUpserted: return "hr-roster"
        case .providerUpserted: return "partner-portal"
        case .remoteResolved, .remoteFailed: return "contact-centre"
        case .auditRecorded: return "supervisor-app"
        case .paymentRecorded: return "payment-terminal"
        case .partUpserted, .warehouseUpserted, .stockReceived, .stockCounted: return "warehouse"
        case .surveyAnswered: return "customer-app"
        default: return "technician-app"
        }
    }

    static func summary(sent: [String: Int], seen: [String: Int], seconds: TimeInterval) -> String {
        var lines = [String(format: "simulation summary after %.0f s", seconds), "sent (as outside systems):"]
        for (type, count) in sent.sorted(by: { $0.key < $1.key }) { lines.append("  \(type.padding(toLength: 24, withPad: " ", startingAt: 0)) \(count)") }
        lines.append("seen from the platform:")
        for (type, count) in seen.sorted(by: { $0.key < $1.key }) { lines.append("  \(type.padding(toLength: 24, withPad: " ", startingAt: 0)) \(count)") }
        return lines.joined(separator: "\n")
    }
}
