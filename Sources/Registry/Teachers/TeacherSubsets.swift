import Foundation
import GRDB
import Normalization

/// One stored row of a teacher's sub-set.
public struct SubsetRow: Sendable, Equatable {
    public var subset: String
    public var rowKey: String
    /// Typed values by field key (`TeacherSubset.fields`).
    public var values: [String: String]

    public init(subset: String, rowKey: String, values: [String: String]) {
        self.subset = subset
        self.rowKey = rowKey
        self.values = values
    }
}

/// What replacing a teacher's rows of one sub-set did.
public struct SubsetChange: Sendable, Equatable {
    public var added = 0
    public var changed = 0
    public var removed = 0
    public var unchanged = 0

    public init() {}

    public static func += (a: inout SubsetChange, b: SubsetChange) {
        a.added += b.added
        a.changed += b.changed
        a.removed += b.removed
        a.unchanged += b.unchanged
    }
}

extension RegistryReader {
    /// A teacher's sub-set rows, by sub-set in `TeacherSubset.all` order, rows by key.
    public func subsets(of teacher: Int64) throws -> [SubsetRow] {
        let order = Dictionary(uniqueKeysWithValues: TeacherSubset.all.enumerated().map { ($0.element.key, $0.offset) })
        return try Row.fetchAll(db.cachedStatement(sql: "SELECT subset, row_key, fields FROM teacher_subset WHERE teacher_id = ?"),
                                arguments: [teacher])
            .map { SubsetRow(subset: $0["subset"], rowKey: $0["row_key"], values: TeacherRecordValues.decode($0["fields"])) }
            .sorted { (order[$0.subset] ?? 99, $0.rowKey) < (order[$1.subset] ?? 99, $1.rowKey) }
    }
}

extension ChangeTransaction {
    /// Replaces a teacher's rows of one sub-set with the rows submitted (the teacher's whole list): a row whose key
    /// is stored has its changed fields updated, a new key is added, a stored key not submitted is removed. Every
    /// field changed is in one event of the teacher, as `subset:rowKey:field`, before and after.
    @discardableResult
    /// With `removing` false, rows are added and updated but none removed (a file whose other rows were refused is
    /// not the teacher's whole list).
    public func replaceSubset(_ subset: TeacherSubset, of teacher: Int64, with rows: [[String: String]], removing: Bool = true,
                              source: String? = nil) throws -> SubsetChange {
        var stored: [String: [String: String]] = [:]
        for row in try reader.subsets(of: teacher) where row.subset == subset.key { stored[row.rowKey] = row.values }
        var change = SubsetChange(), changes: [FieldChange] = []
        var submitted = Set<String>()
        func field(_ rowKey: String, _ key: String) -> String { "\(subset.key):\(rowKey):\(key)" }
        for values in rows {
            let key = subset.rowKey(of: values)
            guard submitted.insert(key).inserted else { continue }
            let before = stored[key]
            if before == values { change.unchanged += 1; continue }
            for name in Set(values.keys).union(before?.keys ?? [:].keys).sorted() where before?[name] != values[name] {
                changes.append(FieldChange(field: field(key, name), before: before?[name], after: values[name]))
            }
            try db.cachedStatement(sql: """
                INSERT INTO teacher_subset (teacher_id, subset, row_key, fields) VALUES (?, ?, ?, ?)
                ON CONFLICT(teacher_id, subset, row_key) DO UPDATE SET fields = excluded.fields
                """).execute(arguments: [teacher, subset.key, key, TeacherRecordValues.json(values)])
            if before == nil { change.added += 1 } else { change.changed += 1 }
        }
        for (key, values) in stored.sorted(by: { $0.key < $1.key }) where removing && !submitted.contains(key) {
            for name in values.keys.sorted() { changes.append(FieldChange(field: field(key, name), before: values[name], after: nil)) }
            try db.execute(sql: "DELETE FROM teacher_subset WHERE teacher_id = ? AND subset = ? AND row_key = ?",
                           arguments: [teacher, subset.key, key])
            change.removed += 1
        }
        if !changes.isEmpty { try record(.subsetChanged, teacher: teacher, changes, source: source) }
        return change
    }
}
