import Foundation
import GRDB
import Matching
import Normalization

extension Registrar {
    /// Registers a whole file in one transaction: all rows or none. Rows
    /// are normalised on both cores first; what the store knows of the
    /// file's rows and documents is fetched in set queries; duplicates inside
    /// the file are found through an in-memory key map, duplicates of stored
    /// teachers through their stored blocking keys.
    /// With `batch`, the import of the file is recorded in the same
    /// transaction (nothing is registered when the same content was
    /// imported before: the result is then nil). When the file supersedes a
    /// file returned in review, rows identical to rows already registered
    /// are recognised without being recorded again: only the differences are.
    /// With `group`, the file is one savepoint of the group's transaction
    /// (still all or nothing) instead of a transaction of its own.
    /// `prepared` is `prepare(rows)` when the caller has it already; `prefetch`, the file's candidates
    /// fetched ahead in `group` (see `prefetchCandidates`).
    /// `mayAttach` limits the stored teachers rows may join (see `AttachCheck`).
    public func registerBatch(_ rows: [TeacherCells], sources: [SourceRow], actor: Actor, batch: ImportBatchRecord,
                              in group: ChangeGroup? = nil, prepared: PreparedRows? = nil, prefetch: CandidatePrefetch? = nil,
                              mayAttach: AttachCheck? = nil, progress: ((Int) -> Void)? = nil) throws -> [Outcome]? {
        try registerBatch(rows, sources: sources, actor: actor, day: nil, group: group, prepared: prepared, prefetch: prefetch,
                          mayAttach: mayAttach, progress: progress, before: { change in
            guard let recorded = try change.recordImport(batch) else { return nil }
            return recorded.supersedes != nil
        })
    }

    /// Registers rows without a batch record. `day` dates the registration
    /// and the assignments it opens, for loading a past state (history kept
    /// elsewhere); by default, today.
    public func registerBatch(_ rows: [TeacherCells], sources: [SourceRow], actor: Actor, on day: CivilDate? = nil) throws -> [Outcome] {
        try registerBatch(rows, sources: sources, actor: actor, day: day?.description, group: nil, before: { _ in false }) ?? []
    }

    /// Registers one part of a large file in the group's transaction for it
    /// (see `ChangeGroup.changeInParts`); parts come in the file's order. The
    /// first records the import (nil: the same content was imported before,
    /// and nothing is registered). A part finds the teachers the parts before
    /// it registered in `file.teachers`, as the rows of a whole file find
    /// each other, and the stored ones as they were before the file.
    public func registerPart(_ rows: [TeacherCells], sources: [SourceRow], actor: Actor, of file: FileInParts, in group: ChangeGroup,
                             prepared: PreparedRows? = nil, prefetch: CandidatePrefetch? = nil, mayAttach: AttachCheck? = nil,
                             progress: ((Int) -> Void)? = nil) throws -> [Outcome]? {
        precondition(group.inParts)
        let outcomes = try registerBatch(rows, sources: sources, actor: actor, day: nil, group: group, file: file,
                                         prepared: prepared, prefetch: prefetch, mayAttach: mayAttach, progress: progress, before: { change in
            if let known = file.differencesOnly { return known }
            guard let recorded = try change.recordImport(file.batch) else { return nil }
            file.differencesOnly = recorded.supersedes != nil
            return file.differencesOnly
        })
        try file.done(rows.count, spillingBeside: group.spillDirectory)
        group.partDone()
        return outcomes
    }

