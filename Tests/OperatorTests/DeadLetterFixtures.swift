import Foundation
@testable import OperatorTool
import Schema

/// Dead letters and originals for the dead-letter tests.
enum DeadLetterFixtures {
    static let base = Date(timeIntervalSince1970: 1_796_169_600)   // 2026-12-02T00:00:00Z

    /// A customer's request with personal data in every place it turns up.
    static func request(id: String = "REQ-PII-1") -> Envelope {
        Envelope(id: "orig-\(id)", type: EventType.requestSubmitted.rawValue, occurredAt: base, source: "crm",
                 correlationId: id, causationId: nil, data: [
                     "requestId": .string(id), "channel": "hotline", "kind": "repair",
                     "customer": ["id": "C-77", "name": "王伟", "phone": "13800138000", "address": "上海市浦东新区世纪大道1号",
                                  "region": "shanghai", "location": ["lat": 31.23, "lon": 121.47]],
                     "product": ["sku": "SKU-FRIDGE-1", "category": "refrigerator", "model": "RF-100",
                                 "serialNumber": "SN-20260110-0001", "purchaseDate": "2026-01-10"],
                     "description": "王伟家的冰箱不制冷，请打１３９１２３４５６７８或 138-0013-8000 联系",
                 ])
    }

    static func accepted(ticketId: String = "AS-DL-1") -> Envelope {
        Envelope(id: "orig-\(ticketId)", type: EventType.assignmentAccepted.rawValue, version: 1,
                 occurredAt: base.addingTimeInterval(-60), source: "technician-app", correlationId: "REQ-DL-1",
                 causationId: "cause-1", data: ["ticketId": .string(ticketId), "technicianId": "T-1"])
    }

    /// The envelope of a dead letter of `original` bytes, as the runtime writes it.
    static func letter(_ original: [UInt8], id: String = "dl-0001-aaaa-bbbb", service: String = "dispatch",
                       topic: String = "aftersales.field", partition: Int = 2, offset: Int64 = 17, key: String? = "AS-DL-1",
                       reason: String = "dispatch failed to apply assignment.accepted: unknown ticket",
                       at seconds: TimeInterval = 0, truncateTo limit: Int? = nil, copy: [UInt8]? = nil) -> Envelope {
        var payload = MessageDeadLettered(service: service, topic: topic, partition: partition, offset: offset, key: key,
                                          original: original, reason: reason)
        if let limit {
            payload.value = Data(original.prefix(limit)).base64EncodedString()
            payload.valueTruncated = true
        }
        if let copy { payload.value = Data(copy).base64EncodedString() }
        return Envelope(payload: payload, source: service, correlationId: "REQ-DL-1", causationId: "orig",
                        id: id, occurredAt: base.addingTimeInterval(seconds))
    }

    static func deadLetter(_ envelope: Envelope) -> DeadLetter {
        DeadLetter(envelope: envelope)!
    }

    static let personalData = ["王伟", "13800138000", "世纪大道", "13912345678", "１３９１２３４５６７８", "138-0013-8000"]
}
