import Foundation
import Normalization
import Testing
@testable import Intake

/// Sub-set rows as schools write them: the teacher named by any form of the ID or by teacher number, values typed,
/// every wrong cell named by row, column and rule.
@Suite struct SubsetFileTests {
    static let assessment = TeacherSubset.subset(key: "assessment")!
    static let education = TeacherSubset.subset(key: "education")!

    func fullWidth(_ text: String) -> String {
        String(text.unicodeScalars.map { Character(Unicode.Scalar($0.value + 0xFEE0)!) })
    }

    func parse(_ subset: TeacherSubset, _ header: [String], _ rows: [[String]]) -> SubsetFile.Reading {
        SubsetFile.parse(CSVTable(file: "育才小学_\(subset.label).csv", header: header,
                                  rows: rows.enumerated().map { CSVTable.Row(line: $0.offset + 2, cells: $0.element) }), as: subset)
    }

    @Test func aTeacherIsNamedByAnyFormOfTheIDOrByTeacherNumber() {
        let eighteen = ResidentIDNumber(body: 360_102_1968_0405_002).fullNumber
        let reading = parse(Self.assessment, ["姓名", "身份证件号", "教师编号", "考核年度", "考核结果"], [
            ["李秀英", "360102680405002", "", "2024年度", "1-优秀"],        // 15 digits: the 18-digit form
            ["阿依古丽·买买提", "", "3640241620142", "2025", "合格"],        // a teacher number only
            ["李秀英", fullWidth(eighteen), "", "2023年", "称职"],                // full-width digits
        ])
        #expect(reading.problems.isEmpty, "\(reading.problems.map(\.message))")
        #expect(reading.rows.map(\.document) == [eighteen, nil, eighteen])
        #expect(reading.rows.map(\.teacherNumber) == [nil, "3640241620142", nil])
        #expect(reading.rows.map { $0.values["year"] } == ["2024", "2025", "2023"])
        #expect(reading.rows.map { $0.values["result"] } == ["1", "2", "2"])
    }

    @Test func everyWrongCellIsNamedAndTheSameRowTwiceWithOtherValuesRefusesBoth() {
        let id = ResidentIDNumber(body: 360_102_1979_1123_011).fullNumber
        let reading = parse(Self.education, ["姓名", "身份证件号", "入学年月", "毕业年月", "学历", "毕业院校"], [
            ["陳建國", id, "1997-09", "2001-07", "本科", "南昌大学"],
            ["陳建國", id, "1997-09", "2001-07", "本科", "江西师范大学"],       // the same row (start, 学历) with another school
            ["陳建國", "36010219791123011", "1990-09", "1988-07", "初中", "=cmd"], // bad ID, end before start, formula
            ["", id, "明年", "", "大学", "南昌二中"],                           // no name, unreadable month, 学历 not in the table
        ])
        #expect(reading.problems.map { "\($0.row) \($0.rule.id) \($0.column)" } == [
            "3 SS-008 入学年月",
            "4 SS-006 身份证件号", "4 SS-005 毕业院校", "4 SS-010 毕业年月",
            "5 SS-002 姓名", "5 SS-004 入学年月", "5 SS-003 学历",
        ])
        #expect(reading.rows.isEmpty)
        #expect(reading.withProblems == ["education"])
        #expect(!reading.problems.contains { $0.message.contains("36010219791123011") })
    }

    @Test func aSheetWithoutItsRequiredColumnsSaysWhich() {
        let reading = parse(Self.assessment, ["姓名", "考核年度"], [["李秀英", "2024"]])
        #expect(reading.problems.map(\.column) == ["身份证件号（或教师编号）", "考核结果"])
        #expect(reading.problems.allSatisfy { $0.rule.id == "SS-001" })
    }

    @Test func aFileThatNamesNoSubsetIsRefused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("名单-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        try "姓名,身份证件号\n李秀英,360102680405002\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: IntakeError.self) { try SubsetFile.read(url) }
    }
}