    private func registerBatch(_ rows: [TeacherCells], sources: [SourceRow], actor: Actor, day: String?, group: ChangeGroup?,
                               file: FileInParts? = nil, prepared: PreparedRows? = nil, prefetch: CandidatePrefetch? = nil,
                               mayAttach: AttachCheck? = nil,
                               progress: ((Int) -> Void)? = nil, before: (ChangeTransaction) throws -> Bool?) throws -> [Outcome]? {
        precondition(rows.count == sources.count)
        precondition(prepared == nil || prepared!.records.count == rows.count)
        // Everything that needs no database is done first, on both cores.
        let (records, comparables, keys) = { let prepared = prepared ?? prepare(rows); return (prepared.records, prepared.comparables, prepared.keys) }()
        let hashes = parallelMap(sources.count) { sources[$0].hash }
        let documents = records.map { record -> (kind: String, number: String)? in
            if case .valid(let document) = record.document { (document.kind.rawValue, document.canonical) } else { nil }
        }
        // A large file leaves a WAL as large as itself: fold it into the database once committed
        // (a group's owner does so when the group ends).
        defer { if rows.count >= 10_000, group == nil { try? database.checkpoint() } }
        let today = day ?? CivilDate.todayInChina().description
        func inTransaction(_ body: (ChangeTransaction) throws -> [Outcome]?) throws -> [Outcome]? {
            // Noon in China (04:00 UTC) of a given day.
            let at = day.map { "\($0)T04:00:00.000Z" }
            if let group { return try group.change(actor, source: sources.first?.file, at: at, rows: rows.count, body) }
            return try database.change(actor, source: sources.first?.file, at: at, body)
        }
        return try inTransaction { change -> [Outcome]? in
            // nil: the same content was imported before; true: only differences are recorded.
            guard let differencesOnly = try before(change) else { return nil }
            let reader = change.reader
            // A part judges its rows as the whole file would: against the teachers stored before the file, with all its rows.
            if let file, file.atFirstPart { file.storedBefore = try reader.teachersEverRegistered() }
            let stored = try file?.storedBefore ?? reader.teachersEverRegistered()
            let matcher = PairMatcher(model: model, population: Self.population(registered: stored + (file?.rows ?? rows.count)))
            // Stored teachers as the matcher sees them, read once per file (rows of one school share
            // candidates), or once per group of files (schools of one county do; see `ChangeGroup.storedCandidates`).
            let storedCandidates = group?.storedCandidates ?? StoredCandidates()
            // A file in a transaction of its own has written nothing a reader of the pool would miss: its
            // first slice of candidates is fetched on the other core while what the store knows of its rows is read here.
            // So has the first part of a file in parts; the others have written what a reader would miss.
            let alone = group.map { group in file.map(\.atFirstPart) ?? (rows.count >= group.aloneFrom) } ?? true
            // Fetched ahead, it is good while the group has not committed since (see `CandidatePrefetch`).
            let prefetched = group.flatMap { group in
                prefetch.flatMap { !alone && $0.commit == group.commits && $0.rows == rows.count ? ($0, group.changedSinceCommit) : nil }
            }
            var storedIndex = StoredCandidateIndex(keys: keys, registrar: self, known: storedCandidates,
                                                   concurrentReader: alone && stored > 0 ? database : nil,
                                                   // A file in parts holds the group's every pending key: its own teachers, found below.
                                                   unwritten: alone || file != nil ? nil : group.map { group in { try group.pendingKeys.holders(of: $0) } },
                                                   prefetched: prefetched)
            defer { storedIndex.finish() }
            var lookups = try BatchLookups(hashes: hashes, documents: documents.compactMap { $0 }, reader: reader)
            // The teachers this file registers, and with a file in parts those its parts before this one did.
            let fileTeachers = file?.teachers ?? FileTeachers()
            var outcomes: [Outcome] = []
            outcomes.reserveCapacity(rows.count)

            // Rows recognised as teachers already present are written once the
            // new teachers are: a row may name one registered earlier in the file.
            var attachments: [(teacher: Int64, row: Int, evidence: String, apply: Bool)] = []
            func attach(_ teacher: Int64, _ index: Int, evidence: String, apply: Bool = true) {
                attachments.append((teacher, index, evidence, apply))
                lookups.noteAttached(hash: hashes[index], raw: sources[index].raw, teacher: teacher)
            }
            // Teachers registered from these rows (by id) may not be written yet: their numbers are known here.
            var registered: [Int64: (number: String, row: Int)] = [:]
            func resolve(_ id: Int64) throws -> (id: Int64, number: String) {
                if let number = registered[id]?.number { return (id, number) }
                let teacher = try reader.resolve(id)
                return (teacher.id, teacher.number)
            }
            func storedCandidate(_ id: Int64) throws -> StoredCandidates.Candidate {
                if let known = storedCandidates[id] { return known }
                let teacher = try reader.resolve(id)
                let candidate = StoredCandidates.Candidate(teacher.id, teacher.number, ComparableRecord(try storedRecord(teacher, reader: reader)))
                // A merged-away id resolves to its survivor: kept out, so that forgetting a teacher by id is enough.
                if teacher.id == id { storedCandidates[id] = candidate }
                return candidate
            }
            // A teacher stored before this file (ids only grow) whom the submitter may not change: the row is held
            // for a level that covers both, and nothing of it is applied. Those the file registered are the submitter's.
            var outside: [Int64: Bool] = [:]
            func heldElsewhere(_ teacher: Int64, _ index: Int) throws -> Bool {
                guard let mayAttach, teacher <= stored else { return false }
                let held: Bool
                if let known = outside[teacher] { held = known } else {
                    held = try !mayAttach(teacher, reader)
                    outside[teacher] = held
                }
                guard held else { return false }
                let number = try reader.teacher(id: teacher).number
                try change.insertReviewItem(sources[index], hash: hashes[index], candidates: [number], kind: .elsewhere)
                lookups.notePending(hash: hashes[index], raw: sources[index].raw, candidates: [number])
                outcomes.append(.heldElsewhere)
                return true
            }
            func decideAndWrite() throws {
                for index in rows.indices {
                    if index % 1000 == 0 { progress?(index) }
                    let record = records[index], comparable = comparables[index], source = sources[index], hash = hashes[index]
                    guard !record.name.flags.contains(.empty) else {
                        throw RegistryError(.invalid, .rowHasNoName(source.text))
                    }
                    // The same row, cell for cell, as one already registered.
                    if let id = lookups.teacherOfIdenticalRow(hash: hash, raw: source.raw) {
                        let teacher = try resolve(id)
                        if try heldElsewhere(teacher.id, index) { continue }
                        if !differencesOnly { attach(teacher.id, index, evidence: "the same row as before", apply: false) }
                        outcomes.append(.existing(try TeacherNumber(validating: teacher.number, provinces: Self.allProvinces),
                                                  evidence: "the same row as before"))
                        continue
                    }
                    if let candidates = lookups.pendingReview(hash: hash, raw: source.raw) {
                        outcomes.append(.needsReview(candidates: candidates))
                        continue
                    }
                    if case .valid(let document) = record.document,
                       let id = lookups.holder(kind: document.kind.rawValue, number: document.canonical) {
                        let teacher = try resolve(id)
                        if try heldElsewhere(teacher.id, index) { continue }
                        attach(teacher.id, index, evidence: "document \(document.masked)")
                        outcomes.append(.existing(try TeacherNumber(validating: teacher.number, provinces: Self.allProvinces),
                                                  evidence: "document \(document.masked)"))
                        continue
                    }
                    var best: (teacher: Int64, number: String, weight: Double, comparable: ComparableRecord)?
                    var possible = Set<String>()
                    func consider(_ teacher: Int64, _ number: String, _ other: ComparableRecord) {
                        let score = matcher.decide(comparable, other)
                        if score.decision == .possible { possible.insert(number) }
                        if score.decision == .match, score.weight > best?.weight ?? -.infinity {
                            best = (teacher, number, score.weight, other)
                        }
                    }
                    var seen = Set<Int64>()
                    // A key held by more teachers than the largest blocking cap is too common to be evidence (as in the audit).
                    for key in keys[index] {
                        for id in try fileTeachers.holders(of: key, cap: Self.blockCap, sealedHolders: { try group?.pendingKeys.holders(of: $0) ?? [] })
                        where seen.insert(id).inserted {
                            let teacher = try fileTeachers.teacher(id)
                            consider(teacher.id, teacher.number, teacher.comparable)
                        }
                    }
                    if stored > 0 {
                        for id in try storedIndex.candidates(ofRow: index, reader: reader, cache: storedCandidates)
                        where seen.insert(id).inserted {
                            let candidate = try storedCandidate(id)
                            consider(candidate.id, candidate.number, candidate.comparable)
                        }
                    }
                    if let best {
                        if try heldElsewhere(best.teacher, index) { continue }
                        let evidence = matcher.score(comparable, best.comparable).evidence.map(\.chinese).joined(separator: "; ")
                        attach(best.teacher, index, evidence: evidence)
                        outcomes.append(.existing(try TeacherNumber(validating: best.number, provinces: Self.allProvinces), evidence: evidence))
                        continue
                    }
                    if !possible.isEmpty {
                        try change.insertReviewItem(source, hash: hash, candidates: possible.sorted())
                        lookups.notePending(hash: hash, raw: source.raw, candidates: possible.sorted())
                        outcomes.append(.needsReview(candidates: possible.sorted()))
                        continue
                    }
                    let school = record.schoolCode.flatMap { $0.count == 10 && $0.allSatisfy(\.isNumber) ? $0 : nil }
                    let county = record.countyCode.flatMap { $0.count == 6 && $0.allSatisfy(\.isNumber) ? $0 : nil }
                    let values = TeacherRecordValues(rows[index])
                    let new = try change.registerNew(NewTeacher(
                        fields: Self.fields(record, cells: rows[index], values: values), document: documents[index], school: school,
                        county: county, assignmentStart: values.joinedSchool ?? today, matchKeys: keys[index], source: source,
                        record: values.record), hash: hash)
                    registered[new.id] = (new.number.text, index)
                    lookups.noteAttached(hash: hash, raw: source.raw, teacher: new.id)
                    if let document = documents[index] { lookups.noteDocument(kind: document.kind, number: document.number, teacher: new.id) }
                    fileTeachers.add(FileTeachers.Teacher(id: new.id, number: new.number.text, comparable: comparable), keys: keys[index])
                    outcomes.append(.registered(new.number))
                    // Written as the file goes, so memory does not grow with it; nothing in the loop reads them back.
                    if change.pendingRegistrations >= 25_000 { try change.flushRegistrations() }
                }
                // Attachments are written after the loop: a row may name a teacher registered earlier in the file.
                try change.flushRegistrations()
                var adoptedHere: [Int64: (kind: String, number: String)] = [:]
                for attachment in attachments {
                    try change.attachSourceCached(attachment.teacher, sources[attachment.row], hash: hashes[attachment.row],
                                                  evidence: attachment.evidence)
                    // The row may change what the matcher sees of the teacher.
                    storedCandidates[attachment.teacher] = nil
                    group?.noteChanged(attachment.teacher)
                    if attachment.apply {
                        let values = TeacherRecordValues(rows[attachment.row])
                        try change.applyRow(attachment.teacher, Self.fields(records[attachment.row], cells: rows[attachment.row], values: values),
                                            source: sources[attachment.row])
                        try change.applyRecord(attachment.teacher, values.record, source: sources[attachment.row])
                        if let document = documents[attachment.row] {
                            // A teacher registered from this file holds what their row gave them or what a later row
                            // of it did (and a first load has no document index to ask); any other teacher, what the store says.
                            let held: [(kind: String, number: String, current: Bool)]
                            if let row = registered[attachment.teacher]?.row {
                                held = [documents[row] ?? adoptedHere[attachment.teacher]].compactMap { $0.map { ($0.kind, $0.number, true) } }
                            } else {
                                held = try reader.documents(of: attachment.teacher).map { ($0.kind, $0.number, $0.current) }
                            }
                            let holder = lookups.holder(kind: document.kind, number: document.number)
                            try change.adoptDocument(attachment.teacher, kind: document.kind, number: document.number,
                                                     source: sources[attachment.row], held: held,
                                                     heldByAnother: holder != nil && holder != attachment.teacher)
                            if held.isEmpty, holder == nil {
                                adoptedHere[attachment.teacher] = document
                                lookups.noteDocument(kind: document.kind, number: document.number, teacher: attachment.teacher)
                            }
                        }
                    }
                }
            }
            // A large file works on more of the store than the usual page cache holds.
            try change.withPageCache(megabytes: rows.count >= 10_000 ? 1024 : nil) {
                if stored == 0, rows.count >= firstLoadRows, try reader.isEmpty() {
                    try change.withIndexesRebuiltAfter(decideAndWrite)
                } else {
                    try decideAndWrite()
                }
            }
            return outcomes
        }
    }

