import Foundation
@testable import OperatorTool
import Schema
import XCTest

/// Keeps what the console's actions publish.
final class RecordingPublisher: ConsolePublisher, @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [(envelope: Envelope, topic: String, key: String?)] = []
    var published: [(envelope: Envelope, topic: String, key: String?)] { lock.withLock { kept } }
    func publish(_ envelope: Envelope, topic: String, key: String?) throws {
        lock.withLock { kept.append((envelope, topic, key)) }
    }
}

/// The console's HTTP: parsing within bounds, the routes' defences against cross-site
/// requests, the actions' events, and the socket server (deadlines, sizes, live updates).
final class ConsoleHTTPTests: XCTestCase {
    private typealias F = ConsoleFixtures
    private let host = "127.0.0.1:8080"

    private func routes(_ envelopes: [Envelope] = []) -> (ConsoleRoutes, RecordingPublisher) {
        let state = ConsoleState()
        state.apply(envelopes.map { (nil, $0) })
        let publisher = RecordingPublisher()
        let routes = ConsoleRoutes(state: state, actions: ConsoleActions(publisher: publisher, topicPrefix: "p."), formToken: "tok",
                                   allowedHosts: ConsoleCommand.allowedHosts(bind: "127.0.0.1", port: 8080),
                                   now: { F.base.addingTimeInterval(600) })
        return (routes, publisher)
    }

    private func post(_ path: String, _ form: String, headers: [String: String]? = nil) -> ConsoleRequest {
        ConsoleRequest(method: "POST", path: path, headers: headers ?? [
            "host": host, "origin": "http://\(host)", "content-type": "application/x-www-form-urlencoded",
            "sec-fetch-site": "same-origin",
        ], body: Array(form.utf8))
    }

    // MARK: Parsing

    func testParsingWaitsForTheWholeBodyAndDecodesQueriesAndForms() throws {
        let head = "POST /complaints/take?lang=zh&x=%E4%B8%AD HTTP/1.1\r\nHost: a\r\nContent-Length: 26\r\n\r\n"
        guard case .incomplete = ConsoleHTTP.parse(Array((head + "complaintId=CMP").utf8)) else { return XCTFail("body incomplete") }
        guard case .request(let request) = ConsoleHTTP.parse(Array((head + "complaintId=CMP-1&note=a+b").utf8)) else {
            return XCTFail("complete")
        }
        XCTAssertEqual(request.query, ["lang": "zh", "x": "中"])
        XCTAssertEqual(request.headers["host"], "a")
        XCTAssertEqual(request.form, ["complaintId": "CMP-1", "note": "a b"])
    }

