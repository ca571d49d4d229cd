import Foundation
import Intake
import Normalization
import Registry

/// What a sub-set import did.
public struct SubsetImportSummary: Sendable {
    public let file: String
    public let rows: Int
    /// The sub-sets read (their keys), in file order.
    public let subsets: [String]
    public var teachers = 0
    public var change = SubsetChange()
    /// Rows not taken: their problems are in `problems`.
    public var refused = 0
    public var problems: [ValidationProblem]
    public var written = false
    /// Sub-sets of which rows were refused: their stored rows were added to and updated, never removed.
    public var keptWhole: [String] = []
}

/// A teacher's sub-set row as officers and systems read it.
public struct SubsetRowView: Codable, Sendable, Equatable {
    public struct Value: Codable, Sendable, Equatable {
        public var key: String
        public var label: String
        public var value: String
        public var valueLabel: String
    }
    public var subset: String
    public var subsetLabel: String
    public var values: [Value]

    /// A teacher's rows as the history has them at its end: every `subset-changed` event replayed (for a past date,
    /// the history up to that day).
    static func rows(from history: [HistoryEvent]) -> [SubsetRow] {
        var rows: [String: SubsetRow] = [:]
        let kinds: Set<String> = [EventKind.subsetChanged, .mergeFill, .unmergeRestore].map(\.rawValue).reduce(into: []) { $0.insert($1) }
        for event in history where kinds.contains(event.kind) {
            for change in event.changes {
                let parts = change.field.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 3, TeacherSubset.subset(key: parts[0]) != nil else { continue }
                let id = parts[0] + ":" + parts[1]
                var row = rows[id] ?? SubsetRow(subset: parts[0], rowKey: parts[1], values: [:])
                row.values[parts[2]] = change.after
                rows[id] = row.values.isEmpty ? nil : row
            }
        }
        let order = Dictionary(uniqueKeysWithValues: TeacherSubset.all.enumerated().map { ($0.element.key, $0.offset) })
        return rows.values.sorted { (order[$0.subset] ?? 99, $0.rowKey) < (order[$1.subset] ?? 99, $1.rowKey) }
    }

    init(_ row: SubsetRow) {
        let subset = TeacherSubset.subset(key: row.subset)
        self.subset = row.subset
        subsetLabel = subset?.label ?? row.subset
        values = (subset?.fields ?? []).compactMap { field in
            row.values[field.key].map { Value(key: field.key, label: field.label, value: $0, valueLabel: field.display($0)) }
        }
    }
}

extension RegistryService {
    /// Imports a file of sub-set rows (学习经历, 年度考核 …, one sheet each, or a CSV named by its sub-set). Each row's
    /// teacher is found by document number (any form) or teacher number, and its name must agree; the caller must
    /// be allowed to change that teacher. The rows of a teacher in a sub-set are the teacher's whole list of it:
    /// stored rows they do not hold are removed. With errors nothing is written unless `partial`, which writes the
    /// good rows and removes nothing from a sub-set with refused rows. One transaction.
    public func importSubsets(_ principal: Principal, file url: URL, partial: Bool = false) throws(ServiceError) -> SubsetImportSummary {
        guard principal.role != .ministry else { throw ServiceError(.forbidden, .ministryChangesNothing) }
        let reading: SubsetFile.Reading
        do { reading = try SubsetFile.read(url) } catch let error as IntakeError {
            throw ServiceError(.invalid, .verbatim(Masking.maskNumbers(in: error.description, minimumLength: 14)))
        } catch { throw ServiceError(.invalid, .verbatim(Redaction.paths(in: "\(error)"))) }
        var summary = SubsetImportSummary(file: url.lastPathComponent, rows: reading.rowCount, subsets: reading.subsets, problems: reading.problems)
        var groups: [String: (subset: TeacherSubset, teacher: Int64, rows: [[String: String]])] = [:]
        var incomplete = reading.withProblems
        let names = try serviceCall { try NameNormalizer.shared() }
        try serviceCall {
            try database.read { reader in
                for row in reading.rows {
                    func refuse(_ rule: ValidationRule, _ chinese: String, _ english: String) {
                        incomplete.insert(row.subset)
                        summary.problems.append(ValidationProblem(file: row.file, sheet: row.sheet, row: row.line, column: "姓名", rule: rule,
                                                                  message: chinese, messageEnglish: english))
                    }
                    let byDocument = try row.document.flatMap { try reader.teacher(documentKind: nil, number: $0) }
                    let byNumber = try row.teacherNumber.flatMap { try reader.teacher(number: $0) }
                    guard let teacher = byDocument ?? byNumber, byDocument == nil || byNumber == nil || byDocument?.id == byNumber?.id else {
                        refuse(.subsetTeacher, "找不到该教师（身份证件号与教师编号不属于同一人，或不在您的管辖范围内）",
                               "no such teacher (or the document and the teacher number name different people, or outside your jurisdiction)")
                        continue
                    }
                    let access = try principal.access(to: teacher, reader: reader)
                    guard access != .none else {
                        refuse(.subsetTeacher, "找不到该教师（或不在您的管辖范围内）", "no such teacher (or outside your jurisdiction)")
                        continue
                    }
                    let submitted = names.keys(for: row.name), registered = names.keys(for: teacher.name)
                    guard submitted.key == registered.key || submitted.simplifiedKey == registered.simplifiedKey else {
                        refuse(.subsetTeacher, "姓名“\(row.name)”与登记的姓名不一致", "the name \(row.name) differs from the registered name")
                        continue
                    }
                    guard access == .write else {
                        refuse(.subsetJurisdiction, "该教师已不在您的管辖范围内，只能查看", "the teacher has left your jurisdiction: read only")
                        continue
                    }
                    guard let subset = TeacherSubset.subset(key: row.subset) else { continue }
                    groups["\(row.subset)#\(teacher.id)", default: (subset, teacher.id, [])].rows.append(row.values)
                }
            }
        }
        summary.problems = summary.problems.enumerated().sorted {
            ($0.element.sheet ?? "", $0.element.row, $0.offset) < ($1.element.sheet ?? "", $1.element.row, $1.offset)
        }.map(\.element)
        let refusedLines = Set(summary.problems.filter { $0.rule.id != ValidationRule.subsetColumn.id }.map { "\($0.sheet ?? "")#\($0.row)" })
        summary.refused = refusedLines.count
        summary.keptWhole = reading.subsets.filter(incomplete.contains)
        summary.teachers = Set(groups.values.map(\.teacher)).count
        guard summary.problems.isEmpty || partial, !groups.isEmpty else { return summary }
        try serviceCall {
            try database.change(principal.actor, reason: "sub-sets \(summary.file)") { change in
                for group in groups.values.sorted(by: { ($0.subset.key, $0.teacher) < ($1.subset.key, $1.teacher) }) {
                    summary.change += try change.replaceSubset(group.subset, of: group.teacher, with: group.rows,
                                                               removing: !incomplete.contains(group.subset.key), source: summary.file)
                }
            }
        }
        summary.written = true
        return summary
    }
}
