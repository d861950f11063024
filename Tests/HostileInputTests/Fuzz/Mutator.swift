import Foundation
import Schema

/// Makes random, mostly broken messages from valid samples: deletes, duplicates and retypes
/// fields, flips bytes, truncates, inserts NUL and control characters, huge numbers, deep
/// nesting and long strings, changes the type or the topic, reuses ids and redelivers.
struct Mutator {
    /// One generated message and the mutations that made it.
    struct Generated {
        var topic: Topic
        var key: String?
        var value: [UInt8]?
        var mutations: [String]
    }

    private(set) var rng: SeededRandom
    let samples: [SampleCatalog.Sample]
    private var history: [Generated] = []
    private var usedIds: [String] = []

    init(seed: UInt64, samples: [SampleCatalog.Sample]) {
        rng = SeededRandom(seed: seed)
        self.samples = samples
    }

    // MARK: Pools (small, so that random messages meet each other's aggregates)

    private mutating func fill(_ template: String) -> String {
        var text = template
        let pools: [(String, [String])] = [
            ("{T}", (1...12).map { "TK-FZ-\($0)" }), ("{R}", (1...8).map { "REQ-FZ-\($0)" }),
            ("{H}", (1...4).map { "TECH-FZ-\($0)" }), ("{P}", (1...6).map { "P-FZ-\($0)" }),
            ("{W}", (1...3).map { "WH-FZ-\($0)" }), ("{S}", (1...6).map { "\($0)" }),
        ]
        for (placeholder, pool) in pools {
            while let range = text.range(of: placeholder) { text.replaceSubrange(range, with: rng.pick(pool)) }
        }
        return text
    }

    /// Valid messages that create every pooled aggregate the service keeps (technicians,
    /// warehouses, parts and stock, tickets, requests), so that random messages find them.
    func warmUp() -> [Generated] {
        let creators = ["technician.upserted": "{H}", "warehouse.upserted": "{W}", "part.upserted": "{P}",
                        "stock.received": "{P}", "ticket.opened": "{T}", "request.submitted": "{R}"]
        let pools = ["{H}": (1...4).map { "TECH-FZ-\($0)" }, "{W}": (1...3).map { "WH-FZ-\($0)" },
                     "{P}": (1...6).map { "P-FZ-\($0)" }, "{T}": (1...12).map { "TK-FZ-\($0)" },
                     "{R}": (1...8).map { "REQ-FZ-\($0)" }]
        var messages: [Generated] = []
        for sample in samples {
            guard let placeholder = creators[sample.type], let topic = Topic.named(sample.topic) else { continue }
            for (index, id) in pools[placeholder]!.enumerated() {
                var text = sample.template.replacingOccurrences(of: placeholder, with: id)
                for (other, pool) in pools where other != placeholder {
                    text = text.replacingOccurrences(of: other, with: pool[index % pool.count])
                }
                let data = (try? JSONParser.parse(Data(text.utf8)))?.objectValue ?? [:]
                let message = Message(type: sample.type, data: data, key: data[topic.keyField(for: sample.type)]?.stringValue ?? id)
                messages.append(Generated(topic: topic, key: message.key, value: Wire.envelope(message), mutations: ["warm-up"]))
            }
        }
        return messages
    }

    // MARK: Generating

