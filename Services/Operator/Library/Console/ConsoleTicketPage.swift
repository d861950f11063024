import Foundation
import Schema

/// `GET /ticket?id=`: one ticket's whole timeline with its SLA deadlines (what
/// `aftersales ticket` prints), or, for a partial id, the tickets matching it; with no id,
/// the most recent tickets. The fields shown per event are `watch`'s (no customer data);
/// the description is customer text: escaped, phone-like digits masked.
public struct ConsoleTicketPage {
    public let model: ConsoleModel
    public let text: ConsoleText
    public let now: Date
    public let query: String

    public init(model: ConsoleModel, language: ConsoleLanguage, now: Date, query: String) {
        self.model = model
        self.text = ConsoleText(language)
        self.now = now
        self.query = query.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var lang: String { text.language.rawValue }

    /// The whole page.
    public func document() -> String {
        let title = query.isEmpty ? text.recentTickets : "\(text.ticket) \(query)"
        let other = text.language == .en ? "zh" : "en"
        let main = "<p><a href=\"/?lang=\(lang)\">\(HTML.text(text.backToConsole))</a></p>"
            + "<section id=\"ticket\" class=\"panel ticket\">\(content())</section>"
        return ConsolePage.shell(text: text, title: title,
                                 stream: "/events?lang=\(lang)&ticket=\(HTML.query(query))",
                                 switchTo: "/ticket?lang=\(other)&id=\(HTML.query(query))", main: main,
                                 status: ConsolePage(model: model, language: text.language, now: now, formToken: "").status())
    }

    /// The section's inner HTML (also what the live updates replace).
    public func content() -> String {
        if !query.isEmpty, let timeline = model.timeline(ticketId: query) { return render(timeline) }
        let matches = model.searchTickets(query)
        var html = ""
        if !query.isEmpty {
            html += "<p class=\"notice error\">\(HTML.text(text.notHeld(query, limit: model.limits.maxTickets)))</p>"
        }
        html += "<h2>\(HTML.text(query.isEmpty ? text.recentTickets : text.matching(query)))</h2>"
        let rows = matches.map { record in
            ["<a href=\"/ticket?lang=\(lang)&amp;id=\(HTML.query(record.ticketId))\">\(HTML.text(record.ticketId))</a>",
             HTML.text(record.priority ?? "–"), HTML.text(record.region ?? "–"), record.openedAt.map(ConsolePage.stamp) ?? "–",
             HTML.text(record.lastType)]
        }
        return html + HTML.table(header: [text.ticket, text.priority, text.region, text.opened, text.latest], rows: rows,
                                 empty: text.noTickets)
    }

    private func render(_ timeline: ConsoleTimeline) -> String {
        let start = timeline.openedAt ?? timeline.events.first?.occurredAt ?? now
        let opened = timeline.events.first { $0.eventType == .ticketOpened }
        var html = "<h2 data-ticket=\"\(HTML.text(timeline.ticketId))\">\(HTML.text(text.ticket)) \(HTML.text(timeline.ticketId))</h2>"
        if let opened {
            let facts = [(text.priority, "priority"), (text.region, "region"), (text.fault, "fault.category"),
                         (text.warranty, "warranty.status"), (text.product, "product.category"), (text.model, "product.model")]
                .compactMap { label, path in opened.data.text(at: path).map { "<dt>\(HTML.text(label))</dt><dd>\(HTML.text($0))</dd>" } }
            html += "<dl class=\"facts\">\(facts.joined())</dl>"
            if let description = opened.data.text(at: "description") {
                html += "<div class=\"description\"><h3>\(HTML.text(text.description))</h3><p>\(HTML.freeText(description, limit: 2000))</p></div>"
            }
        }
        html += "<h3>\(HTML.text(text.slaDeadlines))</h3>"
        let deadlineRows = timeline.deadlines.map { deadline -> [String] in
            let (status, kind) = self.status(of: deadline, start: start)
            return [HTML.text(text.deadlineName(deadline.name)), ConsolePage.stamp(deadline.due),
                    "+" + HTML.text(TicketTimeline.formatElapsed(deadline.due.timeIntervalSince(start))),
                    "<span class=\"sla \(kind)\">\(HTML.text(status))</span>"]
        }
        html += HTML.table(header: [text.deadline, text.due, "+", text.status], rows: deadlineRows, empty: "–",
                           rowAttributes: timeline.deadlines.map { "data-deadline=\"\(HTML.text($0.name))\"" })
        html += "<h3>\(HTML.text(text.timeline))</h3>"
        let rows = timeline.events.map { event -> [String] in
            // `watch`'s fields (no customer data); a reason may be the customer's words.
            let fields = EventLineRenderer.fields(of: event).map { label, value in
                let shown = label == "reason" ? HTML.freeText(value, limit: 300) : HTML.text(value)
                return "<span class=\"field\"><i>\(HTML.text(label))</i> \(shown)</span>"
            }.joined(separator: " ")
            return ["+" + HTML.text(TicketTimeline.formatElapsed(event.occurredAt.timeIntervalSince(start))), ConsolePage.stamp(event.occurredAt),
                    "<code class=\"type\">\(HTML.text(event.type))</code>", HTML.text(event.source), fields]
        }
        html += HTML.table(header: ["+", text.time, text.event, text.source, text.details], rows: rows, empty: "–",
                           classes: ["num", "", "", "", ""], rowAttributes: timeline.events.map { "data-event=\"\(HTML.text($0.type))\"" })
        return html
    }

    /// The deadline's standing in words and a class (`met`, `late`, `stopped`, `open`, `breached`).
    func status(of deadline: TicketTimeline.Deadline, start: Date) -> (String, String) {
        let elapsed = TicketTimeline.formatElapsed
        if let met = deadline.metAt {
            let margin = deadline.due.timeIntervalSince(met)
            let took = elapsed(met.timeIntervalSince(start))
            return margin >= 0 ? (text.metInTime(took, spare: elapsed(margin)), "met") : (text.metLate(took, late: elapsed(-margin)), "late")
        }
        if let stopped = deadline.stoppedAt { return (text.stopped(elapsed(stopped.timeIntervalSince(start))), "stopped") }
        let left = deadline.due.timeIntervalSince(now)
        return left >= 0 ? (text.openLeft(elapsed(left)), "open") : (text.breached(elapsed(-left)), "breached")
    }
}
