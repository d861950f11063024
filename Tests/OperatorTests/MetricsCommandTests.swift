import Foundation
@testable import OperatorTool
import Schema
import XCTest

/// `aftersales metrics`: KPI snapshots and alerts from the topics as Prometheus metrics, for
/// the Grafana dashboard's SLA compliance and alert panels (issue 17, observability).
final class MetricsCommandTests: XCTestCase {
    private let start = Date(timeIntervalSince1970: 1_795_000_000)

    private func envelope<P: EventPayload>(_ payload: P, after seconds: TimeInterval) -> Envelope {
        Envelope(payload: payload, source: "alerting", correlationId: nil, causationId: nil, occurredAt: start.addingTimeInterval(seconds))
    }

    func testTheLatestSnapshotOfEachWindowAndCutAndTheOpenAlerts() {
        var metrics = BusinessMetrics()
        metrics.apply(envelope(KpiSnapshot(window: "today", figures: ["sla.respond.compliance": 0.9, "tickets.opened": 10]), after: 10))
        // An older snapshot arriving late does not replace the newer one.
        metrics.apply(envelope(KpiSnapshot(window: "today", figures: ["sla.respond.compliance": 0.5]), after: 5))
        metrics.apply(envelope(KpiSnapshot(window: "today", figures: ["sla.respond.compliance": 0.75],
                                           dimension: .init(region: "shanghai")), after: 11))
        metrics.apply(envelope(KpiSnapshot(window: "last-hour", figures: ["csat": .nan]), after: 12))
        metrics.apply(envelope(AlertRaised(alertId: "A-1", rule: "sla-at-risk", severity: .warning, subject: "TK-1", message: "m"), after: 1))
        metrics.apply(envelope(AlertEscalated(alertId: "A-1", rule: "sla-at-risk", severity: .critical, subject: "TK-1", message: "m"), after: 2))
        metrics.apply(envelope(AlertRaised(alertId: "A-2", rule: "stock-low", severity: .warning, subject: "P-1", message: "m"), after: 3))
        metrics.apply(envelope(AlertResolved(alertId: "A-2", rule: "stock-low", severity: .info, subject: "P-1", message: "ok"), after: 4))
        metrics.apply(envelope(TicketClosed(ticketId: "TK-1", reason: "x"), after: 5))   // not a KPI or an alert: ignored

        let lines = Set(metrics.prometheusText().split(separator: "\n").map(String.init))
        XCTAssertTrue(lines.contains(#"aftersales_kpi{figure="sla.respond.compliance",window="today",region="",provider="",category=""} 0.9"#), "\(lines)")
        XCTAssertTrue(lines.contains(#"aftersales_kpi{figure="tickets.opened",window="today",region="",provider="",category=""} 10.0"#), "\(lines)")
        XCTAssertTrue(lines.contains(#"aftersales_kpi{figure="sla.respond.compliance",window="today",region="shanghai",provider="",category=""} 0.75"#))
        XCTAssertFalse(lines.contains { $0.contains("csat") }, "a non-finite figure is left out")
        XCTAssertTrue(lines.contains(#"aftersales_alerts_open{rule="sla-at-risk",severity="critical"} 1"#), "escalated counts as open, at its new severity")
        XCTAssertFalse(lines.contains { $0.hasPrefix("aftersales_alerts_open{rule=\"stock-low\"") }, "resolved is not open")
        XCTAssertTrue(lines.contains(#"aftersales_alerts_open{rule="",severity="warning"} 0"#), "every severity has a series")
        XCTAssertTrue(lines.contains(#"aftersales_alerts_raised_total{rule="sla-at-risk",severity="warning"} 1"#))
        XCTAssertTrue(lines.contains(#"aftersales_alerts_raised_total{rule="stock-low",severity="warning"} 1"#))
        XCTAssertTrue(lines.contains("aftersales_exporter_events_total 8"))
    }

    func testLabelValuesAreEscaped() {
        XCTAssertEqual(BusinessMetrics.escape("a\"b\\c\nd"), #"a\"b\\c\nd"#)
    }

    func testServesMetricsAndHealthOverHTTP() throws {
        let server = try MetricsServer(port: 0, bind: "127.0.0.1") { "aftersales_kpi{figure=\"x\"} 1\n" }
        defer { server.stop() }
        XCTAssertGreaterThan(server.port, 0)
        XCTAssertEqual(try curl("http://127.0.0.1:\(server.port)/metrics"), "200 aftersales_kpi{figure=\"x\"} 1\n")
        XCTAssertEqual(try curl("http://127.0.0.1:\(server.port)/health"), "200 ok\n")
        XCTAssertEqual(try curl("http://127.0.0.1:\(server.port)/other"), "404 not found\n")
    }

    func testParsesItsOptions() throws {
        XCTAssertEqual(try OperatorCommand.parse(["metrics"]), .metrics(.init(port: 9464, bind: "127.0.0.1", duration: 0)))
        XCTAssertEqual(try OperatorCommand.parse(["metrics", "--port", "9500", "--bind", "0.0.0.0"]),
                       .metrics(.init(port: 9500, bind: "0.0.0.0", duration: 0)))
        XCTAssertThrowsError(try OperatorCommand.parse(["metrics", "--port", "http"]))
    }

    func testRefusesWhatTheConsoleRefusesWithTheSameWords() {
        for (words, message) in [(["--port", "70000"], "--port must be a whole number in 0...65535, not '70000'"),
                                 (["--bind", "localhost"], "--bind must be an IPv4 address, not 'localhost'"),
                                 (["extra"], "takes no argument 'extra'")] {
            for command in ["metrics", "console"] {
                XCTAssertThrowsError(try OperatorCommand.parse([command] + words)) { error in
                    XCTAssertEqual((error as? UsageError)?.command, command)
                    XCTAssertTrue((error as? UsageError)?.message.hasSuffix(message) == true, "\(command) \(words): \(error)")
                }
            }
        }
    }

    /// "STATUS BODY" of a GET, through curl (an independent HTTP client).
    private func curl(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-s", "-m", "10", "-w", "%{http_code} ", "-o", "-", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        // curl writes the body, then the status: move the status to the front.
        guard let space = text.lastIndex(of: " ") else { return text }
        let status = text[text.index(text.endIndex, offsetBy: -4)..<space]
        return "\(status) \(text[..<text.index(text.endIndex, offsetBy: -4)])"
    }
}
