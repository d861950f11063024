import Foundation
import Postgres
import SurveysService
import TestSupport
import XCTest

/// The migrations upgrade a database that already holds surveys.
final class SurveysMigrationTests: XCTestCase {
    func testSurveysOfAnOlderDatabaseAreNumberedFromTheirIds() throws {
        let db = try PGConnection(url: try makeTestDatabase("surveys"))
        defer { db.close() }
        try Migrator.migrate(db, service: "surveys", migrations: Array(SurveysMigrations.all.prefix(2)))
        try db.execute("""
            INSERT INTO surveys (survey_id, ticket_id, status, scheduled_at)
            VALUES ('SV-TK-1-1', 'TK-1', 'completed', now()), ('SV-TK-1-10', 'TK-1', 'requested', now()),
                   ('SV-TK-2-9', 'TK-2', 'cancelled', now())
            """)
        try db.execute("""
            INSERT INTO complaints (complaint_id, ticket_id, survey_id, severity, reason, status, opened_at)
            VALUES ('CMP-TK-1-1', 'TK-1', 'SV-TK-1-1', 'high', 'low scores', 'opened', now())
            """)
        try Migrator.migrate(db, service: "surveys", migrations: SurveysMigrations.all)
        let numbered = try db.query("SELECT survey_id, sequence, technician_id, roster_known FROM surveys ORDER BY sequence").map {
            "\(try $0.get("survey_id") as String) \(try $0.get("sequence") as Int) \(try $0.get("roster_known") as Bool)"
        }
        XCTAssertEqual(numbered, ["SV-TK-1-1 1 false", "SV-TK-2-9 9 false", "SV-TK-1-10 10 false"],
                       "the tenth completion is later than the ninth, though its id sorts first")
        let complaint: String? = try db.query("SELECT audit_id FROM complaints").first!.get("audit_id")
        XCTAssertNil(complaint)
    }
}
