import Foundation
import Schema

/// A message shown once at the top of the page after an action.
public struct ConsoleNotice: Sendable, Equatable {
    public var text: String
    public var isError: Bool
    public init(text: String, isError: Bool) {
        self.text = text
        self.isError = isError
    }
}

/// The console's main page, rendered on the server from a `ConsoleModel`: the whole
/// document for `GET /`, and the same sections one by one for the live updates (each
/// section's inner HTML replaces the one in the page). Everything from the topics is
/// escaped (`HTML`); nothing personal is shown.
public struct ConsolePage {
    public let model: ConsoleModel
    public let text: ConsoleText
    public let now: Date
    /// The token every form carries (see `ConsoleRoutes`).
    public let formToken: String
    public let topicPrefix: String
    public var notice: ConsoleNotice?

    public init(model: ConsoleModel, language: ConsoleLanguage, now: Date, formToken: String, topicPrefix: String = "",
                notice: ConsoleNotice? = nil) {
        self.model = model
        self.text = ConsoleText(language)
        self.now = now
        self.formToken = formToken
        self.topicPrefix = topicPrefix
        self.notice = notice
    }

    var language: ConsoleLanguage { text.language }

    /// The ids of the live sections, in page order.
    public static let sectionIds = ["status", "tiles", "charts", "league", "alerts", "complaints", "dead-letters"]

    /// The inner HTML of every live section, by id.
    public func sections() -> [(id: String, html: String)] {
        [("status", status()), ("tiles", tiles()), ("charts", charts()), ("league", league()), ("alerts", alerts()),
         ("complaints", complaints()), ("dead-letters", deadLetters())]
    }

    /// The whole page.
    public func document() -> String {
        var body = ""
        if let notice {
            body += "<div id=\"notice\" class=\"notice\(notice.isError ? " error" : "")\" role=\"status\">\(HTML.text(notice.text))</div>"
        }
        for (id, html) in sections() where id != "status" {
            body += "<section id=\"\(id)\" class=\"panel \(id)\">\(html)</section>"
        }
        return Self.shell(text: text, title: text.title, stream: "/events?lang=\(language.rawValue)",
                          switchTo: "/?lang=\(language == .en ? "zh" : "en")", main: body, status: status())
    }

    /// The frame every page shares: head, header with search and language switch, footer.
    static func shell(text: ConsoleText, title: String, stream: String, switchTo: String, main: String, status: String) -> String {
        let lang = text.language.rawValue
        return """
        <!DOCTYPE html>
        <html lang="\(text.language.htmlCode)"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.text(title))</title>
        <link rel="stylesheet" href="/console.css"><script src="/console.js" defer></script></head>
        <body data-stream="\(HTML.text(stream))" data-live="connecting">
        <header><h1><a href="/?lang=\(lang)">\(HTML.text(text.title))</a></h1>
        <span id="live" class="live" data-text-live="\(HTML.text(text.live))" data-text-offline="\(HTML.text(text.offline))">\(HTML.text(text.connecting))</span>
        <form class="search" action="/ticket" method="get"><input type="hidden" name="lang" value="\(lang)">
        <input type="search" name="id" placeholder="\(HTML.text(text.searchPlaceholder))" aria-label="\(HTML.text(text.findTicket))">
        <button type="submit">\(HTML.text(text.findTicket))</button></form>
        <a class="lang" href="\(HTML.text(switchTo))" hreflang="\(lang == "en" ? "zh" : "en")">\(HTML.text(text.otherLanguage))</a></header>
        <main>\(main)</main>
        <footer id="status">\(status)</footer>
        </body></html>
        """
    }

    // MARK: Sections

    func status() -> String {
        let last = model.lastEventAt.map { "\(HTML.text(text.lastEvent)) \(Self.stamp($0))" } ?? HTML.text(text.noEventYet)
        return "\(last) · \(HTML.text(text.eventsRead)) \(model.eventsSeen) · \(HTML.text(text.timesInUTC))"
    }

