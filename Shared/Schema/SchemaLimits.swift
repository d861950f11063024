/// The hard bounds every payload is checked against (issue 13: bounded input, checked
/// before work). They protect storage and arithmetic, not business rules: a service may
/// apply tighter limits of its own (intake's request limits are configuration).
///
/// Lengths count Unicode scalars, as PostgreSQL counts the characters of `varchar(n)`.
public enum SchemaLimits {
    // MARK: Envelope

    /// `id`, `type`, `source`, `correlationId`, `causationId`.
    public static let maxEnvelopeFieldLength = 200
    /// Objects and arrays nested in one message, the envelope itself being level 1.
    public static let maxNestingDepth = 64

    // MARK: Text

    /// Any id: ticket, technician, part number, warehouse, invoice, provider, …
    public static let maxIdentifierLength = 200
    /// Names, regions, models, currencies' neighbours: short labels.
    public static let maxNameLength = 200
    /// Free text: descriptions, reasons, findings, comments, messages, resolutions.
    public static let maxTextLength = 2_000
    /// A URI (evidence photos, signature image).
    public static let maxURILength = 2_000

    // MARK: Lists

    /// Lines of `parts`, `partsUsed`, `lines` (parts and invoices), findings, steps, photos,
    /// serials, skills, regions, certifications.
    public static let maxListCount = 100
    /// Lines of one monthly `settlement.statement` (one per visit of one provider).
    public static let maxSettlementLines = 10_000

    // MARK: Numbers

    /// A part quantity on any line, or received into stock.
    public static let quantity = 1...100_000
    /// A stock count, a reorder point, a stock level.
    public static let stockLevel = 0...10_000_000
    /// Supplier lead time in days.
    public static let leadTimeDays = 0...365
    /// A technician's jobs per day.
    public static let dailyCapacity = 0...1_000
    /// A survey score.
    public static let score = 1...5
    /// Any amount of money or unit price, in the currency's units.
    public static let amount: ClosedRange<Double> = 0...10_000_000
    /// Seconds a ticket was on hold (ten years).
    public static let heldSeconds = 0...315_360_000
    /// A ticket's visit number.
    public static let visit = 1...1_000
    /// Months of extended warranty granted.
    public static let months = 1...120
    /// Counts of a settlement statement (visits, settleable, held back).
    public static let count = 0...1_000_000
}
