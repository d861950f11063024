import Foundation
import Schema

/// Reads the sample of a type after an edit, through bytes as a consumer does, and returns
/// the problems as "field: code" (shared by the validation test files).
enum Validation {
    static func codes(_ type: EventType, edit: (inout JSONValue) -> Void) -> [String] {
        failures(type, edit: edit).map { "\($0.field): \($0.code)" }
    }

    static func codes(_ type: EventType, data: JSONValue) -> [String] {
        failures(type) { $0 = data }.map { "\($0.field): \($0.code)" }
    }

    static func failures(_ type: EventType, edit: (inout JSONValue) -> Void) -> [FieldError] {
        var data = try! JSONParser.parse(Data(Samples.data[type]!.utf8))
        edit(&data)
        let envelope = Envelope(
            id: "e", type: type.rawValue, occurredAt: Date(), source: "test", correlationId: nil, causationId: nil, data: data)
        let decoded = try! Envelope.decode(envelope.encoded())
        do {
            _ = try EventCatalog.payload(of: decoded)
            return []
        } catch {
            return error.errors
        }
    }

    /// The problems of an envelope given as text (its `data` written by hand).
    static func codes(envelopeOf type: EventType, dataText: String) throws -> [String] {
        let envelope = try Envelope.decode(Data(Samples.envelopeText(type, data: dataText).utf8))
        do {
            _ = try EventCatalog.payload(of: envelope)
            return []
        } catch {
            return error.errors.map { "\($0.field): \($0.code)" }
        }
    }
}
