import Foundation
import GRDB
import Matching

/// The changes of a batch of files (a county's school workbooks) in few
/// SQLite transactions. Each change runs in a savepoint: it succeeds or
/// leaves nothing, exactly as it would alone. The transaction commits once
/// `rowsPerCommit` rows' worth of changes are in it, and when the group
/// ends. A commit writes each page the changes touched once, however many
/// changes touched it: a school's sixty teachers touch pages all over every
/// index, and committed one file at a time the same pages were written to
/// the log again for every file.
///
/// Until a commit, readers of the database (and other processes) do not
/// see the group's changes; `read` inside the group does. A process killed
/// mid-group loses the uncommitted changes whole, never part of one.
public final class ChangeGroup {
    let db: Database
    let rowsPerCommit: Int
    /// Changes of this many rows or more run in a transaction of their own (see `change`).
    public let aloneFrom: Int
    private var rowsSinceCommit = 0
    /// Where what a large file would otherwise hold in memory goes (see `SpillFile`): beside the registry.
    let spillDirectory: String

    init(db: Database, rowsPerCommit: Int, aloneFrom: Int, spillDirectory: String, pendingPairsInMemory: Int) {
        self.db = db
        self.rowsPerCommit = rowsPerCommit
        self.aloneFrom = aloneFrom
        self.spillDirectory = spillDirectory
        pendingKeys = PendingKeys(spillingBeside: spillDirectory, from: pendingPairsInMemory)
    }

    /// Runs `body` in a savepoint of the group's transaction; `rows` counts
    /// toward the next commit. A thrown error undoes the body's changes only.
    /// A change of `aloneFrom` rows or more runs in a transaction of its
    /// own: a savepoint keeps a copy of every page it changes (in memory,
    /// see `group`), which costs more than a commit for a large file.
    public func change<T>(_ actor: Actor, reason: String? = nil, source: String? = nil, at: String? = nil, rows: Int = 1,
                          _ body: (ChangeTransaction) throws -> T) throws -> T {
        func run(inGroup: Bool) throws -> (result: T, keys: [(key: Int64, teacher: Int64)]) {
            let transaction = ChangeTransaction(db: db, actor: actor, reason: reason, source: source, at: at)
            transaction.keysGoToGroup = inGroup
            let result = try body(transaction)
            try transaction.finish()
            return (result, transaction.takeDeferredKeys())
        }
        if inParts {
            // A part of a large file: in the file's transaction, no savepoint (the file is undone whole).
            let done = try run(inGroup: true)
            try pendingKeys.add(done.keys)
            return done.result
        }
        if rows >= aloneFrom {
            try commit()
            // What the transaction commits (or what was read of the store before it) is new to readers.
            defer { commits += 1 }
            var result: T?
            try db.inTransaction(.immediate) {
                try forgetCandidatesIfOthersWrote()
                result = try run(inGroup: false).result
                return .commit
            }
            return result!
        }
        if !db.isInsideTransaction {
            try db.beginTransaction(.immediate)
            try forgetCandidatesIfOthersWrote()
        }
        var done: (result: T, keys: [(key: Int64, teacher: Int64)])?
        try db.inSavepoint {
            done = try run(inGroup: true)
            return .commit
        }
        // Only a change that was kept gives its keys.
        try pendingKeys.add(done!.keys)
        rowsSinceCommit += rows
        if rowsSinceCommit >= rowsPerCommit { try commit() }
        return done!.result
    }

