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
    /// The template's other values by field key (`TeacherRecordValues.record`).
    public var record: [String: String] = [:]
}

/// New teachers' rows collected in memory by `registerNew` and written by
/// `flushRegistrations`, many rows per statement, table by table in the order
/// the foreign keys need.
struct RegistrationRows {
    var teachers = BulkInsert("""
        INSERT INTO teacher (id, number, name, name_key, former_name, gender, birth_date, ethnicity, certificate, phone, hire_date, status,
                             nationality, political_status)
        """, width: 14)
    var numbers = BulkInsert("INSERT INTO teacher_number (number, teacher_id, issued_at)", width: 3)
    var records = BulkInsert("INSERT INTO teacher_record (teacher_id, fields)", width: 2)
    var documents = BulkInsert("INSERT INTO document (teacher_id, kind, number, current, added_at)", width: 5)
    var assignments = BulkInsert("INSERT INTO assignment (teacher_id, school_code, kind, start_date, recorded_at)", width: 5)
    var sources = BulkInsert("""
        INSERT INTO source_record (teacher_id, batch, file, sheet, row, raw, received_at, submitted_by, row_hash)
        """, width: 9)
    var events = BulkInsert("INSERT INTO event (teacher_id, kind, actor, role, at, reason, source, changes)", width: 8)
    /// The rows' documents, to name the row when another teacher holds one.
    var documentRows: [(kind: String, number: String, row: Text)] = []
    var isEmpty: Bool { teachers.isEmpty }

    /// Adds one new teacher's rows and the event that lists every value.
    mutating func add(_ new: NewTeacher, id: Int64, number: String, hash: String?, context: RegistrationBuilder.Context) {
        let at = context.at
        func field(_ name: String) -> BulkInsert.Value { .init(new.fields[name] ?? nil) }
        teachers.add(.integer(id), .text(number), field("name"), field("name_key"), field("former_name"), field("gender"),
                     field("birth_date"), field("ethnicity"), field("certificate"), field("phone"), field("hire_date"),
                     .text((new.fields["status"] ?? nil) ?? StaffStatus.working.code), field("nationality"), field("political_status"))
        numbers.add(.text(number), .integer(id), .text(at))
        var changes = [FieldChange(field: "number", before: nil, after: number)]
        for field in Teacher.trackedFields {
            if let value = new.fields[field] ?? nil { changes.append(FieldChange(field: field, before: nil, after: value)) }
        }
        if !new.record.isEmpty {
            // Kept once, in `teacher_record` (and as submitted in the source row): the registration event does not
            // repeat them; a past day's record is the current one with the later changes undone.
            records.add(.integer(id), .text(TeacherRecordValues.json(new.record)))
        }
        if let document = new.document {
            documents.add(.integer(id), .text(document.kind), .text(document.number), .integer(1), .text(at))
            documentRows.append((document.kind, document.number, new.source.text))
            changes.append(FieldChange(field: "document", before: nil, after: "\(document.kind) \(Masking.mask(document.number))"))
        }
        if let school = new.school {
            assignments.add(.integer(id), .text(school), .text("regular"), .text(new.assignmentStart), .text(at))
            changes.append(FieldChange(field: "assignment", before: nil, after: "regular \(school) from \(new.assignmentStart)"))
        }
        let source = new.source
        sources.add(.integer(id), .init(source.batch), .text(source.file), .init(source.sheet), .integer(Int64(source.row)),
                    .text(source.raw), .text(at), .text(context.user), .text(hash ?? source.hash))
        events.add(.integer(id), .text(EventKind.registered.rawValue), .text(context.user), .text(context.role), .text(at), .init(context.reason),
                   .text(source.description), .text(FieldChange.json(changes)))
    }
}

/// Assembles new teachers' rows on another core while the caller decides
/// the next rows of its file: a registration's values, history event and
/// source row cost more to assemble than its id and number do to give.
/// Teachers are handed over in batches; `take` waits for every one given.
final class RegistrationBuilder: @unchecked Sendable {
    struct Context: Sendable {
        let at: String, user: String, role: String, reason: String?
    }

    struct Item: Sendable {
        let new: NewTeacher
        let id: Int64
        let number: String
        let hash: String?
    }

    private let context: Context
    private let queue = DispatchQueue(label: "teacher-registry.registration-rows", qos: .userInitiated)
    // Touched only on `queue`.
    private var rows = RegistrationRows()
    // Touched only on the caller's thread.
    private var batch: [Item] = []
    private(set) var count = 0

