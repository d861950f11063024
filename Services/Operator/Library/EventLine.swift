import Foundation
import Schema

// MARK: - One readable line per event

/// Renders an event as one line for operators: time, type, key and the fields that matter
/// for that type. Never prints customer PII (names, phones, addresses), even for
/// `request.submitted`.
public struct EventLineRenderer: Sendable {
    public var color: Bool

    public init(color: Bool) { self.color = color }

    public func render(_ envelope: Envelope, key: String?) -> String {
        let time = Self.clockTime(envelope.occurredAt)
        let type = envelope.type.padding(toLength: 22, withPad: " ", startingAt: 0)
        let subject = key ?? Self.subject(of: envelope) ?? "-"
        let fields = Self.fields(of: envelope).map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        let line = "\(time) \(paint(type, for: envelope)) \(subject.padding(toLength: 20, withPad: " ", startingAt: 0)) \(fields)"
        return line.trimmingCharacters(in: .whitespaces)
    }

    // MARK: Fields per type

    /// The aggregate id named by the envelope's data, when there is no message key.
    static func subject(of envelope: Envelope) -> String? {
        for path in ["ticketId", "requestId", "partNumber", "technicianId", "subject", "alertId", "warehouseId"] {
            if let value = envelope.data.text(at: path) { return value }
        }
        return nil
    }

    /// The fields worth showing for each event type, in order.
    static func fields(of envelope: Envelope) -> [(String, String)] {
        let data = envelope.data
        func pick(_ paths: [(String, String)]) -> [(String, String)] {
            paths.compactMap { label, path in data.text(at: path).map { (label, $0) } }
        }
        switch envelope.eventType {
        case .requestSubmitted:
            return pick([("channel", "channel"), ("kind", "kind"), ("category", "product.category"),
                         ("model", "product.model"), ("region", "customer.region")])
        case .requestCancelled:
            return pick([("reason", "reason")])
        case .requestRejected:
            let reasons = data.array(at: "reasons").compactMap { reason -> String? in
                guard let field = reason.text(at: "field"), let code = reason.text(at: "code") else { return nil }
                return "\(field):\(code)"
            }
            return [("reasons", reasons.joined(separator: ","))]
        case .ticketOpened:
            return pick([("priority", "priority"), ("fault", "fault.category"), ("hazard", "fault.safetyHazard"),
                         ("warranty", "warranty.status"), ("category", "product.category"), ("model", "product.model"),
                         ("region", "region"), ("request", "requestId"), ("repeatOf", "repeatOf")])
        case .ticketAssigned:
            return pick([("technician", "technicianId"), ("km", "distanceKm"), ("attempt", "attempt")])
        case .ticketUnassignable, .ticketReopened, .ticketCancelled, .ticketClosed:
            return pick([("reason", "reason")])
        case .ticketCompleted:
            return pick([("technician", "technicianId"), ("resolved", "resolved"), ("firstTimeFix", "firstTimeFix")])
        case .partsRequested, .partsReserved, .partsBackordered, .partsConsumed, .partsReleased:
            let lines = data.array(at: "lines").compactMap { line -> String? in
                guard let part = line.text(at: "partNumber"), let quantity = line.text(at: "quantity") else { return nil }
                return line.text(at: "warehouseId").map { "\(part)x\(quantity)@\($0)" } ?? "\(part)x\(quantity)"
            }
            return [("lines", lines.joined(separator: ","))] + pick([("expectedBy", "expectedBy")])
        case .stockLow:
            return pick([("warehouse", "warehouseId"), ("available", "available"), ("reorderPoint", "reorderPoint")])
        case .reorderSuggested:
            return pick([("warehouse", "warehouseId"), ("quantity", "quantity"), ("reason", "reason")])
        case .surveyRequested:
            return pick([("survey", "surveyId")])
        case .surveyCompleted:
            return pick([("average", "average"), ("satisfied", "satisfied")])
        case .surveyAnswered:
            return pick([("attitude", "scores.attitude"), ("efficiency", "scores.efficiency"),
                         ("quality", "scores.quality"), ("resolved", "resolved")])
        case .complaintOpened:
            return pick([("severity", "severity"), ("reason", "reason")])
        case .alertRaised, .alertEscalated, .alertResolved:
            return pick([("rule", "rule"), ("severity", "severity"), ("message", "message")])
        case .kpiSnapshot:
            let figures = data.object(at: "figures")
            let shown = ["tickets.opened", "sla.resolve.compliance", "ftf.rate", "csat"].compactMap { name in
                figures[name].flatMap { $0.numberText }.map { (name, $0) }
            }
            return pick([("window", "window")]) + shown
        case .messageDeadLettered:
            return pick([("service", "service"), ("topic", "topic"), ("offset", "offset"), ("reason", "reason")])
        case .technicianUpserted:
            return pick([("region", "region"), ("capacity", "dailyCapacity"), ("active", "active")])
        case .stockReceived:
            return pick([("warehouse", "warehouseId"), ("quantity", "quantity")])
        default:
            return pick([("technician", "technicianId")])
        }
    }

    // MARK: Colour

    private func paint(_ text: String, for envelope: Envelope) -> String {
        guard color else { return text }
        let code: String
        switch envelope.eventType {
        case .requestRejected, .messageDeadLettered, .ticketUnassignable: code = "31"          // red
        case .alertRaised, .alertEscalated, .complaintOpened, .stockLow: code = "33"          // yellow
        case .alertResolved, .ticketCompleted, .ticketClosed, .surveyCompleted: code = "32"   // green
        case .ticketOpened: code = envelope.data.text(at: "priority") == "emergency" ? "1;31" : "36"
        default: code = "36"                                                                          // cyan
        }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    static func clockTime(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }
}

// MARK: - Reading JSON values by path

extension JSONValue {
    /// The value at a dotted path such as `product.category`.
    func value(at path: String) -> JSONValue? {
        var current: JSONValue = self
        for component in path.split(separator: ".") {
            guard case .object(let object) = current, let next = object[String(component)] else { return nil }
            current = next
        }
        return current
    }

    /// The value at `path` as display text (strings, numbers, booleans); nil otherwise.
    func text(at path: String) -> String? {
        switch value(at: path) {
        case .string(let text)?: return text
        case .bool(let flag)?: return flag ? "true" : "false"
        case .number?: return value(at: path)?.numberText
        default: return nil
        }
    }

    func array(at path: String) -> [JSONValue] {
        if case .array(let items)? = value(at: path) { return items }
        return []
    }

    func object(at path: String) -> [String: JSONValue] {
        if case .object(let object)? = value(at: path) { return object }
        return [:]
    }

    func number(at path: String) -> Double? {
        if case .number(let number)? = value(at: path) { return number }
        return nil
    }

    /// A number without a needless ".0", rounded to two decimals.
    var numberText: String? {
        guard case .number(let number) = self else { return nil }
        if number == number.rounded() && abs(number) < 1e15 { return String(Int(number)) }
        return String(format: "%.2f", number)
    }
}
