import Foundation
@testable import OperatorTool
import Schema
import TestSupport
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// `aftersales console` in a real browser: a small simulation is published on a test's own
/// topics, the console tails them on a free port, and Debian's headless `chromium` loads the
/// page and a ticket's timeline; the DOM it ends with (after the script has followed the live
/// updates) must show the tiles, the alert and the timeline. The actions are driven over
/// HTTP as a browser's form would and must publish their events on the broker.
///
/// Screenshots are taken (English, Chinese, a ticket) into a temporary folder; with
/// `AFTERSALES_UPDATE_SCREENSHOTS=1` they replace docs/console-en.png, console-zh.png and
/// console-ticket.png.
/// `infra/local/setup.sh` installs chromium; without it the test fails, naming the fix.
final class ConsoleBrowserTests: XCTestCase {
    func testConsoleInHeadlessChromium() throws {
        guard let chromium = Chromium.find() else {
            XCTFail("chromium is not installed: run infra/local/setup.sh (make setup), which installs it")
            return
        }
        let prefix = uniqueTopicPrefix("console")
        let probe = try TopicProbe(topicPrefix: prefix, topics: [.surveyResponses, .tickets])
        let world = ConsoleDemoWorld(now: Date(), topicPrefix: prefix)
        for (topic, key, envelope) in world.events() { try probe.sendRaw(topic: topic, key: key, value: Array(envelope.encoded())) }

        // The console, in process, on a free port, renewing its streams every 2 s so that the
        // headless browser's virtual time can run out.
        let stop = StopFlag()
        let lines = LockedLines()
        let context = OperatorContext(environment: ["KAFKA_BOOTSTRAP_SERVERS": TestEnvironment.kafkaBootstrap,
                                                    "AFTERSALES_TOPIC_PREFIX": prefix])
        let console = Thread {
            let code = OperatorTool.run(arguments: ["console", "--port", "0", "--stream-seconds", "2"], context: context, stop: stop,
                                        output: lines.append, errors: lines.append)
            lines.append("exit \(code)")
        }
        console.start()
        defer {
            stop.set()
            _ = eventually(timeout: 30, "the console stops") { lines.all.contains { $0.hasPrefix("exit ") } }
        }
        let address = eventually(timeout: 60, "the console prints its address", read: { lines.all }, until: { $0.contains { $0.hasPrefix("console listening on ") } })?
            .first { $0.hasPrefix("console listening on ") }
        let port = try XCTUnwrap(address.flatMap { Int($0.split(separator: ":").last?.split(separator: "/").first ?? "") }, "\(lines.all)")
        let base = "http://127.0.0.1:\(port)"
        eventually(timeout: 90, "the console has read the simulation") {
            let page = try HTTPGet.text(port: port, path: "/")
            return page.contains("data-alert=\"\(world.criticalAlertId)\"") && page.contains("data-dead-letter=\"\(world.deadLetterId)\"")
                && page.contains("data-name=\"shanghai\"") && page.contains("data-complaint=\"\(world.complaintId)\"")
        }

        // MARK: The page as the browser ends up with it
        let dom = try chromium.dumpDOM("\(base)/?lang=en")
        XCTAssertTrue(dom.contains("data-live=\"connected\""), "the script followed the live updates: \(dom.prefix(400))")
        XCTAssertTrue(dom.contains("data-updates=\""), "at least one live update was applied")
        for tile in ["opened", "sla", "ftf", "csat", "alerts", "complaints", "dead-letters"] {
            XCTAssertTrue(dom.contains("data-tile=\"\(tile)\""), "tile \(tile)")
        }
        XCTAssertTrue(dom.contains("<div class=\"value\">92.0%</div>"), "the SLA compliance tile")
        XCTAssertTrue(dom.contains("data-alert=\"\(world.criticalAlertId)\""), "the open critical alert")
        XCTAssertFalse(dom.contains("data-alert=\"\(world.resolvedAlertId)\""), "a resolved alert is not listed")
        XCTAssertTrue(dom.contains("data-name=\"shanghai\""), "the league table by region")
        XCTAssertTrue(dom.contains("data-name=\"P-ACME\""), "the league table by provider")
        XCTAssertTrue(dom.contains("data-complaint=\"\(world.complaintId)\""))
        XCTAssertEqual(dom.components(separatedBy: "<svg class=\"chart\"").count - 1, 4, "four charts")
        XCTAssertFalse(dom.contains(world.phone), "no customer phone")

        // MARK: A ticket's timeline
        let ticket = try chromium.dumpDOM("\(base)/ticket?lang=en&id=\(world.ticketId)")
        XCTAssertTrue(ticket.contains("data-ticket=\"\(world.ticketId)\""), ticket.prefix(600).description)
        for type in ["request.submitted", "ticket.opened", "ticket.assigned", "ticket.accepted", "alert.raised"] {
            XCTAssertTrue(ticket.contains("data-event=\"\(type)\""), "timeline shows \(type)")
        }
        for deadline in ["respond", "on-site", "resolve"] { XCTAssertTrue(ticket.contains("data-deadline=\"\(deadline)\""), deadline) }
        XCTAssertTrue(ticket.contains("&lt;script&gt;"), "the description's markup is shown as text")
        XCTAssertFalse(ticket.contains("<script>alert"), "and never becomes an element")
        XCTAssertFalse(ticket.contains(world.phone), "no customer phone on the timeline")
        XCTAssertFalse(ticket.contains(world.customerName), "no customer name on the timeline")
        XCTAssertTrue(ticket.contains("REQ-\(world.ticketId)"), "identifiers are shown whole")

        // MARK: Screenshots, English and Chinese
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("console-shots-\(randomSuffix())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let shots = [("en", "/?lang=en", 1_350), ("zh", "/?lang=zh", 1_350), ("ticket", "/ticket?lang=en&id=\(world.ticketId)", 1_000)]
        for (name, path, height) in shots {
            let file = folder.appendingPathComponent("console-\(name).png")
            try chromium.screenshot(base + path, to: file.path, height: height)
            let png = try Data(contentsOf: file)
            XCTAssertGreaterThan(png.count, 10_000, "a real screenshot")
            XCTAssertEqual(Array(png.prefix(4)), [0x89, 0x50, 0x4E, 0x47], "a PNG")
            if ProcessInfo.processInfo.environment["AFTERSALES_UPDATE_SCREENSHOTS"] == "1" {
                let target = TestEnvironment.repositoryRoot.appendingPathComponent("docs/console-\(name).png")
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: file, to: target)
            }
        }

        // MARK: The actions publish on the broker
        let page = try HTTPGet.text(port: port, path: "/")
        let token = try XCTUnwrap(page.range(of: "name=\"token\" value=\"").map { String(page[$0.upperBound...].prefix(32)) })
        let origin = "http://127.0.0.1:\(port)"
        XCTAssertEqual(try HTTPGet.post(port: port, path: "/complaints/take", origin: origin,
                                        form: "token=\(token)&complaintId=\(world.complaintId)&operator=ops-1"), 303)
        XCTAssertEqual(try HTTPGet.post(port: port, path: "/dead-letters/replay", origin: origin,
                                        form: "token=\(token)&id=\(world.deadLetterId)"), 303)
        XCTAssertEqual(try HTTPGet.post(port: port, path: "/complaints/resolve", origin: "http://evil.example",
                                        form: "token=\(token)&complaintId=\(world.complaintId)&note=x"), 403)
        let taken = try probe.collect(.complaintInvestigating, count: 1, timeout: 60)
        XCTAssertEqual(taken.first?.data["complaintId"]?.stringValue, world.complaintId)
        XCTAssertEqual(taken.first?.data["operator"]?.stringValue, "ops-1")
        let replayed = try probe.collect(timeout: 60) { seen in seen.contains { $0.causationId == world.deadLetterId } }
        XCTAssertEqual(replayed.first { $0.causationId == world.deadLetterId }?.type, "ticket.assigned")
        eventually(timeout: 60, "the console sees the complaint taken and the dead letter replayed") {
            let page = try HTTPGet.text(port: port, path: "/")
            return page.contains("taken by ops-1") && page.contains("class=\"done\"")
        }
        XCTAssertFalse(probe.envelopes(.complaintResolved).contains { $0.data["complaintId"]?.stringValue == world.complaintId },
                       "the cross-origin resolve published nothing")
    }
}