    /// A large file registered a part at a time (see `registerPart`): what its parts share.
    public final class FileInParts {
        let batch: ImportBatchRecord
        /// Rows of the whole file to register, and those registered so far.
        let rows: Int
        private(set) var rowsDone = 0
        var atFirstPart: Bool { rowsDone == 0 }
        /// Set by the first part: whether the file supersedes one returned in review (only differences are recorded).
        fileprivate(set) var differencesOnly: Bool?
        /// Set by the first part: `teachersEverRegistered` before the file.
        fileprivate var storedBefore: Int?
        /// The teachers the parts so far registered: the next parts compare them as the rows of a whole file would.
        /// Let go after the last part, before the file's transaction commits.
        private(set) var teachers = FileTeachers()

        public init(batch: ImportBatchRecord, rows: Int) {
            self.batch = batch
            self.rows = rows
        }

        fileprivate func done(_ rows: Int, spillingBeside directory: String) throws {
            rowsDone += rows
            // Its teachers' keys are now the group's pending keys (see `FileTeachers`).
            try teachers.seal(spillingBeside: directory)
            if rowsDone >= self.rows { teachers = FileTeachers() }
        }
    }

    /// A file's rows as the matcher sees them, and their blocking keys: what
    /// registering them needs of no database, computed on both cores.
    public struct PreparedRows: Sendable {
        public let records: [MatchRecord]
        /// The records as the matcher compares them, worked out here (on every core) rather than per pair on the writer's.
        public let comparables: [ComparableRecord]
        public let keys: [[Int64]]
    }

