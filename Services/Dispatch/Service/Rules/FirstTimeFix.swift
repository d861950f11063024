/// First-time fix: resolved on the first and only visit, without waiting for parts and
/// without the ticket ever being reopened.
public enum FirstTimeFix {
    public static func evaluate(resolved: Bool, visits: Int, waitedForParts: Bool, reopened: Bool) -> Bool {
        resolved && visits <= 1 && !waitedForParts && !reopened
    }
}