// MARK: - The simulation

/// A small, complete picture for the console, dated from `now` backwards: tickets opened over
/// the last two hours, one with a full story (a request, assignment, acceptance, an alert, a
/// description with markup), KPI snapshots every 10 minutes with cuts by region and
/// provider, alerts of each severity (one resolved), complaints and a replayable dead letter.
struct ConsoleDemoWorld {
    let now: Date
    let topicPrefix: String
    let ticketId = "AS-\(randomSuffix(6).uppercased())-000001"
    let criticalAlertId = "ALR-CRIT-\(randomSuffix(6))"
    let resolvedAlertId = "ALR-DONE-\(randomSuffix(6))"
    let complaintId = "CMP-\(randomSuffix(6))"
    let deadLetterId = EventID.make()
    let phone = "13912345678"
    let customerName = "张三丰"

    private func at(_ minutesAgo: Double) -> Date { now.addingTimeInterval(-minutesAgo * 60) }

    private func envelope(_ type: EventType, _ data: JSONValue, minutesAgo: Double, source: String = "sim") -> Envelope {
        Envelope(id: EventID.make(), type: type.rawValue, occurredAt: at(minutesAgo), source: source, correlationId: nil,
                 causationId: nil, data: data)
    }

    private func opened(_ id: String, minutesAgo: Double, region: String, priority: String, description: String) -> Envelope {
        envelope(.ticketOpened, [
            "ticketId": .string(id), "requestId": .string("REQ-\(id)"), "kind": "repair", "channel": "hotline", "customerId": "C-9",
            "region": .string(region), "location": ["lat": 31.2, "lon": 121.5],
            "product": ["sku": "SKU-FR-1", "category": "refrigerator", "model": "RF-900"],
            "warranty": ["status": "in-warranty"], "fault": ["category": "hardware", "safetyHazard": false],
            "priority": .string(priority), "description": .string(description),
            "sla": ["respondBy": .string(Timestamp.format(at(minutesAgo - 240))), "onSiteBy": .string(Timestamp.format(at(minutesAgo - 1440))),
                    "resolveBy": .string(Timestamp.format(at(minutesAgo - 2880)))],
        ], minutesAgo: minutesAgo, source: "intake")
    }

