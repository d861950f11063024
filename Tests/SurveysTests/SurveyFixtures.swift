import Foundation
import Postgres
import Schema
import ServiceRuntime
import SurveysService
import TestSupport
import XCTest

/// Events and a harness for the surveys handler tests.
enum SurveyFixtures {
    /// A `ticket.opened` of a refrigerator in shanghai.
    static func opened(_ ticketId: String, hazard: Bool = false, region: String = "shanghai", now: Date) -> TicketOpened {
        TicketOpened(
            ticketId: ticketId, requestId: "R-\(ticketId)", kind: .repair, channel: .hotline, customerId: "C-\(ticketId)",
            region: region, location: GeoPoint(lat: 31.2, lon: 121.4),
            product: .init(sku: "SKU-1", category: .refrigerator, model: "RF-100", serialNumber: nil, purchaseDate: "2026-01-01"),
            warranty: .init(status: .inWarranty, expiresOn: "2027-01-01"), fault: .init(category: .hardware, safetyHazard: hazard),
            priority: hazard ? .emergency : .normal,
            sla: .init(respondBy: now.addingTimeInterval(3600), onSiteBy: now.addingTimeInterval(7200), resolveBy: now.addingTimeInterval(86400)))
    }

    static func completed(_ ticketId: String, technician: String = "T-7") -> TicketCompleted {
        TicketCompleted(ticketId: ticketId, technicianId: technician, resolved: true, firstTimeFix: true, partsUsed: [])
    }

    static func answer(_ ticketId: String, _ attitude: Int, _ efficiency: Int, _ quality: Int, resolved: Bool = true) -> SurveyAnswered {
        SurveyAnswered(ticketId: ticketId, scores: SurveyScores(attitude: attitude, efficiency: efficiency, quality: quality),
                       resolved: resolved)
    }

    static let delay: TimeInterval = 3600

    /// A harness on a fresh database (default: a one-hour survey delay, hazard audits only).
    static func harness(settings: SurveysSettings = defaultSettings) throws -> BatchHarness {
        try BatchHarness(service: "surveys", migrations: SurveysMigrations.all, handler: SurveysHandler(settings: settings))
    }

    /// A one-hour delay; no sampled audits (safety-hazard tickets are still audited).
    static var defaultSettings: SurveysSettings {
        var settings = SurveysSettings()
        settings.delaySeconds = delay
        settings.auditShare = 0
        return settings
    }

    /// The default settings with every completion audited.
    static var auditEverything: SurveysSettings {
        var settings = defaultSettings
        settings.auditShare = 1
        return settings
    }
}

extension BatchHarness {
    /// Envelopes for payloads of any types, in order (to deliver as one batch).
    func envelopes(_ payloads: [any EventPayload]) -> [Envelope] {
        payloads.map { envelope($0) }
    }

    /// Opens and completes tickets, then lets their survey delay pass: their surveys are requested.
    func requestSurveys(for tickets: [String], hazard: Bool = false) throws {
        try deliver(envelopes(tickets.flatMap { [SurveyFixtures.opened($0, hazard: hazard, now: now), SurveyFixtures.completed($0)] as [any EventPayload] }))
        _ = try advance(by: SurveyFixtures.delay + 1)
    }

    /// (survey id, status) of a ticket's surveys, in completion order.
    func surveys(of ticketId: String) throws -> [String] {
        try db.query("SELECT survey_id, status FROM surveys WHERE ticket_id = \(ticketId) ORDER BY sequence").map {
            "\(try $0.get("survey_id") as String) \(try $0.get("status") as String)"
        }
    }

    /// A count from a query returning one `n`.
    func count(_ query: PGQuery) throws -> Int {
        try db.query(query).first!.get("n")
    }
}
