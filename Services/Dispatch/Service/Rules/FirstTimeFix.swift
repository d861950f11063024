/// First-time fix (DESIGN.md): completed and resolved on the first visit, with no return for
/// parts and the ticket never reopened. A failed first visit makes the completing visit the
/// second, so it is no first-time fix either.
public enum FirstTimeFix {
    /// `visits`: the number of the visit the work was completed on.
    public static func evaluate(resolved: Bool, visits: Int, waitedForParts: Bool, reopened: Bool) -> Bool {
        resolved && visits <= 1 && !waitedForParts && !reopened
    }
}
