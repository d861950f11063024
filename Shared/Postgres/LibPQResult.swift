internal import CLibPQ
import Foundation

/// Reads libpq results: rows into memory, failures into `PGError`.
enum LibPQResult {
    static func rows(of result: OpaquePointer) -> PGRows {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        var names: [String] = []
        var types: [Oid] = []
        names.reserveCapacity(Int(columnCount))
        for column in 0..<columnCount {
            names.append(String(cString: PQfname(result, column)))
            types.append(PQftype(result, column))
        }
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(String(cString: PQgetvalue(result, row, column)))
                }
            }
            rows.append(values)
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PGRows(columns: PGColumns(names: names, types: types), rows: rows, affectedRows: affected)
    }

    static func error(from result: OpaquePointer, handle: OpaquePointer, sql: String) -> PGError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue!)) else { return nil }
            return String(cString: value)
        }
        let sqlState = field("C")
        let primary = field("M") ?? trimmed(String(cString: PQresultErrorMessage(result)))
        return PGError(message: PGError.redacted(primary.isEmpty ? connectionMessage(handle) : primary, sqlState: sqlState),
                       sqlState: sqlState, constraint: field("n"), query: sql,
                       connectionLost: PQstatus(handle) != CONNECTION_OK)
    }

    static func connectionMessage(_ handle: OpaquePointer) -> String {
        let text = trimmed(String(cString: PQerrorMessage(handle)))
        return text.isEmpty ? "no result from server (connection lost?)" : text
    }

    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
