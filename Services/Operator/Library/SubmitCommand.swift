import Foundation
import Kafka
import Schema

/// `aftersales submit`: builds a `request.submitted` from flags or a JSON file, produces it
/// on `aftersales.requests`, and with `--wait` prints the opened ticket or the rejection.
public enum SubmitCommand {
    /// The request's data object from flags (`--customer-id`, `--phone`, …).
    public static func requestData(fromFlags fields: [String: String], now: Date = Date()) throws(UsageError) -> [String: JSONValue] {
        func number(_ flag: String) throws(UsageError) -> JSONValue {
            guard let text = fields[flag] else { throw UsageError("--\(flag) is required when the request is given as flags") }
            guard let value = Double(text) else { throw UsageError("--\(flag) must be a number, not '\(text)'") }
            return .number(value)
        }
        func text(_ flag: String) throws(UsageError) -> JSONValue {
            guard let value = fields[flag], !value.isEmpty else {
                throw UsageError("--\(flag) is required when the request is given as flags")
            }
            return .string(value)
        }
        var product: [String: JSONValue] = [
            "sku": try text("sku"), "category": try text("category"), "model": try text("model"),
            "purchaseDate": try text("purchase-date"),
        ]
        if let serial = fields["serial"] { product["serialNumber"] = .string(serial) }
        var data: [String: JSONValue] = [
            "requestId": .string(fields["request-id"] ?? newRequestId(now: now)),
            "channel": .string(fields["channel"] ?? "hotline"),
            "kind": .string(fields["kind"] ?? "repair"),
            "customer": [
                "id": try text("customer-id"), "name": try text("name"), "phone": try text("phone"),
                "address": try text("address"), "region": try text("region"),
                "location": ["lat": try number("lat"), "lon": try number("lon")],
            ],
            "product": .object(product),
            "description": try text("description"),
        ]
        if let preferred = fields["preferred-time"] { data["preferredTime"] = .string(preferred) }
        return data
    }

    /// The request's data object from JSON text: either a whole envelope of type
    /// `request.submitted` or just its data object. Adds a request id when missing.
    public static func requestData(fromJSON bytes: Data, source: String, now: Date = Date()) throws -> [String: JSONValue] {
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: bytes)
        } catch {
            throw OperatorError("\(source) is not valid JSON: \(Self.describe(error))")
        }
        guard case .object(var object) = value else {
            throw OperatorError("\(source) must hold a JSON object (a request.submitted envelope or its data)")
        }
        if let type = object["type"], case .object(let data)? = object["data"] {
            guard type == .string(EventType.requestSubmitted.rawValue) else {
                throw OperatorError("\(source) holds a \(type.stringValue ?? "?") event; submit takes request.submitted")
            }
            object = data
        }
        if object["requestId"] == nil { object["requestId"] = .string(newRequestId(now: now)) }
        return object
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String ?? context.debugDescription
        }
        return "\(error)"
    }

    public static func newRequestId(now: Date) -> String {
        let day = Timestamp.format(now).prefix(10).replacingOccurrences(of: "-", with: "")
        return "REQ-\(day)-\(UUID().uuidString.prefix(8).uppercased())"
    }

    // MARK: Running

    public static func run(_ options: SubmitOptions, context: OperatorContext, output: (String) -> Void) throws -> Int32 {
        let data: [String: JSONValue]
        if let file = options.file {
            let bytes: Data
            if file == "-" {
                bytes = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let contents = FileManager.default.contents(atPath: file) else {
                    throw OperatorError("cannot read request file '\(file)': no such file or not readable")
                }
                bytes = contents
            }
            data = try requestData(fromJSON: bytes, source: file == "-" ? "standard input" : "'\(file)'")
        } else {
            data = try requestData(fromFlags: options.fields)
        }
        guard let requestId = data["requestId"]?.stringValue, !requestId.isEmpty else {
            throw OperatorError("the request has no requestId")
        }
        _ = try context.checkBroker()
        let envelope = Envelope(id: UUID().uuidString.lowercased(), type: EventType.requestSubmitted.rawValue, occurredAt: Date(),
                                source: "aftersales-cli", correlationId: options.fields["correlation-id"] ?? requestId, causationId: nil,
                                data: .object(data))
        let producer = try KafkaProducer(config: context.kafka)
        defer { producer.close() }
        guard options.wait else {
            try context.send(envelope, topic: Topic.requests.name, key: requestId, producer: producer)
            output(requestId)
            return 0
        }
        let consumer = try context.consumer(topics: [Topic.tickets.name, Topic.rejections.name], fromBeginning: false)
        defer { consumer.close() }
        let joinDeadline = Date().addingTimeInterval(30)
        while consumer.assignment.isEmpty && Date() < joinDeadline {
            _ = try consumer.poll(maxMessages: 100, timeout: .milliseconds(200))
        }
        // The "latest" positions are fetched from the broker after the assignment; keep
        // polling briefly so they are fixed before the request goes out and the answer
        // cannot land before them.
        let settle = Date().addingTimeInterval(2)
        while Date() < settle {
            _ = try consumer.poll(maxMessages: 100, timeout: .milliseconds(200))
        }
        try context.send(envelope, topic: Topic.requests.name, key: requestId, producer: producer)
        output("submitted \(requestId); waiting for the platform…")
        let deadline = Date().addingTimeInterval(options.timeout)
        while Date() < deadline {
            for record in try consumer.poll(maxMessages: 500, timeout: .milliseconds(250)) {
                guard let value = record.value, let answer = try? Envelope.decode(Data(value)),
                      answer.data.text(at: "requestId") == requestId else { continue }
                switch answer.eventType {
                case .ticketOpened:
                    output(describeTicket(answer))
                    return 0
                case .requestRejected:
                    output(describeRejection(answer))
                    return 1
                default:
                    continue
                }
            }
        }
        throw OperatorError("no ticket or rejection for \(requestId) within \(Int(options.timeout)) s; is the intake service running? (make status)")
    }

    public static func describeTicket(_ envelope: Envelope) -> String {
        let data = envelope.data
        var lines = ["ticket \(data.text(at: "ticketId") ?? "?") opened for request \(data.text(at: "requestId") ?? "?")"]
        for (label, path) in [("priority", "priority"), ("fault", "fault.category"), ("safety hazard", "fault.safetyHazard"),
                              ("warranty", "warranty.status"), ("warranty ends", "warranty.expiresOn"), ("repeat of", "repeatOf"),
                              ("respond by", "sla.respondBy"), ("on site by", "sla.onSiteBy"), ("resolve by", "sla.resolveBy")] {
            if let value = data.text(at: path) { lines.append("  \(label.padding(toLength: 14, withPad: " ", startingAt: 0)) \(value)") }
        }
        return lines.joined(separator: "\n")
    }

    public static func describeRejection(_ envelope: Envelope) -> String {
        var lines = ["request \(envelope.data.text(at: "requestId") ?? "?") rejected:"]
        for reason in envelope.data.array(at: "reasons") {
            lines.append("  \(reason.text(at: "field") ?? "?"): \(reason.text(at: "code") ?? "?") — \(reason.text(at: "message") ?? "")")
        }
        return lines.joined(separator: "\n")
    }
}
