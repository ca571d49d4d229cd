import Foundation
import GRDB
import Normalization

/// A new teacher's rows, written in one go by `registerNew`.
public struct NewTeacher: Sendable {
    public var fields: [String: String?]
    public var document: (kind: String, number: String)?
    public var school: String?
    /// The school's county (GB/T 2260), when the row says it.
    public var county: String? = nil
    public var assignmentStart: String
    public var matchKeys: [Int64]
    public var source: SourceRow
}

extension ChangeTransaction {
    /// Registers a new teacher with their document, assignment, blocking
    /// keys and source row, and one history event that lists every value.
    /// The bulk path of registration: cached statements, one event.
    func registerNew(_ new: NewTeacher) throws -> (id: Int64, number: TeacherNumber) {
        guard let name = new.fields["name"] ?? nil, !name.isEmpty, let nameKey = new.fields["name_key"] ?? nil else {
            throw RegistryError(.invalid, "\(new.source.description): a teacher needs a name")
        }
        let number = try issueNumber()
        try db.cachedStatement(sql: """
            INSERT INTO teacher (number, name, name_key, former_name, gender, birth_date, ethnicity, certificate, phone,
                                 hire_date, status)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [number.text, name, nameKey, new.fields["former_name"] ?? nil, new.fields["gender"] ?? nil,
                                     new.fields["birth_date"] ?? nil, new.fields["ethnicity"] ?? nil,
                                     new.fields["certificate"] ?? nil, new.fields["phone"] ?? nil, new.fields["hire_date"] ?? nil,
                                     (new.fields["status"] ?? nil) ?? "11"])
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO teacher_number (number, teacher_id, issued_at) VALUES (?, ?, ?)")
            .execute(arguments: [number.text, id, at])
        var changes = [FieldChange(field: "number", before: nil, after: number.text)]
        for field in Teacher.trackedFields {
            if let value = new.fields[field] ?? nil { changes.append(FieldChange(field: field, before: nil, after: value)) }
        }
        if let document = new.document {
            if let holder = try Int64.fetchOne(db.cachedStatement(sql: "SELECT teacher_id FROM document WHERE kind = ? AND number = ? AND current = 1"),
                                               arguments: [document.kind, document.number]) {
                throw RegistryError(.conflict, "\(new.source.description): document \(Masking.mask(document.number)) is already held by teacher \(try reader.teacher(id: holder).number)")
            }
            try db.cachedStatement(sql: "INSERT INTO document (teacher_id, kind, number, current, added_at) VALUES (?, ?, ?, 1, ?)")
                .execute(arguments: [id, document.kind, document.number, at])
            changes.append(FieldChange(field: "document", before: nil, after: "\(document.kind) \(Masking.mask(document.number))"))
        }
        if let school = new.school {
            try db.cachedStatement(sql: """
                INSERT INTO school (code, county_code) VALUES (?, ?)
                ON CONFLICT(code) DO UPDATE SET county_code = coalesce(school.county_code, excluded.county_code)
                """).execute(arguments: [school, new.county])
            try db.cachedStatement(sql: "INSERT INTO assignment (teacher_id, school_code, kind, start_date, recorded_at) VALUES (?, ?, 'regular', ?, ?)")
                .execute(arguments: [id, school, new.assignmentStart, at])
            changes.append(FieldChange(field: "assignment", before: nil, after: "regular \(school) from \(new.assignmentStart)"))
        }
        let key = try db.cachedStatement(sql: "INSERT OR IGNORE INTO match_key (key, teacher_id) VALUES (?, ?)")
        for value in new.matchKeys { try key.execute(arguments: [value, id]) }
        try insertSource(id, new.source)
        try record("registered", teacher: id, changes, source: new.source.description)
        return (id, number)
    }

    /// Attaches a row to a teacher already present (bulk path).
    func attachSourceCached(_ teacher: Int64, _ source: SourceRow, evidence: String) throws {
        try insertSource(teacher, source)
        try record("source-attached", teacher: teacher, [FieldChange(field: "recognised_by", before: nil, after: evidence)],
                         source: source.description)
    }

    func insertSource(_ teacher: Int64, _ source: SourceRow) throws {
        try db.cachedStatement(sql: """
            INSERT INTO source_record (teacher_id, batch, file, sheet, row, raw, received_at, submitted_by, row_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [teacher, source.batch, source.file, source.sheet, source.row, source.raw, at, actor.user,
                                     source.hash])
    }

    /// The teacher a row identical to `source` was attached to before.
    func teacherOfIdenticalRow(_ source: SourceRow) throws -> Int64? {
        let candidates = try Row.fetchAll(db.cachedStatement(sql: "SELECT teacher_id, raw FROM source_record WHERE row_hash = ?"),
                                          arguments: [source.hash])
        return candidates.first { ($0["raw"] as String) == source.raw }?["teacher_id"]
    }


    /// Queues a row for review, once: an identical row already waiting is not queued again.
    func queueForReview(_ source: SourceRow, candidates: [String]) throws {
        guard try pendingReview(source) == nil else { return }
        try db.cachedStatement(sql: """
            INSERT INTO review_item (row_hash, raw, file, row, candidates, created_at, created_by, school_code)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [source.hash, source.raw, source.file, source.row, candidates.joined(separator: ","), at, actor.user,
                                     TeacherCells(sourceJSON: source.raw)?.schoolCode])
        try record("review-queued", teacher: nil, [FieldChange(field: "candidates", before: nil, after: candidates.joined(separator: ","))],
                   source: source.description)
    }

    /// The candidates of an identical row still waiting for review.
    func pendingReview(_ source: SourceRow) throws -> [String]? {
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT raw, candidates FROM review_item WHERE row_hash = ? AND resolved_at IS NULL"),
                                    arguments: [source.hash])
        guard let row = rows.first(where: { ($0["raw"] as String) == source.raw }) else { return nil }
        return (row["candidates"] as String).split(separator: ",").map(String.init)
    }

    /// Identity fields change only through a correction (re-key, change
    /// request): a row that disagrees is noted in history, not applied.
    static let identityFields: Set<String> = ["name", "gender", "birth_date"]

    /// Records what a row attached to an existing teacher changes: empty
    /// fields are filled and other fields take the row's value, each an
    /// event citing the row; a blank cell never erases; identity fields that
    /// disagree are noted, not applied.
    func applyRow(_ teacher: Int64, _ fields: [String: String?], source: SourceRow) throws {
        let current = try reader.teacher(id: teacher)
        var updates: [String: String?] = [:]
        var differing: [FieldChange] = []
        for (field, entry) in fields where field != "status" && field != "name_key" {
            guard let value = entry, !value.isEmpty else { continue }
            let existing = current.value(of: field)
            guard existing != value else { continue }
            if Self.identityFields.contains(field), existing != nil {
                differing.append(FieldChange(field: field, before: existing, after: value))
            } else {
                updates[field] = value
            }
        }
        if !updates.isEmpty { try updateTeacher(teacher, updates, kind: "updated-from-row", source: source.description) }
        if !differing.isEmpty {
            try record("identity-differs", teacher: teacher, differing.sorted { $0.field < $1.field },
                             source: source.description)
        }
    }
}
