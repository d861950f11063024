import Foundation
@testable import OperatorTool
import Schema

/// Envelopes for the console's tests, at fixed times from `ConsoleFixtures.base`.
enum ConsoleFixtures {
    /// 2026-12-02T08:00:00Z.
    static let base = Date(timeIntervalSince1970: 1_796_198_400)

    static func envelope(_ type: String, _ data: JSONValue, at seconds: TimeInterval = 0, id: String = UUID().uuidString.lowercased(),
                         causationId: String? = nil, source: String = "test") -> Envelope {
        Envelope(id: id, type: type, occurredAt: base.addingTimeInterval(seconds), source: source, correlationId: nil,
                 causationId: causationId, data: data)
    }

    static func opened(_ ticketId: String, requestId: String? = nil, at seconds: TimeInterval = 0, description: String? = nil,
                       priority: String = "high", region: String = "shanghai") -> Envelope {
        var data: [String: JSONValue] = [
            "ticketId": .string(ticketId), "requestId": .string(requestId ?? "REQ-\(ticketId)"), "priority": .string(priority),
            "region": .string(region), "customerId": "C-1", "fault": ["category": "hardware", "safetyHazard": false],
            "product": ["category": "refrigerator", "model": "RF-100"], "warranty": ["status": "in-warranty"],
            "sla": ["respondBy": .string(Timestamp.format(base.addingTimeInterval(seconds + 4 * 3600))),
                    "onSiteBy": .string(Timestamp.format(base.addingTimeInterval(seconds + 24 * 3600))),
                    "resolveBy": .string(Timestamp.format(base.addingTimeInterval(seconds + 48 * 3600)))],
        ]
        if let description { data["description"] = .string(description) }
        return envelope("ticket.opened", .object(data), at: seconds)
    }

    static func request(_ requestId: String, at seconds: TimeInterval = -5) -> Envelope {
        envelope("request.submitted", [
            "requestId": .string(requestId), "channel": "hotline", "kind": "repair",
            "customer": ["id": "C-1", "name": "王伟", "phone": "13800138000", "address": "上海市浦东新区世纪大道1号", "region": "shanghai"],
            "product": ["sku": "SKU-1", "category": "refrigerator", "model": "RF-100"],
            "description": "冰箱不制冷，请打 13800138000 联系",
        ], at: seconds)
    }

    static func alert(_ type: String = "alert.raised", id: String, severity: String = "warning", subject: String = "AS-1",
                      message: String = "needs attention", at seconds: TimeInterval = 0) -> Envelope {
        envelope(type, ["alertId": .string(id), "rule": "sla-at-risk", "severity": .string(severity), "subject": .string(subject),
                        "message": .string(message)], at: seconds)
    }

    static func kpi(window: String = "last-hour", figures: [String: Double], dimension: [String: String]? = nil,
                    at seconds: TimeInterval = 0) -> Envelope {
        var data: [String: JSONValue] = ["window": .string(window), "figures": .object(figures.mapValues(JSONValue.number))]
        if let dimension { data["dimension"] = .object(dimension.mapValues(JSONValue.string)) }
        return envelope("kpi.snapshot", .object(data), at: seconds)
    }

    static func complaint(_ id: String, ticket: String = "AS-1", severity: String = "high", reason: String = "technician was late",
                          at seconds: TimeInterval = 0) -> Envelope {
        envelope("complaint.opened", ["complaintId": .string(id), "ticketId": .string(ticket), "severity": .string(severity),
                                      "reason": .string(reason)], at: seconds)
    }

    /// A dead letter carrying a whole `ticket.assigned` original from aftersales.tickets.
    static func deadLetter(id: String, at seconds: TimeInterval = 0, topicPrefix: String = "") -> Envelope {
        let original = envelope("ticket.assigned", ["ticketId": "AS-1", "technicianId": "T-1", "distanceKm": 3, "attempt": 1])
        let payload = MessageDeadLettered(service: "alerting", topic: topicPrefix + "aftersales.tickets", partition: 2, offset: 41,
                                          key: "AS-1", original: Array(original.encoded()), reason: "handler failed: boom")
        return Envelope(payload: payload, source: "alerting", correlationId: nil, causationId: nil, id: id,
                        occurredAt: base.addingTimeInterval(seconds))
    }
}
