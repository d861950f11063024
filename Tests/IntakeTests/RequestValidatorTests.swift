import Schema
import XCTest
@testable import IntakeService

/// Builds request payloads for the validator and the integration tests.
enum SampleRequests {
    static func valid(requestId: String = "CRM-20261122-0001", customerId: String = "C-1001",
                      description: String = "冰箱不制冷", kind: String = "repair", category: String = "refrigerator",
                      serialNumber: String? = "SN-REF-0001", purchaseDate: String = "2026-03-15",
                      phone: String = "138 0013 8000") -> JSONValue {
        var product: [String: JSONValue] = [
            "sku": "REF-500", "category": .string(category), "model": "BCD-500W", "purchaseDate": .string(purchaseDate),
        ]
        if let serialNumber { product["serialNumber"] = .string(serialNumber) }
        return .object([
            "requestId": .string(requestId), "channel": "hotline", "kind": .string(kind),
            "customer": .object([
                "id": .string(customerId), "name": "张伟", "phone": .string(phone), "address": "上海市浦东新区世纪大道100号",
                "region": "shanghai-pudong", "location": ["lat": 31.2304, "lon": 121.4737],
            ]),
            "product": .object(product),
            "description": .string(description),
        ])
    }

    /// `value` with the member at `path` replaced (or removed when `newValue` is nil).
    static func setting(_ value: JSONValue, _ path: [String], to newValue: JSONValue?) -> JSONValue {
        guard let key = path.first, case .object(var members) = value else { return value }
        if path.count == 1 {
            members[key] = newValue
        } else {
            members[key] = setting(members[key] ?? .object([:]), Array(path.dropFirst()), to: newValue)
        }
        return .object(members)
    }
}

final class RequestValidatorTests: XCTestCase {
    let validator = RequestValidator()
    let today = CalendarDay("2026-11-22")!

    private func errors(_ data: JSONValue, bytes: Int = 1000) -> [String: String] {
        switch validator.validate(data, messageBytes: bytes, today: today) {
        case .success: return [:]
        case .failure(let failure):
            return Dictionary(failure.errors.map { ($0.field, $0.code) }, uniquingKeysWith: { first, _ in first })
        }
    }

    func testAValidRequestIsTypedAndNormalised() throws {
        let request = try validator.validate(SampleRequests.valid(), messageBytes: 800, today: today).get()
        XCTAssertEqual(request.requestId, "CRM-20261122-0001")
        XCTAssertEqual(request.channel, .hotline)
        XCTAssertEqual(request.kind, .repair)
        XCTAssertEqual(request.customer.phone.normalized, "+8613800138000")
        XCTAssertEqual(request.customer.location, GeoPoint(lat: 31.2304, lon: 121.4737))
        XCTAssertEqual(request.product.category, .refrigerator)
        XCTAssertEqual(request.product.purchaseDate, CalendarDay("2026-03-15"))
        XCTAssertEqual(request.product.serialNumber, "SN-REF-0001")
    }

    func testEveryFailingFieldIsReportedAtOnce() {
        var data = SampleRequests.valid()
        data = SampleRequests.setting(data, ["channel"], to: "fax")
        data = SampleRequests.setting(data, ["kind"], to: nil)
        data = SampleRequests.setting(data, ["customer", "phone"], to: "12345")
        data = SampleRequests.setting(data, ["customer", "name"], to: nil)
        data = SampleRequests.setting(data, ["customer", "location", "lat"], to: 91.5)
        data = SampleRequests.setting(data, ["customer", "location", "lon"], to: "east")
        data = SampleRequests.setting(data, ["product", "category"], to: "spaceship")
        data = SampleRequests.setting(data, ["product", "purchaseDate"], to: "2026-12-01")
        data = SampleRequests.setting(data, ["description"], to: .string(String(repeating: "漏", count: 2001)))
        XCTAssertEqual(errors(data, bytes: 70_000), [
            "message": "too-long", "channel": "unknown-value", "kind": "required", "customer.phone": "invalid-format",
            "customer.name": "required", "customer.location.lat": "out-of-range", "customer.location.lon": "invalid-format",
            "product.category": "unknown-value", "product.purchaseDate": "in-future", "description": "too-long",
        ])
    }

    func testRequiredFields() {
        let empty: JSONValue = .object([:])
        XCTAssertEqual(Set(errors(empty).keys), ["requestId", "channel", "kind", "customer", "product", "description"])
        XCTAssertEqual(errors(.array([])), ["data": "invalid-format"])
        let noCustomerFields = SampleRequests.setting(SampleRequests.valid(), ["customer"], to: .object([:]))
        XCTAssertEqual(Set(errors(noCustomerFields).keys), ["customer.id", "customer.name", "customer.phone",
                                                            "customer.address", "customer.region", "customer.location"])
    }