    public func prepare(_ rows: [TeacherCells]) -> PreparedRows {
        let records = MatchRecord.normalizeAll(rows, normalizer: normalizer)
        let comparables = parallelMap(records.count) { ComparableRecord(records[$0]) }
        return PreparedRows(records: records, comparables: comparables,
                            keys: parallelMap(comparables.count) { PairMatcher.blockingKeys(comparables[$0]) })
    }

    /// Starts fetching the stored candidates of a file that `group` will
    /// register next, on the other core, while the caller registers the
    /// file before it; nil when that would not help: the group holds no
    /// transaction (the store may change before the file begins), or the
    /// file is large enough to run alone (it fetches its own, ahead, slice by
    /// slice). The parts of a file in parts are fetched ahead through `partPrefetcher`.
    public func prefetchCandidates(_ prepared: PreparedRows, in group: ChangeGroup) -> CandidatePrefetch? {
        guard group.holdsTransaction, !prepared.keys.isEmpty, prepared.keys.count < group.aloneFrom else { return nil }
        return CandidatePrefetch(keys: prepared.keys, registrar: self, group: group)
    }

    /// Starts fetching ahead the stored candidates of the parts of the file
    /// `group` registers in parts, from whichever thread prepares them: what
    /// it needs of the group is taken here, on the group's thread. Within
    /// the file the group does not commit, so a part's candidates are good
    /// whenever they were fetched (see `prefetchCandidates`).
    public func partPrefetcher(in group: ChangeGroup) -> @Sendable (PreparedRows) -> CandidatePrefetch? {
        precondition(group.inParts)
        let commit = group.commits, cache = group.storedCandidates
        return { [self] prepared in
            prepared.keys.isEmpty ? nil : CandidatePrefetch(keys: prepared.keys, registrar: self, commit: commit, cache: cache)
        }
    }

