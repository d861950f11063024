import Foundation
import Schema

/// `aftersales dashboard --stream`, the live view of `make run`: a summary of what the
/// platform has done so far (tickets, open alerts by severity, money, the December flows,
/// the last KPI snapshot, dead letters) above the most recent events, one line each.
///
/// Pure: it folds the envelopes it is given and renders text; the command feeds it from the
/// broker. On a terminal the whole screen is redrawn with ANSI codes; piped (`make run | tee
/// log`) it prints a plain summary block now and then, and the event lines as they come,
/// without a single escape code.
public struct LiveDashboard: Sendable {
    /// A line under the title, such as where the operator console is.
    public var note: String?
    /// How many recent event lines are kept for the terminal screen.
    public var keptLines: Int

    /// Events seen, by type.
    public private(set) var counts: [String: Int] = [:]
    /// Audits recorded that failed.
    public private(set) var failedAudits = 0
    /// `visit.scheduled` moved by someone (`requestedBy`): reschedules.
    public private(set) var reschedules = 0
    /// `ticket.unassignable` for want of a technician with a valid certificate.
    public private(set) var uncertified = 0
    /// `work.completed` without the customer's signature, or with parts but without serials.
    public private(set) var evidenceMissing = 0
    /// Chargeable invoices, and their totals by currency.
    public private(set) var chargeableInvoices = 0
    public private(set) var invoiced: [String: Double] = [:]
    /// `ticket.paid` amounts by currency.
    public private(set) var paid: [String: Double] = [:]
    /// The latest network-wide `kpi.snapshot` per window (cuts by dimension left out).
    public private(set) var latestSnapshots: [String: Envelope] = [:]
    /// The last dead letter's service and reason.
    public private(set) var lastDeadLetter: (service: String, reason: String)?
    /// The most recent event lines (oldest first), without colour codes.
    public private(set) var recent: [Envelope] = []
    private var alerts = AlertBoard(envelopes: [])
    private var keys: [String: String] = [:]

    public init(note: String? = nil, keptLines: Int = 200) {
        self.note = note
        self.keptLines = keptLines
    }

    // MARK: Folding

    /// Event types left out of the event lines: the roster and catalogue the simulator seeds
    /// (hundreds at start-up) and the KPI snapshots (dozens of cuts every interval; the
    /// summary shows the last one).
    static let quietTypes: Set<EventType> = [.technicianUpserted, .providerUpserted, .partUpserted, .warehouseUpserted, .kpiSnapshot]

    /// Whether `envelope` gets an event line.
    public static func shows(_ envelope: Envelope) -> Bool {
        guard let type = envelope.eventType else { return true }
        return !quietTypes.contains(type)
    }

    /// Folds one event into the summary, and keeps it for the event lines when it gets one.
    public mutating func apply(_ envelope: Envelope, key: String?) {
        counts[envelope.type, default: 0] += 1
        let data = envelope.data
        switch envelope.eventType {
        case .alertRaised, .alertEscalated, .alertResolved:
            alerts.apply(envelope)
        case .auditRecorded:
            if data["passed"] == .bool(false) { failedAudits += 1 }
        case .visitScheduled:
            if data.text(at: "requestedBy") != nil { reschedules += 1 }
        case .ticketUnassignable:
            if data.text(at: "reason") == "no-certified-technician" { uncertified += 1 }
        case .workCompleted:
            let evidence = data.object(at: "evidence")
            let partsUsed = !data.array(at: "partsUsed").isEmpty
            if evidence["signature"] == nil || (partsUsed && (evidence["oldPartSerials"] == nil || evidence["newPartSerials"] == nil)) {
                evidenceMissing += 1
            }
        case .ticketInvoiced:
            if data["chargeable"] == .bool(true) {
                chargeableInvoices += 1
                invoiced[data.text(at: "currency") ?? "?", default: 0] += data.number(at: "total") ?? 0
            }
        case .ticketPaid:
            paid[data.text(at: "currency") ?? "?", default: 0] += data.number(at: "amount") ?? 0
        case .kpiSnapshot:
            if let window = data.text(at: "window"), data["dimension"] == nil || data["dimension"] == .null,
               latestSnapshots[window].map({ $0.occurredAt <= envelope.occurredAt }) ?? true {
                latestSnapshots[window] = envelope
            }
        case .messageDeadLettered:
            lastDeadLetter = (data.text(at: "service") ?? "?", data.text(at: "reason") ?? "")
        default:
            break
        }
        guard Self.shows(envelope) else { return }
        recent.append(envelope)
        if let key { keys[envelope.id] = key }
        if recent.count > keptLines {
            for dropped in recent.prefix(recent.count - keptLines) { keys[dropped.id] = nil }
            recent.removeFirst(recent.count - keptLines)
        }
    }

    /// How many of `type` were seen.
    public func count(_ type: EventType) -> Int { counts[type.rawValue, default: 0] }

    /// Open (and escalated) alerts by severity.
    public var openAlerts: [String: Int] {
        alerts.list(all: false).reduce(into: [:]) { $0[$1.severity, default: 0] += 1 }
    }

    // MARK: Rendering

