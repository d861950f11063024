import Foundation
import Schema
import ServiceRuntime

extension IntakeHandler {
    /// The copy of a dead-lettered message that goes on the wire. For `aftersales.requests`
    /// (customer PII) it is `DeadLetterMasker`'s masked copy, and the unmasked original is
    /// kept in the quarantine table, in the batch's transaction, filed under the position the
    /// dead letter names. Ticket events carry no PII and are copied as they are.
    public func deadLetterCopy(of original: [UInt8], origin: DeadLetterOrigin, context: HandlerContext) throws -> [UInt8] {
        guard origin.topic == .requests else { return original }
        let copy = DeadLetterMasker.mask(original)
        try QuarantineStore.keep(original, origin: origin, customerId: copy.customerId, now: context.now, on: context.db)
        return copy.bytes
    }
}
