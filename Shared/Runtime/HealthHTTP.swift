import Foundation

/// The HTTP side of the health endpoint: finding the end of a request, parsing its request
/// line, and the response of each route. No I/O; `HealthServer` moves the bytes.
enum HealthHTTP {
    /// What one request asks for.
    struct Request: Equatable {
        var method: String
        var path: String
    }

    /// A complete response, ready to send.
    struct Response: Equatable {
        var status: String
        var contentType: String
        var body: String
        /// HEAD: the headers of the GET answer, no body.
        var omitBody = false

        var bytes: [UInt8] {
            var head = "HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n"
            if status.hasPrefix("405") { head += "Allow: GET, HEAD\r\n" }
            head += "Connection: close\r\n\r\n"
            return Array(head.utf8) + (omitBody ? [] : Array(body.utf8))
        }

        static func plain(_ status: String, _ body: String) -> Response {
            Response(status: status, contentType: "text/plain", body: body + "\n")
        }
    }

    /// Whether `bytes` hold a whole request head (up to the empty line ending the headers).
    static func hasCompleteHead(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 2 else { return false }
        for index in 1..<bytes.count where bytes[index] == 0x0A {
            if bytes[index - 1] == 0x0A { return true }
            if index >= 2, bytes[index - 1] == 0x0D, bytes[index - 2] == 0x0A { return true }
        }
        return false
    }

    /// The request line `METHOD SP TARGET SP HTTP/1.x`, or nil when it is malformed.
    static func parse(_ bytes: [UInt8]) -> Request? {
        let lineEnd = bytes.firstIndex(of: 0x0A) ?? bytes.endIndex
        var line = String(decoding: bytes[..<lineEnd], as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].hasPrefix("/"), parts[2].hasPrefix("HTTP/1.") else { return nil }
        let target = parts[1]
        let path = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "/"
        return Request(method: String(parts[0]), path: path)
    }

    /// What the endpoint answers. `stalled` lists the workers that stopped making progress.
    static func respond(to request: Request, service: String, isReady: Bool, stalled: [String],
                        metricsText: () -> String) -> Response {
        guard request.method == "GET" || request.method == "HEAD" else {
            return .plain("405 Method Not Allowed", "only GET and HEAD")
        }
        var response: Response
        switch request.path {
        case "/health", "/healthz", "/live":
            if stalled.isEmpty {
                response = Response(status: "200 OK", contentType: "application/json",
                                    body: "{\"status\":\"alive\",\"service\":\(json(service))}\n")
            } else {
                response = Response(status: "503 Service Unavailable", contentType: "application/json",
                                    body: "{\"status\":\"stalled\",\"service\":\(json(service)),"
                                        + "\"stalled\":[\(stalled.map(json).joined(separator: ","))]}\n")
            }
        case "/ready", "/readyz":
            response = Response(status: isReady ? "200 OK" : "503 Service Unavailable", contentType: "application/json",
                                body: "{\"status\":\"\(isReady ? "ready" : "starting")\",\"service\":\(json(service))}\n")
        case "/metrics":
            response = Response(status: "200 OK", contentType: "text/plain; version=0.0.4", body: metricsText())
        default:
            response = .plain("404 Not Found", "not found")
        }
        response.omitBody = request.method == "HEAD"
        return response
    }

    static let badRequest = Response.plain("400 Bad Request", "malformed request line")
    static let tooLarge = Response.plain("431 Request Header Fields Too Large", "request too large")
    static let timedOut = Response.plain("408 Request Timeout", "request not received in time")

    /// A JSON string literal.
    static func json(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