    func tiles() -> String {
        let lastHour = model.ticketsOpened(lastMinutes: 60, now: now)
        let kpis = model.headlineKPIs
        let windowNote = kpis.map { text.window($0.window) } ?? text.noSnapshot
        func figure(_ name: String) -> String { kpis?.figures[name].map(Self.percent) ?? "–" }
        var slaSub = windowNote
        if let kpis {
            let parts = [("sla.respond.compliance", text.deadlineName("respond")), ("sla.onsite.compliance", text.deadlineName("on-site"))]
                .compactMap { name, label in kpis.figures[name].map { "\(label) \(Self.percent($0))" } }
            if !parts.isEmpty { slaSub = parts.joined(separator: " · ") + " · " + windowNote }
        }
        let counts = model.openAlertCounts
        let alertSub = ["critical", "warning", "info"].map { "\(text.severityWord($0)) \(counts[$0] ?? 0)" }.joined(separator: " · ")
        let queue = model.complaintQueue
        let investigating = queue.filter { $0.status == "investigating" }.count
        let replayed = model.deadLetters.filter(model.isReplayed).count
        return [
            tile("opened", text.openedPerMinute, String(format: "%.1f", Double(lastHour) / 60), text.inLastHour(lastHour)),
            tile("sla", text.slaCompliance, figure("sla.resolve.compliance"), slaSub),
            tile("ftf", text.firstTimeFix, figure("ftf.rate"), windowNote),
            tile("csat", text.csat, figure("csat"), windowNote),
            tile("alerts", text.openAlerts, String(model.openAlerts.count), alertSub, alarm: (counts["critical"] ?? 0) > 0),
            tile("complaints", text.complaintQueue, String(queue.count), text.investigatingCount(investigating)),
            tile("dead-letters", text.deadLetters, String(model.deadLetters.count), text.replayedCount(replayed),
                 alarm: model.deadLetters.count > replayed),
        ].joined()
    }

    private func tile(_ id: String, _ label: String, _ value: String, _ sub: String, alarm: Bool = false) -> String {
        "<div class=\"tile\(alarm ? " alarm" : "")\" data-tile=\"\(id)\"><div class=\"label\">\(HTML.text(label))</div>"
            + "<div class=\"value\">\(HTML.text(value))</div><div class=\"sub\">\(HTML.text(sub))</div></div>"
    }

    func charts() -> String {
        let end = ConsoleModel.minute(now)
        let start = end - model.limits.historyMinutes + 1
        let hours = text.lastHours(model.limits.historyMinutes / 60)
        func series(_ name: String) -> [Int: Double] { model.kpiHistory.compactMapValues { $0[name] } }
        let charts = [
            ("opened", ConsoleCharts.bars(model.openedPerMinute, from: start, to: end, title: text.chartOpened, empty: text.noData)),
            ("sla", ConsoleCharts.line(series("sla.resolve.compliance"), from: start, to: end, title: text.chartSLA, empty: text.noData)),
            ("ftf", ConsoleCharts.line(series("ftf.rate"), from: start, to: end, title: text.chartFTF, empty: text.noData)),
            ("csat", ConsoleCharts.line(series("csat"), from: start, to: end, title: text.chartCSAT, empty: text.noData)),
        ]
        let titles = [text.chartOpened, text.chartSLA, text.chartFTF, text.chartCSAT]
        return zip(charts, titles).map { chart, title in
            "<figure class=\"chart-box\" data-chart=\"\(chart.0)\">\(chart.1)<figcaption>\(HTML.text(title)) · \(HTML.text(hours))</figcaption></figure>"
        }.joined()
    }

    func league() -> String {
        var html = "<h2>\(HTML.text(text.league))</h2>"
        guard let window = model.leagueWindow else { return html + "<p class=\"empty\">\(HTML.text(text.noCuts))</p>" }
        html += "<p class=\"note\">\(HTML.text(text.leagueNote(text.window(window))))</p><div class=\"pair\">"
        for (dimension, title, column) in [("region", text.byRegion, text.region), ("providerId", text.byProvider, text.provider)] {
            let cuts = model.league(dimension)
            let rows = cuts.prefix(20).enumerated().map { rank, cut in leagueRow(rank + 1, cut) }
            html += "<div class=\"half\" data-league=\"\(dimension)\"><h3>\(HTML.text(title))</h3>"
                + HTML.table(header: ["#", column, text.completed, text.sla, text.ftf, text.csat, text.complaintsPerTicket, text.score],
                             rows: rows, empty: text.noCuts, classes: ["num", "", "num", "num", "num", "num", "num", "num"],
                             rowAttributes: cuts.prefix(20).map { "data-name=\"\(HTML.text($0.value))\"" })
                + "</div>"
        }
        return html + "</div>"
    }

