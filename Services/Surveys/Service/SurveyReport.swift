import Foundation
import Postgres

/// The satisfaction and audit report per technician, provider, region, product category or
/// model, read from the surveys and audits tables (used by `surveys report --by …`; the SQL
/// is `SurveysStore`'s, the grouping `ReportAttribution`'s).
public enum SurveyReport {
    /// The dimensions a report can group by.
    public enum Dimension: String, CaseIterable, Sendable {
        case technician, provider, region, category, model
    }

    /// The figures per value of `dimension`, sorted by key.
    public static func aggregates(by dimension: Dimension, on db: PGConnection) throws -> [SurveyAggregate] {
        let store = SurveysStore(db: db)
        return SurveyAggregates.compute(try store.reportRows(by: dimension), audits: try store.reportAudits(by: dimension))
    }

    /// The report as a text table.
    public static func render(_ aggregates: [SurveyAggregate], dimension: Dimension) -> String {
        func percent(_ value: Double?) -> String { value.map { String(format: "%.0f%%", $0 * 100) } ?? "-" }
        func score(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "-" }
        // The audit columns appear once any group has an audit.
        let withAudits = aggregates.contains { $0.audits > 0 }
        let header = [dimension.rawValue.uppercased(), "SENT", "ANSWERED", "RESPONSE", "CSAT", "ATTITUDE", "EFFICIENCY", "QUALITY"]
            + (withAudits ? ["AUDITS", "RECORDED", "PASSED", "PASS-RATE"] : [])
        let rows = aggregates.map {
            [$0.key, "\($0.sent)", "\($0.answered)", percent($0.responseRate), percent($0.csat),
             score($0.attitude), score($0.efficiency), score($0.quality)]
                + (withAudits ? ["\($0.audits)", "\($0.auditsRecorded)", "\($0.auditsPassed)", percent($0.auditPassRate)] : [])
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            let line = row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
            return String(line.reversed().drop { $0 == " " }.reversed())   // no trailing blanks
        }.joined(separator: "\n")
    }
}
