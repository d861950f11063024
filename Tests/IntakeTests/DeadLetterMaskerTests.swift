import Foundation
import Schema
import XCTest
@testable import IntakeService

/// The masked copy of a dead-lettered request (pure rules, no database).
final class DeadLetterMaskerTests: XCTestCase {
    /// The PII of `SampleRequests.valid()` in the forms it may take.
    private let personalTexts = ["张伟", "13800138000", "138 0013 8000", "0013", "世纪大道", "浦东新区"]

    private func assertNoPII(_ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) {
        let text = String(decoding: bytes, as: UTF8.self)
        for secret in personalTexts {
            XCTAssertFalse(text.contains(secret), "\(secret) in \(text)", file: file, line: line)
        }
    }

    private func envelopeBytes(_ data: JSONValue) -> [UInt8] {
        Array(Envelope(id: "e-1", type: "request.submitted", occurredAt: Timestamp.parse("2026-11-22T08:00:00Z")!,
                       source: "crm", correlationId: "CRM-1", causationId: nil, data: data).encoded())
    }

    func testAParsedRequestKeepsItsShapeWithoutPersonalData() throws {
        let data = SampleRequests.valid(description: "我是张伟，电话１３８００１３８０００，住上海市浦东新区世纪大道100号，冰箱不制冷")
        let copy = DeadLetterMasker.mask(envelopeBytes(data))
        XCTAssertTrue(copy.parsed)
        XCTAssertEqual(copy.customerId, "C-1001")
        assertNoPII(copy.bytes)
        let masked = try JSONParser.parse(copy.bytes)
        XCTAssertEqual(masked["id"]?.stringValue, "e-1")
        XCTAssertEqual(masked["type"]?.stringValue, "request.submitted")
        XCTAssertEqual(masked["data"]?["requestId"]?.stringValue, "CRM-20261122-0001")
        XCTAssertEqual(masked["data"]?["customer"]?["id"]?.stringValue, "C-1001")
        XCTAssertEqual(masked["data"]?["customer"]?["name"]?.stringValue, "***")
        XCTAssertEqual(masked["data"]?["customer"]?["phone"]?.stringValue, "***")
        XCTAssertEqual(masked["data"]?["customer"]?["address"]?.stringValue, "***")
        XCTAssertEqual(masked["data"]?["customer"]?["region"]?.stringValue, "shanghai-pudong")
        XCTAssertEqual(masked["data"]?["customer"]?["location"]?["lat"]?.doubleValue, 31.2304)
        XCTAssertEqual(masked["data"]?["product"]?["serialNumber"]?.stringValue, "SN-REF-0001")
        XCTAssertEqual(masked["data"]?["product"]?["purchaseDate"]?.stringValue, "2026-03-15")
        XCTAssertEqual(masked["data"]?["description"]?.stringValue, "我是***，电话***，住***，冰箱不制冷")
    }

    func testPersonalDataAnywhereInTheTreeIsMasked() throws {
        let data: JSONValue = [
            "requestId": "R-1",
            "customer": ["id": "C-9", "name": ["first": "伟", "last": "张伟"], "phone": 13800138000, "address": nil],
            "extra": ["contactPhone": "138 0013 8000", "Mobile": "13800138000", "note": "call 张伟 on 138-0013-8000",
                      "13800138000": "a key that is a phone", "count": 13800138000, "small": 42],
            "list": [["email": "zhang.wei@example.com"], "mail zhang.wei@example.com"],
        ]
        let copy = DeadLetterMasker.mask(envelopeBytes(data))
        assertNoPII(copy.bytes)
        let text = String(decoding: copy.bytes, as: UTF8.self)
        XCTAssertFalse(text.contains("zhang.wei"), text)
        let masked = try JSONParser.parse(copy.bytes)
        XCTAssertEqual(masked["data"]?["customer"]?["name"]?.stringValue, "***", "an object under a personal member")
        XCTAssertEqual(masked["data"]?["customer"]?["address"], .null, "null stays null")
        XCTAssertEqual(masked["data"]?["extra"]?["small"]?.intValue, 42)
        XCTAssertEqual(masked["data"]?["extra"]?["count"]?.stringValue, "***")
        XCTAssertEqual(masked["data"]?["extra"]?["note"]?.stringValue, "call *** on ***")
        XCTAssertEqual(copy.customerId, "C-9")
    }

