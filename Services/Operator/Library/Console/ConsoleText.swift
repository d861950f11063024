import Foundation

/// The console's languages: English and Chinese, chosen with `?lang=en|zh`.
public enum ConsoleLanguage: String, Sendable, CaseIterable {
    case en, zh

    /// The language named by a `lang` parameter; English for anything else.
    public init(parameter: String?) { self = parameter.flatMap(ConsoleLanguage.init(rawValue:)) ?? .en }

    /// The `lang` attribute of the page.
    public var htmlCode: String { self == .en ? "en" : "zh-CN" }
}

/// Every phrase the console shows, in both languages: each one is written as a pair, so a
/// phrase cannot exist in one language only.
public struct ConsoleText: Sendable {
    public let language: ConsoleLanguage
    public init(_ language: ConsoleLanguage) { self.language = language }

    func pick(_ english: String, _ chinese: String) -> String { language == .en ? english : chinese }

    // MARK: Page
    var title: String { pick("AfterSales operator console", "售后运营控制台") }
    var connecting: String { pick("connecting…", "连接中…") }
    var live: String { pick("live", "实时") }
    var offline: String { pick("offline, retrying", "已断开，正在重连") }
    var lastEvent: String { pick("last event", "最新事件") }
    var eventsRead: String { pick("events read", "已读事件") }
    var noEventYet: String { pick("no event yet", "暂无事件") }
    var searchPlaceholder: String { pick("ticket id, e.g. AS-20261202-000123", "工单号，例如 AS-20261202-000123") }
    var findTicket: String { pick("Find ticket", "查找工单") }
    var otherLanguage: String { pick("中文", "English") }
    var timesInUTC: String { pick("times in UTC", "时间为 UTC") }

    // MARK: Tiles
    var openedPerMinute: String { pick("Tickets opened / min", "每分钟新建工单") }
    func inLastHour(_ count: Int) -> String { pick("\(count) in the last hour", "最近一小时 \(count) 单") }
    var slaCompliance: String { pick("SLA compliance (resolve)", "SLA 达成率（解决）") }
    var firstTimeFix: String { pick("First-time fix", "一次修复率") }
    var csat: String { pick("CSAT", "客户满意度") }
    var openAlerts: String { pick("Open alerts", "未关闭告警") }
    var complaintQueue: String { pick("Complaint queue", "投诉队列") }
    var deadLetters: String { pick("Dead letters", "死信") }
    var noSnapshot: String { pick("no KPI snapshot yet", "暂无 KPI 快照") }
    func window(_ name: String) -> String {
        switch name {
        case "last-hour": pick("last hour", "近一小时")
        case "today": pick("today", "今日")
        case "last-7-days": pick("last 7 days", "近 7 天")
        default: name
        }
    }
    func replayedCount(_ count: Int) -> String { pick("\(count) replayed", "已重放 \(count) 条") }
    func investigatingCount(_ count: Int) -> String { pick("\(count) being investigated", "\(count) 条调查中") }

    // MARK: Charts
    var chartOpened: String { pick("Tickets opened per minute", "每分钟新建工单") }
    var chartSLA: String { pick("SLA compliance, resolve (last-hour snapshots)", "SLA 达成率·解决（近一小时快照）") }
    var chartFTF: String { pick("First-time fix (last-hour snapshots)", "一次修复率（近一小时快照）") }
    var chartCSAT: String { pick("CSAT (last-hour snapshots)", "客户满意度（近一小时快照）") }
    func lastHours(_ hours: Int) -> String { pick("last \(hours) hours", "最近 \(hours) 小时") }
    var noData: String { pick("no data yet", "暂无数据") }

    // MARK: League table
    var league: String { pick("League table", "排行榜") }
    var byRegion: String { pick("By region", "按区域") }
    var byProvider: String { pick("By provider", "按服务商") }
    var region: String { pick("Region", "区域") }
    var provider: String { pick("Provider", "服务商") }
    var completed: String { pick("Completed", "完成") }
    var sla: String { pick("SLA", "SLA") }
    var ftf: String { pick("FTF", "一次修复") }
    var complaintsPerTicket: String { pick("Complaints / ticket", "单均投诉") }
    var score: String { pick("Score", "得分") }
    var noCuts: String { pick("no KPI cuts published yet", "暂无分维度 KPI") }
    func leagueNote(_ window: String) -> String {
        pick("window: \(window); score = SLA 35 %, first-time fix 25 %, CSAT 25 %, few complaints 15 %",
             "时间窗：\(window)；得分 = SLA 35%、一次修复 25%、满意度 25%、低投诉 15%")
    }

    // MARK: Alerts
    var severity: String { pick("Severity", "级别") }
    var status: String { pick("Status", "状态") }
    var rule: String { pick("Rule", "规则") }
    var subject: String { pick("Subject", "对象") }
    var since: String { pick("Since", "开始") }
    var message: String { pick("Message", "说明") }
    var noOpenAlerts: String { pick("no open alerts", "没有未关闭的告警") }
    func severityWord(_ severity: String) -> String {
        switch severity {
        case "critical": pick("critical", "严重")
        case "warning": pick("warning", "警告")
        case "info": pick("info", "提示")
        case "high": pick("high", "高")
        case "normal": pick("normal", "一般")
        default: severity
        }
    }
    func statusWord(_ status: String) -> String {
        switch status {
        case "open": pick("open", "未关闭")
        case "escalated": pick("escalated", "已升级")
        case "resolved": pick("resolved", "已解决")
        case "opened": pick("opened", "待处理")
        case "investigating": pick("investigating", "调查中")
        default: status
        }
    }

    func showing(_ shown: Int, of total: Int) -> String {
        pick("showing the first \(shown) of \(total)", "显示前 \(shown) 条，共 \(total) 条")
    }

    // MARK: Complaints
    var complaint: String { pick("Complaint", "投诉") }
    var ticket: String { pick("Ticket", "工单") }
    var opened: String { pick("Opened", "提出") }
    var reason: String { pick("Reason", "原因") }
    var actions: String { pick("Actions", "操作") }
    var take: String { pick("Take", "接手") }
    var resolve: String { pick("Resolve", "解决") }
    var operatorName: String { pick("operator (optional)", "处理人（可选）") }
    var whatWasDone: String { pick("what was done", "处理结果") }
    var noOpenComplaints: String { pick("no open complaints", "没有待处理的投诉") }
    func takenBy(_ name: String) -> String { pick("taken by \(name)", "处理人：\(name)") }

    // MARK: Dead letters
    var time: String { pick("Time", "时间") }
    var id: String { pick("Id", "编号") }
    var service: String { pick("Service", "服务") }
    var original: String { pick("Original", "原始位置") }
    var key: String { pick("Key", "键") }
    var value: String { pick("Value", "内容") }
    var replay: String { pick("Replay", "重放") }
    var replayed: String { pick("replayed", "已重放") }
    var noDeadLetters: String { pick("no dead letters", "没有死信") }
    var neverPublished: String { pick("never published", "未发布") }
    func deadLettersNote(shown: Int, kept: Int) -> String {
        pick("newest \(shown) of \(kept) kept; originals are never shown (aftersales dead-letters show ID, masked)",
             "显示最新 \(shown) 条（共保留 \(kept) 条）；不显示原始消息（可用 aftersales dead-letters show ID，已脱敏）")
    }
}
