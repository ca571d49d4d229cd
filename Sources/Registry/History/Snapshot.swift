import Foundation
import GRDB
import Normalization

/// One teacher's national core fields as the registry knew them at the end
/// of a day: what an export made that day contained.
public struct SnapshotRow: Sendable, Equatable {
    public var teacherID: Int64
    public var number: String
    public var name: String
    public var formerName: String?
    public var gender: String?
    public var birthDate: String?
    public var nationality: String?
    public var ethnicity: String?
    public var politicalStatus: String?
    public var status: String
    public var documentKind: String?
    public var documentNumber: String?
    /// The school of the open regular assignment, and its county.
    public var school: String?
    public var county: String?
}

extension RegistryReader {
    /// Every teacher (not merged away) as known at the end of `day` (China
    /// time), ordered by teacher number. Transaction time throughout: values
    /// come from undoing later history events, documents and assignments from
    /// when they were recorded and retired or closed, and merges and unmerges
    /// from their own records, so a later change (even one with an earlier
    /// business date) never alters a past day's snapshot.
    public func snapshot(asOf day: CivilDate) throws -> [SnapshotRow] {
        let cutoff = Self.endOfDayUTC(day)
        var teachers: [Int64: Teacher] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM teacher") {
            let teacher = Teacher(row: row)
            teachers[teacher.id] = teacher
        }
        // Undo, newest first, every event recorded after the day.
        var unborn = Set<Int64>()
        for event in try Row.fetchAll(db, sql: "SELECT * FROM event WHERE at > ? AND teacher_id IS NOT NULL ORDER BY id DESC",
                                      arguments: [cutoff]).map(HistoryEvent.init) {
            guard let id = event.teacherID else { continue }
            if event.kind == EventKind.registered.rawValue { unborn.insert(id) }
            for change in event.changes.reversed() where Teacher.trackedFields.contains(change.field) {
                teachers[id]?.set(change.field, change.before)
            }
        }
        // Who held a moved document or assignment that day, by the merges' own records.
        var ownerOfDocument: [Int64: Int64] = [:], ownerOfAssignment: [Int64: Int64] = [:]
        var closedByMerge: [Int64: Bool] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM merge ORDER BY id") {
            let at: String = row["at"], undone: String? = row["undone_at"]
            let effective = at <= cutoff && (undone.map { $0 > cutoff } ?? true)
            let owner: Int64 = effective ? row["survivor"] : row["merged"]
            guard let moved = try? JSONDecoder().decode(MergeRecord.self, from: Data((row["moved"] as String).utf8)) else { continue }
            for id in moved.documents { ownerOfDocument[id] = owner }
            for id in moved.assignments { ownerOfAssignment[id] = owner }
            for id in moved.closedAssignments { closedByMerge[id] = effective }
        }
        var documents: [Int64: (kind: String, number: String)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT id, teacher_id, kind, number FROM document
            WHERE coalesce(added_at, '') <= ? AND (retired_at IS NULL OR retired_at > ?) ORDER BY id
            """, arguments: [cutoff, cutoff]) {
            let owner = ownerOfDocument[row["id"]] ?? row["teacher_id"]
            if documents[owner] == nil { documents[owner] = (row["kind"], row["number"]) }
        }
        var schools: [Int64: (school: String, county: String?)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT a.id, a.teacher_id, a.school_code, a.closed_at, s.county_code FROM assignment a JOIN school s ON s.code = a.school_code
            WHERE a.kind = 'regular' AND coalesce(a.recorded_at, '') <= ? ORDER BY a.id
            """, arguments: [cutoff]) {
            let id: Int64 = row["id"]
            let closedAt: String? = row["closed_at"]
            let open = closedByMerge[id].map { !$0 } ?? (closedAt.map { $0 > cutoff } ?? true)
            guard open else { continue }
            schools[ownerOfAssignment[id] ?? row["teacher_id"]] = (row["school_code"], row["county_code"])
        }
        return teachers.values.filter { !unborn.contains($0.id) && $0.mergedInto == nil }.sorted { $0.number < $1.number }.map { teacher in
            SnapshotRow(teacherID: teacher.id, number: teacher.number, name: teacher.name, formerName: teacher.formerName, gender: teacher.gender,
                        birthDate: teacher.birthDate, nationality: teacher.nationality, ethnicity: teacher.ethnicity,
                        politicalStatus: teacher.politicalStatus, status: teacher.status, documentKind: documents[teacher.id]?.kind,
                        documentNumber: documents[teacher.id]?.number, school: schools[teacher.id]?.school, county: schools[teacher.id]?.county)
        }
    }

    /// Teachers with a recorded change in `(since, day]`: registered, changed, merged or moved.
    public func changedTeachers(since: CivilDate, asOf day: CivilDate) throws -> Set<Int64> {
        Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT teacher_id FROM event WHERE at > ? AND at <= ? AND teacher_id IS NOT NULL",
                               arguments: [Self.endOfDayUTC(since), Self.endOfDayUTC(day)]))
    }
}