    init(_ context: Context) { self.context = context }

    func add(_ item: Item) {
        batch.append(item)
        count += 1
        if batch.count >= Self.itemsPerBatch { handOver() }
    }

    /// Every teacher added so far, assembled; the builder starts empty again.
    func take() -> RegistrationRows {
        handOver()
        count = 0
        return queue.sync {
            defer { rows = RegistrationRows() }
            return rows
        }
    }

    private func handOver() {
        guard !batch.isEmpty else { return }
        let items = batch
        batch = []
        queue.async { [self] in
            for item in items { rows.add(item.new, id: item.id, number: item.number, hash: item.hash, context: context) }
        }
    }

    static let itemsPerBatch = 256
}

extension ChangeTransaction {
    /// Registers a new teacher with their document, assignment, blocking
    /// keys and source row, and one history event that lists every value.
    /// The bulk path of registration: the rows are written by
    /// `flushRegistrations` (or when the transaction ends), each school once
    /// per transaction, blocking keys in key order. Until then the teacher
    /// is not in the database: the caller keeps what it needs of them.
    func registerNew(_ new: NewTeacher, hash: String? = nil) throws -> (id: Int64, number: TeacherNumber) {
        guard let name = new.fields["name"] ?? nil, !name.isEmpty, (new.fields["name_key"] ?? nil) != nil else {
            throw RegistryError(.invalid, .rowHasNoName(new.source.text))
        }
        let number = try issueNumber()
        if nextTeacherID == nil { nextTeacherID = (try Int64.fetchOne(db, sql: "SELECT max(id) FROM teacher") ?? 0) + 1 }
        let id = nextTeacherID!
        nextTeacherID = id + 1
        if let school = new.school { try ensureSchoolOnce(school, county: new.county) }
        deferMatchKeys(new.matchKeys, of: id)
        if registrations == nil {
            registrations = RegistrationBuilder(.init(at: at, user: actor.user, role: actor.role, reason: reason))
        }
        registrations!.add(.init(new: new, id: id, number: number.text, hash: hash))
        return (id, number)
    }

    /// Runs `body` with the writer's page cache raised to `megabytes` (when
    /// given), then back to what it was, whether `body` succeeds or not.
    func withPageCache<T>(megabytes: Int?, _ body: () throws -> T) throws -> T {
        guard let megabytes else { return try body() }
        let previous = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -131_072
        try db.execute(sql: "PRAGMA cache_size = \(-megabytes * 1024)")
        defer { try? db.execute(sql: "PRAGMA cache_size = \(previous)") }
        return try body()
    }

    /// Runs `body` with the secondary indexes of the tables a registration
    /// writes dropped, then builds them again: for a large first load into an
    /// empty registry, where SQLite builds an index from sorted keys several
    /// times faster than it keeps one up to date row by row. All inside the
    /// transaction: a failure (a unique index that no longer holds) undoes
    /// everything, the indexes included.
    func withIndexesRebuiltAfter<T>(_ body: () throws -> T) throws -> T {
        let indexes = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
            AND tbl_name IN ('teacher', 'teacher_number', 'document', 'assignment', 'source_record', 'event')
            """)
        for index in indexes { try db.execute(sql: "DROP INDEX \(index["name"] as String)") }
        let result = try body()
        for index in indexes { try db.execute(sql: index["sql"]) }
        return result
    }

    /// Teachers `registerNew` has collected and not yet written.
    var pendingRegistrations: Int { registrations?.count ?? 0 }

    /// Writes the teachers `registerNew` has collected.
    func flushRegistrations() throws {
        guard let builder = registrations, builder.count > 0 else { return }
        var rows = builder.take()
        // Read again by the next registration: other writes of the transaction may add teachers in between.
        nextTeacherID = nil
        try rows.teachers.flush(db)
        try rows.numbers.flush(db)
        try rows.records.flush(db)
        do {
            try rows.documents.flush(db)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            for document in rows.documentRows {
                guard let holder = try Int64.fetchOne(db, sql: "SELECT teacher_id FROM document WHERE kind = ? AND number = ? AND current = 1",
                                                      arguments: [document.kind, document.number]) else { continue }
                throw RegistryError(.conflict, .rowDocumentHeld(document.row, masked: Masking.mask(document.number), by: try reader.teacher(id: holder).number))
            }
            throw error
        }
        try rows.assignments.flush(db)
        try rows.sources.flush(db)
        try rows.events.flush(db)
    }

    /// Attaches a row to a teacher already present (bulk path).
    func attachSourceCached(_ teacher: Int64, _ source: SourceRow, hash: String? = nil, evidence: String) throws {
        try insertSource(teacher, source, hash: hash)
        try record(.sourceAttached, teacher: teacher, [FieldChange(field: "recognised_by", before: nil, after: evidence)],
                         source: source.description)
    }

    func insertSource(_ teacher: Int64, _ source: SourceRow, hash: String? = nil) throws {
        try BoundInsert(db, """
            INSERT INTO source_record (teacher_id, batch, file, sheet, row, raw, received_at, submitted_by, row_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).run {
            $0.integer(teacher); $0.text(source.batch); $0.text(source.file); $0.text(source.sheet); $0.integer(Int64(source.row))
            $0.text(source.raw); $0.text(at); $0.text(actor.user); $0.text(hash ?? source.hash)
        }
    }

