import Foundation
import Kafka
@testable import OperatorTool
import Postgres
import Schema
import ServiceRuntime
import TestSupport
import XCTest

/// Real traffic against the machine-readable contract: the five services run a ticket's
/// story through the broker (plus a rejected request, a cancelled ticket and a dead
/// letter), and every record on every topic — inbound and produced — is checked against
/// docs/asyncapi.yaml by Python `jsonschema` (infra/contract/validate.py): envelope, `data`,
/// topic and message key.
final class ContractTrafficTests: XCTestCase {
    func testEveryEventOfARealFlowMatchesTheAsyncAPIDocument() async throws {
        let prefix = uniqueTopicPrefix("contract")
        let probe = try TopicProbe(topicPrefix: prefix, topics: Topic.all)
        let services = try PlatformServices.start(topicPrefix: prefix)

        // Master data, as HR, the warehouse system and the ERP would send it.
        try probe.send(TechnicianUpserted(technicianId: "T-CT", name: "Contract", skills: ["refrigerator"], region: "shanghai",
                                          location: GeoPoint(lat: 31.23, lon: 121.48), dailyCapacity: 5, active: true))
        try probe.send(WarehouseUpserted(warehouseId: "WH-CT", region: "shanghai", location: GeoPoint(lat: 31.2, lon: 121.5)))
        try probe.send(PartUpserted(partNumber: "P-CT", name: "compressor", unitPrice: 860, currency: "CNY", leadTimeDays: 5))
        try probe.send(StockReceived(partNumber: "P-CT", warehouseId: "WH-CT", quantity: 4))
        // Master data travels on other topics than the request: wait until dispatch and inventory hold it.
        let dispatchDB = try PGConnection(url: services.dispatch.databaseURL)
        let inventoryDB = try PGConnection(url: services.inventory.databaseURL)
        defer { dispatchDB.close(); inventoryDB.close() }
        eventually(timeout: 60, "dispatch and inventory hold the master data") {
            let technicians: Int = (try? dispatchDB.query("SELECT count(*)::bigint AS n FROM technicians").first?.get("n")) ?? 0
            let stock: Int = (try? inventoryDB.query("SELECT coalesce(sum(on_hand), 0)::bigint AS n FROM stock").first?.get("n")) ?? 0
            return technicians == 1 && stock == 4
        }

        let purchase = String(Timestamp.format(Date()).prefix(4)) + "-01-02"
        func request(_ id: String, phone: String = "13800138000") -> RequestSubmitted {
            RequestSubmitted(
                requestId: id, channel: "crm", kind: "repair",
                customer: .init(id: "C-\(id)", name: "王芳", phone: phone, address: "上海市徐汇区中山路1号", region: "shanghai",
                                location: GeoPoint(lat: 31.22, lon: 121.47)),
                product: .init(sku: "SKU-RF", category: "refrigerator", model: "RF-CT", serialNumber: "SN-\(id)", purchaseDate: purchase),
                description: "冰箱不制冷")
        }
        // A request intake refuses, and bytes no service can read.
        try probe.send(request("REQ-CT-BAD", phone: "not a phone"), correlationId: "REQ-CT-BAD")
        let garbage = Array(#"{"not": "an envelope"}"#.utf8)
        try probe.sendRaw(topic: .field, key: "TK-GARBAGE", value: garbage)

        // One ticket's whole story.
        try probe.send(request("REQ-CT-1"), correlationId: "REQ-CT-1")
        let ticketId = try XCTUnwrap(try probe.collect(.ticketOpened, count: 1).first?.payload(as: TicketOpened.self).ticketId)
        try probe.collect(.ticketAssigned, count: 1, timeout: 30)
        try probe.send(AssignmentAccepted(ticketId: ticketId, technicianId: "T-CT"))
        try probe.collect(.ticketAccepted, count: 1)
        try probe.send(VisitScheduled(ticketId: ticketId, technicianId: "T-CT", scheduledFor: Date().addingTimeInterval(3600)))
        try probe.collect(.ticketScheduled, count: 1)
        try probe.send(VisitStarted(ticketId: ticketId, technicianId: "T-CT"))
        try probe.collect(.ticketOnSite, count: 1)
        try probe.send(DiagnosisReported(ticketId: ticketId, technicianId: "T-CT", finding: "compressor failed",
                                         parts: [PartLine(partNumber: "P-CT", quantity: 1)]))
        try probe.collect(.partsReserved, count: 1)
        let evidence = WorkCompleted.Evidence(photos: ["https://files.example/ct/1.jpg"], oldPartSerials: ["OLD-1"],
                                              newPartSerials: ["NEW-1"],
                                              signature: .init(signedBy: "customer", signedAt: Date()))
        try probe.send(WorkCompleted(ticketId: ticketId, technicianId: "T-CT", resolved: true,
                                     partsUsed: [PartLine(partNumber: "P-CT", quantity: 1)], signedOffBy: "customer", evidence: evidence))
        try probe.collect(.ticketCompleted, count: 1)
        try probe.collect(.surveyRequested, count: 1, timeout: 60)
        try probe.send(SurveyAnswered(ticketId: ticketId, scores: SurveyScores(attitude: 5, efficiency: 5, quality: 4), resolved: true))
        try probe.collect(.ticketClosed, count: 1)

        // A second ticket, cancelled by the customer.
        try probe.send(request("REQ-CT-2"), correlationId: "REQ-CT-2")
        try probe.collect(.ticketOpened, count: 2)
        try probe.send(RequestCancelled(requestId: "REQ-CT-2", reason: "fixed it myself"), correlationId: "REQ-CT-2")

        let wanted: Set<String> = [EventType.ticketCancelled, .requestRejected, .messageDeadLettered, .kpiSnapshot, .partsConsumed]
            .reduce(into: []) { $0.insert($1.rawValue) }
        // KPIs are eventually consistent: also wait for a network-wide snapshot that counts the ticket.
        func countsTheTicket(_ envelope: Envelope) -> Bool {
            envelope.type == EventType.kpiSnapshot.rawValue && envelope.data["window"] == "today" && envelope.data["dimension"] == nil
                && (envelope.data["figures"]?["tickets.opened"]?.doubleValue ?? 0) >= 1
                && envelope.data["figures"]?["sla.respond.compliance"] != nil
        }
        try probe.collect(timeout: 90) { seen in wanted.isSubset(of: Set(seen.map(\.type))) && seen.contains(where: countsTheTicket) }
        await services.stop()
        XCTAssertTrue(wanted.isSubset(of: Set(probe.seen.map(\.type))), "seen: \(Set(probe.seen.map(\.type)).sorted())")
        XCTAssertTrue(probe.seen.contains(where: countsTheTicket), "a KPI snapshot counts the ticket")

        // Every record of every topic, as an integrator's consumer would read it.
        var lines: [String] = []
        for record in probe.records {
            guard let value = record.value, value != garbage else { continue }
            let topic = String(record.topic.dropFirst(prefix.count))
            let key = record.key.map { String(decoding: $0, as: UTF8.self) }
            guard let envelope = try? Envelope.decode(value) else {
                XCTFail("not an envelope on \(topic): \(String(decoding: value.prefix(200), as: UTF8.self))")
                continue
            }
            lines.append(ContractValidator.recordLine(topic: topic, key: key, value: envelope))
        }
        let types = Set(probe.records.compactMap { $0.value.flatMap { try? Envelope.decode($0) }?.type })
        XCTAssertGreaterThanOrEqual(types.count, 20, "a flow of many types: \(types.sorted())")
        let report = try ContractValidator.validate(lines: lines)
        XCTAssertEqual(report.status, 0, "the platform's traffic breaks the contract:\n\(report.output)")
        XCTAssertTrue(report.output.contains("\(lines.count) events, \(types.count) types, 0 invalid"), report.output)
        print("contract traffic: \(report.output.trimmingCharacters(in: .whitespacesAndNewlines)) — \(types.sorted().joined(separator: ", "))")

        // The same topics through `aftersales metrics`, as Prometheus would scrape them for Grafana.
        let context = OperatorContext(environment: ["KAFKA_BOOTSTRAP_SERVERS": TestEnvironment.kafkaBootstrap,
                                                    "AFTERSALES_TOPIC_PREFIX": prefix])
        let stop = StopFlag()
        let announced = Announcements()
        let exporter = Thread {
            _ = try? MetricsCommand.run(.init(port: 0, bind: "127.0.0.1", duration: 120), context: context, stop: stop) {
                announced.add($0)
            }
        }
        exporter.start()
        defer { stop.set() }
        let address = eventually(timeout: 30, "the exporter announces its address", read: { announced.address },
                                 until: { $0 != nil }) ?? nil
        let url = try XCTUnwrap(address)
        var scraped = ""
        let today = #"window="today",region="",provider="",category="""#
        eventually(timeout: 60, "the exporter serves the flow's KPIs (last scrape: \(scraped.split(separator: "\n").filter { $0.contains(today) })") {
            scraped = (try? Self.get(url)) ?? ""
            return scraped.contains(#"aftersales_kpi{figure="tickets.opened",\#(today)} 1"#)
                || scraped.contains(#"aftersales_kpi{figure="tickets.opened",\#(today)} 2"#)
        }
        XCTAssertTrue(scraped.contains(#"aftersales_kpi{figure="sla.respond.compliance",\#(today)} "#), scraped)
        XCTAssertTrue(scraped.contains("aftersales_alerts_open{"), scraped)
    }

    /// The body of a GET, through curl (as Prometheus would fetch it).
    private static func get(_ url: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["curl", "-fsS", "-m", "10", url]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The lines `aftersales metrics` prints, read from another thread.
private final class Announcements: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    func add(_ line: String) {
        lock.lock()
        lines.append(line)
        lock.unlock()
    }

    /// The URL of "serving http://…/metrics (…)".
    var address: String? {
        lock.lock()
        defer { lock.unlock() }
        return lines.first { $0.hasPrefix("serving ") }.flatMap { $0.split(separator: " ").dropFirst().first.map(String.init) }
    }
}
