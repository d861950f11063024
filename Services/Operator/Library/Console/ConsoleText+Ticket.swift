import Foundation

/// The phrases of the ticket page and of the actions' outcomes.
extension ConsoleText {
    // MARK: Ticket page
    var timeline: String { pick("Timeline", "时间线") }
    var slaDeadlines: String { pick("SLA deadlines", "SLA 时限") }
    var event: String { pick("Event", "事件") }
    var source: String { pick("Source", "来源") }
    var details: String { pick("Details", "详情") }
    var description: String { pick("Description", "故障描述") }
    var deadline: String { pick("Deadline", "时限") }
    var due: String { pick("Due", "到期") }
    var priority: String { pick("Priority", "优先级") }
    var fault: String { pick("Fault", "故障类别") }
    var warranty: String { pick("Warranty", "保修") }
    var product: String { pick("Product", "产品") }
    var model: String { pick("Model", "型号") }
    var recentTickets: String { pick("Recent tickets", "最近工单") }
    var latest: String { pick("Latest event", "最新事件") }
    var backToConsole: String { pick("← Back to the console", "← 返回控制台") }
    var noTickets: String { pick("no ticket seen yet", "暂无工单") }
    func matching(_ query: String) -> String { pick("Tickets matching “\(query)”", "匹配“\(query)”的工单") }
    func notHeld(_ id: String, limit: Int) -> String {
        pick("No event names ticket \(id) among the latest \(limit) tickets the console holds; for older tickets use: aftersales ticket \(id)",
             "控制台保留的最新 \(limit) 张工单中没有 \(id)；更早的工单请使用：aftersales ticket \(id)")
    }
    func deadlineName(_ name: String) -> String {
        switch name {
        case "respond": pick("respond", "响应")
        case "on-site": pick("on site", "上门")
        case "resolve": pick("resolve", "解决")
        default: name
        }
    }
    func metInTime(_ took: String, spare: String) -> String { pick("met in \(took) (\(spare) to spare)", "已达成，用时 \(took)（提前 \(spare)）") }
    func metLate(_ took: String, late: String) -> String { pick("met in \(took), late by \(late)", "已达成，用时 \(took)，超时 \(late)") }
    func stopped(_ at: String) -> String { pick("stopped at +\(at)", "已停止于 +\(at)") }
    func openLeft(_ left: String) -> String { pick("open: \(left) left", "进行中：剩余 \(left)") }
    func breached(_ by: String) -> String { pick("BREACHED by \(by)", "已超时 \(by)") }

    // MARK: Outcomes of the actions
    func taken(_ complaint: String, ticket: String) -> String {
        pick("complaint \(complaint) (ticket \(ticket)) is now being investigated", "投诉 \(complaint)（工单 \(ticket)）已进入调查")
    }
    func resolvedNotice(_ complaint: String, ticket: String) -> String {
        pick("complaint \(complaint) (ticket \(ticket)) resolved", "投诉 \(complaint)（工单 \(ticket)）已解决")
    }
    func replayedNotice(_ letter: String, type: String, topic: String, event: String) -> String {
        pick("replayed dead letter \(letter): \(type) published on \(topic) as event \(event)",
             "死信 \(letter) 已重放：\(type) 已发布到 \(topic)，事件 \(event)")
    }
    func unknownComplaint(_ id: String) -> String { pick("unknown complaint '\(id)'", "未知投诉“\(id)”") }
    func complaintAlready(_ id: String, _ status: String) -> String {
        pick("complaint \(id) is already \(statusWord(status))", "投诉 \(id) 已是“\(statusWord(status))”状态")
    }
    var noteRequired: String { pick("resolving a complaint needs a note: what was done", "解决投诉需要填写处理结果") }
    func tooLong(_ field: String, _ limit: Int) -> String { pick("\(field) is longer than \(limit) characters", "\(field)超过 \(limit) 个字符") }
    func refused(_ why: String) -> String { pick("not done: \(why)", "未执行：\(why)") }
}
