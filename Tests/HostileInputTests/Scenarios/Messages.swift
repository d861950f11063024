import Foundation
import Schema

/// Valid messages of every type the scenarios send, as producers write them (DESIGN.md field
/// names), built as JSON so that they do not depend on the payload structs' initialisers.
enum Messages {
    static let day = "2026-11-22"
    static func at(hours: Double) -> JSONValue {
        .string(Timestamp.format(Wire.occurredAt.addingTimeInterval(hours * 3600)))
    }
    static func point(_ lat: Double, _ lon: Double) -> JSONValue { ["lat": .number(lat), "lon": .number(lon)] }
    static func line(_ part: String, _ quantity: Int, warehouse: String? = nil) -> JSONValue {
        var line: [String: JSONValue] = ["partNumber": .string(part), "quantity": .number(Double(quantity))]
        if let warehouse { line["warehouseId"] = .string(warehouse) }
        return .object(line)
    }

    // MARK: Requests

    static func requestSubmitted(_ requestId: String, serial: String? = nil, location: (Double, Double) = (31.2304, 121.4737),
                                 description: String = "冰箱不制冷, fridge not cooling") -> Message {
        Message(type: "request.submitted", data: [
            "requestId": .string(requestId), "channel": "hotline", "kind": "repair",
            "customer": ["id": .string("CUST-\(requestId)"), "name": "王小明", "phone": "13800138000",
                         "address": "上海市浦东新区世纪大道 1 号", "region": "shanghai",
                         "location": point(location.0, location.1)],
            "product": ["sku": "RF-500-W", "category": "refrigerator", "model": "RF-500",
                        "serialNumber": .string(serial ?? "SN-\(requestId)"), "purchaseDate": "2026-06-01"],
            "description": .string(description), "preferredTime": "weekday mornings",
        ], key: requestId)
    }

    static func requestCancelled(_ requestId: String) -> Message {
        Message(type: "request.cancelled", data: ["requestId": .string(requestId), "reason": "fixed it myself"], key: requestId)
    }

    static func requestRejected(_ requestId: String) -> Message {
        Message(type: "request.rejected", data: [
            "requestId": .string(requestId),
            "reasons": [["field": "customer.phone", "code": "invalid-format", "message": "not a phone number"]],
        ], key: requestId)
    }

    // MARK: Tickets

    static func ticketOpened(_ ticketId: String, location: (Double, Double) = (31.2304, 121.4737), region: String = "shanghai",
                             model: String = "RF-500", hazard: Bool = false, warranty: String = "in-warranty") -> Message {
        Message(type: "ticket.opened", data: [
            "ticketId": .string(ticketId), "requestId": .string("REQ-\(ticketId)"), "kind": "repair", "channel": "hotline",
            "customerId": .string("CUST-\(ticketId)"), "region": .string(region), "location": point(location.0, location.1),
            "product": ["sku": "RF-500-W", "category": "refrigerator", "model": .string(model), "serialNumber": "SN-1",
                        "purchaseDate": "2026-06-01"],
            "warranty": ["status": .string(warranty), "expiresOn": "2027-06-01"],
            "fault": ["category": "hardware", "safetyHazard": .bool(hazard)], "priority": .string(hazard ? "emergency" : "normal"),
            "sla": ["respondBy": at(hours: 24), "onSiteBy": at(hours: 48), "resolveBy": at(hours: 72)],
            "repeatOf": "TK-EARLIER", "description": "fridge not cooling",
        ], key: ticketId)
    }

    static func ticketCompleted(_ ticketId: String, technician: String = "TECH-H") -> Message {
        Message(type: "ticket.completed", data: [
            "ticketId": .string(ticketId), "technicianId": .string(technician), "resolved": true, "firstTimeFix": true,
            "partsUsed": [line("P-RELAY-1", 1)],
        ], key: ticketId)
    }

    static func ticketCancelled(_ ticketId: String) -> Message {
        Message(type: "ticket.cancelled", data: ["ticketId": .string(ticketId), "reason": "request cancelled"], key: ticketId)
    }

    static func ticketClosed(_ ticketId: String) -> Message {
        Message(type: "ticket.closed", data: ["ticketId": .string(ticketId), "reason": "survey-satisfied"], key: ticketId)
    }

    // MARK: Field

    static func field(_ type: String, _ ticketId: String, technician: String = "TECH-H",
                      extra: [String: JSONValue] = [:]) -> Message {
        var data: [String: JSONValue] = ["ticketId": .string(ticketId), "technicianId": .string(technician)]
        data.merge(extra) { $1 }
        return Message(type: type, data: data, key: ticketId)
    }

    static func diagnosisReported(_ ticketId: String, technician: String = "TECH-H") -> Message {
        field("diagnosis.reported", ticketId, technician: technician, extra: [
            "finding": "compressor relay burnt", "parts": [line("P-RELAY-1", 1)],
            "quote": ["labour": 120.5, "parts": 80, "currency": "CNY"],
        ])
    }