    mutating func next() -> Generated {
        if !history.isEmpty && rng.chance(0.05) {
            var again = rng.pick(history)
            again.mutations = ["redelivered"] + again.mutations
            return again
        }
        let sample = rng.pick(samples)
        let data = (try? JSONParser.parse(Data(fill(sample.template).utf8)))?.objectValue ?? [:]
        let topic = Topic.named(sample.topic) ?? .deadLetters
        let keyField = topic.keyField(for: sample.type)
        var message = Message(type: sample.type, data: data, key: data[keyField]?.stringValue ?? "no-key")
        var envelopeId = EventID.make()
        var source = "fuzz"
        var correlationId: String? = "FZ-corr"
        var generated = Generated(topic: topic, key: message.key, value: nil, mutations: [])
        var raw: [(String) -> String] = []  // text edits on the encoded bytes' data members

        let count = rng.chance(0.3) ? 0 : rng.int(1...3)
        for _ in 0..<count {
            let paths = JSONPath.paths(.object(message.data))
            let path = paths.isEmpty ? "ticketId" : rng.pick(paths)
            let current = JSONPath.get(.object(message.data), path) ?? .null
            switch rng.int(0...17) {
            case 0:
                message.data = JSONPath.remove(.object(message.data), path).objectValue ?? [:]
                generated.mutations.append("delete \(path)")
            case 1:
                message = message.replacing(path, with: JSONPath.wrongType(for: current))
                generated.mutations.append("retype \(path)")
            case 2:
                message = message.replacing(path, with: .null)
                generated.mutations.append("null \(path)")
            case 3:
                let number = rng.pick(Self.hostileNumbers)
                message = message.replacing(path, with: .number(number))
                generated.mutations.append("number \(path)=\(number)")
            case 4:
                let length = rng.chance(0.1) ? 300_000 : rng.pick([201, 2_001, 4_096, 65_536])
                message = message.replacing(path, with: .string(HostileCases.randomText(count: length)))
                generated.mutations.append("long string \(path) (\(length))")
            case 5:
                let text = current.stringValue ?? "x"
                let cut = text.isEmpty ? text.startIndex : text.index(text.startIndex, offsetBy: rng.int(0...(text.count - 1)))
                let control = rng.pick(["\u{0}", "\u{1}", "\u{1F}", "\u{7F}", "\u{85}", "\n", "\u{202E}", "\u{FEFF}"])
                message = message.replacing(path, with: .string(text[..<cut] + control + text[cut...]))
                generated.mutations.append("control char in \(path)")
            case 6:
                let depth = rng.pick([10, 63, 64, 65, 129, 513, 5_000, 100_000])
                raw.append { $0 + ",\"deep\":" + Wire.nestedArrays(depth: depth) }
                generated.mutations.append("nesting \(depth)")
            case 7:
                let name = JSONPath.steps(path).first.flatMap { if case .member(let m) = $0 { m } else { nil } } ?? "ticketId"
                raw.append { $0 + ",\"\(name)\":\"shadow\"" }
                generated.mutations.append("duplicate member \(name)")
            case 8:
                generated.topic = rng.pick(Topic.all)
                generated.mutations.append("topic \(generated.topic.name)")
            case 9:
                message.type = rng.chance(0.5) ? rng.pick(samples).type : rng.pick(["ticket.teleported", "", "TICKET.OPENED", "ticket.opened "])
                generated.mutations.append("type \(message.type)")
            case 10:
                envelopeId = rng.chance(0.5) && !usedIds.isEmpty
                    ? rng.pick(usedIds) : rng.pick(["", "id\u{0}nul", HostileCases.randomText(count: 4_096), "\u{1B}[31m"])
                generated.mutations.append("envelope id")
            case 11:
                generated.key = rng.chance(0.3) ? nil : rng.pick(["", "other-key", "key\u{0}nul", HostileCases.randomText(count: 1_000)])
                generated.mutations.append("record key")
            case 12:
                if rng.chance(0.5) { source = HostileCases.randomText(count: 4_096) } else { correlationId = "corr\u{0}nul" }
                generated.mutations.append("envelope text")
            case 13:
                message.data["unexpected\(rng.int(0...9))"] = .object(["nested": .array([.number(1), .string("x")])])
                generated.mutations.append("unknown member")
            case 14:
                if let list = current.arrayValue, let first = list.first {
                    let count = rng.chance(0.1) ? 5_000 : rng.pick([0, 101, 1_000])
                    message = message.replacing(path, with: .array(Array(repeating: first, count: count)))
                    generated.mutations.append("list of \(count) at \(path)")
                } else {
                    message = message.replacing(path, with: .array([]))
                    generated.mutations.append("empty list at \(path)")
                }
            default:
                // Byte-level damage after encoding.
                generated.mutations.append("bytes")
            }
        }
        usedIds.append(envelopeId)
        if usedIds.count > 100 { usedIds.removeFirst() }

        let envelope = Envelope(id: envelopeId, type: message.type, version: 1, occurredAt: Wire.occurredAt, source: source,
                                correlationId: correlationId, causationId: nil, data: .object(message.data))
        var bytes = Array(envelope.encoded())
        for edit in raw {
            // The data object is the envelope's last member: edit its members' text before the closing braces.
            let text = String(decoding: bytes.dropLast(2), as: UTF8.self)
            bytes = Array((edit(text) + "}}").utf8)
        }
        if generated.mutations.contains("bytes") { bytes = damage(bytes) }
        if rng.chance(0.004) {
            bytes += Array(repeating: UInt8(ascii: " "), count: rng.pick([1_048_577, 2 * 1_048_576]))
            generated.mutations.append("2 MB value")
        }
        generated.value = rng.chance(0.005) ? nil : bytes
        if generated.value == nil { generated.mutations.append("tombstone") }
        history.append(generated)
        if history.count > 200 { history.removeFirst() }
        return generated
    }

    /// Flips, truncates, inserts invalid UTF-8 or control bytes.
    private mutating func damage(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        guard !bytes.isEmpty else { return bytes }
        switch rng.int(0...3) {
        case 0:
            for _ in 0..<rng.int(1...8) { bytes[rng.int(0...(bytes.count - 1))] ^= UInt8.random(in: 1...255, using: &rng) }
        case 1:
            bytes = Array(bytes.prefix(rng.int(0...(bytes.count - 1))))
        case 2:
            bytes.insert(contentsOf: rng.pick([[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]),
                         at: rng.int(0...bytes.count))
        default:
            bytes.insert(rng.pick([0x00, 0x01, 0x1F, 0x7F]), at: rng.int(0...bytes.count))
        }
        return bytes
    }

    static let hostileNumbers: [Double] = [
        9_007_199_254_740_992, 9_007_199_254_740_993, 2_147_483_648, 2_147_483_647, -2_147_483_649,
        9.3e18, -9.3e18, 1e308, -1e308, 1e-320, 0, -1, -0.0, 0.5, 1.5e15, 4_294_967_296,
    ]
}
