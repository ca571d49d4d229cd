import Foundation
import GRDB
import Matching
import Normalization

extension Registrar {
    /// Registers a whole file in one transaction: all rows or none. Rows
    /// are normalised on both cores first; duplicates inside the file are
    /// found through an in-memory key map, duplicates of stored teachers
    /// through their stored blocking keys.
    /// With `batch`, the import of the file is recorded in the same
    /// transaction (nothing is registered when the same content was
    /// imported before: the result is then nil). When the file supersedes a
    /// file returned in review, rows identical to rows already registered
    /// are recognised without being recorded again: only the differences are.
    public func registerBatch(_ rows: [TeacherCells], sources: [SourceRow], actor: Actor, batch: ImportBatchRecord,
                              progress: ((Int) -> Void)? = nil) throws -> [Outcome]? {
        try registerBatch(rows, sources: sources, actor: actor, day: nil, progress: progress, before: { change in
            guard let recorded = try change.recordImport(batch) else { return nil }
            return recorded.supersedes != nil
        })
    }

    /// Registers rows without a batch record. `day` (YYYY-MM-DD) dates the
    /// registration and the assignments it opens, for loading a past state
    /// (history kept elsewhere); by default, today.
    public func registerBatch(_ rows: [TeacherCells], sources: [SourceRow], actor: Actor, on day: String? = nil) throws -> [Outcome] {
        try registerBatch(rows, sources: sources, actor: actor, day: day, before: { _ in false })!
    }

    private func registerBatch(_ rows: [TeacherCells], sources: [SourceRow], actor: Actor, day: String?, progress: ((Int) -> Void)? = nil,
                               before: (ChangeTransaction) throws -> Bool?) throws -> [Outcome]? {
        precondition(rows.count == sources.count)
        let records = MatchRecord.normalizeAll(rows, normalizer: normalizer)
        let keys = records.map(PairMatcher.blockingKeys)
        // A large file leaves a WAL as large as itself: fold it into the database once committed.
        defer { if rows.count >= 10_000 { try? database.checkpoint() } }
        let today = day ?? CivilDate.todayInChina().description
        // Noon in China (04:00 UTC) of a given day.
        return try database.change(actor, source: sources.first?.file, at: day.map { "\($0)T04:00:00.000Z" }) { change -> [Outcome]? in
            // nil: the same content was imported before; true: only differences are recorded.
            guard let differencesOnly = try before(change) else { return nil }
            let reader = change.reader
            let stored = try reader.teacherCount()
            let matcher = PairMatcher(model: model, population: stored + rows.count)
            let documentLookup = try reader.db.cachedStatement(
                sql: "SELECT teacher_id FROM document WHERE kind = ? AND number = ? ORDER BY current DESC LIMIT 1")
            var batch: [Int64: [(teacher: Int64, number: String, row: Int)]] = [:]
            var outcomes: [Outcome] = []
            outcomes.reserveCapacity(rows.count)

            for index in rows.indices {
                if index % 1000 == 0 { progress?(index) }
                let record = records[index], source = sources[index]
                guard !record.name.flags.contains(.empty) else {
                    throw RegistryError(.invalid, "\(source.description): the row has no name")
                }
                // The same row, cell for cell, as one already registered.
                if let id = try change.teacherOfIdenticalRow(source) {
                    let teacher = try reader.resolve(id)
                    if !differencesOnly { try change.attachSourceCached(teacher.id, source, evidence: "the same row as before") }
                    outcomes.append(.existing(try TeacherNumber(validating: teacher.number, provinces: Self.allProvinces),
                                              evidence: "the same row as before"))
                    continue
                }
                if let candidates = try change.pendingReview(source) {
                    outcomes.append(.needsReview(candidates: candidates))
                    continue
                }
                if case .valid(let document) = record.document,
                   let id = try Int64.fetchOne(documentLookup, arguments: [document.kind.rawValue, document.canonical]) {
                    let teacher = try reader.resolve(id)
                    try change.attachSourceCached(teacher.id, source, evidence: "document \(document.masked)")
                    try change.applyRow(teacher.id, Self.fields(record, cells: rows[index]), source: source)
                    outcomes.append(.existing(try TeacherNumber(validating: teacher.number, provinces: Self.allProvinces),
                                              evidence: "document \(document.masked)"))
                    continue
                }
                var best: (teacher: Int64, number: String, weight: Double, evidence: String)?
                var possible = Set<String>()
                func consider(_ teacher: Int64, _ number: String, _ other: MatchRecord) {
                    let (score, evidence) = matcher.score(record, other)
                    if score.decision == .possible { possible.insert(number) }
                    if score.decision == .match, score.weight > best?.weight ?? -.infinity {
                        best = (teacher, number, score.weight, evidence.map(\.chinese).joined(separator: "; "))
                    }
                }
                var seen = Set<Int64>()
                for key in keys[index] {
                    for entry in batch[key] ?? [] where seen.insert(entry.teacher).inserted {
                        consider(entry.teacher, entry.number, records[entry.row])
                    }
                }
                if stored > 0 {
                    for id in try Self.candidateIDs(keys[index], reader: reader) where seen.insert(id).inserted {
                        let teacher = try reader.resolve(id)
                        consider(teacher.id, teacher.number, try storedRecord(teacher, reader: reader))
                    }
                }
                if let best {
                    try change.attachSourceCached(best.teacher, source, evidence: best.evidence)
                    try change.applyRow(best.teacher, Self.fields(record, cells: rows[index]), source: source)
                    outcomes.append(.existing(try TeacherNumber(validating: best.number, provinces: Self.allProvinces), evidence: best.evidence))
                    continue
                }
                if !possible.isEmpty {
                    try change.queueForReview(source, candidates: possible.sorted())
                    outcomes.append(.needsReview(candidates: possible.sorted()))
                    continue
                }
                var document: (String, String)?
                if case .valid(let valid) = record.document { document = (valid.kind.rawValue, valid.canonical) }
                let school = record.schoolCode.flatMap { $0.count == 10 && $0.allSatisfy(\.isNumber) ? $0 : nil }
                let county = record.countyCode.flatMap { $0.count == 6 && $0.allSatisfy(\.isNumber) ? $0 : nil }
                let new = try change.registerNew(NewTeacher(
                    fields: Self.fields(record, cells: rows[index]), document: document, school: school, county: county,
                    assignmentStart: today, matchKeys: keys[index], source: source))
                for key in keys[index] { batch[key, default: []].append((new.id, new.number.text, index)) }
                outcomes.append(.registered(new.number))
            }
            return outcomes
        }
    }

    static func fields(_ record: MatchRecord, cells: TeacherCells) -> [String: String?] {
        [
            "name": cells.identity.name.trimmingWhitespace(),
            "name_key": record.name.key,
            "former_name": record.formerName == nil ? nil : cells.identity.formerName?.trimmingWhitespace(),
            "gender": record.gender?.code,
            "birth_date": record.birthDate?.description,
            "ethnicity": record.ethnicity,
            "certificate": record.certNumber,
            "phone": record.phone,
            "hire_date": record.hireDate?.description,
            "status": "11",
        ]
    }

    static func candidateIDs(_ keys: [Int64], reader: RegistryReader) throws -> [Int64] {
        guard !keys.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ",")
        return try Int64.fetchAll(reader.db.cachedStatement(sql: "SELECT DISTINCT teacher_id FROM match_key WHERE key IN (\(placeholders)) LIMIT 200"),
                                  arguments: StatementArguments(keys))
    }
}