    static func workCompleted(_ ticketId: String, technician: String = "TECH-H") -> Message {
        field("work.completed", ticketId, technician: technician, extra: [
            "resolved": true, "partsUsed": [line("P-RELAY-1", 1)], "signedOffBy": "customer",
        ])
    }

    // MARK: Roster and stock

    static func technicianUpserted(_ technicianId: String, region: String = "shanghai",
                                   location: (Double, Double) = (31.2304, 121.4737), capacity: Int = 1000) -> Message {
        Message(type: "technician.upserted", data: [
            "technicianId": .string(technicianId), "name": "Li Wei", "skills": ["refrigerator", "air-conditioner"],
            "region": .string(region), "location": point(location.0, location.1),
            "dailyCapacity": .number(Double(capacity)), "active": true,
        ], key: technicianId)
    }

    static func partUpserted(_ partNumber: String, leadTimeDays: Int = 5) -> Message {
        Message(type: "part.upserted", data: [
            "partNumber": .string(partNumber), "name": "Compressor relay", "unitPrice": 35.5, "currency": "CNY",
            "leadTimeDays": .number(Double(leadTimeDays)), "reorderPoint": 0, "supplier": "Acme Parts",
        ], key: partNumber)
    }

    static func warehouseUpserted(_ warehouseId: String, key: String? = nil) -> Message {
        Message(type: "warehouse.upserted", data: [
            "warehouseId": .string(warehouseId), "region": "shanghai", "location": point(31.1, 121.3),
        ], key: key ?? warehouseId)
    }

    static func stockReceived(_ partNumber: String, warehouse: String = "WH-H", quantity: Int = 5) -> Message {
        Message(type: "stock.received", data: [
            "partNumber": .string(partNumber), "warehouseId": .string(warehouse), "quantity": .number(Double(quantity)),
        ], key: partNumber)
    }

    static func stockCounted(_ partNumber: String, warehouse: String = "WH-H", counted: Int = 5) -> Message {
        Message(type: "stock.counted", data: [
            "partNumber": .string(partNumber), "warehouseId": .string(warehouse), "countedQuantity": .number(Double(counted)),
        ], key: partNumber)
    }

    // MARK: Parts

    static func partsRequested(_ ticketId: String, part: String = "P-H", quantity: Int = 1) -> Message {
        Message(type: "parts.requested", data: [
            "ticketId": .string(ticketId), "technicianId": "TECH-H", "region": "shanghai", "location": point(31.2, 121.5),
            "lines": [line(part, quantity)],
        ], key: ticketId)
    }

    static func partsBackordered(_ ticketId: String) -> Message {
        Message(type: "parts.backordered", data: [
            "ticketId": .string(ticketId), "lines": [line("P-RELAY-1", 1, warehouse: "WH-SH")], "expectedBy": at(hours: 120),
        ], key: ticketId)
    }

    static func partsReserved(_ ticketId: String) -> Message {
        Message(type: "parts.reserved", data: [
            "ticketId": .string(ticketId), "lines": [line("P-RELAY-1", 1, warehouse: "WH-SH")],
        ], key: ticketId)
    }

    // MARK: Inventory, surveys, alerts

    static func stockLow(_ partNumber: String) -> Message {
        Message(type: "stock.low", data: [
            "partNumber": .string(partNumber), "warehouseId": "WH-SH", "available": 1, "reorderPoint": 5,
        ], key: partNumber)
    }

    static func surveyAnswered(_ ticketId: String) -> Message {
        Message(type: "survey.answered", data: [
            "ticketId": .string(ticketId), "scores": ["attitude": 5, "efficiency": 4, "quality": 5], "resolved": true,
            "comment": "quick and tidy",
        ], key: ticketId)
    }

    static func auditRequested(_ ticketId: String) -> Message {
        Message(type: "audit.requested", data: ["ticketId": .string(ticketId), "auditId": .string("AUD-\(ticketId)-1")], key: ticketId)
    }

    static func auditRecorded(_ ticketId: String) -> Message {
        Message(type: "audit.recorded", data: [
            "ticketId": .string(ticketId), "auditId": .string("AUD-\(ticketId)-1"), "passed": false,
            "findings": [["code": "parts-not-replaced", "severity": "high"]],
        ], key: ticketId)
    }

    static func surveyCompleted(_ ticketId: String, surveyId: String? = nil) -> Message {
        Message(type: "survey.completed", data: [
            "ticketId": .string(ticketId), "surveyId": .string(surveyId ?? "SV-\(ticketId)"),
            "scores": ["attitude": 5, "efficiency": 4, "quality": 5], "average": 4.67, "satisfied": true,
        ], key: ticketId)
    }

    static func messageDeadLettered(_ key: String) -> Message {
        Message(type: "message.dead-lettered", data: [
            "service": "dispatch", "topic": "aftersales.field", "partition": 3, "offset": 12345, "key": .string(key),
            "value": "eyJub3QiOiJ2YWxpZCJ9", "reason": "not a valid event envelope: missing field 'type'",
        ], key: key)
    }
}
