/// The stable machine codes of `request.rejected` reasons.
public enum RejectionCode: String, Sendable, CaseIterable {
    case required
    case invalidFormat = "invalid-format"
    case outOfRange = "out-of-range"
    case unknownValue = "unknown-value"
    case tooLong = "too-long"
    case tooShort = "too-short"
    case inFuture = "in-future"
    case tooOld = "too-old"
    case duplicateRequest = "duplicate-request"
    case unknownRequest = "unknown-request"
    case alreadyCompleted = "already-completed"
    case alreadyCancelled = "already-cancelled"
}
