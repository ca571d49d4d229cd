import Foundation
import GRDB
import Normalization
@testable import Registry
import RegistryService
import Testing

/// A teacher's template record as of a past day: the current values with the later changes undone — the registration
/// does not repeat the values it stores once.
@Suite struct RecordAsOfTests {
    @Test func aPastDayShowsTheValuesThenAndTheRegistrationEventDoesNotRepeatThem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("record-as-of-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try RegistryDatabase(path: directory.appendingPathComponent("registry.sqlite").path)
        try database.initialise(province: 36)
        let service = try RegistryService(database: database)
        let clerk = Actor(user: "导入", role: "province")
        // Registered on 2026-03-01 with its template values kept in `teacher_record`, as an import keeps them.
        let (id, number) = try database.change(clerk, at: "2026-03-01T02:00:00.000Z") { change in
            let teacher = try change.createTeacher(["name": "陳建國", "name_key": "陈建国", "birth_date": "1979-11-23"])
            try change.addDocument(teacher.id, kind: "resident", number: ResidentIDNumber(body: 360_102_1979_1123_011).fullNumber)
            try change.openAssignment(teacher.id, school: "2136010102", kind: .regular, start: "2012-03-01")
            try change.db.execute(sql: "INSERT INTO teacher_record (teacher_id, fields) VALUES (?, ?)",
                                  arguments: [teacher.id, #"{"health":"1","join_school":"2012-03","marital_status":"10"}"#])
            return (teacher.id, teacher.number)
        }
        // Married in the summer: the autumn file says so.
        try database.change(clerk, at: "2026-09-10T02:00:00.000Z") { change in
            try change.applyRecord(id, ["marital_status": "20"], source: SourceRow(file: "2026秋季.csv", row: 2, raw: "{}"))
        }
        let province = Principal(name: "省厅", role: .province, jurisdiction: "36")
        func marital(_ day: String?) throws -> String? {
            try service.teacher(province, key: number, asOf: day.flatMap(CivilDate.init)).record.first { $0.key == "marital_status" }?.value
        }
        #expect(try marital(nil) == "20")
        #expect(try marital("2026-06-30") == "10")
        #expect(try marital("2026-09-10") == "20")
        #expect(try service.teacher(province, key: number, asOf: CivilDate("2026-06-30")).record.first { $0.key == "health" }?.valueLabel == "健康或良好")
        // The registration event names the teacher, the document and the assignment, not the record's values.
        let registration = try #require(try database.read { try $0.history(of: id) }.first { $0.kind == "registered" })
        #expect(!registration.changes.contains { $0.field == "marital_status" || $0.field == "health" })
    }
}
