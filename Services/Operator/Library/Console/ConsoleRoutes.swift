import Foundation
import Schema

/// What the console answers, request by request (no I/O of its own but the actions'
/// publishing):
///
/// - `GET /` the page; `GET /ticket?id=` a ticket's timeline (or a search);
///   `GET /events` the live updates (Server-Sent Events: `event: update`, data a JSON object
///   of section id → inner HTML); `GET /console.css`, `/console.js`; `GET /health`.
/// - `POST /complaints/take`, `/complaints/resolve`, `/dead-letters/replay`: the actions,
///   answered with a redirect (303) to the page showing the outcome.
///
/// Against cross-site requests: the `Host` must be one the console serves under (no DNS
/// rebinding; any when it listens on every address), actions are POST only with a form
/// body, their `Origin` (or, without one, `Referer`) must be the console itself, a
/// `Sec-Fetch-Site` other than `same-origin` is refused, and the form must carry the
/// console's random token (the pages embed it; another site cannot read them).
public struct ConsoleRoutes: Sendable {
    public let state: ConsoleState
    public let actions: ConsoleActions
    public let formToken: String
    /// `host:port` values the console answers to; nil: any.
    public let allowedHosts: Set<String>?
    public let now: @Sendable () -> Date

    public init(state: ConsoleState, actions: ConsoleActions, formToken: String, allowedHosts: Set<String>?,
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.state = state
        self.actions = actions
        self.formToken = formToken
        self.allowedHosts = allowedHosts
        self.now = now
    }

    /// A new random form token (128 bits, hex).
    public static func makeToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }

    // MARK: Routing

    public func respond(to request: ConsoleRequest) -> ConsoleResponse {
        guard let host = request.headers["host"], !host.isEmpty else { return .plain(400, "a Host header is required") }
        if let allowedHosts, !allowedHosts.contains(host.lowercased()) {
            return .plain(421, "this console does not serve the host '\(Printable.shortened(host, to: 100))'")
        }
        let language = ConsoleLanguage(parameter: request.query["lang"] ?? request.form["lang"])
        switch (request.method, request.path) {
        case ("GET", "/"):
            let notice = state.notice(request.query["notice"])
            return html(state.read { model in
                ConsolePage(model: model, language: language, now: now(), formToken: formToken, topicPrefix: actions.topicPrefix,
                            notice: notice).document()
            })
        case ("GET", "/ticket"):
            return html(state.read { ConsoleTicketPage(model: $0, language: language, now: now(), query: request.query["id"] ?? "").document() })
        case ("GET", "/events"):
            let stream = ConsoleStream(language: language, ticket: request.query["ticket"].flatMap { $0.isEmpty ? nil : $0 })
            return ConsoleResponse(status: 200, contentType: "text/event-stream; charset=utf-8",
                                   body: "retry: 3000\n\n" + update(for: stream), stream: stream)
        case ("GET", "/console.css"):
            return ConsoleResponse(status: 200, contentType: "text/css; charset=utf-8", body: ConsoleAssets.css)
        case ("GET", "/console.js"):
            return ConsoleResponse(status: 200, contentType: "text/javascript; charset=utf-8", body: ConsoleAssets.javascript)
        case ("GET", "/health"):
            return ConsoleResponse(status: 200, contentType: "application/json", body: "{\"status\":\"alive\"}\n")
        case ("POST", "/complaints/take"), ("POST", "/complaints/resolve"), ("POST", "/dead-letters/replay"):
            if let refusal = refusal(of: request, host: host) { return refusal }
            return act(request, language: language)
        case (_, "/"), (_, "/ticket"), (_, "/events"), (_, "/console.css"), (_, "/console.js"), (_, "/health"):
            return ConsoleResponse(status: 405, body: "only GET\n", headers: [("Allow", "GET")])
        case (_, "/complaints/take"), (_, "/complaints/resolve"), (_, "/dead-letters/replay"):
            return ConsoleResponse(status: 405, body: "only POST\n", headers: [("Allow", "POST")])
        default:
            return .plain(404, "not found")
        }
    }

    /// Why an action request is refused (a cross-site request, say), or nil.
    func refusal(of request: ConsoleRequest, host: String) -> ConsoleResponse? {
        let type = request.headers["content-type"]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            return .plain(415, "actions take a form (application/x-www-form-urlencoded)")
        }
        if let site = request.headers["sec-fetch-site"], site != "same-origin" { return .plain(403, "cross-site request refused") }
        let origin = "http://\(host)"
        if let given = request.headers["origin"] {
            guard given == origin else { return .plain(403, "cross-origin request refused") }
        } else {
            guard let referer = request.headers["referer"], referer == origin || referer.hasPrefix(origin + "/") else {
                return .plain(403, "an action needs an Origin or Referer of this console")
            }
        }
        guard let token = request.form["token"], Self.constantTimeEqual(token, formToken) else {
            return .plain(403, "the form is stale or foreign: reload the console")
        }
        return nil
    }

    /// Runs an action and redirects to the page with its outcome.
    private func act(_ request: ConsoleRequest, language: ConsoleLanguage) -> ConsoleResponse {
        let form = request.form
        let text = ConsoleText(language)
        let notice: ConsoleNotice
        let anchor: String
        switch request.path {
        case "/complaints/take":
            anchor = "complaints"
            let name = form["operator"] ?? ""
            notice = name.count > SchemaLimits.maxNameLength
                ? ConsoleNotice(text: text.tooLong(text.operatorName, SchemaLimits.maxNameLength), isError: true)
                : actions.take(form["complaintId"] ?? "", operatorName: name, state: state, text: text, now: now())
        case "/complaints/resolve":
            anchor = "complaints"
            let note = form["note"] ?? ""
            notice = note.count > SchemaLimits.maxTextLength
                ? ConsoleNotice(text: text.tooLong(text.whatWasDone, SchemaLimits.maxTextLength), isError: true)
                : actions.resolve(form["complaintId"] ?? "", note: note, state: state, text: text, now: now())
        default:
            anchor = "dead-letters"
            notice = actions.replay(form["id"] ?? "", state: state, text: text)
        }
        let id = state.keep(notice)
        return ConsoleResponse(status: 303, body: "see /\n",
                               headers: [("Location", "/?lang=\(language.rawValue)&notice=\(id)#\(anchor)")])
    }

    // MARK: Live updates

    /// One `update` event for `stream`: the sections' inner HTML as a JSON object.
    public func update(for stream: ConsoleStream) -> String {
        let sections: [(id: String, html: String)] = state.read { model in
            if let ticket = stream.ticket {
                return [("ticket", ConsoleTicketPage(model: model, language: stream.language, now: now(), query: ticket).content()),
                        ("status", ConsolePage(model: model, language: stream.language, now: now(), formToken: formToken).status())]
            }
            return ConsolePage(model: model, language: stream.language, now: now(), formToken: formToken,
                               topicPrefix: actions.topicPrefix).sections()
        }
        var object: [String: JSONValue] = [:]
        for section in sections { object[section.id] = .string(section.html) }
        // JSON escapes every line break, so the data is one line as SSE requires.
        return "event: update\ndata: " + String(decoding: JSONWriter.data(.object(object)), as: UTF8.self) + "\n\n"
    }

    private func html(_ body: String) -> ConsoleResponse {
        ConsoleResponse(status: 200, contentType: "text/html; charset=utf-8", body: body)
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension String {
    func leftPadded(to length: Int) -> String { count >= length ? self : String(repeating: "0", count: length - count) + self }
}
