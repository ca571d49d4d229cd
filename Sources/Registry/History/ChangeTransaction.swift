import Foundation
import GRDB
import Normalization

/// The only code path that changes registry data. Every operation writes
/// its rows and its history event (actor, role, time, reason, source,
/// field-level before/after) in the caller's transaction.
/// Valid only inside `RegistryDatabase.change`.
public final class ChangeTransaction {
    let db: Database
    public let actor: Actor
    public let reason: String?
    public let source: String?
    let at: String
    /// Province, permutation and the counter's next value, read once per
    /// transaction; the counter is written back by `finish`.
    private var numbering: (province: Int, permutation: CounterPermutation, next: Int64, read: Int64)?
    /// Schools written in this transaction, and whether with their county.
    private var schoolsWritten: [String: Bool] = [:]
    /// Teachers registered in this transaction and not yet written.
    var registrations: RegistrationBuilder?
    /// The id the next registered teacher gets: given here, so that the rows referring to them can be written with it.
    var nextTeacherID: Int64?
    /// Blocking keys of teachers registered in this transaction, written in key order by `finish`
    /// (or, in a group, by the group's commit).
    private var deferredKeys: [(key: Int64, teacher: Int64)] = []
    /// Set by a group: `finish` leaves the keys for the group to write.
    var keysGoToGroup = false

    init(db: Database, actor: Actor, reason: String?, source: String?, at: String?) {
        self.db = db
        self.actor = actor
        self.reason = reason
        self.source = source
        self.at = at ?? Clock.now()
    }

    /// Read access inside the transaction.
    public var reader: RegistryReader { RegistryReader(db: db) }

    // MARK: - History

    func record(_ kind: EventKind, teacher: Int64?, _ changes: [FieldChange], source override: String? = nil) throws {
        try BoundInsert(db, "INSERT INTO event (teacher_id, kind, actor, role, at, reason, source, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run {
            $0.integer(teacher); $0.text(kind.rawValue); $0.text(actor.user); $0.text(actor.role); $0.text(at); $0.text(reason)
            $0.text(override ?? source); $0.text(FieldChange.json(changes))
        }
    }

    // MARK: - Numbers

    /// Issues the next number of the registry's province.
    func issueNumber() throws -> TeacherNumber {
        if numbering == nil {
            guard let row = try Row.fetchOne(db, sql: "SELECT province, next FROM counter LIMIT 1"),
                  let keyText = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE name = 'number_key'"),
                  let key = UInt64(keyText) else {
                throw RegistryError(.notInitialised, .notInitialised)
            }
            numbering = (row["province"], CounterPermutation(key: key), row["next"], row["next"])
        }
        let next = numbering!.next
        guard UInt64(next) < CounterPermutation.domain else {
            throw RegistryError(.conflict, .numbersExhausted(numbering!.province))
        }
        numbering!.next += 1
        return TeacherNumber(province: numbering!.province, permuted: numbering!.permutation.apply(UInt64(next)))
    }

    /// Writes what the transaction kept in memory: the counter, and the
    /// deferred blocking keys in key order (an index filled in order is
    /// several times faster to write than one filled at random).
    func finish() throws {
        try flushRegistrations()
        if let numbering, numbering.next != numbering.read {
            try db.execute(sql: "UPDATE counter SET next = ? WHERE province = ? AND next = ?",
                           arguments: [numbering.next, numbering.province, numbering.read])
            guard db.changesCount == 1 else { throw RegistryError(.conflict, .numberCounterMoved) }
        }
        if !deferredKeys.isEmpty, !keysGoToGroup {
            try Self.writeMatchKeys(&deferredKeys, db)
        }
    }

    /// Writes blocking keys in key order (and empties `pairs`).
    static let insertMatchKeys = "INSERT OR IGNORE INTO match_key (key, teacher_id)"

    static func writeMatchKeys(_ pairs: inout [(key: Int64, teacher: Int64)], _ db: Database) throws {
        pairs.sort { $0.key != $1.key ? $0.key < $1.key : $0.teacher < $1.teacher }
        try BulkInsert.integerPairs(db, insertMatchKeys, pairs)
        pairs = []
    }

    /// The blocking keys `finish` left to the group (see `ChangeGroup.pendingKeys`).
    func takeDeferredKeys() -> [(key: Int64, teacher: Int64)] {
        defer { deferredKeys = [] }
        return deferredKeys
    }

    func deferMatchKeys(_ keys: [Int64], of teacher: Int64) {
        for key in keys { deferredKeys.append((key, teacher)) }
    }

    /// Adds a school once per transaction, filling its county when known.
    func ensureSchoolOnce(_ code: String, county: String?) throws {
        if let withCounty = schoolsWritten[code], withCounty || county == nil { return }
        try db.cachedStatement(sql: """
            INSERT INTO school (code, county_code) VALUES (?, ?)
            ON CONFLICT(code) DO UPDATE SET county_code = coalesce(school.county_code, excluded.county_code)
            """).execute(arguments: [code, county])
        schoolsWritten[code] = county != nil
    }

    // MARK: - Teachers

