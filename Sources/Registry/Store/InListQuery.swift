import GRDB
import GRDBSQLite

/// A SELECT of the rows whose column is one of many texts (a batch's row
/// hashes, its documents), asked `valuesPerStatement` values at a time
/// through one statement prepared once and bound with SQLite's C API (as
/// `BoundInsert` binds):
/// preparing a statement per chunk and GRDB's argument arrays cost several
/// times the lookups themselves for a batch of tens of thousands of rows.
/// Errors become GRDB's `DatabaseError`, as from any other statement.
enum InListQuery {
    static let valuesPerStatement = 500

    /// Runs `sql(placeholders)` (with `IN (\(placeholders))` in it) for
    /// `values`, a chunk at a time, calling `row` for each row found. The
    /// last chunk repeats its last value to fill the statement: a value
    /// named twice in an IN list finds its rows once.
    static func forEach(_ db: Database, values: [String], sql: (String) -> String, row: (Columns) throws -> Void) throws {
        guard !values.isEmpty else { return }
        let statement = try db.cachedStatement(sql: sql(Array(repeating: "?", count: valuesPerStatement).joined(separator: ",")))
        let handle = statement.sqliteStatement
        for start in stride(from: 0, to: values.count, by: valuesPerStatement) {
            let end = min(start + valuesPerStatement, values.count)
            var parameters = BoundInsert.Parameters(handle: handle)
            for slot in 0..<valuesPerStatement { parameters.text(values[min(start + slot, end - 1)]) }
            defer { sqlite3_reset(handle) }
            while true {
                let code = sqlite3_step(handle)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                        sql: statement.sql)
                }
                try row(Columns(handle: handle))
            }
        }
    }

    /// The current row's columns, by position in the SELECT.
    struct Columns {
        fileprivate let handle: OpaquePointer

        func text(_ index: Int32) -> String? {
            guard let bytes = sqlite3_column_text(handle, index) else { return nil }
            return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
        }

        func integer(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }
    }

}