    func testAnUnparsableOriginalKeepsOnlyItsShape() throws {
        // Truncated: the parser cannot read it.
        let full = String(decoding: envelopeBytes(SampleRequests.valid(description: "张伟的冰箱坏了 13800138000")), as: UTF8.self)
        let truncated = Array(full.utf8.prefix(full.utf8.count - 30))
        let copy = DeadLetterMasker.mask(truncated)
        XCTAssertFalse(copy.parsed)
        XCTAssertNil(copy.customerId)
        assertNoPII(copy.bytes)
        let text = String(decoding: copy.bytes, as: UTF8.self)
        XCTAssertTrue(text.contains(#""type":"request.submitted""#), text)
        XCTAssertTrue(text.contains(#""id":"e-1""#), text)
        XCTAssertTrue(text.contains(#""customer":{"#), text)
        XCTAssertTrue(text.contains(#""name":"***""#), text)
        // Member order follows the encoder's dictionary order, so the cut may fall before either coordinate.
        XCTAssertTrue(text.contains(#""lat":***"#) || text.contains(#""lon":***"#),
                      "a number of more than 4 digits is masked: \(text)")
        XCTAssertFalse(text.contains("C-1001"), "values outside the envelope members are masked")
    }

    func testUnparsableCopiesHaveAFixedSizeBound() {
        let deep = Array(#"{"data":{"customer":{"name":"张伟","phone":"13800138000"},"x":"#.utf8)
            + [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        let garbage = (0..<2_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for original in [deep, garbage, [0xff, 0xfe, 0x00, 0x41], Array("张伟 13800138000".utf8)] {
            let copy = DeadLetterMasker.mask(original)
            XCTAssertFalse(copy.parsed)
            XCTAssertLessThanOrEqual(copy.bytes.count, DeadLetterMasker.unparsedPrefixBytes + 16)
            assertNoPII(copy.bytes)
        }
        XCTAssertTrue(String(decoding: DeadLetterMasker.mask(deep).bytes, as: UTF8.self).hasPrefix(#"{"data":{"customer":{"name":"***","phone":"***"},"x":[[["#))
        XCTAssertFalse(DeadLetterMasker.mask(Array(#""张伟 13800138000""#.utf8)).parsed, "JSON that is not an object: shape only")
    }
}

/// Phone numbers in descriptions, after NFKC.
final class DescriptionRedactorNFKCTests: XCTestCase {
    func testFullWidthAndOtherDigitFormsAreMasked() {
        XCTAssertEqual(DescriptionRedactor.redact("电话１３８００１３８０００，谢谢"), "电话***，谢谢")
        XCTAssertEqual(DescriptionRedactor.redact("电话：１３８－００１３－８０００"), "电话：***")
        XCTAssertEqual(DescriptionRedactor.redact("手机 １３８　００１３　８０００ 找我"), "手机 *** 找我")
        XCTAssertEqual(DescriptionRedactor.redact("call ＋８６ １３８００１３８０００"), "call ***")
        XCTAssertEqual(DescriptionRedactor.redact("号码①③⑧⓪⓪①③⑧⓪⓪⓪"), "号码***")
        XCTAssertEqual(DescriptionRedactor.redact("رقم ٠١٣٨٠٠١٣٨٠٠٠"), "رقم ***")
        XCTAssertEqual(DescriptionRedactor.redact("mixed 138０013８000"), "mixed ***")
    }

    func testTextIsOtherwiseKeptAsWritten() {
        XCTAssertEqual(DescriptionRedactor.redact("２２０Ｖ电压，型号ＢＣＤ－５００Ｗ，三年了"), "２２０Ｖ电压，型号ＢＣＤ－５００Ｗ，三年了")
        XCTAssertEqual(DescriptionRedactor.redact("一三八〇〇一三八〇〇〇"), "一三八〇〇一三八〇〇〇",
                       "Chinese numerals are words, not digits NFKC folds")
    }

    func testSecretsAreRemovedLongestFirst() {
        XCTAssertEqual(DescriptionRedactor.redact("张伟住在张伟路", secrets: ["张伟", "张伟路"]), "***住在***")
    }
}