    /// Runs `body`, which registers one large file a part at a time with
    /// `change`, in a transaction of its own: the file is all or nothing, and
    /// no part of it is held in memory past its own registration: the
    /// teachers it registers, and their keys, go to disk beside the registry
    /// as it grows (see `FileTeachers`, `PendingKeys`). The group commits
    /// first, so that its pending keys are then the file's own; the stored
    /// candidates kept stay within their bound.
    public func changeInParts<T>(_ body: () throws -> T) throws -> T {
        precondition(!inParts, "one file at a time")
        try commit()
        try db.beginTransaction(.immediate)
        inParts = true
        defer { inParts = false }
        do {
            try forgetCandidatesIfOthersWrote()
            let result = try body()
            try commit()
            return result
        } catch {
            try? db.rollback()
            // The store is back as of the last commit: what the parts added is forgotten with it (ids are given again).
            pendingKeys = pendingKeys.emptied()
            changedSinceCommit = []
            storedCandidates.removeAll()
            rowsSinceCommit = 0
            commits += 1
            throw error
        }
    }

    /// Whether a file registered in parts holds the group's transaction (see `changeInParts`).
    public private(set) var inParts = false

    /// Between two parts: the candidates kept stay within their bound.
    public func partDone() {
        if storedCandidates.count > Self.candidatesKept { storedCandidates.removeAll() }
    }

    /// Reads what is committed and what the group has changed so far.
    public func read<T>(_ body: (RegistryReader) throws -> T) throws -> T {
        try body(RegistryReader(db: db))
    }

    func commit() throws {
        if db.isInsideTransaction {
            // Written in key order, merged from the runs (in memory or on disk) as they are written. Kept
            // until committed: should the write or the COMMIT fail, `group` commits again, and writes them all
            // again (`INSERT OR IGNORE`) rather than none.
            var sorted = try pendingKeys.sortedWords()
            try BulkInsert.integerPairs(db, ChangeTransaction.insertMatchKeys, count: pendingKeys.count) { PendingKeys.unpack(try sorted.next()!) }
            try db.commit()
            commits += 1
        }
        pendingKeys = pendingKeys.emptied()
        changedSinceCommit = []
        rowsSinceCommit = 0
        // Kept across commits (schools of other counties share candidates too), within a bound.
        if storedCandidates.count > Self.candidatesKept { storedCandidates.removeAll() }
    }

    /// Commits so far. Readers of the pool see the store as of the last
    /// one while the group holds its transaction (it holds the write lock):
    /// what they fetch ahead for the group is good until the next.
    private(set) var commits = 0

    /// Whether the group holds an open transaction, and with it the write lock.
    var holdsTransaction: Bool { db.isInsideTransaction }

    /// Stored teachers the group's files changed since its last commit:
    /// readers of the pool see them as they were before.
    private(set) var changedSinceCommit = Set<Int64>()

    func noteChanged(_ teacher: Int64) { changedSinceCommit.insert(teacher) }

    /// Stored candidates kept from one commit (or part) to the next, at most:
    /// about a quarter of a kilobyte each (a 224-byte object with the
    /// features inline, and its dictionary entry), some 0.26 GB in all. A
    /// batch of a million rows into a registry of a million touches about
    /// 740,000; emptied at a lower bound, the cache was refilled by reading
    /// them again.
    static let candidatesKept = 1_000_000

    /// `PRAGMA data_version` at the group's last transaction: it changes when another connection commits.
    private var seenVersion: Int?

    /// Forgets the stored candidates when another connection committed since the group's last
    /// transaction: they may have changed. The group's own changes forget the teachers they touch.
    private func forgetCandidatesIfOthersWrote() throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA data_version")
        if version != seenVersion { storedCandidates.removeAll() }
        seenVersion = version
    }

    /// Blocking keys of the teachers the group's files registered, written
    /// in one run in key order when the group commits: written file by file,
    /// a school's few hundred keys land all over the key index, and the
    /// file's savepoint copies every page they touch. Until then the group's
    /// files find each other's teachers here as well as in the store.
    private(set) var pendingKeys: PendingKeys

    /// Stored teachers the group's files were compared with, as the matcher
    /// saw them (schools of one county share candidates, and namesakes are
    /// found across counties). A file forgets the teachers it attaches rows
    /// to; all are forgotten when another connection has written between
    /// two of the group's transactions, or when more than `candidatesKept`.
    let storedCandidates = StoredCandidates()
}

