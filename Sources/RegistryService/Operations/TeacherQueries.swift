import Foundation
import Normalization
import Registry

extension RegistryService {
    /// Teachers by teacher number, document number (current or retired), or
    /// name (+ birth date), within the caller's jurisdiction.
    public func searchTeachers(_ principal: Principal, number: String? = nil, document: String? = nil, name: String? = nil,
                               birthDate: CivilDate? = nil) throws(ServiceError) -> [TeacherSummaryView] {
        let disclosure = Disclosure(full: false)
        return try serviceCall {
            try database.read { reader in
                var found: [Teacher] = []
                if let number, let teacher = try reader.teacher(number: number.trimmingWhitespace()) { found.append(teacher) }
                if let document {
                    let text = document.trimmingWhitespace()
                    let canonical = normalizer.documents.check(text).document?.canonical ?? text.uppercased()
                    if let teacher = try reader.teacher(documentKind: nil, number: canonical) { found.append(teacher) }
                }
                if let name, !name.isBlank {
                    found += try reader.teachers(nameKey: normalizer.names.keys(for: name).key, birthDate: birthDate?.description)
                }
                var seen = Set<Int64>()
                return try found.filter { seen.insert($0.id).inserted }.compactMap { teacher in
                    let access = try principal.access(to: teacher, reader: reader)
                    guard access >= .read else { return nil }
                    return try TeacherSummaryView(teacher, reader: reader, disclosure: disclosure, writable: access == .write)
                }
            }
        }
    }

    /// A teacher with documents, assignments, status and history; with
    /// `asOf`, the values as they were at the end of that day. `full` shows
    /// document numbers and the birth date in full when the caller's role
    /// allows it, and logs the view.
    public func teacher(_ principal: Principal, key: String, asOf asOfDay: CivilDate? = nil, full: Bool = false) throws(ServiceError) -> TeacherDetailView {
        if full && !principal.fullView {
            throw ServiceError(.forbidden, .fullNumbersNotAllowed)
        }
        let asOfText = asOfDay?.description
        let disclosure = Disclosure(full: full)
        let view: (TeacherDetailView, Int64) = try serviceCall {
            try database.read { reader in
                let (current, access) = try visibleTeacher(key, reader: reader, principal: principal)
                var teacher = current
                if let asOfDay {
                    guard let then = try reader.teacher(id: current.id, asOf: asOfDay) else {
                        throw ServiceError(.notFound, .notRegisteredOn(current.number, day: "\(asOfDay)"))
                    }
                    teacher = then
                }
                var assignments = try reader.assignments(of: teacher.id)
                var history = try reader.history(of: teacher.id)
                var later: [HistoryEvent] = []
                if let asOfDay {
                    let day = asOfDay.description
                    assignments = assignments.filter { $0.startDate <= day }.map { assignment in
                        var shown = assignment
                        if let end = shown.endDate, end > day { shown.endDate = nil }
                        return shown
                    }
                    let cutoff = RegistryReader.endOfDayUTC(asOfDay)
                    later = history.filter { $0.at > cutoff }
                    history = history.filter { $0.at <= cutoff }
                }
                let record = asOfDay == nil ? try reader.record(of: teacher.id)
                    : RecordFieldView.record(current: try reader.record(of: teacher.id), undoing: later)
                let detail = TeacherDetailView(
                    summary: try TeacherSummaryView(teacher, reader: reader, disclosure: disclosure, writable: access == .write),
                    formerName: teacher.formerName, ethnicity: teacher.ethnicity, nationality: teacher.nationality,
                    politicalStatus: teacher.politicalStatus, record: RecordFieldView.all(of: teacher, record: record),
                    assignments: try assignments.map {
                        AssignmentView(school: $0.schoolCode, schoolName: try reader.school($0.schoolCode)?.name, kind: $0.kind.rawValue, start: $0.startDate, end: $0.endDate,
                                       plannedEnd: $0.plannedEnd, establishmentMoved: $0.establishmentMoved)
                    },
                    subsets: (asOfDay == nil ? try reader.subsets(of: teacher.id) : SubsetRowView.rows(from: history)).map(SubsetRowView.init),
                    history: history.map { EventView($0, disclosure: disclosure) }, asOf: asOfText, full: full)
                return (detail, teacher.id)
            }
        }
        if full {
            try serviceCall {
                try database.change(principal.actor, reason: "full view") { try $0.logFullView(teacher: view.1, what: "documents, birth date") }
            }
        }
        return view.0
    }
}
