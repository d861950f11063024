import Schema

/// Ticket priority (DESIGN.md, refined by the intake issue), first rule that applies:
/// 1. a safety hazard → emergency;
/// 2. a repeat failure under repair warranty, or a complaint → high;
/// 3. maintenance → low;
/// 4. anything else → normal.
public enum PriorityRule {
    public static func priority(kind: RequestKind, safetyHazard: Bool, repeatUnderRepairWarranty: Bool) -> Priority {
        if safetyHazard { return .emergency }
        if repeatUnderRepairWarranty || kind == .complaint { return .high }
        if kind == .maintenance { return .low }
        return .normal
    }
}
