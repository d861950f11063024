import Schema

/// Representative `data` for every event type, written as DESIGN.md shows it.
enum Samples {
    static let data: [EventType: String] = [
        // MARK: Inbound
        .requestSubmitted: """
            {"requestId": "CRM-20261122-0001", "channel": "hotline", "kind": "repair",
             "customer": {"id": "CUST-1", "name": "王小明", "phone": "+86 138 0000 0000",
                          "address": "上海市浦东新区 1 号", "region": "shanghai",
                          "location": {"lat": 31.2304, "lon": 121.4737}},
             "product": {"sku": "RF-500-W", "category": "refrigerator", "model": "RF-500",
                         "serialNumber": "SN123", "purchaseDate": "2025-06-01"},
             "description": "冰箱不制冷, fridge not cooling", "preferredTime": "weekday mornings"}
            """,
        .requestCancelled: #"{"requestId": "CRM-1", "reason": "customer fixed it"}"#,
        .assignmentAccepted: #"{"ticketId": "TK-1", "technicianId": "TECH-1"}"#,
        .assignmentDeclined: #"{"ticketId": "TK-1", "technicianId": "TECH-1", "reason": "too far"}"#,
        .visitScheduled: """
            {"ticketId": "TK-1", "technicianId": "TECH-1", "scheduledFor": "2026-11-23T09:30:00Z", "requestedBy": "customer"}
            """,
        .visitStarted: #"{"ticketId": "TK-1", "technicianId": "TECH-1"}"#,
        .diagnosisReported: """
            {"ticketId": "TK-1", "technicianId": "TECH-1", "finding": "compressor relay burnt",
             "parts": [{"partNumber": "P-RELAY-1", "quantity": 1}, {"partNumber": "P-GASKET", "quantity": 2}],
             "quote": {"labour": 120.5, "parts": 80, "currency": "CNY"}}
            """,
        .quoteApproved: #"{"ticketId": "TK-1"}"#,
        .quoteDeclined: #"{"ticketId": "TK-1"}"#,
        .workCompleted: """
            {"ticketId": "TK-1", "technicianId": "TECH-1", "resolved": true,
             "partsUsed": [{"partNumber": "P-RELAY-1", "quantity": 1}], "signedOffBy": "customer",
             "evidence": {"photos": ["https://files.example/tk-1/1.jpg"], "oldPartSerials": ["OLD-1"],
                          "newPartSerials": ["NEW-1"],
                          "signature": {"signedBy": "customer", "signedAt": "2026-11-23T11:00:00Z",
                                        "uri": "https://files.example/tk-1/sig.png"}}}
            """,
        .technicianUpserted: """
            {"technicianId": "TECH-1", "name": "Li Wei", "skills": ["refrigerator", "air-conditioner"],
             "region": "shanghai", "location": {"lat": 31.2, "lon": 121.5}, "dailyCapacity": 6, "active": true,
             "certifications": [{"type": "refrigerant", "expiresOn": "2027-06-30"}], "providerId": "PRV-1"}
            """,
        .partUpserted: """
            {"partNumber": "P-RELAY-1", "name": "Compressor relay", "unitPrice": 35.5, "currency": "CNY",
             "leadTimeDays": 5, "reorderPoint": 10, "supplier": "Acme Parts"}
            """,
        .warehouseUpserted: #"{"warehouseId": "WH-SH", "region": "shanghai", "location": {"lat": 31.1, "lon": 121.3}}"#,
        .stockReceived: #"{"partNumber": "P-RELAY-1", "warehouseId": "WH-SH", "quantity": 50}"#,
        .stockCounted: #"{"partNumber": "P-RELAY-1", "warehouseId": "WH-SH", "countedQuantity": 0}"#,
        .surveyAnswered: """
            {"ticketId": "TK-1", "scores": {"attitude": 5, "efficiency": 4, "quality": 3}, "resolved": true,
             "comment": "快, quick"}
            """,
        .complaintInvestigating: #"{"ticketId": "TK-1", "complaintId": "CMP-1", "operator": "li.na"}"#,
        .complaintResolved: #"{"ticketId": "TK-1", "complaintId": "CMP-1", "resolution": "second visit, refund issued"}"#,
        .visitFailed: #"{"ticketId": "TK-1", "technicianId": "TECH-1", "reason": "customer-absent"}"#,
        .assignmentReturned: #"{"ticketId": "TK-1", "technicianId": "TECH-1", "reason": "van broke down"}"#,
        .paymentRecorded: """
            {"ticketId": "TK-1", "invoiceId": "INV-1", "amount": 200.5, "currency": "CNY", "method": "wechat-pay"}
            """,
        .remoteResolved: #"{"ticketId": "TK-1", "agentId": "AG-7", "resolution": "router restarted, fridge back online"}"#,
        .remoteFailed: #"{"ticketId": "TK-1", "agentId": "AG-7", "reason": "customer cannot reach the device"}"#,
        .providerUpserted: """
            {"providerId": "PRV-1", "name": "浦东服务网点", "regions": ["shanghai", "suzhou"], "active": true,
             "rates": {"visit": 80, "currency": "CNY"}}
            """,
        .auditRecorded: """
            {"ticketId": "TK-1", "auditId": "AU-1", "passed": false,
             "findings": [{"code": "no-shoe-covers", "severity": "minor"}, {"code": "overcharged", "severity": "major"}]}
            """,

        // MARK: Platform
        .requestRejected: """
            {"requestId": "CRM-2", "reasons": [{"field": "customer.location.lat", "code": "out-of-range",
             "message": "latitude must be between -90 and 90"}]}
            """,
        .ticketOpened: """
            {"ticketId": "TK-1", "requestId": "CRM-1", "kind": "repair", "channel": "hotline",
             "customerId": "CUST-1", "region": "shanghai", "location": {"lat": 31.2304, "lon": 121.4737},
             "product": {"sku": "RF-500-W", "category": "refrigerator", "model": "RF-500",
                         "serialNumber": "SN123", "purchaseDate": "2025-06-01"},
             "warranty": {"status": "in-warranty", "expiresOn": "2026-06-01"},
             "fault": {"category": "hardware", "safetyHazard": false}, "priority": "normal",
             "sla": {"respondBy": "2026-11-23T08:00:00Z", "onSiteBy": "2026-11-24T08:00:00Z",
                     "resolveBy": "2026-11-25T08:00:00Z"},
             "repeatOf": "TK-0", "description": "fridge not cooling",
             "remoteGuidance": {"playbookId": "PB-FRIDGE-WIFI", "steps": ["unplug for 30 s", "re-pair in the app"]}}
            """,
        .ticketAssigned: #"{"ticketId": "TK-1", "technicianId": "TECH-1", "distanceKm": 3.25, "attempt": 1}"#,
        .ticketUnassignable: #"{"ticketId": "TK-1", "reason": "no-skill"}"#,
        .ticketAccepted: #"{"ticketId": "TK-1", "technicianId": "TECH-1"}"#,
        .ticketScheduled: #"{"ticketId": "TK-1", "technicianId": "TECH-1", "visit": 1}"#,
        .ticketOnSite: #"{"ticketId": "TK-1", "technicianId": "TECH-1", "visit": 2}"#,
        .ticketDiagnosed: #"{"ticketId": "TK-1", "technicianId": "TECH-1"}"#,
        .ticketQuoted: #"{"ticketId": "TK-1", "technicianId": "TECH-1"}"#,
        .ticketWaitingParts: #"{"ticketId": "TK-1", "technicianId": "TECH-1"}"#,
        .ticketCompleted: """
            {"ticketId": "TK-1", "technicianId": "TECH-1", "resolved": true, "firstTimeFix": false,
             "partsUsed": [{"partNumber": "P-RELAY-1", "quantity": 1}], "resolvedRemotely": false, "visit": 2}
            """,
        .ticketReopened: #"{"ticketId": "TK-1", "reason": "complaint"}"#,
        .ticketCancelled: #"{"ticketId": "TK-1", "reason": "request cancelled"}"#,
        .ticketClosed: #"{"ticketId": "TK-1", "reason": "survey completed"}"#,
        .partsRequested: """
            {"ticketId": "TK-1", "technicianId": "TECH-1", "region": "shanghai",
             "location": {"lat": 31.2, "lon": 121.5}, "lines": [{"partNumber": "P-RELAY-1", "quantity": 2}]}
            """,
        .partsReserved: """
            {"ticketId": "TK-1", "lines": [{"partNumber": "P-RELAY-1", "quantity": 2, "warehouseId": "WH-SH"}]}
            """,
        .partsBackordered: """
            {"ticketId": "TK-1", "lines": [{"partNumber": "P-RELAY-1", "quantity": 1, "warehouseId": "WH-SH"}],
             "expectedBy": "2026-11-27T08:00:00Z"}
            """,
        .partsConsumed: #"{"ticketId": "TK-1", "lines": [{"partNumber": "P-RELAY-1", "quantity": 1}]}"#,
        .partsReleased: #"{"ticketId": "TK-1", "lines": [{"partNumber": "P-RELAY-1", "quantity": 1}]}"#,
        .stockLow: #"{"partNumber": "P-RELAY-1", "warehouseId": "WH-SH", "available": 3, "reorderPoint": 10}"#,
        .reorderSuggested: """
            {"partNumber": "P-RELAY-1", "warehouseId": "WH-SH", "quantity": 40, "reason": "below reorder point"}
            """,
        .surveyRequested: #"{"ticketId": "TK-1", "surveyId": "SV-1", "customerId": "CUST-1"}"#,
        .surveyCompleted: """
            {"ticketId": "TK-1", "surveyId": "SV-1", "scores": {"attitude": 5, "efficiency": 4, "quality": 3},
             "average": 4, "satisfied": true}
            """,
        .surveyExpired: #"{"ticketId": "TK-1", "surveyId": "SV-1"}"#,
        .complaintOpened: #"{"ticketId": "TK-1", "complaintId": "CP-1", "severity": "high", "reason": "score 2"}"#,
        .alertRaised: """
            {"alertId": "AL-1", "rule": "sla-at-risk", "severity": "warning", "subject": "TK-1",
             "message": "80% of the on-site deadline is gone", "tickets": ["TK-1"], "details": {"deadline": "onSiteBy"}}
            """,
        .alertEscalated: """
            {"alertId": "AL-1", "rule": "sla-breached", "severity": "critical", "subject": "TK-1", "message": "breached"}
            """,
        .alertResolved: #"{"alertId": "AL-1", "rule": "sla-at-risk", "severity": "info", "subject": "TK-1", "message": "ok"}"#,
        .kpiSnapshot: """
            {"window": "today", "figures": {"ticketsOpened": 120, "firstTimeFixRate": 0.82},
             "generatedAt": "2026-11-22T10:00:00.250Z",
             "dimension": {"region": "shanghai", "providerId": "PRV-1", "category": "refrigerator"}}
            """,
        .messageDeadLettered: """
            {"service": "dispatch", "topic": "aftersales.field", "partition": 3, "offset": 12345,
             "key": "TK-1", "value": "eyJub3QiOiJ2YWxpZCJ9", "reason": "missing field 'type'",
             "valueLength": 15, "valueSha256": "705748878d898bb800f900bf007d844dc124a5d12b9b138608b1a91d4d2bc6fb",
             "valueTruncated": false}
            """,
        .ticketOnHold: #"{"ticketId": "TK-1", "reason": "customer-unreachable", "since": "2026-11-23T09:45:00Z"}"#,
        .ticketResumed: #"{"ticketId": "TK-1", "reason": "visit-scheduled", "heldSeconds": 86400}"#,
        .ticketVisitFailed: #"{"ticketId": "TK-1", "technicianId": "TECH-1", "reason": "customer-absent", "visit": 1}"#,
        .ticketInvoiced: """
            {"ticketId": "TK-1", "invoiceId": "INV-1", "chargeable": true,
             "lines": [{"kind": "labour", "quantity": 1, "unitPrice": 120.5, "amount": 120.5},
                       {"kind": "part", "partNumber": "P-RELAY-1", "quantity": 2, "unitPrice": 35.5, "amount": 71},
                       {"kind": "call-out", "quantity": 1, "unitPrice": 9, "amount": 9}],
             "total": 200.5, "currency": "CNY"}
            """,
        .ticketPaid: #"{"ticketId": "TK-1", "invoiceId": "INV-1", "amount": 200.5, "currency": "CNY"}"#,
        .compensationGranted: """
            {"ticketId": "TK-1", "customerId": "CUST-1", "kind": "voucher", "amount": 50, "currency": "CNY",
             "reason": "resolve-breached"}
            """,
        .auditRequested: #"{"ticketId": "TK-1", "auditId": "AU-1"}"#,
        .settlementStatement: """
            {"providerId": "PRV-1", "period": "2026-11", "visits": 2, "settleable": 1, "heldBack": 1,
             "amount": 80, "currency": "CNY",
             "lines": [{"ticketId": "TK-1", "amount": 80, "status": "settleable"},
                       {"ticketId": "TK-2", "amount": 0, "status": "evidence-missing"}]}
            """,
    ]

    /// An envelope around the sample data of a type.
    static func envelopeText(_ type: EventType, data: String? = nil) -> String {
        """
        {"id": "6f1c2c1e-2f0a-4f7e-9a51-3f9b1d2c0e11", "type": "\(type.rawValue)", "version": 1,
         "occurredAt": "2026-11-22T08:00:00Z", "source": "test", "correlationId": "CRM-20261122-0001",
         "causationId": null, "data": \(data ?? Samples.data[type]!)}
        """
    }
}
