import Foundation
import GRDB
import Normalization

/// The typed values of a row's template cells (`TeacherField`): those the
/// teacher table holds (人员状态, 国籍, 政治面貌, 参加工作年月) by column, the
/// rest by field key for `teacher_record`. A cell that is not a value of its
/// field is left out (validation has refused its row already, or reported it).
public struct TeacherRecordValues: Sendable, Equatable {
    public var columns: [String: String] = [:]
    public var record: [String: String] = [:]

    public init(_ cells: TeacherCells) {
        for (key, text) in cells.record {
            guard let field = TeacherField.field(key: key), case .success(let value)? = field.parse(text) else { continue }
            if let column = field.column { columns[column] = value } else { record[key] = value }
        }
    }

    /// The day the regular assignment at the file's school starts: the first of 进本校年月 (进本园年月), when given.
    public var joinedSchool: String? { record["join_school"].map { $0 + "-01" } }

    /// The object stored in `teacher_record.fields` (and after a source row's cells): keys sorted, so the same
    /// values are the same text.
    static func json(_ record: [String: String]) -> String {
        var output = "{"
        for (index, key) in record.keys.sorted().enumerated() {
            if index > 0 { output += "," }
            JSONText.quote(key, into: &output)
            output += ":"
            JSONText.quote(record[key] ?? "", into: &output)
        }
        return output + "}"
    }

    static func decode(_ text: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
    }
}

extension RegistryReader {
    /// A teacher's template values by field key (`TeacherField`), without those the teacher table holds.
    public func record(of teacher: Int64) throws -> [String: String] {
        guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT fields FROM teacher_record WHERE teacher_id = ?"),
                                             arguments: [teacher]) else { return [:] }
        return TeacherRecordValues.decode(text)
    }
}

extension ChangeTransaction {
    /// Applies a later row's template values to a teacher: values whose change rule is free replace the stored
    /// ones with history; identity and employment values that differ are noted, not applied (`Teacher.changeRules`).
    func applyRecord(_ teacher: Int64, _ values: [String: String], source: SourceRow) throws {
        guard !values.isEmpty else { return }
        var stored = try reader.record(of: teacher)
        var applied: [FieldChange] = [], noted: [FieldChange] = []
        for key in values.keys.sorted() {
            guard let value = values[key], stored[key] != value else { continue }
            let rule = Teacher.changeRules[key] ?? .free
            if rule != .free, let existing = stored[key] {
                noted.append(FieldChange(field: key, before: existing, after: value))
            } else {
                applied.append(FieldChange(field: key, before: stored[key], after: value))
                stored[key] = value
            }
        }
        if !applied.isEmpty {
            try db.execute(sql: "INSERT INTO teacher_record (teacher_id, fields) VALUES (?, ?) ON CONFLICT(teacher_id) DO UPDATE SET fields = excluded.fields",
                           arguments: [teacher, TeacherRecordValues.json(stored)])
            try record(.updatedFromRow, teacher: teacher, applied, source: source.description)
        }
        if !noted.isEmpty { try record(.identityDiffers, teacher: teacher, noted, source: source.description) }
    }
}