    /// The population the matcher's prior assumes: the teachers registered,
    /// but never fewer than a small province has. The prior odds that two
    /// rows are one person fall with the population; a registry filled
    /// county by county would otherwise judge its first school files as if
    /// the province had sixty teachers, and take namesakes for one person.
    static func population(registered: Int) -> Int { max(registered, minimumPopulation) }

    /// Full-time teachers of the smallest provinces: some tens of thousands.
    static let minimumPopulation = 50_000

    /// The largest per-rule cap of `BlockingRule`: a key of the file held by more teachers yields no candidates.
    static let blockCap = BlockingRule.allCases.map(\.cap).max()!

    /// The teacher table's values of a row: identity as the matcher read it; 人员状态 (在职 when the row has none),
    /// 国籍, 政治面貌 and 参加工作年月 as the row gives them (`TeacherRecordValues`).
    static func fields(_ record: MatchRecord, cells: TeacherCells, values: TeacherRecordValues) -> [String: String?] {
        [
            "name": cells.identity.name.trimmingWhitespace(),
            "name_key": record.name.key,
            "former_name": record.formerName == nil ? nil : cells.identity.formerName?.trimmingWhitespace(),
            "gender": record.gender?.code,
            "birth_date": record.birthDate?.description,
            "ethnicity": record.ethnicity,
            "certificate": record.certNumber,
            "phone": record.phone,
            "hire_date": values.columns["hire_date"] ?? record.hireDate?.description,
            "nationality": values.columns["nationality"],
            "political_status": values.columns["political_status"],
            "status": values.columns["status"] ?? StaffStatus.working.code,
        ]
    }

    /// Stored teachers sharing a blocking key with the row. As in the audit,
    /// a key held by more teachers than `blockCap` is too common to be
    /// evidence and gives none.
    static func candidateIDs(_ keys: [Int64], reader: RegistryReader) throws -> [Int64] {
        let statement = try reader.db.cachedStatement(sql: "SELECT teacher_id FROM match_key WHERE key = ? LIMIT ?")
        var ids: [Int64] = []
        for key in keys {
            let holders = try Int64.fetchAll(statement, arguments: [key, blockCap + 1])
            if holders.count <= blockCap { ids += holders }
        }
        return ids
    }
}
