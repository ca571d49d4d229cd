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

    init(db: Database, rowsPerCommit: Int, aloneFrom: Int) {
        self.db = db
        self.rowsPerCommit = rowsPerCommit
        self.aloneFrom = aloneFrom
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
            pendingKeys.add(done.keys)
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
        pendingKeys.add(done!.keys)
        rowsSinceCommit += rows
        if rowsSinceCommit >= rowsPerCommit { try commit() }
        return done!.result
    }

    /// Runs `body`, which registers one large file a part at a time with
    /// `change`, in a transaction of its own: the file is all or nothing, and
    /// no part of it is held in memory past its own registration (but for the
    /// teachers it registers: see `Registrar.FileInParts`). The group commits
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
            pendingKeys = PendingKeys()
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
            // Written from the packed words, in key order, once the runs they merge are let go.
            let words = pendingKeys.sortedWords()
            pendingKeys = PendingKeys()
            try BulkInsert.integerPairs(db, ChangeTransaction.insertMatchKeys, count: words.count) { PendingKeys.unpack(words[$0]) }
            try db.commit()
            commits += 1
        }
        pendingKeys = PendingKeys()
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
    private(set) var pendingKeys = PendingKeys()

    /// Stored teachers the group's files were compared with, as the matcher
    /// saw them (schools of one county share candidates, and namesakes are
    /// found across counties). A file forgets the teachers it attaches rows
    /// to; all are forgotten when another connection has written between
    /// two of the group's transactions, or when more than `candidatesKept`.
    let storedCandidates = StoredCandidates()
}

/// Blocking keys not yet written, and who holds each: each pair packed in
/// one word (the 32-bit key above the teacher id), in sorted runs merged as
/// they grow (a run is merged into the one before it once as long), so that
/// a key's holders are a few binary searches away and a pair takes 8 bytes
/// (a dictionary of arrays spent an entry and an array per key besides).
/// Most keys asked for are held by no one pending (a batch of other people):
/// a bit per key's low bits answers those without searching the runs.
struct PendingKeys {
    private var runs: [Run] = []
    private(set) var count = 0
    /// Bit `key mod 2^filterBits` is set when some pending pair has such a key; empty until the first pair.
    private var mayHold: [UInt64] = []
    /// Grows with the pairs (a school's file needs a few kilobytes), up to 2^26 bits, 8 MB: a province
    /// file's few million distinct keys then set under a tenth of them.
    private var filterBits = 0
    static let maximumFilterBits = 26

    mutating func add(_ keys: [(key: Int64, teacher: Int64)]) {
        guard !keys.isEmpty else { return }
        runs.append(Run(keys.map(Self.pack).sorted()))
        count += keys.count
        if filterBits < Self.maximumFilterBits, count * 16 > 1 << filterBits {
            // Rebuilt from every pair, with room for four times as many: in all, about once more per pair.
            filterBits = min(Self.maximumFilterBits, max(16, Self.bits(for: count * 64)))
            mayHold = [UInt64](repeating: 0, count: 1 << (filterBits - 6))
            for run in runs.dropLast() { for word in run.words { setFilterBit(Self.unpack(word).key) } }
        }
        for pair in keys { setFilterBit(pair.key) }
        while runs.count > 1, runs[runs.count - 2].words.count <= runs[runs.count - 1].words.count {
            let last = runs.removeLast(), before = runs.removeLast()
            runs.append(Run(Self.merge(before.words, last.words)))
        }
    }

    /// The teachers holding `key`, in the order registered (ids ascending).
    func holders(of key: Int64) -> [Int64] {
        let bit = filterBit(key)
        guard !mayHold.isEmpty, mayHold[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return [] }
        let low = Self.pack((key, 0))
        var found: [Int64] = []
        for run in runs {
            var index = run.firstIndex(notBelow: low)
            while index < run.words.count, run.words[index] >> 32 == low >> 32 {
                found.append(Int64(run.words[index] & 0xFFFF_FFFF))
                index += 1
            }
        }
        return runs.count > 1 ? found.sorted() : found
    }

