import Dispatch
import GRDB
import Matching

/// The stored teachers sharing a blocking key with a file's rows, fetched a
/// slice of rows ahead: the slice's distinct keys probed in key order, then
/// the teachers they name read in id order, many per statement. Asking the
/// store row by row reads the same pages of a large registry at random, one
/// statement per key and four per teacher; in order, neighbouring keys and
/// teachers share pages.
///
/// What is stored does not change while a file is registered (its new
/// teachers' keys are written when it ends or its group commits, its
/// attachments after its rows are decided), so fetching ahead gives what
/// asking row by row would, with
/// one exception: a school's county that the file itself fills in is not
/// seen on candidates fetched before (they are compared as the store was
/// when the file began, or, kept by a group, when they were first read).
/// When the file's transaction has written nothing yet that a reader could miss
/// (a file in a transaction of its own), slices are fetched on a reader of
/// the pool, on the other core: the first while the caller reads what the
/// store knows of the file's rows, each next one while the one before is decided.
struct StoredCandidateIndex {
    private let fetcher: StoredCandidateFetcher
    /// Reads slices concurrently when set.
    private let concurrentReader: RegistryDatabase?
    private var slice = StoredCandidateFetcher.Slice(rows: 0..<0, holders: [:], candidates: [])
    private var next: PendingSlice?
    /// A group's slice of this file fetched ahead, and the teachers the group changed since (their records in it are old).
    private var prefetched: (slice: PendingSlice, changed: Set<Int64>)?
    /// Slices fetched on the caller's thread (with a concurrent reader, none: each is fetched ahead).
    private(set) var slicesFetchedInline = 0

    /// `unwritten` gives the holders of a key that are not in the store yet (a group's pending keys); only
    /// without a concurrent reader, which would not see the teachers they name.
    /// `prefetched` (in a group, with `unwritten`): the file's candidates as the store was at the group's last
    /// commit, and the teachers the group has changed since.
    init(keys: [[Int64]], registrar: Registrar, known: StoredCandidates, concurrentReader: RegistryDatabase?,
         unwritten: ((Int64) throws -> [Int64])? = nil, prefetched: (CandidatePrefetch, changed: Set<Int64>)? = nil) {
        precondition(concurrentReader == nil || unwritten == nil)
        precondition(concurrentReader == nil || prefetched == nil)
        self.prefetched = prefetched.map { ($0.0.slice, $0.changed) }
        // A reader on another thread cannot look into the cache: it is told what the cache holds, once.
        // Asked on this thread, the cache is looked into (a group's cache holds many teachers, its files few rows).
        fetcher = StoredCandidateFetcher(keys: keys, registrar: registrar, known: concurrentReader == nil ? [] : known.ids,
                                         rowsPerSlice: registrar.candidateSliceRows, unwritten: unwritten)
        self.concurrentReader = concurrentReader
        if let concurrentReader, !keys.isEmpty {
            next = PendingSlice(fetcher.slice(from: 0), fetcher: fetcher, database: concurrentReader)
        }
    }

    /// The stored teachers sharing a key with row `index` (a key held by
    /// more than `Registrar.blockCap` gives none), in the order of its keys.
    /// Their records are put in `cache`, unless merged away (the caller
    /// resolves those). Rows are asked for in order.
    mutating func candidates(ofRow index: Int, reader: RegistryReader, cache: StoredCandidates) throws -> [Int64] {
        if !slice.rows.contains(index) {
            let rows = fetcher.slice(from: index)
            // Rows decided without candidates (the same row as before, a known document) are not asked
            // for: the first row asked may lie past the start of the slice fetched ahead.
            var changed = Set<Int64>()
            if let prefetched, prefetched.slice.rows.contains(index) {
                self.prefetched = nil
                changed = prefetched.changed
                slice = try fetcher.complete(prefetched.slice.wait(), reader: reader) { cache[$0] }
            } else if let next, next.rows.contains(index) {
                self.next = nil
                slice = try next.wait()
            } else {
                finish()
                slicesFetchedInline += 1
                slice = try fetcher.fetch(rows, reader: reader) { cache[$0] }
            }
            // A teacher changed since the slice was read is read again when asked for (see `Registrar.storedCandidate`).
            cache.add(slice.candidates.lazy.filter { !changed.contains($0.id) })
            slice.candidates = []
            if let concurrentReader, slice.rows.upperBound < fetcher.keys.count {
                next = PendingSlice(fetcher.slice(from: slice.rows.upperBound), fetcher: fetcher, database: concurrentReader)
            }
        }
        return fetcher.keys[index].flatMap { slice.holders[$0] ?? [] }
    }

