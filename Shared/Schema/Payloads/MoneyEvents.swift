import Foundation

/// The invoice of a completed ticket (follows every `ticket.completed`). In warranty:
/// `chargeable` false, `total` 0, the lines still listed at catalogue value.
public struct TicketInvoiced: EventPayload, Hashable {
    public static let eventType = EventType.ticketInvoiced
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    public var invoiceId: String
    /// Whether the customer pays.
    public var chargeable: Bool
    /// At most 100 lines.
    public var lines: [Line]
    /// What the customer owes, rounded to cents (0 when not chargeable).
    public var total: Double
    /// Three-letter currency code.
    public var currency: String

    public init(ticketId: String, invoiceId: String, chargeable: Bool, lines: [Line], total: Double, currency: String) {
        self.ticketId = ticketId
        self.invoiceId = invoiceId
        self.chargeable = chargeable
        self.lines = lines
        self.total = total
        self.currency = currency
    }

    public var messageKey: String { ticketId }

    /// One charge: labour, a part or the call-out fee.
    public struct Line: Codable, Sendable, Hashable {
        public var kind: InvoiceLineKind
        /// The part, on `part` lines.
        public var partNumber: String?
        /// 1…100,000.
        public var quantity: Int
        public var unitPrice: Double
        /// `unitPrice × quantity` rounded to cents (`Money.lineAmount`).
        public var amount: Double

        public init(kind: InvoiceLineKind, partNumber: String? = nil, quantity: Int, unitPrice: Double, amount: Double) {
            self.kind = kind
            self.partNumber = partNumber
            self.quantity = quantity
            self.unitPrice = unitPrice
            self.amount = amount
        }

        /// A line whose amount is `Money.lineAmount(unitPrice:quantity:)`.
        public init(kind: InvoiceLineKind, partNumber: String? = nil, quantity: Int, unitPrice: Double) {
            self.init(kind: kind, partNumber: partNumber, quantity: quantity, unitPrice: unitPrice,
                      amount: Money.lineAmount(unitPrice: unitPrice, quantity: quantity))
        }
    }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(invoiceId, "invoiceId")
        checks.maxCount(lines.count, SchemaLimits.maxListCount, "lines")
        for (index, line) in lines.prefix(SchemaLimits.maxListCount).enumerated() {
            checks.identifier(line.partNumber, "lines[\(index)].partNumber")
            checks.within(line.quantity, SchemaLimits.quantity, "lines[\(index)].quantity")
            checks.amount(line.unitPrice, "lines[\(index)].unitPrice", cents: false)
            checks.amount(line.amount, "lines[\(index)].amount")
        }
        checks.amount(total, "total")
        checks.currency(currency, "currency")
        return checks.errors
    }
}

/// The technician app or the cashier records a payment against an invoice.
/// Inbound: `method` stays text, checked by `validate()`, read as `methodValue`.
public struct PaymentRecorded: EventPayload, Hashable {
    public static let eventType = EventType.paymentRecorded
    public static let topic = Topic.field

    /// The ticket this is about.
    public var ticketId: String
    public var invoiceId: String
    /// Amount paid, at most two decimals, 0…10,000,000.
    public var amount: Double
    /// Three-letter currency code.
    public var currency: String
    /// A `PaymentMethod` raw value: cash, card, wechat-pay, alipay, transfer.
    public var method: String

    public init(ticketId: String, invoiceId: String, amount: Double, currency: String, method: String) {
        self.ticketId = ticketId
        self.invoiceId = invoiceId
        self.amount = amount
        self.currency = currency
        self.method = method
    }

    /// Convenience for producers: a typed method.
    public init(ticketId: String, invoiceId: String, amount: Double, currency: String, method: PaymentMethod) {
        self.init(ticketId: ticketId, invoiceId: invoiceId, amount: amount, currency: currency, method: method.rawValue)
    }

    public var messageKey: String { ticketId }

    /// `method` as a vocabulary value, when valid.
    public var methodValue: PaymentMethod? { PaymentMethod(rawValue: method) }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(invoiceId, "invoiceId")
        checks.amount(amount, "amount")
        checks.currency(currency, "currency")
        checks.oneOf(method, PaymentMethod.self, "method")
        return checks.errors
    }
}

/// The invoice is paid in full.
public struct TicketPaid: EventPayload, Hashable {
    public static let eventType = EventType.ticketPaid
    public static let topic = Topic.tickets

    /// The ticket this is about.
    public var ticketId: String
    public var invoiceId: String
    /// Amount paid, rounded to cents.
    public var amount: Double
    public var currency: String

    public init(ticketId: String, invoiceId: String, amount: Double, currency: String) {
        self.ticketId = ticketId
        self.invoiceId = invoiceId
        self.amount = amount
        self.currency = currency
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(invoiceId, "invoiceId")
        checks.amount(amount, "amount")
        checks.currency(currency, "currency")
        return checks.errors
    }
}

/// A breached commitment grants the customer a compensation, once per ticket.
/// Keyed by `ticketId` (not `subject` like the alerts on the same topic; documented in
/// docs/contract-extensions.md): every compensation of a ticket stays in order.
public struct CompensationGranted: EventPayload, Hashable {
    public static let eventType = EventType.compensationGranted
    public static let topic = Topic.alerts

    /// The ticket this is about.
    public var ticketId: String
    /// The customer compensated (an id, no PII).
    public var customerId: String
    public var kind: CompensationKind
    /// A voucher's value, rounded to cents.
    public var amount: Double?
    /// The voucher's currency.
    public var currency: String?
    /// Months of extended warranty (1…120).
    public var months: Int?
    /// Why, e.g. "resolve-breached".
    public var reason: String

    public init(
        ticketId: String,
        customerId: String,
        kind: CompensationKind,
        amount: Double? = nil,
        currency: String? = nil,
        months: Int? = nil,
        reason: String
    ) {
        self.ticketId = ticketId
        self.customerId = customerId
        self.kind = kind
        self.amount = amount
        self.currency = currency
        self.months = months
        self.reason = reason
    }

    public var messageKey: String { ticketId }

    public func validate() -> [FieldError] {
        var checks = FieldChecks()
        checks.identifier(ticketId, "ticketId")
        checks.identifier(customerId, "customerId")
        if let amount { checks.amount(amount, "amount") }
        if let currency { checks.currency(currency, "currency") }
        if let months { checks.within(months, SchemaLimits.months, "months") }
        checks.text(reason, "reason")
        return checks.errors
    }
}