    /// Queues a row for review, once: an identical row already waiting is not queued again.
    func queueForReview(_ source: SourceRow, candidates: [String]) throws {
        guard try pendingReview(source) == nil else { return }
        try insertReviewItem(source, hash: source.hash, candidates: candidates)
    }

    /// Queues a row the caller knows is not waiting yet.
    func insertReviewItem(_ source: SourceRow, hash: String, candidates: [String], kind: ReviewItem.Kind = .possible) throws {
        try db.cachedStatement(sql: """
            INSERT INTO review_item (row_hash, raw, file, row, candidates, created_at, created_by, school_code, kind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [hash, source.raw, source.file, source.row, candidates.joined(separator: ","), at, actor.user,
                                     TeacherCells(sourceJSON: source.raw)?.schoolCode, kind.rawValue])
        try record(.reviewQueued, teacher: nil, [FieldChange(field: "candidates", before: nil, after: candidates.joined(separator: ","))],
                   source: source.description)
    }

    /// The candidates of an identical row still waiting for review.
    func pendingReview(_ source: SourceRow) throws -> [String]? {
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT raw, candidates FROM review_item WHERE row_hash = ? AND resolved_at IS NULL"),
                                    arguments: [source.hash])
        guard let row = rows.first(where: { ($0["raw"] as String) == source.raw }) else { return nil }
        return (row["candidates"] as String).split(separator: ",").map(String.init)
    }

    /// The document of a row attached to a teacher: recorded when the
    /// teacher holds no current document at all (first submitted without
    /// one) and no one else holds it, as an event citing the row. One that
    /// differs from the teacher's is noted, not applied: a re-key changes a
    /// document, and a second document taken on the strength of a match
    /// without one would pull that document's later rows to this teacher.
    /// `held` are the teacher's documents and `heldByAnother` whether
    /// someone else holds this one, as the caller knows them (the bulk path
    /// knows them in memory while a first load's indexes are away; a query
    /// would scan the document table once per row).
    func adoptDocument(_ teacher: Int64, kind: String, number: String, source: SourceRow,
                       held: [(kind: String, number: String, current: Bool)], heldByAnother: Bool) throws {
        guard !held.contains(where: { $0.kind == kind && $0.number == number }) else { return }
        if let current = held.first(where: \.current) {
            try record(.identityDiffers, teacher: teacher,
                       [FieldChange(field: "document", before: "\(current.kind) \(Masking.mask(current.number))",
                                    after: "\(kind) \(Masking.mask(number))")],
                       source: source.description)
            return
        }
        guard !heldByAnother else { return }
        try db.execute(sql: "INSERT INTO document (teacher_id, kind, number, current, added_at) VALUES (?, ?, ?, 1, ?)",
                       arguments: [teacher, kind, number, at])
        try record(.documentAdded, teacher: teacher, [FieldChange(field: "document", before: nil, after: "\(kind) \(Masking.mask(number))")],
                   source: source.description)
    }

    /// Identity and employment fields change only through their workflows
    /// (change request, re-key, transfer, status change): a row that
    /// disagrees is noted in history, not applied (see `Teacher.changeRules`).
    static let guardedFields: Set<String> = Set(Teacher.changeRules.filter { $0.value != .free }.keys)

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
            if Self.guardedFields.contains(field), existing != nil {
                differing.append(FieldChange(field: field, before: existing, after: value))
            } else {
                updates[field] = value
            }
        }
        if !updates.isEmpty { try updateTeacher(teacher, updates, kind: .updatedFromRow, source: source.description) }
        if !differing.isEmpty {
            try record(.identityDiffers, teacher: teacher, differing.sorted { $0.field < $1.field },
                             source: source.description)
        }
    }
}
