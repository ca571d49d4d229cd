import Foundation
import Normalization
import Registry

/// What a user is shown of a teacher. Document numbers and birth days are
/// masked unless the caller's role allows full view and the request asks.
public struct TeacherSummaryView: Codable, Sendable, Equatable {
    public var number: String
    public var name: String
    public var gender: String?
    public var birthDate: String?
    public var status: String
    /// The school of the open regular assignment.
    public var school: String?
    /// Its name in the school directory (or its file name), when known.
    public var schoolName: String?
    /// 民族 (GB 3304 code), 教师资格证号码 (masked like free text) and 参加工作年月, for comparing a submitted row.
    public var ethnicity: String?
    public var certificate: String?
    public var hireDate: String?
    public var documents: [DocumentView]
    /// Whether the caller may change this teacher (false: read only, e.g. a teacher who left the county).
    public var writable: Bool
}

public struct DocumentView: Codable, Sendable, Equatable {
    public var kind: String
    public var number: String
    public var current: Bool
    public var note: String?
}

public struct AssignmentView: Codable, Sendable, Equatable {
    public var school: String
    /// The school's name, when known.
    public var schoolName: String?
    public var kind: String
    public var start: String
    public var end: String?
    public var plannedEnd: String?
    public var establishmentMoved: Bool

    /// 在编任职, 交流轮岗, 支教/借调.
    public var kindLabel: String { Assignment.Kind(rawValue: kind)?.label ?? kind }
}

public struct EventView: Codable, Sendable, Equatable {
    public struct Change: Codable, Sendable, Equatable {
        public var field: String
        public var before: String?
        public var after: String?
    }
    public var at: String
    public var kind: String
    public var actor: String
    public var role: String
    public var reason: String?
    public var source: String?
    public var changes: [Change]
}

/// One value of the teacher's template record (`TeacherField`): its key, the template's header, the stored value
/// (a code, `YYYY-MM-DD`, `YYYY-MM`, `1`/`0` or text) and what an officer reads (the code's label, 是/否).
public struct RecordFieldView: Codable, Sendable, Equatable {
    public var key: String
    public var label: String
    public var value: String
    public var valueLabel: String

    init?(key: String, value: String?) {
        guard let value, let field = TeacherField.field(key: key) else { return nil }
        self.key = key
        label = field.label
        self.value = value
        valueLabel = field.display(value)
    }

    /// Every template value of a teacher in template order: those the teacher table holds and those of the record.
    public static func all(of teacher: Teacher, record: [String: String]) -> [RecordFieldView] {
        TeacherField.all.compactMap { field in
            let value: String? = switch field.column {
            case "nationality": teacher.nationality
            case "political_status": teacher.politicalStatus
            case "hire_date": teacher.hireDate
            case "status": teacher.status
            default: record[field.key]
            }
            return RecordFieldView(key: field.key, value: value)
        }
    }

    /// The record as it was at the end of a day: the current values with every later change to them undone (the
    /// registration's values are the record's own unless changed since; it does not repeat them in its event).
    static func record(current: [String: String], undoing later: [HistoryEvent]) -> [String: String] {
        var record = current
        let kinds: Set<String> = [EventKind.updatedFromRow, .mergeFill, .unmergeRestore].map(\.rawValue).reduce(into: []) { $0.insert($1) }
        for event in later.reversed() where kinds.contains(event.kind) {
            for change in event.changes where TeacherField.field(key: change.field).map({ $0.column == nil }) ?? false {
                record[change.field] = change.before
            }
        }
        return record
    }
}

public struct TeacherDetailView: Codable, Sendable, Equatable {
    public var summary: TeacherSummaryView
    public var formerName: String?
    public var ethnicity: String?
    public var nationality: String?
    public var politicalStatus: String?
    /// Every template value, in template order (`TeacherField`).
    public var record: [RecordFieldView]
    public var assignments: [AssignmentView]
    /// The sub-sets' rows (学习经历, 年度考核 …), in `TeacherSubset.all` order.
    public var subsets: [SubsetRowView]
    public var history: [EventView]
    /// Set when the values are those of a past date.
    public var asOf: String?
    /// Whether document numbers and birth date are shown in full (and the view was logged).
    public var full: Bool
}

/// Masks or shows a teacher's sensitive values, one rule for every view.
struct Disclosure {
    let full: Bool

    func document(_ number: String) -> String { full ? number : Masking.mask(number) }

    /// A birth date keeps its year and month when masked (see `Masking.birthDate`).
    func birthDate(_ date: String?) -> String? {
        guard let date else { return nil }
        return full ? date : Masking.birthDate(date)
    }

    /// Free text (history values, reasons) never carries a full document number unless shown in full.
    func text(_ value: String?) -> String? {
        guard let value else { return nil }
        return full ? value : Masking.maskNumbers(in: value)
    }

    /// History values whose text is registry identifiers (teacher numbers,
    /// school codes, dates of assignments), never personal numbers: shown as is.
    static let identifierFields: Set<String> = ["number", "assignment", "transfer", "status", "different_from", "merged", "merged_into",
                                                "review", "name_key", "gender"]

    /// One history value: birth dates masked like the birth date, identifiers
    /// shown, anything else masked as free text.
    func change(field: String, _ value: String?) -> String? {
        if field == "birth_date" { return birthDate(value) }
        return Self.identifierFields.contains(field) ? value : text(value)
    }
}

extension TeacherSummaryView {
    init(_ teacher: Teacher, reader: RegistryReader, disclosure: Disclosure, writable: Bool) throws {
        let school = try reader.assignments(of: teacher.id).last { $0.kind == .regular && $0.endDate == nil }?.schoolCode
        self.init(number: teacher.number, name: teacher.name, gender: teacher.gender, birthDate: disclosure.birthDate(teacher.birthDate),
                  status: teacher.status, school: school, schoolName: try school.flatMap { try reader.school($0)?.name },
                  ethnicity: teacher.ethnicity, certificate: disclosure.text(teacher.certificate), hireDate: teacher.hireDate,
                  documents: try reader.documents(of: teacher.id).map {
                      DocumentView(kind: $0.kind, number: disclosure.document($0.number), current: $0.current, note: disclosure.text($0.note))
                  },
                  writable: writable)
    }
}

extension EventView {
    init(_ event: HistoryEvent, disclosure: Disclosure) {
        self.init(at: event.at, kind: event.kind, actor: event.actor, role: event.role, reason: disclosure.text(event.reason),
                  source: disclosure.text(event.source),
                  changes: event.changes.map {
                      Change(field: $0.field, before: disclosure.change(field: $0.field, $0.before), after: disclosure.change(field: $0.field, $0.after))
                  })
    }
}
