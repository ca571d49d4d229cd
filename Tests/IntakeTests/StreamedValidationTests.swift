import Foundation
import Testing
@testable import Intake

/// A file checked a part at a time (as `validate` and `import` read a large
/// file) gives exactly the problems it gives when checked whole.
@Suite struct StreamedValidationTests {
    static let samples = ReaderTests.samples

    func streams(_ url: URL) throws -> [any TableStream] {
        try #require(TeacherFiles.open(url).entries.first?.streams)
    }

    @Test func theCountyCSVCheckedInPartsGivesItsWholeProblemsInOrder() throws {
        // 2,000 rows with bad check digits, 15-digit IDs, dates five ways and codes as labels.
        let url = Self.samples.appendingPathComponent("county/teachers.csv")
        let whole = try TeacherFiles.read(contentsOf: url).flatMap(ValidationTests.validator.validate)
        #expect(whole.count > 100)
        for rows in [1, 150, 1_999, 5_000] {
            var told: [Int] = []
            let streamed = try ValidationTests.validator.validate(try streams(url)[0], rows: rows) { told.append($0) }
            #expect(streamed == whole)
            #expect(told.last == 2_000)
            #expect(told == told.sorted())
        }
    }

    @Test func aWorkbookSheetBelowItsTitleRowCheckedInPartsGivesItsWholeProblems() throws {
        let url = Self.samples.appendingPathComponent("2136010102_南昌市育才小学_中小学教职工基本信息.xlsx")
        let whole = try TeacherFiles.read(contentsOf: url).flatMap(ValidationTests.validator.validate)
        #expect(whole.contains { $0.rule == .genderMismatch })
        let streamed = try streams(url).flatMap { try ValidationTests.validator.validate($0, rows: 2) }
        #expect(streamed == whole)
    }

    @Test func aMissingTemplateColumnIsReportedOnceHoweverManyPartsTheFileHas() throws {
        // A 中小学 template without 是否在编 and 人员状态 (nor the template's own columns):
        // each missing column is one TR-000 on the header row, not one per part.
        let header = ValidationTests.header.filter { $0 != "*是否在编" && $0 != "*人员状态" }
        let names = ["張偉", "阿依古丽·买买提", "𠮷田花子", "歐陽修", "王芳"]
        let lines = [header.joined(separator: ",")] + names.map { name in
            let full = ValidationTests.row(["*姓名": name])
            return zip(ValidationTests.header, full).filter { header.contains($0.0) }.map(\.1).joined(separator: ",")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("streamed-validation-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("2136010102_南昌市育才小学_中小学教职工基本信息.csv")
        try Data(lines.joined(separator: "\n").utf8).write(to: url)

        let whole = try TeacherFiles.read(contentsOf: url).flatMap(ValidationTests.validator.validate)
        let streamed = try ValidationTests.validator.validate(try streams(url)[0], rows: 2)
        let missing = streamed.filter { $0.rule == .missingColumn }
        #expect(missing.contains { $0.column == "是否在编" } && missing.contains { $0.column == "人员状态" })
        #expect(Set(missing.map(\.column)).count == missing.count)
        #expect(missing.allSatisfy { $0.row == 1 })
        #expect(streamed == whole)
    }
}
