import XCTest
@testable import IntakeService

final class PhoneValidatorTests: XCTestCase {
    func testMainlandMobiles() {
        for text in ["13800138000", "138 0013 8000", "138-0013-8000", "+86 138 0013 8000", "+8613800138000",
                     "008613800138000", " 19912345678 ", "+86-199-1234-5678"] {
            XCTAssertEqual(PhoneValidator.validate(text)?.kind, .mobile, text)
        }
        XCTAssertEqual(PhoneValidator.validate("138-0013-8000")?.normalized, "+8613800138000")
    }

    func testLandlinesWithAreaCode() {
        let expected = [
            "010-12345678": "010-12345678", "021 6123 4567": "021-61234567", "0755-2345678": "0755-2345678",
            "075523456789": "0755-23456789", "(0571) 8888 8888": "0571-88888888", "+86 10 1234 5678": "010-12345678",
            "0086 755 2345 6789": "0755-23456789",
        ]
        for (text, normalized) in expected {
            let phone = PhoneValidator.validate(text)
            XCTAssertEqual(phone?.kind, .landline, text)
            XCTAssertEqual(phone?.normalized, normalized, text)
        }
    }

    func testInternationalNumbers() {
        XCTAssertEqual(PhoneValidator.validate("+1 415 555 2671")?.normalized, "+14155552671")
        XCTAssertEqual(PhoneValidator.validate("+44 20 7946 0958")?.kind, .international)
        XCTAssertEqual(PhoneValidator.validate("00852 2345 6789")?.normalized, "+85223456789")
        XCTAssertEqual(PhoneValidator.validate("+852 2345 6789")?.kind, .international)
    }

    func testRejectsEverythingElse() {
        for text in ["", "   ", "12345", "12800138000", "1380013800", "138001380001", "010-123456", "0-12345678",
                     "+0 123 456 789", "+1 234", "+1234567890123456", "13800138000 ext 5", "phone: 13800138000",
                     "+86 12345", "++8613800138000", "138+00138000", "0755-123456789"] {
            XCTAssertNil(PhoneValidator.validate(text), text)
        }
    }
}