/// Stored teachers as the matcher sees them, by id, kept while they cannot
/// have changed (see `ChangeGroup.storedCandidates`). Locked: a group's next
/// file asks which teachers it holds from the thread that fetches its
/// candidates ahead (see `CandidatePrefetch`).
final class StoredCandidates: @unchecked Sendable {
    /// A reference: a province batch keeps most of a registry here (a
    /// dictionary of values copies them as it grows). Kept as the matcher
    /// compares it, worked out once by whoever fetched it.
    final class Candidate: Sendable {
        let id: Int64
        let number: String
        let comparable: ComparableRecord

        init(_ id: Int64, _ number: String, _ comparable: ComparableRecord) {
            self.id = id
            self.number = number
            self.comparable = comparable
        }
    }

    private var byID: [Int64: Candidate] = [:]
    private let lock = NSLock()

    subscript(id: Int64) -> Candidate? {
        get { locked { byID[id] } }
        set { locked { byID[id] = newValue } }
    }

    /// Adds the candidates of a slice under one lock, not one each.
    func add(_ candidates: some Sequence<Candidate>) {
        locked { for candidate in candidates { byID[candidate.id] = candidate } }
    }

    func contains(_ id: Int64) -> Bool { locked { byID[id] != nil } }
    var count: Int { locked { byID.count } }
    var ids: Set<Int64> { locked { Set(byID.keys) } }
    func removeAll() { locked { byID.removeAll() } }

    /// The writer's thread and the one fetching ahead take the lock by
    /// turns, each for a dictionary access: a thread that finds it taken
    /// tries again a while before it sleeps (a futex wait and wake-up costs
    /// far more than the access it waits for).
    private func locked<T>(_ body: () -> T) -> T {
        var tries = 0
        while !lock.try() {
            tries += 1
            if tries == Self.triesBeforeSleeping {
                lock.lock()
                break
            }
        }
        defer { lock.unlock() }
        return body()
    }

    private static let triesBeforeSleeping = 200
}

extension RegistryDatabase {
    /// Runs `body` with a group of changes (see `ChangeGroup`). When `body`
    /// throws, the changes completed before are committed (each is whole)
    /// and the error is passed on.
    public func group<T>(rowsPerCommit: Int = 250_000, aloneFrom: Int = 10_000, _ body: (ChangeGroup) throws -> T) throws -> T {
        try group(rowsPerCommit: rowsPerCommit, aloneFrom: aloneFrom, pendingPairsInMemory: PendingKeys.pairsKeptInMemory, body)
    }

    /// `pendingPairsInMemory`: the group's pending keys beyond this many go to disk (see `PendingKeys`), in
    /// `spillDirectory` (by default the registry's).
    func group<T>(rowsPerCommit: Int = 250_000, aloneFrom: Int = 10_000, pendingPairsInMemory: Int, spillDirectory: String? = nil,
                  _ body: (ChangeGroup) throws -> T) throws -> T {
        try writeWithoutTransaction { db in
            // Savepoints copy the pages they change to a temporary file unless told to keep them in memory.
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
            // A batch works on pages all over a large registry: keep 1 GB of them in memory (see README,
            // "A province batch": faster than the usual 128 MB, at a peak that does not grow with the batch).
            let cache = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -131_072
            try db.execute(sql: "PRAGMA cache_size = -1048576")
            defer {
                try? db.execute(sql: "PRAGMA temp_store = DEFAULT")
                try? db.execute(sql: "PRAGMA cache_size = \(cache)")
            }
            let group = ChangeGroup(db: db, rowsPerCommit: rowsPerCommit, aloneFrom: aloneFrom,
                                    spillDirectory: spillDirectory ?? URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                    pendingPairsInMemory: pendingPairsInMemory)
            do {
                let result = try body(group)
                try group.commit()
                return result
            } catch {
                do { try group.commit() } catch { try? db.rollback() }
                throw error
            }
        }
    }
}