    /// Every event with its registry topic and key, oldest first.
    func events() -> [(Topic, String?, Envelope)] {
        var events: [(Topic, String?, Envelope)] = []
        let regions = ["shanghai", "beijing", "guangzhou", "shenzhen"]
        for index in 0..<60 {
            let minutes = Double(118 - index * 2) + Double(index % 3) * 0.3
            let id = "AS-SIM-\(String(format: "%04d", index))"
            events.append((.tickets, id, opened(id, minutesAgo: minutes, region: regions[index % 4], priority: index % 7 == 0 ? "emergency" : "normal",
                                                description: "冰箱不制冷 \(index)")))
        }
        // The ticket with a whole story.
        events.append((.requests, "REQ-\(ticketId)", envelope(.requestSubmitted, [
            "requestId": .string("REQ-\(ticketId)"), "channel": "wechat", "kind": "repair",
            "customer": ["id": "C-9", "name": .string(customerName), "phone": .string(phone), "address": "上海市徐汇区漕溪北路1号",
                         "region": "shanghai", "location": ["lat": 31.2, "lon": 121.4]],
            "product": ["sku": "SKU-FR-1", "category": "refrigerator", "model": "RF-900", "purchaseDate": "2026-03-02"],
            "description": .string("冰箱冒烟 <script>alert('x')</script> 请打 \(phone)"),
        ], minutesAgo: 30.2)))
        events.append((.tickets, ticketId, opened(ticketId, minutesAgo: 30, region: "shanghai", priority: "high",
                                                   description: "冰箱冒烟 <script>alert('x')</script> 请打 \(phone)")))
        events.append((.tickets, ticketId, envelope(.ticketAssigned, ["ticketId": .string(ticketId), "technicianId": "T-007",
                                                                      "distanceKm": 4.2, "attempt": 1], minutesAgo: 29, source: "dispatch")))
        events.append((.tickets, ticketId, envelope(.ticketAccepted, ["ticketId": .string(ticketId), "technicianId": "T-007"],
                                                    minutesAgo: 25, source: "dispatch")))
        // KPI snapshots: every 10 minutes for two hours, then the cuts of today.
        for step in 0...12 {
            let minutes = Double(120 - step * 10)
            let wave = Double(step % 4) * 0.01
            events.append((.kpis, "last-hour", envelope(.kpiSnapshot, ["window": "last-hour", "figures": [
                "tickets.opened": .number(Double(28 + step % 5)), "sla.respond.compliance": .number(0.97 - wave),
                "sla.onsite.compliance": .number(0.94 - wave), "sla.resolve.compliance": .number(step == 12 ? 0.92 : 0.88 + wave),
                "ftf.rate": .number(0.78 + wave), "csat": .number(0.86 - wave),
            ]], minutesAgo: minutes, source: "alerting")))
        }
        events.append((.kpis, "today", envelope(.kpiSnapshot, ["window": "today", "figures": ["tickets.opened": 61]], minutesAgo: 0.5,
                                                source: "alerting")))
        let cuts: [(String, String, Double, Double, Double, Double, Double)] = [
            ("region", "shanghai", 24, 0.95, 0.83, 0.91, 0.04), ("region", "beijing", 19, 0.89, 0.79, 0.86, 0.05),
            ("region", "guangzhou", 15, 0.81, 0.71, 0.8, 0.09), ("region", "shenzhen", 12, 0.92, 0.76, 0.88, 0.02),
            ("providerId", "P-ACME", 21, 0.93, 0.82, 0.9, 0.03), ("providerId", "P-SWIFT", 17, 0.86, 0.74, 0.83, 0.07),
            ("providerId", "P-HOME", 9, 0.78, 0.7, 0.79, 0.12),
        ]
        for (dimension, value, completed, sla, ftf, csat, complaints) in cuts {
            events.append((.kpis, "today", envelope(.kpiSnapshot, [
                "window": "today", "dimension": .object([dimension: .string(value)]),
                "figures": ["tickets.completed": .number(completed), "sla.compliance": .number(sla), "ftf.rate": .number(ftf),
                            "csat": .number(csat), "complaints.per-ticket": .number(complaints)],
            ], minutesAgo: 0.4, source: "alerting")))
        }
        // Alerts: critical about the story's ticket, a warning, an info, and one resolved.
        func alert(_ type: EventType, _ id: String, _ rule: String, _ severity: String, _ subject: String, _ message: String, _ minutes: Double) {
            events.append((.alerts, subject, envelope(type, ["alertId": .string(id), "rule": .string(rule), "severity": .string(severity),
                                                            "subject": .string(subject), "message": .string(message)],
                                                      minutesAgo: minutes, source: "alerting")))
        }
        alert(.alertRaised, criticalAlertId, "sla-breach", "critical", ticketId, "respond deadline at risk: 冒烟, emergency handling", 12)
        alert(.alertRaised, "ALR-W-1", "stock-low", "warning", "PN-COMPRESSOR", "compressor stock below reorder point in shanghai", 40)
        alert(.alertRaised, "ALR-I-1", "provider-anomaly", "info", "P-HOME", "repeat visits above network ratio", 55)
        alert(.alertRaised, resolvedAlertId, "sla-at-risk", "warning", "AS-SIM-0003", "on-site deadline at risk", 90)
        alert(.alertResolved, resolvedAlertId, "sla-at-risk", "warning", "AS-SIM-0003", "met", 80)
        // Complaints.
        events.append((.surveys, ticketId, envelope(.complaintOpened, ["ticketId": .string(ticketId), "complaintId": .string(complaintId),
                                                                       "severity": "high", "reason": .string("技师迟到两小时，电话 \(phone) 无人接听")],
                                                    minutesAgo: 8, source: "surveys")))
        events.append((.surveys, "AS-SIM-0010", envelope(.complaintOpened, ["ticketId": "AS-SIM-0010", "complaintId": "CMP-SIM-2",
                                                                            "severity": "normal", "reason": "survey score 2/5"],
                                                         minutesAgo: 20, source: "surveys")))
        // A dead letter whose original (a whole ticket.assigned) can be replayed.
        let original = envelope(.ticketAssigned, ["ticketId": "AS-SIM-0020", "technicianId": "T-020", "distanceKm": 7.5, "attempt": 2],
                                minutesAgo: 15, source: "dispatch")
        let letter = MessageDeadLettered(service: "alerting", topic: topicPrefix + Topic.tickets.name, partition: 3, offset: 1_204,
                                         key: "AS-SIM-0020", original: Array(original.encoded()),
                                         reason: "handler failed: could not store the SLA clock")
        events.append((.deadLetters, "AS-SIM-0020", Envelope(payload: letter, source: "alerting", correlationId: nil, causationId: nil,
                                                             id: deadLetterId, occurredAt: at(14))))
        return events
    }
}

