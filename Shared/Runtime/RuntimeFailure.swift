import Foundation
import Kafka
import Postgres

/// An error a handler throws when the batch should be tried again later rather than split
/// (a conflict with another instance that a retry resolves, say). Offsets are not
/// committed; the batch is re-read and re-applied after a backoff.
public protocol TransientFailure: Error {}

/// Another instance recorded one of the batch's event ids first (a rebalance race): the
/// retry skips it.
struct InboxRace: TransientFailure, CustomStringConvertible {
    var description: String { "another instance handled an event of this batch first; retrying" }
}

/// How the runtime classifies a failure of a batch or a timer.
public enum RuntimeFailure {
    /// PostgreSQL states worth retrying unchanged: lock not available (55P03), statement
    /// cancelled or timed out (57014), serialization failure and deadlock (40001, 40P01),
    /// insufficient resources (53xxx) — on top of connection failures (08xxx, 57P0x).
    static let transientStates: Set<String> = ["55P03", "57014", "40001", "40P01"]

    /// True when retrying the same work later can succeed: the database or broker was down
    /// or busy, a lock or serialization conflict, or a handler's `TransientFailure`.
    public static func isTransient(_ error: any Error) -> Bool {
        switch error {
        case let error as PGError:
            if error.isConnectionFailure || error.isSerializationFailure { return true }
            guard let state = error.sqlState else { return false }
            return transientStates.contains(state) || state.hasPrefix("53")
        case let error as KafkaError:
            return error.isRetriable
        case is TransientFailure:
            return true
        default:
            return false
        }
    }
}
