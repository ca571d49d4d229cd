import Foundation
import GRDB
import Normalization

extension ChangeTransaction {
    /// 交流轮岗: a time-boxed assignment at a host school; the home regular
    /// assignment stays open. `establishmentMoved` records whether 编制 moved.
    public func startRotation(_ teacher: Int64, host: String, start: CivilDate, plannedEnd: CivilDate,
                              establishmentMoved: Bool) throws -> Int64 {
        guard plannedEnd > start else { throw RegistryError(.invalid, .rotationEndsAfterStart) }
        let open = try Int.fetchOne(db, sql: "SELECT count(*) FROM assignment WHERE teacher_id = ? AND kind = 'rotation' AND end_date IS NULL",
                                    arguments: [teacher]) ?? 0
        guard open == 0 else { throw RegistryError(.conflict, .onRotation(try reader.teacher(id: teacher).number)) }
        return try openAssignment(teacher, school: host, kind: .rotation, start: start.description, plannedEnd: plannedEnd.description,
                                  establishmentMoved: establishmentMoved)
    }

    /// Ends the open rotation: the teacher is back at the home school.
    public func endRotation(_ teacher: Int64, on date: CivilDate) throws {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM assignment WHERE teacher_id = ? AND kind = 'rotation' AND end_date IS NULL",
                                          arguments: [teacher]) else {
            throw RegistryError(.notFound, .notOnRotation(try reader.teacher(id: teacher).number))
        }
        try closeAssignment(id, end: date.description)
    }

    public func setStatus(_ teacher: Int64, to status: String, on date: CivilDate) throws {
        guard let reason, !reason.isEmpty else { throw RegistryError(.invalid, .statusChangeNeedsReason) }
        try updateTeacher(teacher, ["status": status], kind: .statusChanged)
        // A status of someone who left (退休, 死亡, 调出, 辞职 …) ends every open assignment. Nothing is deleted.
        if StaffStatus(code: status)?.isOnStaff != true {
            for id in try Int64.fetchAll(db, sql: "SELECT id FROM assignment WHERE teacher_id = ? AND end_date IS NULL", arguments: [teacher]) {
                try closeAssignment(id, end: date.description)
            }
        }
    }
}

extension RegistryReader {
    /// Teachers at one school for `years` or more without a break (交流轮岗
    /// eligibility), by county: (county, teacher number, school, since).
    /// `years` beyond the calendar's range finds nobody.
    public func rotationEligible(asOf date: CivilDate, years: Int = 6) throws -> [(county: String, number: String, school: String, since: String)] {
        guard let cutoff = date.subtracting(years: years)?.description else { return [] }
        return try Row.fetchAll(db, sql: """
            SELECT coalesce(s.county_code, '') AS county, t.number, a.school_code, a.start_date
            FROM assignment a JOIN teacher t ON t.id = a.teacher_id JOIN school s ON s.code = a.school_code
            WHERE a.kind = 'regular' AND a.end_date IS NULL AND a.start_date <= ? AND t.merged_into IS NULL
            ORDER BY county, a.start_date
            """, arguments: [cutoff]).map { ($0["county"], $0["number"], $0["school_code"], $0["start_date"]) }
    }
}