    /// Every pair, in key and teacher order.
    func sortedPairs() -> [(key: Int64, teacher: Int64)] { sortedWords().map(Self.unpack) }

    /// Every pair packed (see `pack`), in key and teacher order.
    func sortedWords() -> [UInt64] { runs.reduce(into: [UInt64]()) { $0 = $0.isEmpty ? $1.words : Self.merge($0, $1.words) } }

    private func filterBit(_ key: Int64) -> Int { Int(truncatingIfNeeded: key) & ((1 << filterBits) - 1) }

    private mutating func setFilterBit(_ key: Int64) {
        let bit = filterBit(key)
        mayHold[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// The least b with 2^b ≥ n.
    private static func bits(for n: Int) -> Int { Int.bitWidth - (n - 1).leadingZeroBitCount }

    static func unpack(_ word: UInt64) -> (key: Int64, teacher: Int64) {
        (Int64(Int32(bitPattern: UInt32(word >> 32) ^ 0x8000_0000)), Int64(word & 0xFFFF_FFFF))
    }

    /// Keys are 32-bit (`PairMatcher.blockingKeys`), teacher ids below 2³²; the key's sign bit is flipped so
    /// that words sort as their keys do.
    private static func pack(_ pair: (key: Int64, teacher: Int64)) -> UInt64 {
        precondition(Int64(Int32(truncatingIfNeeded: pair.key)) == pair.key && pair.teacher >= 0 && pair.teacher <= 0xFFFF_FFFF)
        return UInt64(UInt32(bitPattern: Int32(pair.key)) ^ 0x8000_0000) << 32 | UInt64(pair.teacher)
    }

    /// A sorted run, with where each range of its top bits begins: keys are
    /// hashes, spread evenly, so a word is found within a bucket of about
    /// eight instead of by halving the whole run (a few cache misses
    /// instead of twenty-odd, for every key of every row of a large file).
    struct Run {
        let words: [UInt64]
        private let bits: Int
        private let starts: [UInt32]

        init(_ words: [UInt64]) {
            self.words = words
            var bits = 0
            while (8 << bits) < words.count, bits < 24 { bits += 1 }
            self.bits = bits
            var starts = [UInt32](repeating: 0, count: (1 << bits) + 1)
            if bits > 0 {
                for word in words { starts[Int(word >> UInt64(64 - bits)) + 1] += 1 }
                for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
            } else {
                starts[1] = UInt32(words.count)
            }
            self.starts = starts
        }

        func firstIndex(notBelow value: UInt64) -> Int {
            let bucket = bits > 0 ? Int(value >> UInt64(64 - bits)) : 0
            var low = Int(starts[bucket]), high = Int(starts[bucket + 1])
            while low < high {
                let middle = (low + high) / 2
                if words[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    private static func merge(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var merged: [UInt64] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i] <= b[j] { merged.append(a[i]); i += 1 } else { merged.append(b[j]); j += 1 }
        }
        merged += a[i...]
        merged += b[j...]
        return merged
    }
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
        get { lock.withLock { byID[id] } }
        set { lock.withLock { byID[id] = newValue } }
    }

    func contains(_ id: Int64) -> Bool { lock.withLock { byID[id] != nil } }
    var count: Int { lock.withLock { byID.count } }
    var ids: Set<Int64> { lock.withLock { Set(byID.keys) } }
    func removeAll() { lock.withLock { byID.removeAll() } }
}

extension RegistryDatabase {
    /// Runs `body` with a group of changes (see `ChangeGroup`). When `body`
    /// throws, the changes completed before are committed (each is whole)
    /// and the error is passed on.
    public func group<T>(rowsPerCommit: Int = 250_000, aloneFrom: Int = 10_000, _ body: (ChangeGroup) throws -> T) throws -> T {
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
            let group = ChangeGroup(db: db, rowsPerCommit: rowsPerCommit, aloneFrom: aloneFrom)
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
