import Foundation
@testable import OperatorTool
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// compose/grafana/dashboards/aftersales.json queries only metrics that exist: the services'
/// `/metrics` (ServiceMetrics) and `aftersales metrics` (BusinessMetrics).
final class DashboardTests: XCTestCase {
    private func file(_ path: String) throws -> String {
        try String(contentsOf: TestEnvironment.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    }

    func testEveryMetricTheDashboardQueriesIsExported() throws {
        let dashboard = try JSONParser.parse(Data(try file("compose/grafana/dashboards/aftersales.json").utf8))
        let panels = try XCTUnwrap(dashboard["panels"]?.arrayValue)
        let expressions = panels.flatMap { $0["targets"]?.arrayValue ?? [] }.compactMap { $0["expr"]?.stringValue }
        XCTAssertGreaterThanOrEqual(expressions.count, 10)
        let exported = ServiceMetrics(service: "intake")
        exported.update { $0.consumerLag["aftersales.requests/0"] = 3 }
        var business = BusinessMetrics()
        business.apply(Envelope(payload: KpiSnapshot(window: "today", figures: ["sla.respond.compliance": 1]), source: "alerting",
                                correlationId: nil, causationId: nil))
        business.apply(Envelope(payload: AlertRaised(alertId: "A-1", rule: "sla-at-risk", severity: .warning, subject: "TK-1", message: "m"),
                                source: "alerting", correlationId: nil, causationId: nil))
        let text = exported.prometheusText() + business.prometheusText()
        let names = Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.prefix { $0 != "{" && $0 != " " }) })
        let pattern = try NSRegularExpression(pattern: "aftersales_[a-z_]+")
        var queried: Set<String> = []
        for expression in expressions {
            for match in pattern.matches(in: expression, range: NSRange(expression.startIndex..., in: expression)) {
                queried.insert(String(expression[Range(match.range, in: expression)!]))
            }
        }
        XCTAssertTrue(queried.isSuperset(of: ["aftersales_messages_processed_total", "aftersales_consumer_lag",
                                              "aftersales_messages_dead_lettered_total", "aftersales_kpi", "aftersales_alerts_open"]),
                      "throughput, lag, dead letters, SLA compliance and alerts: \(queried.sorted())")
        XCTAssertEqual(queried.subtracting(names), [], "queried but exported by nobody")
        for panel in panels where panel["type"]?.stringValue != "row" {
            XCTAssertEqual(panel["datasource"]?["uid"]?.stringValue, "aftersales-prometheus", panel["title"]?.stringValue ?? "?")
        }
        XCTAssertTrue(try file("compose/grafana/provisioning/datasources/prometheus.yml").contains("uid: aftersales-prometheus"))
    }

    func testPrometheusScrapesTheFiveServicesAndTheExporter() throws {
        let config = try file("compose/prometheus/prometheus.yml")
        XCTAssertTrue(config.contains("- names: [intake, dispatch, inventory, surveys, alerting]"), config)
        XCTAssertTrue(config.contains(#"- targets: ["metrics:9464"]"#), config)
        let compose = try file("compose/docker-compose.yml")
        for service in ["prometheus:", "grafana:", "metrics:"] { XCTAssertTrue(compose.contains("\n  \(service)\n"), service) }
    }
}