    private func leagueRow(_ rank: Int, _ cut: KPICut) -> [String] {
        func ratio(_ name: String) -> String { cut.figures[name].map(Self.percent) ?? "–" }
        let completed: String = cut.figures["tickets.completed"].map { String(Int($0)) } ?? "–"
        let complaints: String = cut.figures["complaints.per-ticket"].map { String(format: "%.2f", $0) } ?? "–"
        let score: String = cut.score.map { String(format: "%.0f", $0 * 100) } ?? "–"
        return [String(rank), HTML.text(cut.value), completed, ratio("sla.compliance"), ratio("ftf.rate"), ratio("csat"), complaints, score]
    }

    func alerts() -> String {
        let open = model.openAlerts
        let counts = model.openAlertCounts
        var html = "<h2>\(HTML.text(text.openAlerts))</h2><p class=\"severities\">"
        for severity in ["critical", "warning", "info"] {
            html += "<span class=\"badge sev-\(severity)\" data-severity=\"\(severity)\">\(HTML.text(text.severityWord(severity))) "
                + "<b>\(counts[severity] ?? 0)</b></span>"
        }
        html += "</p>"
        let shown = open.prefix(50)
        let rows = shown.map { alert in
            ["<span class=\"badge sev-\(HTML.text(alert.severity))\">\(HTML.text(text.severityWord(alert.severity)))</span>",
             HTML.text(text.statusWord(alert.status)), HTML.text(alert.rule), subjectLink(alert.subject),
             Self.clock(alert.raisedAt), HTML.text(Printable.shortened(alert.message, to: 300))]
        }
        return html + HTML.table(header: [text.severity, text.status, text.rule, text.subject, text.since, text.message],
                                 rows: rows, empty: text.noOpenAlerts,
                                 rowAttributes: shown.map { "data-alert=\"\(HTML.text($0.alertId))\"" })
            + more(shown.count, of: open.count)
    }

    /// A subject that is a ticket the console holds links to its timeline.
    private func subjectLink(_ subject: String) -> String {
        let ticket = subject.split(separator: ":", maxSplits: 1).first.map(String.init) ?? subject
        guard model.tickets[ticket] != nil else { return HTML.text(subject) }
        return "<a href=\"/ticket?lang=\(language.rawValue)&amp;id=\(HTML.query(ticket))\">\(HTML.text(subject))</a>"
    }

    func complaints() -> String {
        let queue = model.complaintQueue
        let shown = queue.prefix(50)
        let rows = shown.map { complaint -> [String] in
            var status = HTML.text(text.statusWord(complaint.status))
            if let who = complaint.investigator { status += "<br><small>\(HTML.text(text.takenBy(who)))</small>" }
            return [HTML.text(complaint.complaintId), subjectLink(complaint.ticketId),
                    "<span class=\"badge sev-\(HTML.text(complaint.severity))\">\(HTML.text(text.severityWord(complaint.severity)))</span>",
                    status, complaint.openedAt.map(Self.stamp) ?? "–", HTML.freeText(complaint.reason, limit: 300),
                    complaintForms(complaint)]
        }
        return "<h2>\(HTML.text(text.complaintQueue))</h2>"
            + HTML.table(header: [text.complaint, text.ticket, text.severity, text.status, text.opened, text.reason, text.actions],
                         rows: rows, empty: text.noOpenComplaints, classes: ["", "", "", "", "", "", "actions"],
                         rowAttributes: shown.map { "data-complaint=\"\(HTML.text($0.complaintId))\"" })
            + more(shown.count, of: queue.count)
    }

