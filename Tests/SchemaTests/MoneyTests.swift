import Foundation
import Schema
import XCTest

/// `Money` rounding and arithmetic, and the SHA-256 fingerprint of dead letters.
final class MoneyTests: XCTestCase {
    func testRoundsHalfAwayFromZeroOnTheDecimalForm() {
        XCTAssertEqual(Money.rounded(2.675), 2.68, "2.675 is 2.67499… in binary; people expect 2.68")
        XCTAssertEqual(Money.rounded(1.005), 1.01)
        XCTAssertEqual(Money.rounded(0.125), 0.13)
        XCTAssertEqual(Money.rounded(-0.125), -0.13)
        XCTAssertEqual(Money.rounded(0.124999), 0.12)
        XCTAssertEqual(Money.rounded(10), 10)
        XCTAssertEqual(Money.rounded(1e-7), 0)
        XCTAssertTrue(Money.rounded(.nan).isNaN)
    }

    func testCentsAndBack() {
        XCTAssertEqual(Money.cents(12.34), 1234)
        XCTAssertEqual(Money.cents(0.1), 10)
        XCTAssertEqual(Money.cents(10_000_000), 1_000_000_000)
        XCTAssertNil(Money.cents(.infinity))
        XCTAssertNil(Money.cents(1e300))
        XCTAssertEqual(Money.amount(cents: 1234), 12.34)
        XCTAssertEqual(String(Money.amount(cents: 30)), "0.3")
    }

    func testIsRounded() {
        XCTAssertTrue(Money.isRounded(200.5))
        XCTAssertFalse(Money.isRounded(0.1 + 0.2), "0.30000000000000004: sum with Money.total, not +")
        XCTAssertTrue(Money.isRounded(Money.rounded(0.1 + 0.2)))
        XCTAssertFalse(Money.isRounded(12.345))
        XCTAssertFalse(Money.isRounded(.nan))
    }

    func testTotalsAreExactInCents() {
        XCTAssertEqual(Money.total([0.1, 0.2]), 0.3)
        XCTAssertEqual(Money.total(Array(repeating: 0.01, count: 1_000)), 10)
        XCTAssertEqual(Money.total([]), 0)
    }

    func testLineAmount() {
        XCTAssertEqual(Money.lineAmount(unitPrice: 35.5, quantity: 2), 71)
        XCTAssertEqual(Money.lineAmount(unitPrice: 0.335, quantity: 3), 1.01, "1.005 rounds up")
        XCTAssertEqual(Money.lineAmount(unitPrice: 19.99, quantity: 100_000), 1_999_000)
        XCTAssertTrue(Money.lineAmount(unitPrice: .nan, quantity: 1).isNaN)
        XCTAssertEqual(TicketInvoiced.Line(kind: .part, partNumber: "P", quantity: 3, unitPrice: 1.115).amount, 3.35)
    }

    func testFormat() {
        XCTAssertEqual(Money.format(1234.5), "1234.50")
        XCTAssertEqual(Money.format(0.05), "0.05")
        XCTAssertEqual(Money.format(-0.05), "-0.05")
        XCTAssertEqual(Money.format(7), "7.00")
    }

    func testDeadLetterFingerprintIsSHA256OfTheWholeOriginal() {
        func sha(_ bytes: [UInt8]) -> String? {
            MessageDeadLettered(service: "s", topic: "t", partition: 0, offset: 0, key: nil, original: bytes, reason: "r").valueSha256
        }
        XCTAssertEqual(sha([]), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(sha(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(
            sha(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(sha([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", "covers the part beyond 64 KiB")
        XCTAssertEqual(sha(Array(#"{"not":"valid"}"#.utf8)), "705748878d898bb800f900bf007d844dc124a5d12b9b138608b1a91d4d2bc6fb")
    }
}
