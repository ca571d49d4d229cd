import Normalization
import Foundation
import GRDB

/// Who changes the registry: a user and the role they act in.
public struct Actor: Sendable, Hashable {
    public let user: String
    public let role: String
    public init(user: String, role: String) {
        self.user = user
        self.role = role
    }
}

/// Errors that name the teacher (or document) and the reason.
public struct RegistryError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable { case notFound = "not-found", conflict, invalid, stale, notInitialised = "not-initialised" }
    public let code: Code
    /// What went wrong, in both languages (from the message table).
    public let text: Text
    public init(_ code: Code, _ text: Text) {
        self.code = code
        self.text = text
    }
    /// The English message, for logs.
    public var message: String { text.english }
    public var description: String { text.chinese }
}

/// The one owner of the registry's SQLite database (WAL, a `DatabasePool`).
///
/// Reads go through `read`; every change goes through `change`, which runs
/// in one transaction and writes the history event of each change in that
/// same transaction. Nothing else can reach the database.
public final class RegistryDatabase: Sendable {
    private let pool: DatabasePool
    public let path: String

    /// Opens (creating when absent) and migrates the database at `path`.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // A province is millions of rows: keep the hot B-tree pages in memory.
            try db.execute(sql: "PRAGMA cache_size = -131072")
            // Fold the WAL into the file every 64 MB rather than every 4 MB: a batch of
            // small school files rewrites the same index pages, each checkpoint with an fsync.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
        self.path = path
        try Schema.migrator.migrate(pool)
        // A process that ended without closing (a killed import) can leave a
        // large WAL behind, and every read then searches its index: fold it in.
        try checkpoint()
    }

    /// Sets the province and the secret that permutes teacher numbers.
    /// Done once: a second call with another province is refused.
    public func initialise(province: Int) throws {
        try pool.write { db in
            if let existing = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'province'") {
                guard existing == String(province) else {
                    throw RegistryError(.conflict, .wrongProvince(registry: existing, asked: province))
                }
                return
            }
            var generator = SystemRandomNumberGenerator()
            try db.execute(sql: "INSERT INTO setting (name, value) VALUES ('province', ?), ('number_key', ?)",
                           arguments: [String(province), String(generator.next() as UInt64)])
            try db.execute(sql: "INSERT INTO counter (province, next) VALUES (?, 0)", arguments: [province])
        }
    }

    /// The province this registry issues numbers for.
    public func province() throws -> Int {
        try pool.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'province'"),
                  let province = Int(text) else {
                throw RegistryError(.notInitialised, .notInitialised)
            }
            return province
        }
    }

    /// Runs `body` in one write transaction; its changes and their history
    /// events commit together or not at all.
    /// `at` (ISO 8601) dates the events; by default, now.
    public func change<T>(_ actor: Actor, reason: String? = nil, source: String? = nil, at: String? = nil,
                          _ body: (ChangeTransaction) throws -> T) throws -> T {
        try pool.write { db in
            let transaction = ChangeTransaction(db: db, actor: actor, reason: reason, source: source, at: at)
            let result = try body(transaction)
            try transaction.finish()
            return result
        }
    }

    /// The writer connection outside any transaction, for `group`.
    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction(body)
    }

    /// Runs `body` on a consistent snapshot.
    public func read<T>(_ body: (RegistryReader) throws -> T) throws -> T {
        try pool.read { db in try body(RegistryReader(db: db)) }
    }

    /// Copies the write-ahead log into the database file and truncates it.
    public func checkpoint() throws {
        try pool.writeWithoutTransaction { _ = try $0.checkpoint(.truncate) }
    }

    /// Closes the database: checkpoints the WAL and releases the file. Later calls fail.
    public func close() throws {
        try pool.close()
    }

    /// An online backup to a new file.
    public func backup(to destination: String) throws {
        let target = try DatabaseQueue(path: destination)
        try pool.backup(to: target)
    }

    /// SQLite's integrity and foreign-key checks; empty when sound.
    public func integrityProblems() throws -> [String] {
        try pool.read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let violations = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check")
            problems += violations.map { "foreign key violation in \($0[0] as String? ?? "?") row \($0[1] as Int64? ?? 0)" }
            // Registrations are whole: number, registration event and source row together.
            let checks = [
                ("teachers without their number in the ledger",
                 "SELECT count(*) FROM teacher t WHERE NOT EXISTS (SELECT 1 FROM teacher_number n WHERE n.number = t.number AND n.teacher_id = t.id)"),
                ("teachers without a registration event",
                 "SELECT count(*) FROM teacher t WHERE NOT EXISTS (SELECT 1 FROM event e WHERE e.teacher_id = t.id AND e.kind = 'registered')"),
                ("blocking keys of no teacher",
                 "SELECT count(*) FROM match_key k WHERE NOT EXISTS (SELECT 1 FROM teacher t WHERE t.id = k.teacher_id)"),
                ("active teachers without a source record",
                 "SELECT count(*) FROM teacher t WHERE t.merged_into IS NULL AND NOT EXISTS (SELECT 1 FROM source_record s WHERE s.teacher_id = t.id)"),
            ]
            for (what, sql) in checks {
                let count = try Int.fetchOne(db, sql: sql) ?? 0
                if count > 0 { problems.append("\(count) \(what)") }
            }
            return problems
        }
    }
}