    /// The summary block: a title line (and the note), then one line per subject.
    public func summary(now: Date) -> [String] {
        var lines = ["AfterSales live — \(Timestamp.format(now))"]
        if let note { lines.append(note) }
        let c = count
        lines.append(Self.row("tickets", [("opened", c(.ticketOpened)), ("assigned", c(.ticketAssigned)), ("on site", c(.ticketOnSite)),
                                          ("completed", c(.ticketCompleted)), ("closed", c(.ticketClosed)),
                                          ("cancelled", c(.ticketCancelled)), ("unassignable", c(.ticketUnassignable)),
                                          ("rejected requests", c(.requestRejected))]))
        lines.append(Self.row("field", [("rescheduled", reschedules), ("visits failed", c(.ticketVisitFailed)),
                                        ("returned", c(.assignmentReturned)), ("on hold", c(.ticketOnHold)), ("resumed", c(.ticketResumed)),
                                        ("waiting parts", c(.ticketWaitingParts)), ("no certified technician", uncertified),
                                        ("evidence missing", evidenceMissing)]))
        lines.append(Self.row("remote", [("resolved", c(.remoteResolved)), ("failed", c(.remoteFailed))])
                     + "   audits \(c(.auditRecorded)) (failed \(failedAudits))")
        lines.append(Self.row("money", [("quotes", c(.ticketQuoted)), ("approved", c(.quoteApproved)), ("declined", c(.quoteDeclined)),
                                        ("invoices", c(.ticketInvoiced)), ("chargeable", chargeableInvoices)])
                     + "  (" + Self.amounts(invoiced) + ")   paid \(c(.ticketPaid)) (" + Self.amounts(paid) + ")")
        lines.append(Self.row("service", [("compensations", c(.compensationGranted)), ("statements", c(.settlementStatement)),
                                          ("surveys", c(.surveyCompleted)), ("complaints", c(.complaintOpened))]))
        let open = openAlerts
        lines.append(Self.row("alerts", [("critical", open["critical", default: 0]), ("warning", open["warning", default: 0]),
                                         ("info", open["info", default: 0])]) + " open   raised \(c(.alertRaised)), resolved \(c(.alertResolved))")
        lines.append(kpiLine)
        var dead = "dead letters  \(c(.messageDeadLettered))"
        if let lastDeadLetter {
            dead += "   last: \(lastDeadLetter.service): \(Printable.shortened(lastDeadLetter.reason, to: 90))"
        }
        lines.append(dead)
        return lines
    }

    /// The last network-wide snapshot's headline figures, `today` first.
    var kpiLine: String {
        let window = ["today", "last-hour", "last-7-days"].first { latestSnapshots[$0] != nil } ?? latestSnapshots.keys.sorted().first
        guard let window, let snapshot = latestSnapshots[window] else { return "KPIs          no snapshot yet" }
        let figures = snapshot.data.object(at: "figures")
        let shown: [(String, String)] = [("opened", "tickets.opened"), ("SLA on-site", "sla.onsite.compliance"),
                                         ("SLA resolve", "sla.resolve.compliance"), ("first-time fix", "ftf.rate"),
                                         ("CSAT", "csat"), ("remote", "remote-resolution.rate")]
        let text = shown.compactMap { label, name in
            figures[name].flatMap { value -> String? in
                guard case .number(let number) = value else { return nil }
                return name.contains("rate") || name.contains("compliance") || name == "csat"
                    ? "\(label) \(Int((number * 100).rounded())) %" : "\(label) \(KPIBoard.format(number))"
            }
        }.joined(separator: ", ")
        return "KPIs          \(window) at \(EventLineRenderer.clockTime(snapshot.occurredAt)): \(text.isEmpty ? "no figures yet" : text)"
    }

    /// The plain block printed when the output is not a terminal: the summary between rules.
    public func plainBlock(now: Date) -> String {
        let rule = String(repeating: "-", count: 78)
        return ([rule] + summary(now: now) + [rule]).joined(separator: "\n")
    }

    /// The whole terminal screen: clear, summary, then as many recent events as fit in
    /// `height` rows (newest last), each cut to `width` columns.
    public func screen(now: Date, height: Int, width: Int, color: Bool) -> String {
        let top = summary(now: now) + ["", "recent events (Ctrl-C stops everything)"]
        let room = max(0, height - top.count - 1)
        let renderer = EventLineRenderer(color: false)
        let painter = EventLineRenderer(color: color)
        let events = recent.suffix(room).map { envelope -> String in
            let plain = renderer.render(envelope, key: keys[envelope.id])
            guard TextTable.displayWidth(plain) > width else { return painter.render(envelope, key: keys[envelope.id]) }
            return Self.cut(plain, to: width)   // a cut line loses its colour rather than half an escape code
        }
        return "\u{1B}[H\u{1B}[2J" + (top.map { Self.cut($0, to: width) } + events).joined(separator: "\n")
    }

    /// One event line as printed when piped (no colour).
    public func line(_ envelope: Envelope, key: String?) -> String {
        EventLineRenderer(color: false).render(envelope, key: key)
    }

    // MARK: Helpers

    static func row(_ title: String, _ figures: [(String, Int)]) -> String {
        title.padding(toLength: 14, withPad: " ", startingAt: 0) + figures.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }

    static func amounts(_ sums: [String: Double]) -> String {
        guard !sums.isEmpty else { return "0" }
        return sums.keys.sorted().map { String(format: "%@ %.2f", $0, sums[$0]!) }.joined(separator: ", ")
    }

    /// `text` cut to `width` display columns (wide characters count double).
    static func cut(_ text: String, to width: Int) -> String {
        guard TextTable.displayWidth(text) > width else { return text }
        var result = "", used = 0
        for character in text {
            let size = TextTable.displayWidth(String(character))
            if used + size > width { break }
            result.append(character)
            used += size
        }
        return result
    }
}