    /// Waits for a slice still being fetched (before the transaction ends).
    mutating func finish() {
        if let next { _ = try? next.wait() }
        next = nil
        if let prefetched { _ = try? prefetched.slice.wait() }
        prefetched = nil
    }
}

/// Fetches the slices of one file, one at a time (on whichever thread).
final class StoredCandidateFetcher: @unchecked Sendable {
    struct Slice: Sendable {
        var rows: Range<Int>
        var holders: [Int64: [Int64]]
        /// Teachers not handed out by an earlier slice: read, or found in
        /// the caller's cache (kept here, should the cache let them go
        /// before the slice is used).
        var candidates: [StoredCandidates.Candidate]
        /// Keys held by more stored teachers than the cap: no evidence, whoever else holds them.
        var overCap: Set<Int64> = []
    }

    let keys: [[Int64]]
    private let registrar: Registrar
    private let rowsPerSlice: Int
    // Touched by one fetch at a time: a slice is fetched only once the one before it is done.
    private var handedOut: Set<Int64>
    private var counties: [String: String?] = [:]

    private let unwritten: ((Int64) throws -> [Int64])?

    init(keys: [[Int64]], registrar: Registrar, known: Set<Int64>, rowsPerSlice: Int, unwritten: ((Int64) throws -> [Int64])?) {
        self.keys = keys
        self.registrar = registrar
        self.rowsPerSlice = max(1, rowsPerSlice)
        self.unwritten = unwritten
        handedOut = known
    }

    func slice(from start: Int) -> Range<Int> { start..<min(start + rowsPerSlice, keys.count) }

    /// `cached` gives the teachers the caller already has, which are not read again.
    func fetch(_ rows: Range<Int>, reader: RegistryReader, cached: (Int64) -> StoredCandidates.Candidate? = { _ in nil }) throws -> Slice {
        var holders: [Int64: [Int64]] = [:]
        let statement = try reader.db.cachedStatement(sql: "SELECT teacher_id FROM match_key WHERE key = ? LIMIT ?")
        var wanted = Set<Int64>()
        var candidates: [StoredCandidates.Candidate] = []
        var overCap = Set<Int64>()
        for key in Set(keys[rows].joined()).sorted() {
            var ids = try Int64.fetchAll(statement, arguments: [key, Registrar.blockCap + 1])
            if ids.count > Registrar.blockCap {
                overCap.insert(key)
                continue
            }
            // Teachers not written yet were registered after every stored one: ids still ascend.
            if let unwritten { ids += try unwritten(key) }
            guard !ids.isEmpty, ids.count <= Registrar.blockCap else { continue }
            holders[key] = ids
            for id in ids { want(id, into: &wanted, keeping: &candidates, cached: cached) }
        }
        let ordered = wanted.sorted()
        candidates.reserveCapacity(candidates.count + ordered.count)
        for start in stride(from: 0, to: ordered.count, by: Self.teachersPerStatement) {
            let ids = Array(ordered[start..<min(start + Self.teachersPerStatement, ordered.count)])
            candidates += try registrar.storedCandidates(ids: ids, reader: reader, counties: &counties)
        }
        for candidate in candidates { handedOut.insert(candidate.id) }
        return Slice(rows: rows, holders: holders, candidates: candidates, overCap: overCap)
    }

    /// A holder not handed out yet: kept as the cache has it, or to be read.
    private func want(_ id: Int64, into wanted: inout Set<Int64>, keeping kept: inout [StoredCandidates.Candidate],
                      cached: (Int64) -> StoredCandidates.Candidate?) {
        guard !handedOut.contains(id), !wanted.contains(id) else { return }
        if let known = cached(id) {
            handedOut.insert(id)
            kept.append(known)
        } else {
            wanted.insert(id)
        }
    }

    /// A slice fetched ahead from the store as last committed (see
    /// `CandidatePrefetch`), completed on the caller's thread with the
    /// holders not written yet, as `fetch` would have had them: a key whose
    /// holders, stored and unwritten, number more than the cap gives none.
    func complete(_ fetched: Slice, reader: RegistryReader, cached: (Int64) -> StoredCandidates.Candidate?) throws -> Slice {
        var slice = fetched
        guard let unwritten else { return slice }
        var wanted = Set<Int64>()
        for key in Set(keys[slice.rows].joined()) where !slice.overCap.contains(key) {
            let extra = try unwritten(key)
            guard !extra.isEmpty else { continue }
            let ids = (slice.holders[key] ?? []) + extra
            guard ids.count <= Registrar.blockCap else {
                slice.holders[key] = nil
                continue
            }
            slice.holders[key] = ids
            for id in extra { want(id, into: &wanted, keeping: &slice.candidates, cached: cached) }
        }
        let ordered = wanted.sorted()
        for start in stride(from: 0, to: ordered.count, by: Self.teachersPerStatement) {
            let ids = Array(ordered[start..<min(start + Self.teachersPerStatement, ordered.count)])
            let read = try registrar.storedCandidates(ids: ids, reader: reader, counties: &counties)
            for candidate in read { handedOut.insert(candidate.id) }
            slice.candidates += read
        }
        return slice
    }

