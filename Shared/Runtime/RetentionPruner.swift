import Foundation
import Postgres

/// Keeps the runtime's tables small: every `interval` it deletes inbox rows older than the
/// retention window, sent outbox rows older than the sent-row window and parked outbox
/// rows parked longer than the retention window. Pending outbox rows and timers are never
/// pruned.
///
/// Work is done one bounded chunk per `step`, each chunk its own short statement, so a
/// large backlog never holds locks for long and the relay, which calls `step` between its
/// publishing rounds, keeps publishing while a pass is under way.
final class RetentionPruner {
    /// What is pruned, in the order of a pass.
    enum Target: CaseIterable, Sendable {
        case inbox, sentOutbox, parkedOutbox
    }

    private let settings: RuntimeSettings
    private let interval: TimeInterval
    private let chunkSize: Int
    private var nextPass = Date.distantPast
    private var remaining: [Target] = []

    init(settings: RuntimeSettings, interval: TimeInterval = 600, chunkSize: Int = 5_000) {
        self.settings = settings
        self.interval = interval
        self.chunkSize = chunkSize
    }

    /// True while a pass has chunks left (the caller should not idle).
    var isBusy: Bool { !remaining.isEmpty }

    /// Deletes at most one chunk when a pass is due or under way; returns what it deleted.
    func step(on db: PGConnection, now: Date = Date()) throws -> (target: Target, rows: Int)? {
        if remaining.isEmpty {
            guard now >= nextPass else { return nil }
            remaining = Target.allCases
            nextPass = now.addingTimeInterval(interval)
        }
        let target = remaining[0]
        let deleted = try deleteChunk(of: target, on: db)
        if deleted < chunkSize { remaining.removeFirst() }
        return (target, deleted)
    }

    private func deleteChunk(of target: Target, on db: PGConnection) throws -> Int {
        switch target {
        case .inbox:
            return try db.execute("""
                DELETE FROM inbox WHERE event_id IN (
                    SELECT event_id FROM inbox
                    WHERE received_at < now() - make_interval(days => \(settings.retentionDays)::int)
                    LIMIT \(chunkSize))
                """)
        case .sentOutbox:
            return try db.execute("""
                DELETE FROM outbox WHERE id IN (
                    SELECT id FROM outbox
                    WHERE sent_at < now() - make_interval(hours => \(settings.sentOutboxRetentionHours)::int)
                    LIMIT \(chunkSize))
                """)
        case .parkedOutbox:
            return try db.execute("""
                DELETE FROM outbox WHERE id IN (
                    SELECT id FROM outbox
                    WHERE parked_at < now() - make_interval(days => \(settings.retentionDays)::int)
                    LIMIT \(chunkSize))
                """)
        }
    }
}
