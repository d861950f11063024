import Foundation

/// Places in the processing path where a test can simulate a crash of the process.
public enum FaultPoint: Sendable, Hashable {
    /// Inside the batch transaction, after `index` messages were applied (the transaction rolls back).
    case midBatch(batch: Int, index: Int)
    /// After the batch transaction committed, before the Kafka offsets are committed.
    case afterDatabaseCommit(batch: Int)
    /// In the relay, after reading unsent outbox rows, before publishing them.
    case beforePublish(round: Int)
    /// In the relay, after the broker acknowledged the events, before marking the rows sent.
    case afterPublish(round: Int)
    /// In the consumer loop, when it rewinds to the committed offsets after a failed batch
    /// (a "crash" here is a failed rewind: the loop must retry it, never poll past the batch).
    case rewind
}

/// Decides, at each fault point, whether the process "crashes" there. Used by tests only;
/// production hosts have none.
public struct FaultInjector: Sendable {
    public let shouldCrash: @Sendable (FaultPoint) -> Bool
    public init(shouldCrash: @escaping @Sendable (FaultPoint) -> Bool) { self.shouldCrash = shouldCrash }
}

/// Thrown when an injected crash happens: the host stops at once, committing and flushing nothing.
public struct InjectedCrash: Error, CustomStringConvertible, Sendable {
    public let point: FaultPoint
    public var description: String { "injected crash at \(point)" }
}

extension Optional where Wrapped == FaultInjector {
    func check(_ point: FaultPoint) throws(InjectedCrash) {
        if let injector = self, injector.shouldCrash(point) { throw InjectedCrash(point: point) }
    }
}
