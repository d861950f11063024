import Foundation
import Schema

/// The console's model shared between the tail loop (which folds events in) and the HTTP
/// handlers (which render it), under one lock. Renders happen inside the lock on the model
/// itself, so the model is never copied.
public final class ConsoleState: @unchecked Sendable {
    private let lock = NSLock()
    private var model: ConsoleModel
    private var changes = 0
    private var notices: [(id: String, notice: ConsoleNotice)] = []

    public init(model: ConsoleModel = ConsoleModel()) { self.model = model }

    /// Folds the envelopes in (with their message keys); returns how many.
    @discardableResult
    public func apply(_ events: [(key: String?, envelope: Envelope)]) -> Int {
        guard !events.isEmpty else { return 0 }
        lock.withLock {
            for event in events { model.apply(event.envelope, key: event.key) }
            changes += 1
        }
        return events.count
    }

    public func prune(now: Date) { lock.withLock { model.prune(now: now) } }

    /// Increases with every applied batch: whether the views changed since a reading.
    public var version: Int { lock.withLock { changes } }

    /// `body`'s result on the current model (do not keep the model).
    public func read<T>(_ body: (ConsoleModel) -> T) -> T { lock.withLock { body(model) } }

    // MARK: Notices

    /// Keeps `notice` for the page after an action's redirect; returns its id.
    public func keep(_ notice: ConsoleNotice) -> String {
        let id = EventID.make().lowercased().filter { $0.isLetter || $0.isNumber }.suffix(16)
        lock.withLock {
            notices.append((String(id), notice))
            if notices.count > 64 { notices.removeFirst(notices.count - 64) }
        }
        return String(id)
    }

    /// The notice with this id, if still kept.
    public func notice(_ id: String?) -> ConsoleNotice? {
        guard let id else { return nil }
        return lock.withLock { notices.last { $0.id == id }?.notice }
    }
}
