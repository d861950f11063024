/// One result row: values read by column name or 0-based index into `PGDecodable` types.
///
///     let id: UUID = try row.get("id")
///     let (name, age) = try row.decode(String.self, Int?.self)   // columns 0 and 1
public struct PGRow: Sendable {
    let columns: PGColumns
    let values: [String?]

    /// The column names, in order.
    public var columnNames: [String] { columns.names }

    /// The value of the named column; a `PGError` names the column when it is missing,
    /// NULL for a non-optional type, or not decodable as `T`.
    public func get<T: PGDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let index = columns.indexByName[column] else {
            throw PGError(message: "no column \"\(column)\" in the result (columns: \(columns.names.joined(separator: ", ")))")
        }
        return try get(index)
    }

    /// The value of the column at `index` (0-based).
    public func get<T: PGDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else {
            throw PGError(message: "column index \(index) out of range (\(values.count) columns)")
        }
        let oid = columns.types[index]
        do {
            if let text = values[index] { return try T(pgText: text, type: oid) }
            return try T(pgNullOfType: oid)
        } catch let error as PGDecodingError {
            throw PGError(message: "column \"\(columns.names[index])\": \(error.description)")
        } catch let error as PGError {
            throw error
        } catch {
            throw PGError(message: "column \"\(columns.names[index])\": cannot decode as \(T.self)")
        }
    }

    /// True when the named column is NULL (false when there is no such column).
    public func isNull(_ column: String) -> Bool {
        guard let index = columns.indexByName[column] else { return false }
        return values[index] == nil
    }

    /// Decodes a json/jsonb (or text) column holding JSON into any Decodable.
    public func json<T: Decodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        let json: PGJSON = try get(column)
        do { return try json.decode(T.self) } catch {
            throw PGError(message: "column \"\(column)\": JSON cannot be decoded as \(T.self): \(error)")
        }
    }

    /// The first columns, in order, as the given types: `try row.decode(String.self, Int.self)`.
    public func decode<each T: PGDecodable>(_ types: repeat (each T).Type) throws -> (repeat each T) {
        var index = 0
        func next<U: PGDecodable>(_ type: U.Type) throws -> U {
            defer { index += 1 }
            return try get(index)
        }
        return (repeat try next(each types))
    }
}
