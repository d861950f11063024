import Foundation

// MARK: - Money vocabularies (DESIGN.md "Money: quotes, invoices, payments, compensation")

/// What an invoice line charges for.
public enum InvoiceLineKind: String, Codable, Sendable, CaseIterable {
    case labour, part
    case callOut = "call-out"
}

/// How the customer paid (`payment.recorded` `method`).
public enum PaymentMethod: String, Codable, Sendable, CaseIterable {
    case cash, card
    case wechatPay = "wechat-pay"
    case alipay, transfer
}

/// What a customer is compensated with after a breached commitment.
public enum CompensationKind: String, Codable, Sendable, CaseIterable {
    case voucher
    case extendedWarranty = "extended-warranty"
}

/// Whether a provider's completed visit is paid this period (`settlement.statement` lines).
/// Extension: DESIGN.md names `evidence-missing` for the held-back case.
public enum SettlementLineStatus: String, Codable, Sendable, CaseIterable {
    /// Signature present and, when parts were used, old and new part serials.
    case settleable
    /// Held back: the signature or the part serials are missing.
    case evidenceMissing = "evidence-missing"
}
