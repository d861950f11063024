import Foundation
import Postgres
import XCTest

/// Measures (prints, does not assert on time) single-row inserts: one transaction per row
/// versus 100 rows per transaction.
final class InsertRateReport: DatabaseTestCase {
    func testInsertRateOneRowPerTransactionVersusHundred() throws {
        try db.simpleExecute("CREATE TABLE events (id bigserial PRIMARY KEY, key text, body jsonb, at timestamptz)")
        let body = try PGJSON(["status": "opened", "note": "空调不制冷"])
        let singles = 500
        let batched = 5_000
        let clock = ContinuousClock()

        let singleTime = try clock.measure {
            for index in 0..<singles {
                try db.transaction { db in
                    try db.execute("INSERT INTO events (key, body, at) VALUES (\("k\(index)"), \(body)::jsonb, \(Date()))")
                }
            }
        }
        let batchedTime = try clock.measure {
            for batch in 0..<(batched / 100) {
                try db.transaction { db in
                    for index in 0..<100 {
                        try db.execute("INSERT INTO events (key, body, at) VALUES (\("b\(batch)-\(index)"), \(body)::jsonb, \(Date()))")
                    }
                }
            }
        }
        let count: Int = try db.query("SELECT count(*)::int AS n FROM events").first?.get("n") ?? 0
        XCTAssertEqual(count, singles + batched)
        let singleRate = Double(singles) / seconds(singleTime)
        let batchedRate = Double(batched) / seconds(batchedTime)
        print(String(format: "[postgres insert rate] 1 row/transaction: %.0f rows/s; 100 rows/transaction: %.0f rows/s",
                     singleRate, batchedRate))
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
