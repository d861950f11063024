/// Column names and type OIDs of a result, shared by its rows.
final class PGColumns: Sendable {
    let names: [String]
    let types: [Oid]
    let indexByName: [String: Int]

    init(names: [String], types: [Oid]) {
        self.names = names
        self.types = types
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexByName[name] == nil { indexByName[name] = index }
        self.indexByName = indexByName
    }
}

/// The rows a query returned, fully read into memory (the libpq result is already freed).
public struct PGRows: Sequence, Sendable {
    let columns: PGColumns
    let rows: [[String?]]
    /// Rows affected by INSERT/UPDATE/DELETE (0 for other commands).
    public let affectedRows: Int

    /// How many rows there are.
    public var count: Int { rows.count }
    /// True when there are no rows.
    public var isEmpty: Bool { rows.isEmpty }
    /// The first row, if any.
    public var first: PGRow? { rows.isEmpty ? nil : PGRow(columns: columns, values: rows[0]) }
    /// The result's column names, in order.
    public var columnNames: [String] { columns.names }

    /// The row at `index` (0-based).
    public subscript(index: Int) -> PGRow { PGRow(columns: columns, values: rows[index]) }

    public func makeIterator() -> Iterator { Iterator(rows: self) }

    /// Walks the rows in order.
    public struct Iterator: IteratorProtocol {
        let rows: PGRows
        var index = 0

        public mutating func next() -> PGRow? {
            guard index < rows.rows.count else { return nil }
            defer { index += 1 }
            return rows[index]
        }
    }
}