    /// Creates a teacher with a new number.
    public func createTeacher(_ fields: [String: String?]) throws -> Teacher {
        guard let name = fields["name"] ?? nil, !name.isEmpty, let nameKey = fields["name_key"] ?? nil else {
            throw RegistryError(.invalid, .teacherNeedsName)
        }
        let number = try issueNumber()
        try db.execute(sql: "INSERT INTO teacher (number, name, name_key) VALUES (?, ?, ?)",
                       arguments: [number.text, name, nameKey])
        let id = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO teacher_number (number, teacher_id, issued_at) VALUES (?, ?, ?)",
                       arguments: [number.text, id, at])
        var changes = [FieldChange(field: "number", before: nil, after: number.text)]
        for field in Teacher.trackedFields {
            guard let value = fields[field] ?? nil else { continue }
            if field != "name", field != "name_key" {
                try db.execute(sql: "UPDATE teacher SET \(field) = ? WHERE id = ?", arguments: [value, id])
            }
            changes.append(FieldChange(field: field, before: nil, after: value))
        }
        try record(.registered, teacher: id, changes)
        return try reader.teacher(id: id)
    }

    /// Changes fields of a teacher. With `expectedVersion`, a teacher changed
    /// since the caller read it is refused (`stale`).
    @discardableResult
    public func updateTeacher(_ id: Int64, _ fields: [String: String?], expectedVersion: Int64? = nil,
                              kind: EventKind = .updated, source override: String? = nil) throws -> [FieldChange] {
        let teacher = try reader.teacher(id: id)
        if let expectedVersion, expectedVersion != teacher.version {
            throw RegistryError(.stale, .teacherChangedMeanwhile(teacher.number))
        }
        var changes: [FieldChange] = []
        for field in Teacher.trackedFields {
            guard let entry = fields[field] else { continue }
            let before = teacher.value(of: field)
            guard before != entry else { continue }
            changes.append(FieldChange(field: field, before: before, after: entry))
            try db.execute(sql: "UPDATE teacher SET \(field) = ? WHERE id = ?", arguments: [entry, id])
        }
        guard !changes.isEmpty else { return [] }
        try db.execute(sql: "UPDATE teacher SET version = version + 1 WHERE id = ?", arguments: [id])
        try record(kind, teacher: id, changes, source: override)
        return changes
    }

    // MARK: - Documents

    public func addDocument(_ teacher: Int64, kind: String, number: String, current: Bool = true, note: String? = nil) throws {
        if current, let holder = try Int64.fetchOne(db, sql: "SELECT teacher_id FROM document WHERE kind = ? AND number = ? AND current = 1",
                                                    arguments: [kind, number]), holder != teacher {
            let other = try reader.teacher(id: holder)
            throw RegistryError(.conflict, .documentHeld(Masking.mask(number), by: other.number))
        }
        try db.execute(sql: "INSERT INTO document (teacher_id, kind, number, current, note, added_at, retired_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [teacher, kind, number, current, note, at, current ? nil : at])
        try record(.documentAdded, teacher: teacher,
                   [FieldChange(field: "document", before: nil, after: "\(kind) \(Masking.mask(number))\(current ? "" : " (retired)")")])
    }

    public func retireDocument(_ id: Int64, note: String) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM document WHERE id = ?", arguments: [id]) else {
            throw RegistryError(.notFound, .noDocument(id))
        }
        let document = TeacherDocument(row: row)
        try db.execute(sql: "UPDATE document SET current = 0, note = ?, retired_at = ? WHERE id = ?", arguments: [note, at, id])
        try record(.documentRetired, teacher: document.teacherID,
                   [FieldChange(field: "document", before: "\(document.kind) \(Masking.mask(document.number))",
                                after: "\(document.kind) \(Masking.mask(document.number)) (retired: \(note))")])
    }

    // MARK: - Schools and assignments

    /// Adds a school the registry has not seen (a code is never changed).
    public func ensureSchool(_ code: String, name: String? = nil, county: String? = nil) throws {
        try db.execute(sql: "INSERT INTO school (code, name, county_code) VALUES (?, ?, ?) ON CONFLICT(code) DO NOTHING",
                       arguments: [code, name, county])
    }

    @discardableResult
    public func openAssignment(_ teacher: Int64, school: String, kind: Assignment.Kind, start: String,
                               plannedEnd: String? = nil, establishmentMoved: Bool = false) throws -> Int64 {
        try ensureSchool(school)
        try db.execute(
            sql: """
                INSERT INTO assignment (teacher_id, school_code, kind, start_date, planned_end, establishment_moved, recorded_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [teacher, school, kind.rawValue, start, plannedEnd, establishmentMoved, at])
        let id = db.lastInsertedRowID
        try record(.assignmentOpened, teacher: teacher,
                   [FieldChange(field: "assignment", before: nil, after: "\(kind.rawValue) \(school) from \(start)")])
        return id
    }

    public func closeAssignment(_ id: Int64, end: String) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM assignment WHERE id = ?", arguments: [id]) else {
            throw RegistryError(.notFound, .noAssignment(id))
        }
        let assignment = Assignment(row: row)
        guard assignment.endDate == nil else { throw RegistryError(.conflict, .assignmentEnded(id)) }
        guard end >= assignment.startDate else {
            throw RegistryError(.invalid, .assignmentEndsBeforeStart(end: "\(end)", start: assignment.startDate))
        }
        try db.execute(sql: "UPDATE assignment SET end_date = ?, closed_at = ? WHERE id = ?", arguments: [end, at, id])
        try record(.assignmentClosed, teacher: assignment.teacherID,
                   [FieldChange(field: "assignment", before: "\(assignment.kind.rawValue) \(assignment.schoolCode) from \(assignment.startDate)",
                                after: "\(assignment.kind.rawValue) \(assignment.schoolCode) \(assignment.startDate)–\(end)")])
    }

    // MARK: - Sources

    public func attachSource(_ teacher: Int64, _ source: SourceRow) throws {
        try insertSource(teacher, source)
        try record(.sourceAttached, teacher: teacher, [], source: source.description)
    }
}
