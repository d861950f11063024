import Foundation
import Postgres
import Schema
import TestSupport
import XCTest

/// Events and waits shared by the broker-level flows of issues 15 and 16
/// (`MoneyNetworkFlowTests`, `SupervisionFlowTests`).
enum FlowFixtures {
    static let shanghai = GeoPoint(lat: 31.23, lon: 121.47)
    static let beijing = GeoPoint(lat: 39.90, lon: 116.40)

    /// A moment given as `YYYY-MM-DDTHH:MM:SSZ`.
    static func utc(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("bad date \(text)") }
        return date
    }

    /// A ticket opened at `at`; the deadlines are offsets from it (1 h, 24 h, 48 h by default).
    static func ticket(_ id: String, region: String = "shanghai", category: ProductCategory = .washingMachine,
                       warranty: WarrantyStatus = .inWarranty, priority: Priority = .high, hazard: Bool = false, at: Date,
                       respond: TimeInterval = 3_600, onSite: TimeInterval = 86_400, resolve: TimeInterval = 172_800) -> TicketOpened {
        TicketOpened(ticketId: id, requestId: "R-\(id)", kind: .repair, channel: .app, customerId: "C-\(id)", region: region,
                     location: region == "beijing" ? beijing : shanghai,
                     product: .init(sku: "SKU-\(category.rawValue)", category: category, model: "M-\(category.rawValue)"),
                     warranty: .init(status: warranty), fault: .init(category: .hardware, safetyHazard: hazard),
                     priority: priority,
                     sla: .init(respondBy: at.addingTimeInterval(respond), onSiteBy: at.addingTimeInterval(onSite),
                                resolveBy: at.addingTimeInterval(resolve)))
    }

    /// A technician of `providerId` (nil: the brand's own staff).
    static func technician(_ id: String, providerId: String?, skills: [String] = ["washing-machine", "refrigerator"],
                           region: String = "shanghai") -> TechnicianUpserted {
        TechnicianUpserted(technicianId: id, name: "Tech \(id)", skills: skills, region: region,
                           location: region == "beijing" ? beijing : shanghai, dailyCapacity: 8, active: true,
                           providerId: providerId)
    }

    /// `SELECT count(*)::bigint AS n …` as an Int (-1 when there is no row).
    static func count(_ db: PGConnection, _ sql: PGQuery) throws -> Int { try db.query(sql).first?.get("n") ?? -1 }

    /// The message keys of the records of `type` the probe has seen, in arrival order.
    static func keys(_ probe: TopicProbe, _ type: EventType) -> [String?] {
        probe.records.compactMap { record -> String?? in
            guard let value = record.value, let envelope = try? Envelope.decode(Data(value)), envelope.type == type.rawValue
            else { return nil }
            return .some(record.key.map { String(decoding: $0, as: UTF8.self) })
        }
    }

    /// Polls the probe until `condition` holds on what it has seen; fails the test on timeout.
    static func waitFor(_ probe: TopicProbe, _ what: String, timeout: TimeInterval = 45,
                        file: StaticString = #filePath, line: UInt = #line, _ condition: @escaping ([Envelope]) -> Bool) {
        eventually(timeout: timeout, what, file: file, line: line) {
            condition(try probe.collect(timeout: 0.5, until: condition))
        }
    }

    /// Waits until `sql` counts `expected` rows; fails the test on timeout.
    static func waitForRows(_ db: PGConnection, _ sql: PGQuery, _ expected: Int, timeout: TimeInterval = 45,
                            file: StaticString = #filePath, line: UInt = #line) {
        eventually(timeout: timeout, "\(sql.sql) = \(expected)", file: file, line: line) { try count(db, sql) == expected }
    }
}
