import Foundation

/// Amounts of money as the contract carries them: JSON numbers in the currency's units,
/// rounded to two decimal places (DESIGN.md "Money").
///
/// Rounding is **half away from zero** ("四舍五入", commercial rounding) on the amount's
/// shortest decimal form, so 2.675 (stored in binary as 2.67499999…) rounds to 2.68 as a
/// person expects. Arithmetic on amounts goes through whole cents (`Int64`), never through
/// binary fractions: `total` of 0.1 and 0.2 is exactly 0.3. Pure functions, no locale.
public enum Money {
    /// The largest amount the contract accepts (`SchemaLimits.amount`).
    public static let maximum: Double = SchemaLimits.amount.upperBound

    /// Largest magnitude handled exactly: 2^53 cents.
    private static let maximumCents: Int64 = 9_007_199_254_740_992

    /// The amount in whole cents, rounded half away from zero; nil when it is not finite
    /// or its magnitude exceeds 2^53 cents.
    public static func cents(_ amount: Double) -> Int64? {
        guard amount.isFinite, abs(amount) * 100 <= Double(maximumCents) else { return nil }
        guard let decimal = Decimal(string: String(amount), locale: posix) else { return nil }
        return wholeCents(decimal)
    }

    /// A decimal amount in cents, rounded half away from zero (`.plain`).
    private static func wholeCents(_ amount: Decimal) -> Int64? {
        var value = amount
        var scaled = Decimal()
        var whole = Decimal()
        guard NSDecimalMultiplyByPowerOf10(&scaled, &value, 2, .plain) == .noError else { return nil }
        NSDecimalRound(&whole, &scaled, 0, .plain)
        guard abs(whole) <= Decimal(maximumCents) else { return nil }
        return NSDecimalNumber(decimal: whole).int64Value
    }

    /// The amount of a number of cents (the nearest `Double`, which prints with ≤ 2 decimals).
    public static func amount(cents: Int64) -> Double { Double(cents) / 100 }

    /// The amount rounded to two decimal places; a non-finite or huge value is returned as is.
    public static func rounded(_ amount: Double) -> Double {
        guard let cents = cents(amount) else { return amount }
        return Self.amount(cents: cents)
    }

    /// True when the amount already has at most two decimal places.
    public static func isRounded(_ amount: Double) -> Bool {
        guard let cents = cents(amount) else { return false }
        return Self.amount(cents: cents) == amount
    }

    /// The exact sum of amounts, each first rounded to cents.
    public static func total<S: Sequence>(_ amounts: S) -> Double where S.Element == Double {
        var cents: Int64 = 0
        for amount in amounts {
            let (sum, overflow) = cents.addingReportingOverflow(Self.cents(amount) ?? 0)
            cents = overflow ? cents : sum
        }
        return amount(cents: cents)
    }

    /// `unitPrice × quantity`, computed in decimal and rounded to cents (an invoice line's
    /// amount); NaN when the price is not finite or the product is beyond 2^53 cents.
    public static func lineAmount(unitPrice: Double, quantity: Int) -> Double {
        guard unitPrice.isFinite, var price = Decimal(string: String(unitPrice), locale: posix) else { return .nan }
        var count = Decimal(quantity)
        var product = Decimal()
        guard NSDecimalMultiply(&product, &price, &count, .plain) == .noError, let cents = wholeCents(product) else {
            return .nan
        }
        return amount(cents: cents)
    }

    /// The amount with exactly two decimals and no grouping: "1234.50", "-0.05".
    public static func format(_ amount: Double) -> String {
        guard let cents = cents(amount) else { return String(amount) }
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + String(magnitude / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }

    private static let posix = Locale(identifier: "en_US_POSIX")
}
