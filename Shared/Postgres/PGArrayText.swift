/// PostgreSQL's one-dimensional array literal text: `{a,b,"c d",NULL}`.
enum PGArrayText {
    /// Quotes every element (backslash-escaping `"` and `\`), so any text stays one element.
    static func format(_ elements: [String]) -> String {
        format(nullable: elements)
    }

    /// Like `format(_:)`, with nil elements written as an unquoted `NULL`. Built byte by
    /// byte: this runs over every outbox value of a batch, so it must be cheap.
    static func format(nullable elements: [String?]) -> String {
        var capacity = 2
        for element in elements { capacity += (element?.utf8.count ?? 4) + 3 }
        var out: [UInt8] = []
        out.reserveCapacity(capacity + capacity / 16)
        out.append(UInt8(ascii: "{"))
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard var element else {
                out.append(contentsOf: [UInt8(ascii: "N"), UInt8(ascii: "U"), UInt8(ascii: "L"), UInt8(ascii: "L")])
                continue
            }
            out.append(UInt8(ascii: "\""))
            element.withUTF8 { bytes in
                for byte in bytes {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                    out.append(byte)
                }
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    enum ParseError: Error { case malformed, multiDimensional }

    /// Parses array output text; unquoted `NULL` elements are returned as nil.
    static func parse(_ text: String) throws(ParseError) -> [String?] {
        var scalars = Substring(text).unicodeScalars[...]
        // Optional dimension decoration: "[0:2]={...}".
        if scalars.first == "[" {
            guard let equals = scalars.firstIndex(of: "=") else { throw .malformed }
            scalars = scalars[scalars.index(after: equals)...]
        }
        guard scalars.first == "{", scalars.last == "}" else { throw .malformed }
        scalars = scalars.dropFirst().dropLast()
        var elements: [String?] = []
        if scalars.isEmpty { return elements }
        var iterator = scalars.makeIterator()
        var current = String.UnicodeScalarView()
        var quoted = false
        var wasQuoted = false
        var finished = false
        func endElement() {
            let value = String(current)
            if !wasQuoted && value == "NULL" { elements.append(nil) } else { elements.append(value) }
            current = String.UnicodeScalarView()
            wasQuoted = false
        }
        while let scalar = iterator.next() {
            if quoted {
                switch scalar {
                case "\\":
                    guard let next = iterator.next() else { throw .malformed }
                    current.append(next)
                case "\"": quoted = false
                default: current.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                quoted = true
                wasQuoted = true
            case "{": throw .multiDimensional
            case ",": endElement()
            case "\\":
                guard let next = iterator.next() else { throw .malformed }
                current.append(next)
            default:
                current.append(scalar)
            }
        }
        guard !quoted else { throw .malformed }
        if !finished { endElement(); finished = true }
        return elements
    }
}
