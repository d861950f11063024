import Foundation
import Schema
import XCTest

/// `JSONValueEncoder` / `JSONValueDecoder` agree with Foundation's coders configured by
/// `SchemaCoding`, so payloads look the same whichever path wrote them.
final class JSONValueCodingTests: XCTestCase {
    private struct Sample: Codable, Equatable {
        var text: String
        var count: Int
        var big: Int64
        var small: Int32
        var ratio: Double
        var flag: Bool
        var when: Date
        var maybe: String?
        var list: [PartLine]
        var matrix: [[Int]]
        var map: [String: Double]
        var any: JSONValue
        var category: ProductCategory
    }

    private let sample = Sample(
        text: "冰箱 \"quoted\"", count: -3, big: 1 << 40, small: 7, ratio: 0.25, flag: true,
        when: Date(timeIntervalSince1970: 1_795_334_400.5), maybe: nil,
        list: [PartLine(partNumber: "P", quantity: 2), PartLine(partNumber: "Q", quantity: 1, warehouseId: "W")],
        matrix: [[1, 2], [], [3]], map: ["a": 1.5], any: ["x": [true, nil]], category: .smartLock)

    func testEncoderMatchesFoundationWithSchemaSettings() throws {
        let direct = try JSONValueEncoder.encode(sample)
        let viaFoundation = try JSONParser.parse(try SchemaCoding.encode(sample))
        XCTAssertEqual(direct, viaFoundation)
        XCTAssertNil(direct["maybe"], "nil optionals are omitted")
        XCTAssertEqual(direct["when"], "2026-11-22T08:00:00.500Z")
        XCTAssertEqual(direct["category"], "smart-lock")
        XCTAssertEqual(direct["list"]?.arrayValue?.first?["warehouseId"], nil)
        XCTAssertEqual(direct["list"]?.arrayValue?.last?["warehouseId"], "W")
    }

    func testDecoderMatchesFoundationWithSchemaSettings() throws {
        let json = try JSONValueEncoder.encode(sample)
        let direct = try JSONValueDecoder.decode(Sample.self, from: json)
        let viaFoundation = try SchemaCoding.decode(Sample.self, from: JSONWriter.data(json))
        XCTAssertEqual(direct, sample)
        XCTAssertEqual(viaFoundation, sample)
    }

    func testTopLevelScalarsAndArrays() throws {
        XCTAssertEqual(try JSONValueEncoder.encode("x"), "x")
        XCTAssertEqual(try JSONValueEncoder.encode([1, 2]), [1, 2])
        XCTAssertEqual(try JSONValueEncoder.encode(Optional<Int>.none), nil)
        XCTAssertEqual(try JSONValueDecoder.decode([Int].self, from: [1, 2]), [1, 2])
        XCTAssertEqual(try JSONValueDecoder.decode(Int?.self, from: nil), nil)
        XCTAssertEqual(try JSONValueDecoder.decode(Priority.self, from: "high"), .high)
    }

    func testDecoderErrors() {
        func mapped(_ type: (some Decodable).Type, _ value: JSONValue) -> String {
            do {
                _ = try JSONValueDecoder.decode(type, from: value)
                return "decoded"
            } catch let error as DecodingError {
                let field = DecodingErrorMapper.fieldError(error)
                return "\(field.field): \(field.code)"
            } catch {
                return "\(error)"
            }
        }
        XCTAssertEqual(mapped(PartLine.self, ["partNumber": "P"]), "quantity: required")
        XCTAssertEqual(mapped(PartLine.self, ["partNumber": "P", "quantity": nil]), "quantity: required")
        XCTAssertEqual(mapped(PartLine.self, ["partNumber": "P", "quantity": 1.5]), "quantity: invalid-type")
        XCTAssertEqual(mapped(PartLine.self, ["partNumber": "P", "quantity": 1, "warehouseId": 3]), "warehouseId: invalid-type")
        XCTAssertEqual(mapped(PartLine.self, [1]), "data: invalid-type")
        XCTAssertEqual(mapped(Priority.self, "urgent"), "data: invalid-format")
        XCTAssertEqual(mapped([GeoPoint].self, [["lat": 1, "lon": 2], ["lat": 1]]), "[1].lon: required")
        XCTAssertEqual(mapped(Int32.self, 5_000_000_000), "data: invalid-format")
    }
}
