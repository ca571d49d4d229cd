import Normalization
import Foundation
import GRDB

/// What a merge changed, kept so that unmerge restores it exactly.
struct MergeRecord: Codable {
    var documents: [Int64]
    var assignments: [Int64]
    /// Assignments the merge closed (the survivor keeps its own open one), by id.
    var closedAssignments: [Int64]
    var sources: [Int64]
    var matchKeys: [Int64]
    /// Template values (`teacher_record`) the survivor took from the merged record, having none (nil: a merge from
    /// before records were kept).
    var recordFilled: [String]?
    /// Sub-set rows moved to the survivor, which had no row of the same key, by id.
    var subsetRows: [Int64]?
}

extension ChangeTransaction {
    /// Records that two teachers are different persons: an automatic match
    /// never overrides it, and a merge of the two is refused.
    public func recordDifferentPersons(_ a: Int64, _ b: Int64, reason: String) throws {
        guard !reason.isEmpty else { throw RegistryError(.invalid, .decisionNeedsReason) }
        let (low, high) = a < b ? (a, b) : (b, a)
        try db.execute(sql: "INSERT OR REPLACE INTO different_persons (teacher_a, teacher_b, reason, decided_by, at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [low, high, reason, actor.user, at])
        let other = { (id: Int64) in try self.reader.teacher(id: id).number }
        try record(.decidedDifferent, teacher: a, [FieldChange(field: "different_from", before: nil, after: try other(b))])
        try record(.decidedDifferent, teacher: b, [FieldChange(field: "different_from", before: nil, after: try other(a))])
    }

    /// Merges `merged` into `survivor`: the merged number becomes an alias
    /// that resolves to the survivor; documents, assignments and source
    /// records move over. Survivorship: the survivor keeps its values and
    /// takes the merged record's values only where it has none; the merged
    /// record's own values stay on its row and in history.
    public func merge(_ merged: Int64, into survivor: Int64) throws {
        guard let reason, !reason.isEmpty else { throw RegistryError(.invalid, .mergeNeedsReason) }
        let a = try reader.teacher(id: survivor), b = try reader.teacher(id: merged)
        guard a.mergedInto == nil, b.mergedInto == nil, a.id != b.id else {
            throw RegistryError(.conflict, .alreadyMerged(b.number, a.number))
        }
        let (low, high) = a.id < b.id ? (a.id, b.id) : (b.id, a.id)
        if let why = try String.fetchOne(db, sql: "SELECT reason FROM different_persons WHERE teacher_a = ? AND teacher_b = ?",
                                         arguments: [low, high]) {
            throw RegistryError(.conflict, .decidedDifferent(a.number, b.number, why: why))
        }
        let documents = try Int64.fetchAll(db, sql: "SELECT id FROM document WHERE teacher_id = ?", arguments: [b.id])
        let assignments = try Int64.fetchAll(db, sql: "SELECT id FROM assignment WHERE teacher_id = ?", arguments: [b.id])
        let sources = try Int64.fetchAll(db, sql: "SELECT id FROM source_record WHERE teacher_id = ?", arguments: [b.id])
        let survivorKeys = Set(try Int64.fetchAll(db, sql: "SELECT key FROM match_key WHERE teacher_id = ?", arguments: [a.id]))
        // Keys the survivor gains (the merged record's name and date variants), removed again on unmerge.
        let keys = try Int64.fetchAll(db, sql: "SELECT key FROM match_key WHERE teacher_id = ?", arguments: [b.id])
            .filter { !survivorKeys.contains($0) }
        // One open regular assignment per teacher: the survivor's stays open.
        var closed: [Int64] = []
        if try Int64.fetchOne(db, sql: "SELECT id FROM assignment WHERE teacher_id = ? AND kind = 'regular' AND end_date IS NULL",
                              arguments: [a.id]) != nil {
            closed = try Int64.fetchAll(db, sql: "SELECT id FROM assignment WHERE teacher_id = ? AND kind = 'regular' AND end_date IS NULL",
                                        arguments: [b.id])
            for id in closed {
                let start = try String.fetchOne(db, sql: "SELECT start_date FROM assignment WHERE id = ?", arguments: [id])!
                try db.execute(sql: "UPDATE assignment SET end_date = ?, closed_at = ? WHERE id = ?",
                               arguments: [max(start, String(at.prefix(10))), at, id])
            }
        }
        try db.execute(sql: "UPDATE document SET teacher_id = ? WHERE teacher_id = ?", arguments: [a.id, b.id])
        try db.execute(sql: "UPDATE assignment SET teacher_id = ? WHERE teacher_id = ?", arguments: [a.id, b.id])
        try db.execute(sql: "UPDATE source_record SET teacher_id = ? WHERE teacher_id = ?", arguments: [a.id, b.id])
        for key in keys {
            try db.execute(sql: "INSERT OR IGNORE INTO match_key (key, teacher_id) VALUES (?, ?)", arguments: [key, a.id])
        }
        var fills: [String: String?] = [:]
        for field in Teacher.trackedFields where field != "merged_into" && field != "status" {
            if a.value(of: field) == nil, let value = b.value(of: field) { fills[field] = value }
        }
        let filled = try updateTeacher(a.id, fills, kind: .mergeFill)
        let (recordFilled, subsetRows) = try mergeRecordAndSubsets(of: b.id, into: a.id)
        try updateTeacher(b.id, ["merged_into": String(a.id)], kind: .mergedInto)
        let moved = MergeRecord(documents: documents, assignments: assignments, closedAssignments: closed, sources: sources,
                                matchKeys: keys, recordFilled: recordFilled, subsetRows: subsetRows)
        try db.execute(
            sql: "INSERT INTO merge (survivor, merged, at, actor, reason, moved, filled) VALUES (?, ?, ?, ?, ?, ?, ?)",
            arguments: [a.id, b.id, at, actor.user, reason, Self.json(moved), Self.json(filled)])
        try record(.merged, teacher: a.id, [FieldChange(field: "merged", before: nil, after: b.number)])
    }

    /// Undoes the open merge of `merged`: its number, documents,
    /// assignments, source records and the survivor's filled fields are
    /// restored exactly as they were.
    public func unmerge(_ merged: Int64) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM merge WHERE merged = ? AND undone_at IS NULL", arguments: [merged]) else {
            throw RegistryError(.notFound, .notMerged(try reader.teacher(id: merged).number))
        }
        let survivor: Int64 = row["survivor"]
        let moved = try JSONDecoder().decode(MergeRecord.self, from: Data((row["moved"] as String).utf8))
        let filled = try JSONDecoder().decode([FieldChange].self, from: Data((row["filled"] as String).utf8))
        func back(_ table: String, _ ids: [Int64]) throws {
            for id in ids { try db.execute(sql: "UPDATE \(table) SET teacher_id = ? WHERE id = ?", arguments: [merged, id]) }
        }
        try back("document", moved.documents)
        try back("assignment", moved.assignments)
        try back("source_record", moved.sources)
        for id in moved.closedAssignments { try db.execute(sql: "UPDATE assignment SET end_date = NULL, closed_at = NULL WHERE id = ?", arguments: [id]) }
        for key in moved.matchKeys {
            try db.execute(sql: "DELETE FROM match_key WHERE key = ? AND teacher_id = ?", arguments: [key, survivor])
        }
        var restore: [String: String?] = [:]
        for change in filled { restore[change.field] = change.before }
        try updateTeacher(survivor, restore, kind: .unmergeRestore)
        try restoreRecordAndSubsets(moved, survivor: survivor, merged: merged)
        try updateTeacher(merged, ["merged_into": nil], kind: .unmerged)
        try db.execute(sql: "UPDATE merge SET undone_at = ? WHERE id = ?", arguments: [at, row["id"] as Int64])
        try record(.unmerged, teacher: survivor, [FieldChange(field: "merged", before: try reader.teacher(id: merged).number, after: nil)])
    }

    /// The survivor takes the merged record's template values where it has none, and its sub-set rows of keys it
    /// has none of; both recorded as a `merge-fill` event of the survivor (so the history rebuilds them as of a day).
    private func mergeRecordAndSubsets(of merged: Int64, into survivor: Int64) throws -> (record: [String], subsetRows: [Int64]) {
        var values = try reader.record(of: survivor)
        var changes: [FieldChange] = [], filledKeys: [String] = []
        for (key, value) in try reader.record(of: merged).sorted(by: { $0.key < $1.key }) where values[key] == nil {
            values[key] = value
            filledKeys.append(key)
            changes.append(FieldChange(field: key, before: nil, after: value))
        }
        if !filledKeys.isEmpty {
            try db.execute(sql: "INSERT INTO teacher_record (teacher_id, fields) VALUES (?, ?) ON CONFLICT(teacher_id) DO UPDATE SET fields = excluded.fields",
                           arguments: [survivor, TeacherRecordValues.json(values)])
        }
        let held = Set(try reader.subsets(of: survivor).map { $0.subset + ":" + $0.rowKey })
        var movedRows: [Int64] = []
        for row in try Row.fetchAll(db, sql: "SELECT id, subset, row_key, fields FROM teacher_subset WHERE teacher_id = ? ORDER BY id",
                                    arguments: [merged]) {
            let subset: String = row["subset"], rowKey: String = row["row_key"]
            guard !held.contains(subset + ":" + rowKey) else { continue }
            movedRows.append(row["id"])
            for (field, value) in TeacherRecordValues.decode(row["fields"]).sorted(by: { $0.key < $1.key }) {
                changes.append(FieldChange(field: "\(subset):\(rowKey):\(field)", before: nil, after: value))
            }
        }
        for id in movedRows { try db.execute(sql: "UPDATE teacher_subset SET teacher_id = ? WHERE id = ?", arguments: [survivor, id]) }
        if !changes.isEmpty { try record(.mergeFill, teacher: survivor, changes) }
        return (filledKeys, movedRows)
    }

    /// Undoes `mergeRecordAndSubsets`: the values the survivor took are removed again (unless changed since, when the
    /// survivor keeps them), the moved sub-set rows go back; an `unmerge-restore` event says what was taken back.
    private func restoreRecordAndSubsets(_ moved: MergeRecord, survivor: Int64, merged: Int64) throws {
        var changes: [FieldChange] = []
        let own = try reader.record(of: merged)
        var values = try reader.record(of: survivor)
        for key in moved.recordFilled ?? [] where values[key] != nil && values[key] == own[key] {
            changes.append(FieldChange(field: key, before: values[key], after: nil))
            values[key] = nil
        }
        if !changes.isEmpty {
            try db.execute(sql: "UPDATE teacher_record SET fields = ? WHERE teacher_id = ?", arguments: [TeacherRecordValues.json(values), survivor])
        }
        for id in moved.subsetRows ?? [] {
            guard let row = try Row.fetchOne(db, sql: "SELECT subset, row_key, fields FROM teacher_subset WHERE id = ? AND teacher_id = ?",
                                             arguments: [id, survivor]) else { continue }
            let subset: String = row["subset"], rowKey: String = row["row_key"]
            for (field, value) in TeacherRecordValues.decode(row["fields"]).sorted(by: { $0.key < $1.key }) {
                changes.append(FieldChange(field: "\(subset):\(rowKey):\(field)", before: value, after: nil))
            }
            try db.execute(sql: "UPDATE teacher_subset SET teacher_id = ? WHERE id = ?", arguments: [merged, id])
        }
        if !changes.isEmpty { try record(.unmergeRestore, teacher: survivor, changes) }
    }

    /// A teacher's resident ID changes (重号/错号 correction, birth-date
    /// correction): the old number is retired and still finds the teacher.
    public func rekey(_ teacher: Int64, kind: String, newNumber: String) throws {
        guard let reason, !reason.isEmpty else { throw RegistryError(.invalid, .rekeyNeedsReason) }
        for id in try Int64.fetchAll(db, sql: "SELECT id FROM document WHERE teacher_id = ? AND kind = ? AND current = 1",
                                     arguments: [teacher, kind]) {
            try retireDocument(id, note: reason)
        }
        try addDocument(teacher, kind: kind, number: newNumber)
    }

    static func json(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}
