import Foundation
@testable import OperatorTool
import Schema
import XCTest

/// `aftersales schema asyncapi [--output FILE] [--json]` (issue 17, machine-readable contract).
final class SchemaCommandTests: XCTestCase {
    private func run(_ arguments: [String]) -> (code: Int32, output: String, errors: String) {
        var output: [String] = []
        var errors = ""
        let code = OperatorTool.run(arguments: arguments, context: OperatorContext(environment: [:]), stop: StopFlag(),
                                    output: { output.append($0) }, errors: { errors += $0 })
        return (code, output.joined(separator: "\n"), errors)
    }

    func testParsesTheActionAndItsOptions() throws {
        XCTAssertEqual(try OperatorCommand.parse(["schema", "asyncapi"]), .schema(.init(output: nil, json: false)))
        XCTAssertEqual(try OperatorCommand.parse(["schema", "asyncapi", "--output", "docs/asyncapi.yaml"]),
                       .schema(.init(output: "docs/asyncapi.yaml", json: false)))
        XCTAssertEqual(try OperatorCommand.parse(["schema", "asyncapi", "--json"]), .schema(.init(output: nil, json: true)))
        XCTAssertEqual(try OperatorCommand.parse(["schema", "--help"]), .commandHelp("schema"))
    }

    func testAMissingOrUnknownActionIsAUsageError() {
        let missing = run(["schema"])
        XCTAssertEqual(missing.code, 64)
        XCTAssertTrue(missing.errors.contains("schema needs an action: asyncapi"), missing.errors)
        XCTAssertTrue(missing.errors.contains("usage: aftersales schema asyncapi"), missing.errors)
        let unknown = run(["schema", "openapi"])
        XCTAssertEqual(unknown.code, 64)
        XCTAssertTrue(unknown.errors.contains("unknown schema action 'openapi'"), unknown.errors)
    }

    func testWritesTheDocumentAsYAMLOrJSON() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let yamlFile = folder.appendingPathComponent("asyncapi.yaml").path
        let written = run(["schema", "asyncapi", "--output", yamlFile])
        XCTAssertEqual(written.code, 0, written.errors)
        XCTAssertEqual(written.output, "wrote \(yamlFile)")
        let yaml = try String(contentsOfFile: yamlFile, encoding: .utf8)
        XCTAssertTrue(yaml.hasPrefix("asyncapi: \"3.0.0\"\n"), String(yaml.prefix(80)))
        XCTAssertTrue(yaml.contains("\n  aftersales.tickets:\n    address: \"aftersales.tickets\"\n"))

        let json = run(["schema", "asyncapi", "--json"])
        XCTAssertEqual(json.code, 0, json.errors)
        let parsed = try JSONParser.parse(Data(json.output.utf8), maxDepth: 256)
        XCTAssertEqual(parsed["asyncapi"], "3.0.0")
        XCTAssertNotNil(parsed["components"]?["schemas"]?["settlement.statement.data"])
    }
}