    static let teachersPerStatement = 500
}

/// A slice being fetched on a reader of the pool.
final class PendingSlice: @unchecked Sendable {
    let rows: Range<Int>
    private let done = DispatchSemaphore(value: 0)
    // Written by the fetching thread before `done` is signalled, read after.
    private var result: Result<StoredCandidateFetcher.Slice, any Error>?

    /// `cached` is asked on the fetching thread.
    init(_ rows: Range<Int>, fetcher: StoredCandidateFetcher, database: RegistryDatabase,
         cached: @escaping @Sendable (Int64) -> StoredCandidates.Candidate? = { _ in nil }) {
        self.rows = rows
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            result = Result { try database.read { try fetcher.fetch(rows, reader: $0, cached: cached) } }
            done.signal()
        }
    }

    func wait() throws -> StoredCandidateFetcher.Slice {
        done.wait()
        done.signal()  // a second wait returns at once
        return try result!.get()
    }
}

extension Registrar {
    /// Current teachers (not merged away) by id, as the matcher sees them,
    /// read with one statement; ids of merged teachers are left out.
    func storedCandidates(ids: [Int64], reader: RegistryReader, counties: inout [String: String?]) throws -> [StoredCandidates.Candidate] {
        try storedRecords(ids: ids, reader: reader, counties: &counties).map {
            StoredCandidates.Candidate($0.teacher.id, $0.teacher.number, ComparableRecord($0.record))
        }
    }

    /// The teachers of `storedCandidates(ids:)` with their records.
    func storedRecords(ids: [Int64], reader: RegistryReader, counties: inout [String: String?]) throws -> [(teacher: Teacher, record: MatchRecord)] {
        guard !ids.isEmpty else { return [] }
        let rows = try Row.fetchAll(reader.db.cachedStatement(sql: """
            SELECT t.*,
                   (SELECT group_concat(number, ' ') FROM
                        (SELECT number FROM document WHERE teacher_id = t.id AND current = 1 ORDER BY id)) AS current_documents,
                   (SELECT school_code FROM assignment WHERE teacher_id = t.id AND kind = 'regular' AND end_date IS NULL
                    ORDER BY start_date DESC, id DESC LIMIT 1) AS open_school
            FROM teacher t WHERE t.id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))
            """), arguments: StatementArguments(ids))
        var candidates: [(teacher: Teacher, record: MatchRecord)] = []
        candidates.reserveCapacity(rows.count)
        for row in rows {
            let teacher = Teacher(row: row)
            guard teacher.mergedInto == nil else { continue }
            let school: String? = row["open_school"]
            var county: String?
            if let school {
                if let known = counties[school] {
                    county = known
                } else {
                    county = try reader.school(school)?.countyCode
                    counties[school] = county
                }
            }
            let documents = ((row["current_documents"] as String?) ?? "").split(separator: " ").map(String.init)
            candidates.append((teacher, record(teacher, documents: documents, school: school, county: county)))
        }
        return candidates
    }
}

/// The stored candidates of a file a group will register next, fetched on
/// a reader of the pool (on the other core) while the group registers the
/// file before it. The reader sees the store as of the group's last commit
/// (the group holds the write lock): the file completes the slice with the
/// teachers the group registered since (`StoredCandidateFetcher.complete`)
/// and reads again those it changed since; after another commit the slice
/// is not used and the file fetches its candidates itself.
public final class CandidatePrefetch: @unchecked Sendable {
    let slice: PendingSlice
    /// `ChangeGroup.commits` when the fetch began.
    let commit: Int
    let rows: Int

    convenience init(keys: [[Int64]], registrar: Registrar, group: ChangeGroup) {
        self.init(keys: keys, registrar: registrar, commit: group.commits, cache: group.storedCandidates)
    }

    /// What it needs of the group (taken on the group's thread): its commits so far and its candidates' cache.
    init(keys: [[Int64]], registrar: Registrar, commit: Int, cache: StoredCandidates) {
        let fetcher = StoredCandidateFetcher(keys: keys, registrar: registrar, known: [], rowsPerSlice: keys.count, unwritten: nil)
        slice = PendingSlice(0..<keys.count, fetcher: fetcher, database: registrar.database) { cache[$0] }
        self.commit = commit
        rows = keys.count
    }
}