    /// "showing the first 50 of 120" when a list was cut.
    private func more(_ shown: Int, of total: Int) -> String {
        shown < total ? "<p class=\"note more\">\(HTML.text(text.showing(shown, of: total)))</p>" : ""
    }

    private func complaintForms(_ complaint: ConsoleComplaint) -> String {
        let hidden = "<input type=\"hidden\" name=\"token\" value=\"\(HTML.text(formToken))\">"
            + "<input type=\"hidden\" name=\"lang\" value=\"\(language.rawValue)\">"
            + "<input type=\"hidden\" name=\"complaintId\" value=\"\(HTML.text(complaint.complaintId))\">"
        var html = ""
        if complaint.status == "opened" {
            html += "<form class=\"inline\" method=\"post\" action=\"/complaints/take\">\(hidden)"
                + "<input name=\"operator\" maxlength=\"100\" placeholder=\"\(HTML.text(text.operatorName))\">"
                + "<button type=\"submit\">\(HTML.text(text.take))</button></form>"
        }
        html += "<form class=\"inline\" method=\"post\" action=\"/complaints/resolve\">\(hidden)"
            + "<input name=\"note\" required maxlength=\"2000\" placeholder=\"\(HTML.text(text.whatWasDone))\">"
            + "<button type=\"submit\">\(HTML.text(text.resolve))</button></form>"
        return html
    }

    func deadLetters() -> String {
        let letters = model.deadLetters.suffix(30).reversed()
        let rows = letters.map { letter -> [String] in
            let registry = DeadLetterReplay.registryTopic(of: letter.topic, prefix: topicPrefix)?.name ?? letter.topic
            let origin = letter.neverPublished ? "\(HTML.text(registry)) (\(HTML.text(text.neverPublished)))"
                : "\(HTML.text(registry))[\(letter.partition.map(String.init) ?? "?")]@\(letter.offset.map(String.init) ?? "?")"
            let action: String
            if model.isReplayed(letter) {
                action = "<span class=\"done\">\(HTML.text(text.replayed))</span>"
            } else {
                action = "<form class=\"inline\" method=\"post\" action=\"/dead-letters/replay\">"
                    + "<input type=\"hidden\" name=\"token\" value=\"\(HTML.text(formToken))\">"
                    + "<input type=\"hidden\" name=\"lang\" value=\"\(language.rawValue)\">"
                    + "<input type=\"hidden\" name=\"id\" value=\"\(HTML.text(letter.id))\">"
                    + "<button type=\"submit\">\(HTML.text(text.replay))</button></form>"
            }
            return [Self.stamp(letter.occurredAt), "<code>\(HTML.text(String(letter.id.prefix(12))))</code>", HTML.text(letter.service),
                    origin, HTML.text(Printable.shortened(letter.originalKey ?? "–", to: 60)),
                    HTML.text(DeadLetterRendering.valueSummary(letter)), HTML.freeText(letter.reason, limit: 200), action]
        }
        return "<h2>\(HTML.text(text.deadLetters))</h2>"
            + "<p class=\"note\">\(HTML.text(text.deadLettersNote(shown: rows.count, kept: model.deadLetters.count)))</p>"
            + HTML.table(header: [text.time, text.id, text.service, text.original, text.key, text.value, text.reason, text.replay],
                         rows: rows, empty: text.noDeadLetters,
                         rowAttributes: letters.map { "data-dead-letter=\"\(HTML.text($0.id))\"" })
    }

    // MARK: Formatting

    /// 93.5%
    static func percent(_ ratio: Double) -> String { String(format: "%.1f%%", ratio * 100) }

    /// HH:mm:ss in UTC.
    static func clock(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = ((seconds % 86_400) + 86_400) % 86_400
        return String(format: "%02d:%02d:%02d", day / 3600, day % 3600 / 60, day % 60)
    }

    /// `12-02 09:37:46` (UTC).
    static func stamp(_ date: Date) -> String {
        let text = Timestamp.format(date)   // 2026-12-02T09:37:46Z (or with fractions)
        guard text.count >= 19 else { return HTML.text(text) }
        let start = text.index(text.startIndex, offsetBy: 5)
        return HTML.text(text[start..<text.index(start, offsetBy: 5)] + " " + clock(date))
    }
}
