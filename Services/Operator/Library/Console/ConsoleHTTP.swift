import Foundation

/// One HTTP request as the console reads it.
public struct ConsoleRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    public var query: [String: String]
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: [UInt8]

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The body's fields when it is `application/x-www-form-urlencoded`.
    public var form: [String: String] { ConsoleHTTP.decodeFields(Substring(String(decoding: body, as: UTF8.self))) }
}

/// What a live-update stream (`GET /events`) follows.
public struct ConsoleStream: Sendable, Hashable {
    public var language: ConsoleLanguage
    /// The ticket page's ticket, when the stream serves one.
    public var ticket: String?
    public init(language: ConsoleLanguage, ticket: String?) {
        self.language = language
        self.ticket = ticket
    }
}

/// One HTTP response; with `stream`, the connection stays open and carries Server-Sent Events.
public struct ConsoleResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public var headers: [(String, String)]
    public var stream: ConsoleStream?

    public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: String, headers: [(String, String)] = [],
                stream: ConsoleStream? = nil) {
        self.status = status
        self.contentType = contentType
        self.body = Array(body.utf8)
        self.headers = headers
        self.stream = stream
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The security headers of every answer: a Content-Security-Policy that allows only the
    /// console's own style sheet and script (no inline script, no other origin), no framing,
    /// no sniffing, no caching, the Referer only to the console itself.
    static let securityHeaders: [(String, String)] = [
        ("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ]

    /// The status line and headers (a stream has no length and stays open).
    public var head: [UInt8] {
        var text = "HTTP/1.1 \(status) \(ConsoleHTTP.reason(status))\r\nContent-Type: \(contentType)\r\n"
        if stream == nil { text += "Content-Length: \(body.count)\r\nConnection: close\r\n" } else { text += "Connection: keep-alive\r\n" }
        for (name, value) in Self.securityHeaders + headers { text += "\(name): \(value)\r\n" }
        return Array((text + "\r\n").utf8)
    }

    static func plain(_ status: Int, _ message: String) -> ConsoleResponse {
        ConsoleResponse(status: status, body: message + "\n")
    }
}

/// HTTP/1.1 as the console speaks it, without I/O: finding a complete request in the bytes
/// received (bounded head and body), decoding queries and forms, reason phrases.
public enum ConsoleHTTP {
    /// What may arrive in one request.
    public struct Limits: Sendable {
        public var maxHeadBytes = 16 * 1024
        public var maxBodyBytes = 16 * 1024
        public init() {}
    }

    /// The outcome of reading the bytes received so far.
    public enum Parsed: Sendable {
        case incomplete
        case request(ConsoleRequest)
        /// The request is refused with this answer.
        case refused(ConsoleResponse)
    }

    /// Reads one request from `bytes`: the request line, headers and (by `Content-Length`) body.
    public static func parse(_ bytes: [UInt8], limits: Limits = Limits()) -> Parsed {
        guard let headEnd = headEnd(bytes) else {
            return bytes.count > limits.maxHeadBytes ? .refused(.plain(431, "request head too large")) : .incomplete
        }
        guard headEnd <= limits.maxHeadBytes else { return .refused(.plain(431, "request head too large")) }
        let lines = String(decoding: bytes[..<headEnd], as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        guard let requestLine = lines.first else { return .refused(.plain(400, "malformed request line")) }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter && $0.isUppercase }),
              parts[1].hasPrefix("/"), parts[2].hasPrefix("HTTP/1.") else {
            return .refused(.plain(400, "malformed request line"))
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .refused(.plain(400, "malformed header")) }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains(" ") else { return .refused(.plain(400, "malformed header")) }
            if headers[name] != nil && ["host", "content-length", "origin"].contains(name) {
                return .refused(.plain(400, "repeated \(name) header"))
            }
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        if headers["transfer-encoding"] != nil { return .refused(.plain(501, "chunked bodies are not accepted")) }
        var length = 0
        if let text = headers["content-length"] {
            guard let value = Int(text), value >= 0 else { return .refused(.plain(400, "malformed Content-Length")) }
            length = value
        }
        guard length <= limits.maxBodyBytes else { return .refused(.plain(413, "request body too large")) }
        guard bytes.count >= headEnd + length else { return .incomplete }
        let target = parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return .request(ConsoleRequest(
            method: String(parts[0]), path: percentDecode(target[0], plus: false),
            query: target.count > 1 ? decodeFields(target[1]) : [:], headers: headers,
            body: Array(bytes[headEnd..<(headEnd + length)])))
    }

    /// The index just past the empty line ending the head, or nil.
    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 1..<bytes.count where bytes[index] == 0x0A {
            if bytes[index - 1] == 0x0A { return index + 1 }
            if index >= 2, bytes[index - 1] == 0x0D, bytes[index - 2] == 0x0A { return index + 1 }
        }
        return nil
    }

    /// `a=1&b=x+y` → ["a": "1", "b": "x y"] (the last value of a repeated name wins).
    public static func decodeFields(_ text: Substring) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(parts[0], plus: true)
            guard !name.isEmpty else { continue }
            fields[name] = parts.count > 1 ? percentDecode(parts[1], plus: true) : ""
        }
        return fields
    }

    /// Percent-decoding (and `+` as a space in forms); invalid escapes stay as they are and
    /// invalid UTF-8 becomes U+FFFD.
    static func percentDecode(_ text: Substring, plus: Bool) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "+") && plus {
                bytes.append(0x20)
            } else if byte == UInt8(ascii: "%"), utf8.count >= 2,
                      let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 303: "See Other"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 413: "Content Too Large"
        case 415: "Unsupported Media Type"
        case 421: "Misdirected Request"
        case 431: "Request Header Fields Too Large"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
