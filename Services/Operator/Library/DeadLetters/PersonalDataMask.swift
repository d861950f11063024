import Foundation
import Schema

/// Masks a customer's personal data in a decoded original before the tool prints it
/// (`dead-letters show`): the name, phone, address (and e-mail, mobile, contact…) members of
/// a request's customer are replaced by `***`, their values are removed wherever else they
/// recur (a description quoting the phone, say), and phone-like digit runs in free text are
/// masked too, full-width digits included. Identifiers (ids, SKU, model, serial number,
/// dates) are left as they are.
public enum PersonalDataMask {
    /// What replaces a masked value (the same mark intake's dead-letter copies use).
    public static let mask = "***"

    /// Members whose value is personal data (compared in lower case; also `contact…`).
    static let personalMembers: Set<String> = ["name", "phone", "address", "mobile", "tel", "telephone", "email"]

    /// Members whose text is an identifier, a code or a date: never masked.
    static let identifierMembers: Set<String> = [
        "id", "type", "occurredAt", "source", "correlationId", "causationId", "requestId", "ticketId", "channel", "kind",
        "region", "sku", "category", "model", "serialNumber", "purchaseDate", "preferredTime",
    ]

    /// Runs of this many digits or more in free text are taken for phone numbers.
    static let phoneDigits = 7

    /// `value` with personal data masked: in the whole value when `isRequest`, otherwise in
    /// any `customer` object it holds.
    public static func masked(_ value: JSONValue, isRequest: Bool) -> JSONValue {
        var secrets: Set<String> = []
        collectSecrets(in: value, personal: false, inCustomer: isRequest, into: &secrets)
        let ordered = secrets.filter { $0.count >= 2 }.sorted { $0.count > $1.count }
        return mask(value, member: nil, personal: false, inCustomer: isRequest, secrets: ordered, freeText: isRequest)
    }

    static func isPersonal(_ member: String) -> Bool {
        let lower = member.lowercased()
        return personalMembers.contains(lower) || lower.hasPrefix("contact")
    }

    /// Every text under a personal member (of a customer), to be removed wherever it recurs.
    private static func collectSecrets(in value: JSONValue, personal: Bool, inCustomer: Bool, into secrets: inout Set<String>) {
        switch value {
        case .string(let text) where personal:
            if text != mask { secrets.insert(text) }
        case .number(let number) where personal:
            secrets.insert(JSONValue.number(number).numberText ?? "")
        case .array(let items):
            for item in items { collectSecrets(in: item, personal: personal, inCustomer: inCustomer, into: &secrets) }
        case .object(let members):
            for (name, member) in members {
                let customer = inCustomer || name == "customer"
                collectSecrets(in: member, personal: personal || (customer && isPersonal(name)), inCustomer: customer,
                               into: &secrets)
            }
        default:
            break
        }
    }

    /// The masked value: `personal` (under a personal member of a customer) masks every
    /// scalar; identifiers stay; other text loses the secrets and, in free text, phone-like
    /// digit runs.
    private static func mask(_ value: JSONValue, member: String?, personal: Bool, inCustomer: Bool, secrets: [String],
                             freeText: Bool) -> JSONValue {
        switch value {
        case .null:
            return .null
        case .array(let items):
            return .array(items.map {
                mask($0, member: member, personal: personal, inCustomer: inCustomer, secrets: secrets, freeText: freeText)
            })
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (name, child) in members {
                let customer = inCustomer || name == "customer"
                result[name] = mask(child, member: name, personal: personal || (customer && isPersonal(name)),
                                    inCustomer: customer, secrets: secrets, freeText: freeText)
            }
            return .object(result)
        case _ where personal:
            return .string(mask)
        case .string(let text):
            if let member, identifierMembers.contains(member) { return value }
            return .string(scrub(text, secrets: secrets, digits: freeText || inCustomer))
        default:
            return value
        }
    }

    /// `text` without the secrets and (with `digits`) without phone-like digit runs.
    static func scrub(_ text: String, secrets: [String], digits: Bool) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: mask)
        }
        return digits ? maskDigitRuns(result) : result
    }

    /// Runs of `phoneDigits` or more digits (ASCII or full-width; single spaces or hyphens
    /// between them and a leading + belong to the run) become `***`.
    static func maskDigitRuns(_ text: String) -> String {
        var output = ""
        var run = ""
        var digitCount = 0
        func flush() {
            var tail = ""
            while let last = run.last, !isDigit(last) { tail = String(last) + tail; run.removeLast() }
            output += digitCount >= phoneDigits ? mask : run
            output += tail
            run = ""
            digitCount = 0
        }
        for character in text {
            if isDigit(character) {
                run.append(character)
                digitCount += 1
            } else if character == "+" && run.isEmpty {
                run.append(character)
            } else if (character == " " || character == "-"), let last = run.last, isDigit(last) {
                run.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }

    static func isDigit(_ character: Character) -> Bool {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return false }
        return ("0"..."9").contains(scalar) || (0xFF10...0xFF19).contains(scalar.value)
    }
}