    func testPurchaseDateBounds() {
        let old = SampleRequests.valid(purchaseDate: "1990-01-01")
        XCTAssertEqual(errors(old), ["product.purchaseDate": "too-old"])
        XCTAssertEqual(errors(SampleRequests.valid(purchaseDate: "2026-11-22")), [:])
        XCTAssertEqual(errors(SampleRequests.valid(purchaseDate: "2026-11-23")), ["product.purchaseDate": "in-future"])
        XCTAssertEqual(errors(SampleRequests.valid(purchaseDate: "22/11/2026")), ["product.purchaseDate": "invalid-format"])
    }

    func testDescriptionLength() {
        XCTAssertEqual(errors(SampleRequests.valid(description: "   ")), ["description": "too-short"])
        XCTAssertEqual(errors(SampleRequests.valid(description: "坏")), [:])
        XCTAssertEqual(errors(SampleRequests.valid(description: String(repeating: "a", count: 2000))), [:])
        XCTAssertEqual(errors(SampleRequests.valid(description: String(repeating: "a", count: 2001))), ["description": "too-long"])
    }

    func testSerialNumberIsOptional() throws {
        let request = try validator.validate(SampleRequests.valid(serialNumber: nil), messageBytes: 10, today: today).get()
        XCTAssertNil(request.product.serialNumber)
    }

    func testMessagesDoNotQuoteThePhoneNumber() {
        guard case .failure(let failure) = validator.validate(SampleRequests.valid(phone: "1380013800"), messageBytes: 10,
                                                              today: today) else { return XCTFail("accepted") }
        XCTAssertFalse(failure.errors.contains { $0.message.contains("1380013800") })
    }

    func testCancellation() {
        guard case .success(let cancel) = validator.validateCancellation(["requestId": "R-1", "reason": "changed my mind"])
        else { return XCTFail("rejected") }
        XCTAssertEqual(cancel.requestId, "R-1")
        guard case .failure(let failure) = validator.validateCancellation(["requestId": "R-1"]) else { return XCTFail() }
        XCTAssertEqual(failure.fields, ["reason"])
    }

    func testRequestIdForKeying() {
        XCTAssertEqual(RequestValidator.requestId(in: SampleRequests.valid()), "CRM-20261122-0001")
        XCTAssertNil(RequestValidator.requestId(in: ["requestId": 5]))
        // Only ids that can key a row and a message: no NUL or other control character, ≤ 200.
        XCTAssertNil(RequestValidator.requestId(in: ["requestId": "R-1\u{0}"]))
        XCTAssertNil(RequestValidator.requestId(in: ["requestId": "R-1\n"]))
        XCTAssertNil(RequestValidator.requestId(in: ["requestId": .string(String(repeating: "x", count: 4_096))]))
        XCTAssertNil(RequestValidator.requestId(in: ["requestId": "   "]))
        // A storable id that is not a well-formed identifier still keys the rejection that says so.
        XCTAssertEqual(RequestValidator.requestId(in: ["requestId": "R 1"]), "R 1")
    }

    func testControlCharactersInTheDescription() {
        XCTAssertEqual(errors(SampleRequests.valid(description: "冰箱\u{0}不制冷")), ["description": "invalid-format"])
        XCTAssertEqual(errors(SampleRequests.valid(description: "冰箱\u{7}不制冷")), ["description": "invalid-format"])
        XCTAssertEqual(errors(SampleRequests.valid(description: "冰箱不制冷\n第二行\t还有\r\n")), [:])
    }
}

final class DescriptionRedactorTests: XCTestCase {
    func testRemovesPhoneNumbersNamesAndAddresses() {
        let text = "我是张伟，电话138 0013 8000，地址上海市浦东新区世纪大道100号，冰箱不制冷，型号BCD-500W，2.4G WiFi"
        let redacted = DescriptionRedactor.redact(text, name: "张伟", address: "上海市浦东新区世纪大道100号")
        XCTAssertEqual(redacted, "我是***，电话***，地址***，冰箱不制冷，型号BCD-500W，2.4G WiFi")
    }

    func testRemovesEmailAndInternationalNumbers() {
        XCTAssertEqual(DescriptionRedactor.redact("mail me at zhang.wei@example.com or +44 20 7946 0958 thanks"),
                       "mail me at *** or *** thanks")
    }

    func testKeepsShortNumbers() {
        XCTAssertEqual(DescriptionRedactor.redact("error E1 after 3 days, 220V 50Hz, order 123456"),
                       "error E1 after 3 days, 220V 50Hz, order 123456")
    }
}
