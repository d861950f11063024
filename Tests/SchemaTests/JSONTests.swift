import Foundation
import Schema
import XCTest

/// The JSON parser, writer and `JSONValue` coding.
final class JSONTests: XCTestCase {
    func testParsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(Data(#" {"a": [1, -2.5, 1e3, true, false, null, "x"], "b": {}, "c": []} "#.utf8))
        XCTAssertEqual(value, ["a": [1, -2.5, 1000, true, false, nil, "x"], "b": [:], "c": []])
    }

    func testNumbers() throws {
        let value = try JSONParser.parse(Data("[0, -0, 42, -17, 123456789012345, 1234567890123456789, 2.5e-3, 1E2, -1.25]".utf8))
        XCTAssertEqual(value, [0, 0, 42, -17, 123_456_789_012_345, .number(1_234_567_890_123_456_789), 0.0025, 100, -1.25])
    }

    func testStringEscapesAndUnicode() throws {
        let text = #"["a\"b\\c\/d\b\f\n\r\t", "\u00e9\u4e2d", "\ud83d\ude00", "冰箱漏水 😀"]"#
        let value = try JSONParser.parse(Data(text.utf8))
        XCTAssertEqual(value, ["a\"b\\c/d\u{8}\u{c}\n\r\t", "é中", "😀", "冰箱漏水 😀"])
    }

    func testRejectsInvalidJSON() {
        for bad in [
            "", " ", "{", "[1,]", "{\"a\":1,}", "{'a':1}", "01", "1.", ".5", "-", "1e", "+1", "tru", "nul",
            "\"unterminated", "\"bad \\x escape\"", "\"\\ud800\"", "\"\\udc00\"", "\"tab\there\"", "[1] [2]",
            "{\"a\" 1}", "NaN", "Infinity", "1e999",
        ] {
            XCTAssertThrowsError(try JSONParser.parse(Data(bad.utf8)), bad)
        }
        XCTAssertThrowsError(try JSONParser.parse(Data([0x22, 0xFF, 0xFE, 0x22])))  // invalid UTF-8 inside a string
    }

    func testRejectsExcessiveNesting() {
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        XCTAssertThrowsError(try JSONParser.parse(Data(deep.utf8)))
        let fine = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertNoThrow(try JSONParser.parse(Data(fine.utf8)))
    }

    func testFailureNamesTheOffset() {
        XCTAssertThrowsError(try JSONParser.parse(Data("[1, x]".utf8))) { error in
            XCTAssertEqual((error as! JSONParser.Failure).offset, 4)
        }
    }

    func testWriterOutputParsesBackToTheSameValue() throws {
        let value: JSONValue = [
            "text": "quote \" backslash \\ newline \n control \u{1} 中文 😀",
            "numbers": [0, -1, 1.5, 1e-7, 123_456_789_012, 0.1],
            "flags": [true, false, nil],
            "nested": ["empty": [:], "list": []],
        ]
        let bytes = JSONWriter.data(value)
        XCTAssertEqual(try JSONParser.parse(bytes), value)
        XCTAssertEqual(try JSONDecoder().decode(JSONValue.self, from: bytes), value)
    }

    func testWriterFormsOfNumbers() {
        XCTAssertEqual(String(decoding: JSONWriter.data([3, -0.0, 2.5, .number(.nan), .number(-.infinity)]), as: UTF8.self),
                       #"[3,0,2.5,"NaN","-Infinity"]"#)
    }

    func testJSONValueCodableWithFoundationCoders() throws {
        let text = #"{"a":[1,2.5,"s",true,null,{"b":false}]}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        XCTAssertEqual(value, try JSONParser.parse(Data(text.utf8)))
        let again = try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(value))
        XCTAssertEqual(again, value)
        // A numeric-looking string stays a string.
        XCTAssertEqual(try JSONDecoder().decode(JSONValue.self, from: Data(#"["1","NaN"]"#.utf8)), ["1", "NaN"])
    }

    func testAccessors() {
        let value: JSONValue = ["s": "x", "n": 2, "f": 2.5, "b": true, "a": [1], "o": ["k": nil]]
        XCTAssertEqual(value["s"]?.stringValue, "x")
        XCTAssertEqual(value["n"]?.intValue, 2)
        XCTAssertNil(value["f"]?.intValue)
        XCTAssertEqual(value["f"]?.doubleValue, 2.5)
        XCTAssertEqual(value["b"]?.boolValue, true)
        XCTAssertEqual(value["a"]?.arrayValue, [1])
        XCTAssertEqual(value["o"]?["k"]?.isNull, true)
        XCTAssertNil(value["missing"])
        XCTAssertNil(value["s"]?["x"])
    }

    func testValueDecoderReadsTypedValuesAndNamesPaths() throws {
        struct Inner: Decodable, Equatable { var when: Date; var count: Int64; var ratio: Double }
        struct Outer: Decodable, Equatable { var items: [Inner]; var tags: [String: Int]; var extra: JSONValue? }
        let value: JSONValue = [
            "items": [["when": "2026-11-22T08:00:00Z", "count": 9_007_199_254_740_992, "ratio": "NaN"]],
            "tags": ["a": 1], "extra": ["x": 1],
        ]
        let outer = try JSONValueDecoder.decode(Outer.self, from: value)
        XCTAssertEqual(outer.items[0].count, 9_007_199_254_740_992)
        XCTAssertTrue(outer.items[0].ratio.isNaN)
        XCTAssertEqual(outer.tags, ["a": 1])
        XCTAssertEqual(outer.extra, ["x": 1])

        let bad: JSONValue = ["items": [["when": "2026-11-22T08:00:00Z", "count": 1, "ratio": 1], ["when": 5]], "tags": [:]]
        XCTAssertThrowsError(try JSONValueDecoder.decode(Outer.self, from: bad)) { error in
            let field = DecodingErrorMapper.fieldError(error as! DecodingError)
            XCTAssertEqual(field.field, "items[1].when")
            XCTAssertEqual(field.code, "invalid-type")
        }
    }
}
