import Foundation
@testable import Schema
import XCTest

/// `SchemaInference` reads a type's shape from its own `init(from:)`.
final class SchemaInferenceTests: XCTestCase {
    private struct Sample: Decodable {
        struct Line: Decodable { var partNumber: String; var quantity: Int }
        var id: String
        var count: Int64
        var ratio: Double
        var flag: Bool
        var at: Date
        var priority: Priority
        var note: String?
        var lines: [Line]
        var tags: [String]?
        var figures: [String: Double]
        var maybe: [String?]
    }

    func testRequiredOptionalNestedListsMapsDatesAndVocabularies() throws {
        let shape = try SchemaInference.shape(of: Sample.self)
        guard case .object(let properties) = shape.kind else { return XCTFail("not an object") }
        let byName = Dictionary(uniqueKeysWithValues: properties.map { ($0.name, $0) })
        XCTAssertEqual(properties.map(\.name), ["id", "count", "ratio", "flag", "at", "priority", "note", "lines", "tags", "figures", "maybe"],
                       "declaration order")
        XCTAssertEqual(properties.filter { !$0.required }.map(\.name), ["note", "tags"])
        XCTAssertEqual(byName["id"]?.schema.kind, .string)
        XCTAssertEqual(byName["count"]?.schema.kind, .integer)
        XCTAssertEqual(byName["ratio"]?.schema.kind, .number)
        XCTAssertEqual(byName["flag"]?.schema.kind, .boolean)
        XCTAssertEqual(byName["at"]?.schema.kind, .dateTime)
        XCTAssertEqual(byName["priority"]?.schema.kind, .enumeration(["emergency", "high", "normal", "low"]))
        XCTAssertEqual(byName["note"]?.schema.nullable, true)
        XCTAssertEqual(byName["id"]?.schema.nullable, false)
        guard case .array(let line)? = byName["lines"]?.schema.kind, case .object(let members) = line.kind else {
            return XCTFail("lines is not an array of objects")
        }
        XCTAssertEqual(members.map(\.name), ["partNumber", "quantity"])
        XCTAssertEqual(byName["figures"]?.schema.kind, .dictionary(SchemaNode(.number)))
        guard case .array(let element)? = byName["maybe"]?.schema.kind else { return XCTFail("maybe is not an array") }
        XCTAssertTrue(element.nullable, "an optional element may be null")
    }

    private enum Colour: String, Decodable { case red }
    private struct WithPlainEnum: Decodable { var colour: Colour }

    func testAnEnumThatIsNotAVocabularyIsAnErrorNamingIt() {
        XCTAssertThrowsError(try SchemaInference.shape(of: WithPlainEnum.self)) { error in
            XCTAssertTrue("\(error)".contains("colour"), "\(error)")
            XCTAssertTrue("\(error)".contains("not a ContractVocabulary"), "\(error)")
        }
    }

    private struct Nested: Decodable {
        var inner: Int
        enum Keys: String, CodingKey { case outer, inner }
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            inner = try container.nestedContainer(keyedBy: Keys.self, forKey: .outer).decode(Int.self, forKey: .inner)
        }
    }

    func testANestedContainerIsAnErrorNotAWrongSchema() {
        XCTAssertThrowsError(try SchemaInference.shape(of: Nested.self)) { error in
            XCTAssertTrue("\(error)".contains("nested containers are not inferred"), "\(error)")
        }
    }

    func testEveryPayloadAndTheEnvelopeHaveASchema() throws {
        for type in EventType.allCases {
            let schema = try ContractSchemas.payload(for: type)
            guard case .object(let properties) = schema.kind else { return XCTFail("\(type.rawValue) is not an object") }
            XCTAssertFalse(properties.isEmpty, type.rawValue)
            let key = properties.first { $0.name == type.keyField }
            XCTAssertNotNil(key, "\(type.rawValue) has its key field \(type.keyField)")
            // A dead letter's original may have had no key; every other key field is required.
            if type != .messageDeadLettered { XCTAssertEqual(key?.required, true, "\(type.rawValue).\(type.keyField) is required") }
        }
    }
}
