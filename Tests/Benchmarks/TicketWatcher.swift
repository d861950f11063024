import Foundation
import Kafka
import Schema
import TestSupport

/// Reads `aftersales.tickets` (and rejections) on its own thread while the load is sent,
/// and records when each request's ticket was opened and assigned.
final class TicketWatcher: @unchecked Sendable {
    struct Summary {
        var requests = 0, opened = 0, assigned = 0, unassignable = 0, rejected = 0
        var openedPerSecond = 0.0, assignedPerSecond = 0.0
        var openedLatencies: [Double] = []
        var assignedLatencies: [Double] = []

        func lines(indent: String) -> String {
            func percentile(_ values: [Double], _ p: Double) -> String {
                guard !values.isEmpty else { return "–" }
                let sorted = values.sorted()
                return String(format: "%.0f ms", sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] * 1000)
            }
            return indent + String(format: "opened %d (%.0f/s), assigned %d (%.0f/s), unassignable %d, rejected %d of %d",
                                   opened, openedPerSecond, assigned, assignedPerSecond, unassignable, rejected, requests)
                + "\n" + indent + "submit→opened p50 \(percentile(openedLatencies, 0.5)), p99 \(percentile(openedLatencies, 0.99));"
                + " submit→assigned p50 \(percentile(assignedLatencies, 0.5)), p99 \(percentile(assignedLatencies, 0.99))"
        }
    }

    private let consumer: KafkaConsumer
    private let lock = NSLock()
    private var sent: [String: Date] = [:]
    private var opened: [String: (ticketId: String, at: Date)] = [:]
    private var requestOfTicket: [String: String] = [:]
    private var assigned: [String: Date] = [:]
    private var unassignable: Set<String> = []
    private var rejected: Set<String> = []
    private var stopped = false
    private var thread: Thread?

    init(topicPrefix: String) throws {
        consumer = try KafkaConsumer(
            config: KafkaConfig(bootstrapServers: TestEnvironment.kafkaBootstrap, clientId: "bench-watch"),
            groupId: "\(topicPrefix)watch-\(randomSuffix())",
            topics: [topicPrefix + Topic.tickets.name, topicPrefix + Topic.rejections.name])
    }

    func start() {
        let thread = Thread { [self] in
            while !lock.withLock({ stopped }) {
                guard let records = try? consumer.poll(maxMessages: 5_000, timeout: .milliseconds(50)) else { continue }
                let now = Date()
                lock.withLock {
                    for record in records {
                        guard let value = record.value, let envelope = try? Envelope.decode(Data(value)) else { continue }
                        take(envelope, at: now)
                    }
                }
            }
        }
        thread.start()
        self.thread = thread
        // Let the watcher join its group before load starts (Tansu joins take ~3 s).
        Thread.sleep(forTimeInterval: 4)
    }

    func stop() {
        lock.withLock { stopped = true }
        Thread.sleep(forTimeInterval: 0.2)
        consumer.close()
    }

    func markSent(_ requestIds: [String], at time: Date) {
        lock.withLock { for id in requestIds { sent[id] = time } }
    }

    private func take(_ envelope: Envelope, at time: Date) {
        switch envelope.eventType {
        case .ticketOpened:
            guard let ticket = try? envelope.payload(as: TicketOpened.self) else { return }
            opened[ticket.requestId] = (ticket.ticketId, time)
            requestOfTicket[ticket.ticketId] = ticket.requestId
        case .ticketAssigned:
            guard let ticket = try? envelope.payload(as: TicketAssigned.self), assigned[ticket.ticketId] == nil else { return }
            assigned[ticket.ticketId] = time
        case .ticketUnassignable:
            guard let ticket = try? envelope.payload(as: TicketUnassignable.self) else { return }
            unassignable.insert(ticket.ticketId)
        case .requestRejected:
            guard let rejection = try? envelope.payload(as: RequestRejected.self) else { return }
            rejected.insert(rejection.requestId)
        default:
            return
        }
    }

    /// Waits until every request of `ids` is assigned, unassignable or rejected.
    func waitForAssigned(_ ids: Set<String>, timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var lastReport = Date()
        while Date() < deadline {
            if Date().timeIntervalSince(lastReport) > 10 {
                lastReport = Date()
                let (o, a, u, r) = lock.withLock { (opened.count, assigned.count, unassignable.count, rejected.count) }
                FileHandle.standardError.write(Data("    … opened \(o), assigned \(a), unassignable \(u), rejected \(r)\n".utf8))
            }
            let remaining = lock.withLock { () -> Int in
                ids.filter { id in
                    if rejected.contains(id) { return false }
                    guard let ticket = opened[id]?.ticketId else { return true }
                    return assigned[ticket] == nil && !unassignable.contains(ticket)
                }.count
            }
            if remaining == 0 { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    func summary(for ids: Set<String>, since start: Date) -> Summary {
        lock.withLock {
            var summary = Summary()
            summary.requests = ids.count
            var lastOpened = start
            var lastAssigned = start
            for id in ids {
                if rejected.contains(id) { summary.rejected += 1 }
                guard let sentAt = sent[id], let ticket = opened[id] else { continue }
                summary.opened += 1
                summary.openedLatencies.append(ticket.at.timeIntervalSince(sentAt))
                lastOpened = max(lastOpened, ticket.at)
                if unassignable.contains(ticket.ticketId) { summary.unassignable += 1 }
                if let at = assigned[ticket.ticketId] {
                    summary.assigned += 1
                    summary.assignedLatencies.append(at.timeIntervalSince(sentAt))
                    lastAssigned = max(lastAssigned, at)
                }
            }
            summary.openedPerSecond = Double(summary.opened) / max(0.001, lastOpened.timeIntervalSince(start))
            summary.assignedPerSecond = Double(summary.assigned) / max(0.001, lastAssigned.timeIntervalSince(start))
            return summary
        }
    }
}
