import Foundation
import Schema

/// `aftersales schema asyncapi [--output FILE] [--json]`: the machine-readable contract,
/// generated from the schema module (no broker needed).
public enum SchemaCommand {
    /// The usage of `schema`, listed by `CommandCatalog`.
    public static let help = CommandHelp(
        name: "schema", summary: "write the machine-readable contract (AsyncAPI 3.0)",
        synopsis: ["aftersales schema asyncapi [--output FILE] [--json]"],
        options: [
            OptionHelp("output", "FILE", "write the document to FILE instead of standard output"),
            OptionHelp.flag("json", "write JSON instead of YAML"),
        ],
        notes: [
            "Every topic with its key and partitions, every event type with the JSON Schema of its envelope and payload, derived from the Swift types and their validators.",
            "The committed copy is docs/asyncapi.yaml: after a contract change run 'aftersales schema asyncapi --output docs/asyncapi.yaml' (a test fails until you do).",
        ])

    /// What `schema` was asked for.
    public struct Options: Equatable, Sendable {
        public var output: String?
        public var json: Bool
    }

    /// Reads `schema`'s arguments: the one action `asyncapi` and its options.
    static func parse(_ reader: ArgumentReader) throws(UsageError) -> Options {
        guard reader.positionals == ["asyncapi"] else {
            throw UsageError(reader.positionals.isEmpty
                ? "schema needs an action: asyncapi"
                : "unknown schema action '\(reader.positionals.joined(separator: " "))'; use asyncapi")
        }
        return Options(output: reader.value("output"), json: reader.flag("json"))
    }

    /// The document's text, as the options ask.
    public static func text(json: Bool) throws -> String {
        let document = try AsyncAPIDocument.make()
        return json ? document.jsonText + "\n" : document.yamlText
    }

    /// Writes the document; prints where when writing a file.
    static func run(_ options: Options, output: (String) -> Void) throws -> Int32 {
        let text = try text(json: options.json)
        guard let path = options.output, path != "-" else {
            output(String(text.dropLast()))
            return 0
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        output("wrote \(path)")
        return 0
    }
}
