import Foundation
import Schema

/// Valid sample `data` of every event type of the contract (DESIGN.md, December additions
/// included), with placeholders the fuzzer fills from small pools of ids so that random
/// messages meet each other: {T} ticket, {R} request, {H} technician, {P} part, {W} warehouse,
/// {S} survey. Types the schema module does not know yet are delivered all the same (they
/// count as unknown types until it does).
enum SampleCatalog {
    struct Sample {
        let type: String
        let topic: String
        let template: String
    }

    static let samples: [Sample] = [
        // MARK: Inbound
        .init(type: "request.submitted", topic: "aftersales.requests", template: """
            {"requestId": "{R}", "channel": "hotline", "kind": "repair",
             "customer": {"id": "CUST-{R}", "name": "王小明", "phone": "13800138000",
                          "address": "上海市浦东新区 1 号", "region": "shanghai",
                          "location": {"lat": 31.2304, "lon": 121.4737}},
             "product": {"sku": "RF-500-W", "category": "refrigerator", "model": "RF-500",
                         "serialNumber": "SN-{T}", "purchaseDate": "2026-06-01"},
             "description": "冰箱不制冷, fridge not cooling", "preferredTime": "weekday mornings"}
            """),
        .init(type: "request.cancelled", topic: "aftersales.requests", template: #"{"requestId": "{R}", "reason": "customer fixed it"}"#),
        .init(type: "assignment.accepted", topic: "aftersales.field", template: #"{"ticketId": "{T}", "technicianId": "{H}"}"#),
        .init(type: "assignment.declined", topic: "aftersales.field",
              template: #"{"ticketId": "{T}", "technicianId": "{H}", "reason": "too far"}"#),
        .init(type: "visit.scheduled", topic: "aftersales.field", template: """
            {"ticketId": "{T}", "technicianId": "{H}", "scheduledFor": "2026-11-23T09:30:00Z", "requestedBy": "customer"}
            """),
        .init(type: "visit.started", topic: "aftersales.field", template: #"{"ticketId": "{T}", "technicianId": "{H}"}"#),
        .init(type: "diagnosis.reported", topic: "aftersales.field", template: """
            {"ticketId": "{T}", "technicianId": "{H}", "finding": "compressor relay burnt",
             "parts": [{"partNumber": "{P}", "quantity": 1}, {"partNumber": "P-GASKET", "quantity": 2}],
             "quote": {"labour": 120.5, "parts": 80, "currency": "CNY"}}
            """),
        .init(type: "quote.approved", topic: "aftersales.field", template: #"{"ticketId": "{T}"}"#),
        .init(type: "quote.declined", topic: "aftersales.field", template: #"{"ticketId": "{T}"}"#),
        .init(type: "work.completed", topic: "aftersales.field", template: """
            {"ticketId": "{T}", "technicianId": "{H}", "resolved": true,
             "partsUsed": [{"partNumber": "{P}", "quantity": 1}], "signedOffBy": "customer"}
            """),
        .init(type: "technician.upserted", topic: "aftersales.roster", template: """
            {"technicianId": "{H}", "name": "Li Wei", "skills": ["refrigerator", "air-conditioner"],
             "region": "shanghai", "location": {"lat": 31.2, "lon": 121.5}, "dailyCapacity": 50, "active": true}
            """),
        .init(type: "part.upserted", topic: "aftersales.stock", template: """
            {"partNumber": "{P}", "name": "Compressor relay", "unitPrice": 35.5, "currency": "CNY",
             "leadTimeDays": 5, "reorderPoint": 10, "supplier": "Acme Parts"}
            """),
        .init(type: "warehouse.upserted", topic: "aftersales.stock",
              template: #"{"warehouseId": "{W}", "region": "shanghai", "location": {"lat": 31.1, "lon": 121.3}}"#),
        .init(type: "stock.received", topic: "aftersales.stock", template: #"{"partNumber": "{P}", "warehouseId": "{W}", "quantity": 50}"#),
        .init(type: "stock.counted", topic: "aftersales.stock",
              template: #"{"partNumber": "{P}", "warehouseId": "{W}", "countedQuantity": 20}"#),
        .init(type: "survey.answered", topic: "aftersales.survey-responses", template: """
            {"ticketId": "{T}", "scores": {"attitude": 5, "efficiency": 4, "quality": 3}, "resolved": true, "comment": "快, quick"}
            """),
        .init(type: "complaint.investigating", topic: "aftersales.survey-responses",
              template: #"{"ticketId": "{T}", "complaintId": "CMP-{S}", "operator": "li.na"}"#),
        .init(type: "complaint.resolved", topic: "aftersales.survey-responses",
              template: #"{"ticketId": "{T}", "complaintId": "CMP-{S}", "resolution": "second visit"}"#),
        .init(type: "visit.failed", topic: "aftersales.field",
              template: #"{"ticketId": "{T}", "technicianId": "{H}", "reason": "customer-absent"}"#),
        .init(type: "assignment.returned", topic: "aftersales.field",
              template: #"{"ticketId": "{T}", "technicianId": "{H}", "reason": "van broke down"}"#),
        .init(type: "payment.recorded", topic: "aftersales.field", template: """
            {"ticketId": "{T}", "invoiceId": "INV-{T}", "amount": 200.5, "currency": "CNY", "method": "wechat-pay"}
            """),
        .init(type: "remote.resolved", topic: "aftersales.field",
              template: #"{"ticketId": "{T}", "agentId": "AG-7", "resolution": "router restarted"}"#),
        .init(type: "remote.failed", topic: "aftersales.field",
              template: #"{"ticketId": "{T}", "agentId": "AG-7", "reason": "customer cannot reach the device"}"#),
        .init(type: "provider.upserted", topic: "aftersales.roster", template: """
            {"providerId": "PRV-{H}", "name": "浦东服务网点", "regions": ["shanghai"], "active": true,
             "rates": {"visit": 80, "currency": "CNY"}}
            """),
        .init(type: "audit.recorded", topic: "aftersales.survey-responses", template: """
            {"ticketId": "{T}", "auditId": "AU-{S}", "passed": false, "findings": [{"code": "overcharged", "severity": "major"}]}
            """),

        // MARK: Platform
        .init(type: "request.rejected", topic: "aftersales.rejections", template: """
            {"requestId": "{R}", "reasons": [{"field": "customer.location.lat", "code": "out-of-range", "message": "latitude"}]}
            """),
        .init(type: "ticket.opened", topic: "aftersales.tickets", template: """
            {"ticketId": "{T}", "requestId": "{R}", "kind": "repair", "channel": "hotline",
             "customerId": "CUST-{R}", "region": "shanghai", "location": {"lat": 31.2304, "lon": 121.4737},
             "product": {"sku": "RF-500-W", "category": "refrigerator", "model": "RF-500",
                         "serialNumber": "SN-{T}", "purchaseDate": "2025-06-01"},
             "warranty": {"status": "in-warranty", "expiresOn": "2027-06-01"},
             "fault": {"category": "hardware", "safetyHazard": false}, "priority": "normal",
             "sla": {"respondBy": "2026-11-23T08:00:00Z", "onSiteBy": "2026-11-24T08:00:00Z",
                     "resolveBy": "2026-11-25T08:00:00Z"}, "description": "fridge not cooling"}
            """),
        .init(type: "ticket.assigned", topic: "aftersales.tickets",
              template: #"{"ticketId": "{T}", "technicianId": "{H}", "distanceKm": 3.25, "attempt": 1}"#),
        .init(type: "ticket.unassignable", topic: "aftersales.tickets", template: #"{"ticketId": "{T}", "reason": "no-skill"}"#),
        .init(type: "ticket.accepted", topic: "aftersales.tickets", template: #"{"ticketId": "{T}", "technicianId": "{H}"}"#),
        .init(type: "ticket.scheduled", topic: "aftersales.tickets", template: #"{"ticketId": "{T}", "technicianId": "{H}"}"#),
        .init(type: "ticket.on-site", topic: "aftersales.tickets", template: #"{"ticketId": "{T}", "technicianId": "{H}"}"#),
        .init(type: "ticket.diagnosed", topic: "aftersales.tickets", template: #"{"ticketId": "{T}", "technicianId": "{H}"}"#),
        .init(type: "ticket.quoted", topic: "aftersales.tickets", template: #"{"ticketId": "{T}", "technicianId": "{H}"}"#),
        .init(type: "ticket.waiting-parts", topic: "aftersales.tickets", template: #"{"ticketId": "{T}", "technicianId": "{H}"}"#),
        .init(type: "ticket.completed", topic: "aftersales.tickets", template: """
            {"ticketId": "{T}", "technicianId": "{H}", "resolved": true, "firstTimeFix": false,
             "partsUsed": [{"partNumber": "{P}", "quantity": 1}]}
            """),
        .init(type: "ticket.reopened", topic: "aftersales.tickets", template: #"{"ticketId": "{T}", "reason": "complaint"}"#),
        .init(type: "ticket.cancelled", topic: "aftersales.tickets", template: #"{"ticketId": "{T}", "reason": "request cancelled"}"#),
        .init(type: "ticket.closed", topic: "aftersales.tickets", template: #"{"ticketId": "{T}", "reason": "survey completed"}"#),
        .init(type: "ticket.on-hold", topic: "aftersales.tickets",
              template: #"{"ticketId": "{T}", "reason": "customer-unreachable", "since": "2026-11-23T09:45:00Z"}"#),
        .init(type: "ticket.resumed", topic: "aftersales.tickets",
              template: #"{"ticketId": "{T}", "reason": "visit-scheduled", "heldSeconds": 86400}"#),
        .init(type: "ticket.visit-failed", topic: "aftersales.tickets",
              template: #"{"ticketId": "{T}", "technicianId": "{H}", "reason": "customer-absent", "visit": 1}"#),
        .init(type: "ticket.invoiced", topic: "aftersales.tickets", template: """
            {"ticketId": "{T}", "invoiceId": "INV-{T}", "chargeable": true,
             "lines": [{"kind": "labour", "quantity": 1, "unitPrice": 120.5, "amount": 120.5}], "total": 120.5, "currency": "CNY"}
            """),
        .init(type: "ticket.paid", topic: "aftersales.tickets",
              template: #"{"ticketId": "{T}", "invoiceId": "INV-{T}", "amount": 120.5, "currency": "CNY"}"#),
        .init(type: "parts.requested", topic: "aftersales.parts", template: """
            {"ticketId": "{T}", "technicianId": "{H}", "region": "shanghai",
             "location": {"lat": 31.2, "lon": 121.5}, "lines": [{"partNumber": "{P}", "quantity": 2}]}
            """),
        .init(type: "parts.reserved", topic: "aftersales.parts",
              template: #"{"ticketId": "{T}", "lines": [{"partNumber": "{P}", "quantity": 2, "warehouseId": "{W}"}]}"#),
        .init(type: "parts.backordered", topic: "aftersales.parts", template: """
            {"ticketId": "{T}", "lines": [{"partNumber": "{P}", "quantity": 1, "warehouseId": "{W}"}],
             "expectedBy": "2026-11-27T08:00:00Z"}
            """),
        .init(type: "parts.consumed", topic: "aftersales.parts", template: #"{"ticketId": "{T}", "lines": [{"partNumber": "{P}", "quantity": 1}]}"#),
        .init(type: "parts.released", topic: "aftersales.parts", template: #"{"ticketId": "{T}", "lines": [{"partNumber": "{P}", "quantity": 1}]}"#),
        .init(type: "stock.low", topic: "aftersales.inventory",
              template: #"{"partNumber": "{P}", "warehouseId": "{W}", "available": 3, "reorderPoint": 10}"#),
        .init(type: "reorder.suggested", topic: "aftersales.inventory",
              template: #"{"partNumber": "{P}", "warehouseId": "{W}", "quantity": 40, "reason": "below reorder point"}"#),
        .init(type: "survey.requested", topic: "aftersales.surveys",
              template: #"{"ticketId": "{T}", "surveyId": "SV-{S}", "customerId": "CUST-1"}"#),
        .init(type: "survey.completed", topic: "aftersales.surveys", template: """
            {"ticketId": "{T}", "surveyId": "SV-{S}", "scores": {"attitude": 5, "efficiency": 4, "quality": 3},
             "average": 4, "satisfied": true}
            """),
        .init(type: "survey.expired", topic: "aftersales.surveys", template: #"{"ticketId": "{T}", "surveyId": "SV-{S}"}"#),
        .init(type: "complaint.opened", topic: "aftersales.surveys",
              template: #"{"ticketId": "{T}", "complaintId": "CMP-{S}", "severity": "high", "reason": "score 2"}"#),
        .init(type: "audit.requested", topic: "aftersales.surveys", template: #"{"ticketId": "{T}", "auditId": "AU-{S}"}"#),
        .init(type: "alert.raised", topic: "aftersales.alerts", template: """
            {"alertId": "AL-{T}", "rule": "sla-at-risk", "severity": "warning", "subject": "{T}", "message": "80% gone"}
            """),
        .init(type: "alert.escalated", topic: "aftersales.alerts", template: """
            {"alertId": "AL-{T}", "rule": "sla-breached", "severity": "critical", "subject": "{T}", "message": "breached"}
            """),
        .init(type: "alert.resolved", topic: "aftersales.alerts",
              template: #"{"alertId": "AL-{T}", "rule": "sla-at-risk", "severity": "info", "subject": "{T}", "message": "ok"}"#),
        .init(type: "compensation.granted", topic: "aftersales.alerts", template: """
            {"ticketId": "{T}", "customerId": "CUST-1", "kind": "voucher", "amount": 50, "currency": "CNY", "reason": "resolve-breached"}
            """),
        .init(type: "kpi.snapshot", topic: "aftersales.kpis",
              template: #"{"window": "today", "figures": {"ticketsOpened": 120, "firstTimeFixRate": 0.82}}"#),
        .init(type: "settlement.statement", topic: "aftersales.kpis", template: """
            {"providerId": "PRV-1", "period": "2026-11", "visits": 1, "settleable": 1, "heldBack": 0, "amount": 80,
             "currency": "CNY", "lines": [{"ticketId": "{T}", "amount": 80, "status": "settleable"}]}
            """),
        .init(type: "message.dead-lettered", topic: "aftersales.dead-letters", template: """
            {"service": "dispatch", "topic": "aftersales.field", "partition": 3, "offset": 12345,
             "key": "{T}", "value": "eyJub3QiOiJ2YWxpZCJ9", "reason": "missing field 'type'"}
            """),
    ]

    /// The samples of the topics a service subscribes to.
    static func samples(on topics: [Topic]) -> [Sample] {
        let names = Set(topics.map(\.name))
        return samples.filter { names.contains($0.topic) }
    }
}
