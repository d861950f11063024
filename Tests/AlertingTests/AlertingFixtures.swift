import Foundation
import Schema

/// Events for the alerting integration tests.
enum AlertingFixtures {
    /// 2026-11-28 12:00:00 UTC (20:00 in Shanghai): an hour or two later is still "today" there.
    static let start = Date(timeIntervalSince1970: 1_795_867_200)

    /// A high-priority ticket opened at `at`: respond 1 h, on site 24 h, resolve 48 h.
    static func opened(_ id: String, model: String, hazard: Bool = false, repeatOf: String? = nil, at: Date) -> TicketOpened {
        TicketOpened(
            ticketId: id, requestId: "R-\(id)", kind: .repair, channel: .hotline, customerId: "C-\(id)", region: "shanghai",
            location: GeoPoint(lat: 31.2, lon: 121.4),
            product: .init(sku: "S-1", category: .washingMachine, model: model, serialNumber: nil, purchaseDate: "2026-01-01"),
            warranty: .init(status: .inWarranty, expiresOn: nil), fault: .init(category: .hardware, safetyHazard: hazard),
            priority: hazard ? .emergency : .high,
            sla: .init(respondBy: at.addingTimeInterval(3_600), onSiteBy: at.addingTimeInterval(86_400),
                       resolveBy: at.addingTimeInterval(2 * 86_400)),
            repeatOf: repeatOf)
    }

    static func survey(_ n: Int, satisfied: Bool) -> SurveyCompleted {
        let score = satisfied ? 5 : 2
        return SurveyCompleted(ticketId: "TK-S\(n)", surveyId: "SV-\(n)",
                               scores: SurveyScores(attitude: score, efficiency: score, quality: score),
                               average: Double(score), satisfied: satisfied)
    }
}