    func testParsingRefusesWhatIsTooLargeChunkedOrMalformed() {
        func status(_ text: String, limits: ConsoleHTTP.Limits = ConsoleHTTP.Limits()) -> Int? {
            if case .refused(let response) = ConsoleHTTP.parse(Array(text.utf8), limits: limits) { return response.status }
            return nil
        }
        var small = ConsoleHTTP.Limits()
        small.maxHeadBytes = 64
        small.maxBodyBytes = 10
        XCTAssertEqual(status("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 100), limits: small), 431)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits: small), 413)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"), 501)
        XCTAssertEqual(status("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400)
        XCTAssertEqual(status("get / HTTP/1.1\r\n\r\n"), 400)
        XCTAssertEqual(status("GET nothing HTTP/1.1\r\n\r\n"), 400)
        XCTAssertEqual(status("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"), 400)
    }

    // MARK: Routes and their defences

    func testPagesAndAssetsCarryTheSecurityHeaders() {
        let (routes, _) = routes()
        let page = routes.respond(to: ConsoleRequest(method: "GET", path: "/", headers: ["host": host]))
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.contentType.hasPrefix("text/html"))
        let head = String(decoding: page.head, as: UTF8.self)
        XCTAssertTrue(head.contains("Content-Security-Policy: default-src 'none'; style-src 'self'; script-src 'self'"))
        XCTAssertTrue(head.contains("X-Frame-Options: DENY"))
        XCTAssertEqual(routes.respond(to: ConsoleRequest(method: "GET", path: "/console.js", headers: ["host": host])).status, 200)
        XCTAssertEqual(routes.respond(to: ConsoleRequest(method: "GET", path: "/nope", headers: ["host": host])).status, 404)
        XCTAssertEqual(routes.respond(to: ConsoleRequest(method: "DELETE", path: "/", headers: ["host": host])).status, 405)
        XCTAssertEqual(routes.respond(to: ConsoleRequest(method: "GET", path: "/complaints/take", headers: ["host": host])).status, 405)
        XCTAssertEqual(routes.respond(to: ConsoleRequest(method: "GET", path: "/", headers: ["host": "localhost:8080"])).status, 200)
        XCTAssertEqual(routes.respond(to: ConsoleRequest(method: "GET", path: "/", headers: ["host": "evil.example:8080"])).status, 421,
                       "another host name (DNS rebinding) is refused")
        XCTAssertEqual(routes.respond(to: ConsoleRequest(method: "GET", path: "/", headers: [:])).status, 400)
    }

    func testCrossSiteActionsAreRefusedAndPublishNothing() {
        let (routes, publisher) = routes([F.complaint("CMP-1")])
        let form = "token=tok&complaintId=CMP-1"
        let base = ["host": host, "content-type": "application/x-www-form-urlencoded"]
        let attempts: [(String, [String: String], String)] = [
            ("foreign origin", base.merging(["origin": "http://evil.example"]) { $1 }, form),
            ("cross-site fetch", base.merging(["origin": "http://\(host)", "sec-fetch-site": "cross-site"]) { $1 }, form),
            ("no origin nor referer", base, form),
            ("foreign referer", base.merging(["referer": "http://evil.example/"]) { $1 }, form),
            ("referer of a look-alike host", base.merging(["referer": "http://\(host).evil.example/"]) { $1 }, form),
            ("no token", base.merging(["origin": "http://\(host)"]) { $1 }, "complaintId=CMP-1"),
            ("wrong token", base.merging(["origin": "http://\(host)"]) { $1 }, "token=tok2&complaintId=CMP-1"),
            ("not a form", ["host": host, "origin": "http://\(host)", "content-type": "application/json"], form),
        ]
        for (name, headers, body) in attempts {
            let response = routes.respond(to: post("/complaints/take", body, headers: headers))
            XCTAssertTrue([403, 415].contains(response.status), "\(name): \(response.status)")
        }
        XCTAssertTrue(publisher.published.isEmpty)
        let referer = base.merging(["referer": "http://\(host)/?lang=en"]) { $1 }
        XCTAssertEqual(routes.respond(to: post("/complaints/take", form, headers: referer)).status, 303, "a same-origin Referer will do")
    }

    func testTakeAndResolvePublishTheCommandLinesEvents() throws {
        let (routes, publisher) = routes([F.complaint("CMP-1", ticket: "AS-1"), F.complaint("CMP-2", ticket: "AS-2")])
        let taken = routes.respond(to: post("/complaints/take", "token=tok&lang=zh&complaintId=CMP-1&operator=%E6%9D%8E%E5%A8%9C"))
        XCTAssertEqual(taken.status, 303)
        let location = try XCTUnwrap(taken.headers.first { $0.0 == "Location" }?.1)
        XCTAssertTrue(location.hasPrefix("/?lang=zh&notice="), location)
        let resolved = routes.respond(to: post("/complaints/resolve", "token=tok&complaintId=CMP-2&note=replaced+the+seal"))
        XCTAssertEqual(resolved.status, 303)
        let events = publisher.published
        XCTAssertEqual(events.count, 2)
        XCTAssertEqual(events[0].envelope.type, "complaint.investigating")
        XCTAssertEqual(events[0].topic, "aftersales.survey-responses")
        XCTAssertEqual(events[0].key, "AS-1")
        XCTAssertEqual(events[0].envelope.data, ["ticketId": "AS-1", "complaintId": "CMP-1", "operator": "李娜"])
        XCTAssertEqual(events[0].envelope.source, "aftersales-console")
        XCTAssertEqual(events[1].envelope.type, "complaint.resolved")
        XCTAssertEqual(events[1].envelope.data, ["ticketId": "AS-2", "complaintId": "CMP-2", "resolution": "replaced the seal"])
        XCTAssertNoThrow(try events[1].envelope.payload(as: ComplaintResolved.self))
        // The page after the redirect shows the outcome, in the form's language.
        let page = routes.respond(to: ConsoleRequest(method: "GET", path: "/", query: ["lang": "zh", "notice": String(location.split(separator: "=").last!.split(separator: "#")[0])],
                                                     headers: ["host": host]))
        XCTAssertTrue(page.bodyText.contains("投诉 CMP-1（工单 AS-1）已进入调查"), page.bodyText)
    }

    func testActionsFollowTheCommandLinesRules() {
        let (routes, publisher) = routes([F.complaint("CMP-1"),
                                          F.envelope("complaint.investigating", ["complaintId": "CMP-1", "ticketId": "AS-1"], at: 1)])
        let state = routes.state
        let text = ConsoleText(.en)
        let actions = routes.actions
        XCTAssertEqual(actions.take("CMP-1", operatorName: nil, state: state, text: text, now: F.base).text,
                       "complaint CMP-1 is already investigating")
        XCTAssertEqual(actions.take("CMP-404", operatorName: nil, state: state, text: text, now: F.base).text, "unknown complaint 'CMP-404'")
        XCTAssertEqual(actions.resolve("CMP-1", note: "   ", state: state, text: text, now: F.base).text,
                       "resolving a complaint needs a note: what was done")
        XCTAssertTrue(publisher.published.isEmpty)
        XCTAssertFalse(actions.resolve("CMP-1", note: "called back", state: state, text: text, now: F.base).isError)
        XCTAssertEqual(publisher.published.count, 1)
    }

    func testReplayPublishesTheOriginalAsANewEventCausedByTheDeadLetter() throws {
        let letter = F.deadLetter(id: "dl-7f3a9c21-0000", topicPrefix: "p.")
        let (routes, publisher) = routes([letter])
        XCTAssertEqual(routes.respond(to: post("/dead-letters/replay", "token=tok&id=dl-7f3a9c21")).status, 303)
        let replay = try XCTUnwrap(publisher.published.first)
        XCTAssertEqual(replay.topic, "aftersales.tickets")
        XCTAssertEqual(replay.key, "AS-1")
        XCTAssertEqual(replay.envelope.type, "ticket.assigned")
        XCTAssertEqual(replay.envelope.causationId, "dl-7f3a9c21-0000")
        let expected = try DeadLetterReplay.plan(try XCTUnwrap(DeadLetter(envelope: letter)), topicPrefix: "p.", newId: replay.envelope.id)
        XCTAssertEqual(replay.envelope, expected.envelope, "exactly what dead-letters replay publishes")
        let refused = routes.actions.replay("dl-unknown", state: routes.state, text: ConsoleText(.en))
        XCTAssertTrue(refused.isError)
        XCTAssertTrue(refused.text.contains("unknown dead letter"), refused.text)
    }

    func testALiveUpdateIsOneSSEEventWithTheSections() throws {
        let (routes, _) = routes([F.alert(id: "A-1", severity: "critical")])
        let update = routes.update(for: ConsoleStream(language: .en, ticket: nil))
        XCTAssertTrue(update.hasPrefix("event: update\ndata: {"))
        XCTAssertTrue(update.hasSuffix("}\n\n"))
        XCTAssertEqual(update.dropLast(2).split(separator: "\n").count, 2, "the data is a single line")
        let json = try JSONParser.parse(Array(update.dropFirst("event: update\ndata: ".count).utf8))
        for id in ConsolePage.sectionIds { XCTAssertNotNil(json[id], id) }
        XCTAssertTrue(json["alerts"]?.stringValue?.contains("data-alert=\"A-1\"") == true)
        let stream = routes.respond(to: ConsoleRequest(method: "GET", path: "/events", query: ["lang": "zh"], headers: ["host": host]))
        XCTAssertEqual(stream.stream, ConsoleStream(language: .zh, ticket: nil))
        XCTAssertTrue(stream.bodyText.hasPrefix("retry: 3000\n\nevent: update\n"))
    }
}
