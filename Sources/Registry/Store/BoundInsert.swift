import GRDB
import GRDBSQLite

/// INSERTs bound and stepped through SQLite's C API, for the bulk
/// registration path: GRDB's argument arrays and one statement per row cost
/// more than the inserts themselves when a province is registered at once.
/// Errors become GRDB's `DatabaseError`, as from any other statement.
struct BoundInsert {
    private let statement: Statement
    private let connection: OpaquePointer?

    init(_ db: Database, _ sql: String) throws {
        statement = try db.cachedStatement(sql: sql)
        connection = db.sqliteConnection
    }

    /// Binds the parameters in order through `bind`, then runs the statement once.
    func run(_ bind: (inout Parameters) -> Void) throws {
        let handle = statement.sqliteStatement
        var parameters = Parameters(handle: handle)
        bind(&parameters)
        let code = sqlite3_step(handle)
        if code != SQLITE_DONE {
            let message = String(cString: sqlite3_errmsg(connection))
            sqlite3_reset(handle)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        sqlite3_reset(handle)
    }

    struct Parameters {
        fileprivate let handle: OpaquePointer
        private var index: Int32 = 1

        /// Binds from the first parameter on (`InListQuery` binds its own statements through it too).
        init(handle: OpaquePointer) { self.handle = handle }

        mutating func text(_ value: String?) {
            defer { index += 1 }
            guard var value else { sqlite3_bind_null(handle, index); return }
            _ = value.withUTF8 { bytes in
                // An empty buffer may have no address, which SQLite would read as NULL.
                if bytes.isEmpty {
                    sqlite3_bind_text(handle, index, "", 0, nil)
                } else {
                    sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
                }
            }
        }

        mutating func integer(_ value: Int64?) {
            defer { index += 1 }
            guard let value else { sqlite3_bind_null(handle, index); return }
            sqlite3_bind_int64(handle, index, value)
        }

        mutating func value(_ value: BulkInsert.Value) {
            switch value {
            case .text(let text): self.text(text)
            case .integer(let number): integer(number)
            case .null: integer(nil)
            }
        }

        /// SQLite copies the bytes before the call returns.
        private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)
    }
}

/// Rows of one table collected in memory and written many per statement:
/// SQLite opens the table's and its indexes' cursors once per statement, not
/// once per row.
struct BulkInsert {
    enum Value {
        case text(String), integer(Int64), null

        init(_ text: String?) { self = text.map { .text($0) } ?? .null }
        init(_ number: Int64?) { self = number.map { .integer($0) } ?? .null }
    }

    private let head: String
    private let tuple: String
    private let width: Int
    private var values: [Value] = []
    static let rowsPerStatement = 50

    /// `head` is `INSERT [OR …] INTO table (columns)`; `width` the number of columns.
    init(_ head: String, width: Int) {
        self.head = head
        self.width = width
        tuple = "(" + Array(repeating: "?", count: width).joined(separator: ",") + ")"
    }

    var isEmpty: Bool { values.isEmpty }

    mutating func add(_ row: Value...) {
        precondition(row.count == width)
        values.append(contentsOf: row)
    }

    /// Writes every collected row, in the order added.
    mutating func flush(_ db: Database) throws {
        let rows = values.count / width
        var start = 0
        while start < rows {
            let count = min(Self.rowsPerStatement, rows - start)
            let sql = head + " VALUES " + Array(repeating: tuple, count: count).joined(separator: ",")
            try BoundInsert(db, sql).run { parameters in
                for value in values[(start * width)..<((start + count) * width)] { parameters.value(value) }
            }
            start += count
        }
        values.removeAll(keepingCapacity: true)
    }
}

extension BulkInsert {
    /// Integer pairs (a province's blocking keys: tens of millions of rows)
    /// written `pairsPerStatement` to a statement prepared once, bound
    /// straight from the array rather than through a `Value` each.
    static func integerPairs(_ db: Database, _ head: String, _ pairs: [(Int64, Int64)]) throws {
        var index = 0
        try integerPairs(db, head, count: pairs.count) {
            defer { index += 1 }
            return pairs[index]
        }
    }

    /// `count` pairs, each given by `next` in turn: a caller holding them packed, or on disk, need not unpack them all first.
    static func integerPairs(_ db: Database, _ head: String, count total: Int, _ next: () throws -> (Int64, Int64)) throws {
        func statement(_ count: Int) throws -> BoundInsert {
            try BoundInsert(db, head + " VALUES " + Array(repeating: "(?,?)", count: count).joined(separator: ","))
        }
        let full = try statement(pairsPerStatement)
        var batch: [(Int64, Int64)] = []
        batch.reserveCapacity(pairsPerStatement)
        var start = 0
        while start < total {
            let count = min(pairsPerStatement, total - start)
            batch.removeAll(keepingCapacity: true)
            for _ in 0..<count { batch.append(try next()) }
            try (count == pairsPerStatement ? full : try statement(count)).run { parameters in
                for (first, second) in batch {
                    parameters.integer(first)
                    parameters.integer(second)
                }
            }
            start += count
        }
    }

    static let pairsPerStatement = 200
}
