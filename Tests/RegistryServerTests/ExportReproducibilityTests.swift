import Foundation
import Normalization
import Registry
import RegistryService
import Testing

/// An export of a past day reproduces, byte for byte, what was exported
/// that day, whatever happened since: renames, transfers back-dated before
/// it, re-keyed IDs, merges and unmerges, new teachers.
@Suite("National export as of a day")
struct ExportReproducibilityTests {
    static let officer = Actor(user: "省厅数据员", role: "province")
    static let province = Principal(name: "省厅数据员", role: .province, jurisdiction: "36")

    static func instant(_ day: String) -> String { "\(day)T02:00:00.000Z" }

    @Test func anExportOfAPastDayIsReproducedExactlyAndADeltaListsOnlyTheChanges() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try RegistryDatabase(path: directory.appendingPathComponent("registry.sqlite").path)
        try database.initialise(province: 36)
        let service = try RegistryService(database: database)
        try service.describeSchool(Self.province, code: "2136010102", name: "南昌市育才小学", county: "360102")
        try service.describeSchool(Self.province, code: "2136011101", name: "南昌市青山湖区小学", county: "360111")

        let people: [(String, String, String, UInt64, String)] = [
            ("王建华", "1", "1975-01-20", 360_102_1975_0120_013, "2136010102"),
            ("阿依古丽·买买提", "2", "1990-07-01", 650_102_1990_0701_002, "2136010102"),
            ("陳淑芬", "2", "1983-09-09", 360_102_1983_0909_024, "2136011101"),
            ("王建华", "1", "1975-01-20", 360_102_1975_0120_035, "2136011101"),
        ]
        let cells = people.enumerated().map { index, person in
            TeacherCells(recordID: "r\(index)", schoolCode: person.4, identity: IdentityCells(
                name: person.0, gender: person.1, birthDate: person.2, documentType: "1", documentNumber: ResidentIDNumber(body: person.3).fullNumber))
        }
        let sources = cells.enumerated().map { SourceRow(file: "2026春季.csv", row: $0.offset + 2, raw: $0.element.sourceJSON) }
        let outcomes = try service.registrar.registerBatch(cells, sources: sources, actor: Self.officer, on: CivilDate("2026-03-01")!)
        let numbers = outcomes.compactMap { outcome -> String? in
            if case .registered(let number) = outcome { return number.text }
            return nil
        }
        #expect(numbers.count == 3)  // the second 王建华 (another valid ID, same birth date) waits for review
        let ids = try database.read { reader in try numbers.map { try reader.teacher(number: $0)!.id } }

        // The gate holds the export until the review is decided (twins: different persons).
        #expect(throws: ServiceError.self) { try service.nationalExport(Self.province, asOf: CivilDate("2026-03-31")!, today: CivilDate("2026-03-31")!) }
        let reviewer = Principal(name: "复核员", role: .province, jurisdiction: "36")
        let item = try #require(try service.reviewQueue(reviewer).first)
        _ = try service.decideReview(reviewer, id: item.id, decision: .differentPersons, reason: "双胞胎，核对户口本")

        let march = try service.nationalExport(Self.province, asOf: CivilDate("2026-03-31")!, today: CivilDate("2026-03-31")!)
        #expect(march.manifest.teachers == 3)

        // May: a rename, a transfer back-dated to March 15, a re-key, a new teacher; then a merge and an unmerge.
        try database.change(Self.officer, reason: "姓名更正（户籍证明）", at: Self.instant("2026-05-10")) { change in
            _ = try change.updateTeacher(ids[2], ["name": "陈淑芬"])
            let open = try change.reader.assignments(of: ids[1]).first { $0.endDate == nil }!
            try change.closeAssignment(open.id, end: "2026-03-15")
            try change.openAssignment(ids[1], school: "2136011101", kind: .regular, start: "2026-03-15", establishmentMoved: true)
            try change.rekey(ids[0], kind: "resident", newNumber: ResidentIDNumber(body: 360_102_1975_0120_051).fullNumber)
        }
        let newcomer = TeacherCells(recordID: "n1", schoolCode: "2136010102", identity: IdentityCells(
            name: "𠮷田花子", gender: "2", birthDate: "1995-12-31", documentType: "1", documentNumber: ResidentIDNumber(body: 360_102_1995_1231_062).fullNumber))
        _ = try service.registrar.registerBatch([newcomer], sources: [SourceRow(file: "补录.csv", row: 2, raw: newcomer.sourceJSON)],
                                                actor: Self.officer, on: CivilDate("2026-05-20")!)
        try database.change(Self.officer, reason: "同一人重复登记", at: Self.instant("2026-06-01")) { try $0.merge(ids[2], into: ids[1]) }
        try database.change(Self.officer, reason: "误合并，撤销", at: Self.instant("2026-07-01")) { try $0.unmerge(ids[2]) }

        // March again, long after: the same bytes, the same manifest.
        let marchAgain = try service.nationalExport(Self.province, asOf: CivilDate("2026-03-31")!, today: CivilDate("2026-11-22")!)
        #expect(marchAgain.manifest == march.manifest)
        #expect(marchAgain.files.map(\.data) == march.files.map(\.data))

        // June: the changes, the merge in force (three teachers: the merged one is gone, the newcomer is in).
        let june = try service.nationalExport(Self.province, asOf: CivilDate("2026-06-30")!, today: CivilDate("2026-11-22")!)
        #expect(june.manifest.contentHash != march.manifest.contentHash)
        let juneCSV = String(decoding: june.files[0].data, as: UTF8.self)
        #expect(juneCSV.contains("𠮷田花子"))
        #expect(!juneCSV.contains("陈淑芬") && !juneCSV.contains("陳淑芬"))  // merged away on June 1
        #expect(juneCSV.contains(ResidentIDNumber(body: 360_102_1975_0120_051).fullNumber))
        let aygul = juneCSV.split(separator: "\r\n").first { $0.contains("阿依古丽") }
        #expect(aygul?.contains("2136011101") == true)
        // 身份证件类型 as the national template codes it (1 居民身份证), never the registry's own kind names.
        #expect(aygul?.contains("1990-07-01,1,\(ResidentIDNumber(body: 650_102_1990_0701_002).fullNumber)") == true, "\(aygul ?? "")")
        #expect(!juneCSV.contains("resident"))
        // After the unmerge (July), June is still June.
        #expect(try service.nationalExport(Self.province, asOf: CivilDate("2026-06-30")!, today: CivilDate("2026-11-22")!).files.map(\.data) == june.files.map(\.data))

        // The delta since March lists only the teachers changed, marking the newcomer as new.
        let delta = try service.nationalExport(Self.province, asOf: CivilDate("2026-06-30")!, since: CivilDate("2026-03-31")!, today: CivilDate("2026-11-22")!)
        let lines = String(decoding: delta.files[0].data, as: UTF8.self).split(separator: "\r\n").dropFirst()
        #expect(lines.count == 3)
        #expect(lines.contains { $0.contains("𠮷田花子") && $0.hasSuffix("新增") })
        #expect(lines.allSatisfy { !$0.contains("陈淑芬") })
    }
}
