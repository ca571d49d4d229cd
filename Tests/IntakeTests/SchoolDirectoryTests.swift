import Foundation
@testable import Intake
import Normalization
import Testing

/// The school directory (学校名录) as counties keep it: codes, labels and `code-label` cells read alike, a title row
/// above the header, and every wrong cell named by row, column and rule.
@Suite struct SchoolDirectoryTests {
    static let directory = SchoolDirectory(province: 36, regions: try! RegionTable.shipped())
    static let header = ["*学校标识码", "*学校名称", "*所在县区代码", "办学类型", "城乡分类", "办别", "举办者", "在校生数"]

    func read(_ rows: [[String]], header: [String] = header) -> SchoolDirectory.Reading {
        let table = CSVTable(file: "东湖区学校名录.csv", header: header,
                             rows: rows.enumerated().map { CSVTable.Row(line: $0.offset + 2, cells: $0.element) })
        return Self.directory.parse(table)
    }

    @Test func codesLabelsAndCodeLabelCellsAllReadToTheSameTypedValues() throws {
        let reading = read([
            ["2136010102", "南昌市育才小学", "360102", "211-小学", "111", "1-公办", "南昌市东湖区教育体育局", "1,350"],
            ["3136010201", "南昌市東湖區第二中學", "360102", "初中", "城区", "公办", "", "980"],
            ["3136010301", "南昌市第十九中学", "360102000000", "完全中学", "镇区", "民办", "", "2400.0"],
            ["2136010401", "南昌市红谷滩区𠮷祥小学", "360113", "中小学", "220", "2", "", ""],
        ])
        #expect(reading.problems.isEmpty, "\(reading.problems.map(\.message))")
        let schools = reading.entries.map(\.school)
        #expect(schools.map(\.schoolType) == ["211", "311", "341", nil])
        #expect(schools.map(\.templateKind) == ["中小学", "中小学", "中小学", "中小学"])
        #expect(schools.map(\.urbanRural) == ["111", "1", "2", "220"])
        #expect(schools.compactMap(\.urbanRural).compactMap(SchoolDescription.urbanRuralClass) == ["1", "1", "2", "3"])
        #expect(schools.map(\.sponsorship) == ["1", "1", "2", "2"])
        #expect(schools.map(\.students) == [1350, 980, 2400, nil])
        // A 12-digit statistical code is read as its county; 红谷滩区 (360113, created 2019) is a county of the table.
        #expect(schools.map(\.county) == ["360102", "360102", "360102", "360113"])
        #expect(schools[3].name == "南昌市红谷滩区𠮷祥小学")
    }

    @Test func everyWrongCellIsNamedByRowColumnAndRuleAndItsRowIsNotTaken() {
        let reading = read([
            ["2136010102", "南昌市育才小学", "360102", "小学", "城区", "公办", "", "1200"],
            ["2111010102", "北京市某小学", "110101", "小学", "", "", "", ""],          // another province's school code
            ["2136010103", "东湖区第三小学", "999999", "小学", "火星", "3", "", "abc"],   // county, codes, number
            ["2136010104", "=HYPERLINK(\"x\")", "110101", "", "", "", "", "-1"],        // formula, county of Beijing, negative
            ["1136010105", "东湖区育苗幼儿园", "360102", "初级中学", "", "", "", ""],     // a kindergarten code with a secondary type
            ["2136010106", "", "360102", "", "", "", "", ""],                             // no name
            ["2136010102", "南昌市育才小学（本部）", "360102", "小学", "城区", "公办", "", "1200"],  // the first row again, differing
        ])
        let found = reading.problems.map { "\($0.row) \($0.rule.id) \($0.column)" }
        #expect(found == [
            "3 SD-003 学校标识码",
            "4 SD-004 所在县区代码", "4 SD-005 城乡分类", "4 SD-005 办别", "4 SD-006 在校生数",
            "5 SD-007 学校名称", "5 SD-004 所在县区代码", "5 SD-006 在校生数",
            "6 SD-010 办学类型",
            "7 SD-002 学校名称",
            "8 SD-008 学校标识码",
        ], "\(found)")
        // The duplicated school is taken from neither of its rows.
        #expect(reading.entries.isEmpty)
        #expect(reading.problems.allSatisfy { $0.file == "东湖区学校名录.csv" && !$0.message.isEmpty && !$0.messageEnglish.isEmpty })
    }

    @Test func aDirectoryWithoutARequiredColumnSaysWhichAndTakesNothing() {
        let reading = read([["2136010102", "南昌市育才小学"]], header: ["学校标识码", "学校名称", "办学类型"])
        #expect(reading.problems.map { "\($0.row) \($0.rule.id) \($0.column)" } == ["1 SD-001 所在县区代码"])
        #expect(reading.entries.isEmpty)
    }

    @Test func aWorkbookWithATitleRowAboveTheHeaderReads() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("学校名录-\(UUID()).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        try XLSXWriter.write(sheet: "学校名录", header: ["南昌市东湖区中小学校名录（2026年）"] + Array(repeating: "", count: 7),
                             rows: [Self.header, ["2136010102", "南昌市育才小学", "360102", "小学", "城区", "公办", "", "1200"]], to: url)
        let reading = try Self.directory.read(url)
        #expect(reading.problems.isEmpty)
        #expect(reading.entries.map(\.row) == [3])
        #expect(reading.entries.first?.school == SchoolDescription(code: "2136010102", name: "南昌市育才小学", county: "360102", schoolType: "211",
                                                                   templateKind: "中小学", urbanRural: "1", sponsorship: "1", students: 1200))
    }

    @Test func aGBKDirectoryReadsAndAFileThatIsNoDirectorySaysWhy() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("directory-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // "学校标识码,学校名称,所在县区代码\n2136010102,南昌市育才小学,360102\n" in GBK, as Excel on a Chinese Windows saves CSV.
        let hex = "d1a7d0a3b1eacab6c2eb2cd1a7d0a3c3fbb3c62ccbf9d4dacfd8c7f8b4fac2eb0a323133363031303130322cc4cfb2fdcad0d3fdb2c5d0a1d1a72c3336303130320a"
        let bytes = stride(from: 0, to: hex.utf8.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
        let csv = folder.appendingPathComponent("名录.csv")
        try Data(bytes).write(to: csv)
        #expect(String(data: Data(bytes), encoding: .utf8) == nil)
        #expect(try Self.directory.read(csv).entries.map(\.school.name) == ["南昌市育才小学"])

        let workbook = folder.appendingPathComponent("教师.xlsx")
        try XLSXWriter.write(sheet: "教师", header: ["姓名", "性别"], rows: [["张伟", "男"]], to: workbook)
        #expect(throws: IntakeError.self) { try Self.directory.read(workbook) }
        #expect(throws: IntakeError.self) { try Self.directory.read(folder.appendingPathComponent("名录.xls")) }
    }
}

/// Every rule a school or officer may meet is documented where they look it up, under its id.
@Suite struct RuleDocumentationTests {
    @Test func everyRuleOfTheTemplateTheDirectoryAndTheSubsetsIsInTheImportManual() throws {
        let manual = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/import.md"), encoding: .utf8)
        let rules = ValidationRule.all + ValidationRule.directory + ValidationRule.subsets
        #expect(Set(rules.map(\.id)).count == rules.count)
        #expect(rules.filter { !manual.contains($0.id) }.map(\.id).isEmpty)
    }
}