// MARK: - Helpers

/// Lines written by the console's thread, read by the test's.
final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// Headless Debian chromium: the DOM after the page has run, or a screenshot.
struct Chromium {
    let path: String

    static func find() -> Chromium? {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"]
            where FileManager.default.isExecutableFile(atPath: path) {
            return Chromium(path: path)
        }
        return nil
    }

    /// Runs chromium with `arguments` and returns its standard output; fails after 90 s.
    private func run(_ arguments: [String]) throws -> String {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(randomSuffix())")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                             "--hide-scrollbars", "--user-data-dir=\(profile.path)", "--virtual-time-budget=5000"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = DispatchQueue(label: "chromium-output")
        let collected = LockedData()
        reader.async { collected.set(output.fileHandleForReading.readDataToEndOfFile()) }
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            throw OperatorError("chromium did not finish within 90 s: \(arguments.joined(separator: " "))")
        }
        reader.sync {}
        return String(decoding: collected.data, as: UTF8.self)
    }

    func dumpDOM(_ url: String) throws -> String { try run(["--dump-dom", url]) }

    func screenshot(_ url: String, to file: String, height: Int = 1_000) throws {
        _ = try run(["--window-size=1400,\(height)", "--screenshot=\(file)", url])
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var value = Data()
    func set(_ data: Data) { lock.withLock { value = data } }
    var data: Data { lock.withLock { value } }
}

/// HTTP/1.1 over a plain socket to 127.0.0.1 (what the test needs of a client).
enum HTTPGet {
    static func exchange(port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var limit = timeval(tv_sec: 15, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw OperatorError("cannot connect to the console on port \(port)") }
        _ = Array(request.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count <= 0 { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    static func text(port: Int, path: String) throws -> String {
        try exchange(port: port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
    }

    /// POSTs a form as a browser would from `origin`; returns the status.
    static func post(port: Int, path: String, origin: String, form: String) throws -> Int {
        let answer = try exchange(port: port, "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nOrigin: \(origin)\r\n"
                                  + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \(form.utf8.count)\r\n\r\n" + form)
        return Int(answer.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
