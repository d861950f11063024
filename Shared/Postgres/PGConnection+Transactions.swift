// MARK: - Transactions and savepoints

extension PGConnection {
    /// Runs `body` in a transaction: BEGIN, then COMMIT when it returns, ROLLBACK when it throws
    /// (the error is rethrown). Called inside an open transaction, it nests as a savepoint.
    /// If `body` swallowed a failed statement, the transaction is rolled back and a PGError thrown.
    @discardableResult
    public func transaction<T>(_ body: (PGConnection) throws -> T) throws -> T {
        if isInTransaction {
            return try savepoint(nextSavepointName()) { try body(self) }
        }
        try simpleExecute("BEGIN")
        let value: T
        do {
            value = try body(self)
        } catch {
            try? simpleExecute("ROLLBACK")
            throw error
        }
        if isInFailedTransaction {
            try? simpleExecute("ROLLBACK")
            throw PGError(message: "transaction rolled back: a statement failed inside it")
        }
        try simpleExecute("COMMIT")
        return value
    }

    /// Runs `body` under a savepoint inside the open transaction: RELEASE when it returns,
    /// ROLLBACK TO (undoing only its work; the outer transaction continues) when it throws.
    /// `name` must be a plain identifier (letters, digits, underscores).
    @discardableResult
    public func savepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        guard Self.isPlainIdentifier(name) else {
            throw PGError(message: "savepoint name must be a plain identifier")
        }
        let name = "\"\(name)\""   // quoted: a keyword such as `inner` is a valid name too
        try simpleExecute("SAVEPOINT \(name)")
        let value: T
        do {
            value = try body()
        } catch {
            do {
                try simpleExecute("ROLLBACK TO SAVEPOINT \(name)")
                try simpleExecute("RELEASE SAVEPOINT \(name)")
            } catch let rollbackError where rollbackError.isConnectionFailure {
                throw rollbackError   // the connection is gone: that is what the caller must handle
            } catch {}
            throw error
        }
        if isInFailedTransaction {
            try simpleExecute("ROLLBACK TO SAVEPOINT \(name)")
            try simpleExecute("RELEASE SAVEPOINT \(name)")
            throw PGError(message: "savepoint \(name) rolled back: a statement failed inside it")
        }
        try simpleExecute("RELEASE SAVEPOINT \(name)")
        return value
    }

    static func isPlainIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return text.count <= 63 && text.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }
}
