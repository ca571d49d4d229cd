import Foundation
import Normalization
import Testing
import ZIPFoundation
@testable import Intake

@Suite struct ValidationTests {
    static let header = ["*姓名", "曾用名", "*性别", "*国籍/地区", "*身份证件类型", "*身份证件号", "*出生日期", "*民族", "*政治面貌",
                         "*参加工作年月", "*进本校年月", "*是否在编", "*用人形式", "*人员状态", "教师资格", "任教学科"]
    static let validator = try! TemplateValidator(today: CivilDate(year: 2026, month: 11, day: 22)!)

    static func id(_ body: UInt64) -> String { ResidentIDNumber(body: body).fullNumber }

    /// A clean row; `changes` overrides cells by header.
    static func row(_ changes: [String: String] = [:]) -> [String] {
        var cells: [String: String] = [
            "*姓名": "王芳", "*性别": "2-女", "*国籍/地区": "156-中国", "*身份证件类型": "1-居民身份证",
            "*身份证件号": id(36010319871102002), "*出生日期": "1987-11-02", "*民族": "01-汉族", "*政治面貌": "13-群众",
            "*参加工作年月": "2009-09", "*进本校年月": "2012-09", "*是否在编": "1-是", "*人员状态": "11-在职", "教师资格": "2-小学",
            "任教学科": "语文",
        ]
        for (key, value) in changes { cells[key] = value }
        return header.map { cells[$0] ?? "" }
    }

    func rules(_ changes: [String: String]) -> [String] {
        let table = CSVTable(file: "学校.xlsx", sheet: "Sheet1", header: Self.header, rows: [CSVTable.Row(line: 3, cells: Self.row(changes))])
        return Self.validator.validate(table).map(\.rule.id)
    }

    /// Problems of one row in a file named for a school and template, with extra columns.
    func problems(file: String, extra: [(String, String)], _ changes: [String: String] = [:]) -> [ValidationProblem] {
        let header = Self.header.map { $0 == "*进本校年月" && file.contains("幼儿园") ? "*进本园年月" : $0 } + extra.map(\.0)
        var cells = Self.row(changes) + extra.map(\.1)
        if let index = Self.header.firstIndex(of: "*进本校年月"), let value = changes["*进本园年月"] { cells[index] = value }
        let table = CSVTable(file: file, sheet: "Sheet1", header: header, rows: [CSVTable.Row(line: 3, cells: cells)])
        return Self.validator.validate(table)
    }

    /// The columns the field table types beyond the rules above: a value outside its table, a month that is not one.
    @Test func aTemplateValueOutsideItsTableOrAMonthThatIsNoneIsNamedWithItsRule() {
        func found(_ extra: [(String, String)]) -> [(String, String)] {
            problems(file: "学校.xlsx", extra: extra).map { ($0.rule.id, $0.column) }
        }
        #expect(found([("*签订合同情况", "5-口头约定")]).map(\.0) == ["TR-002"])
        #expect(found([("*签订合同情况", "5-口头约定")]).first?.1 == "*签订合同情况")
        #expect(found([("参加基层服务项目起始年月", "2025年13月")]).map(\.0) == ["TR-005"])
        #expect(found([("参加基层服务项目起始年月", "2025")]).map(\.0) == ["TR-005"])
        #expect(found([("*签订合同情况", "聘用合同"), ("参加基层服务项目起始年月", "2025年9月"), ("*学位", "4")]).isEmpty)
    }

    @Test func eachTemplateRequiresItsOwnColumnsAndChecksTheirCells() {
        // 特教: its columns missing, each named.
        let special = problems(file: "5136010001_南昌市启智学校_特教教职工基本信息.xlsx", extra: [])
        let missing = Set(special.filter { $0.rule == .missingColumn }.map(\.column))
        #expect(missing.isSuperset(of: ["从事特教起始年月", "健康状况", "是否全日制特殊教育专业毕业", "是否受过特教专业培养培训"]))
        // 特教 with its columns: special education cannot start after joining the school; 健康状况 is required; 是否 cells are yes or no.
        let specialColumns = ["是否全日制师范类专业毕业", "是否受过特教专业培养培训", "是否有特殊教育从业证书", "信息技术应用能力",
                              "是否属于免费（公费）师范生", "是否参加基层服务项目", "是否是特级教师", "是否是县级及以上骨干教师",
                              "是否心理健康教育教师", "是否全日制特殊教育专业毕业"].map { ("*" + $0, $0 == "信息技术应用能力" ? "2-熟练" : "0-否") }
        let late = problems(file: "5136010001_南昌市启智学校_特教教职工基本信息.xlsx",
                            extra: specialColumns + [("*健康状况", ""), ("*从事特教起始年月", "2015-03")])
        #expect(late.contains { $0.rule == .specialEducationAfterSchool && $0.column == "*从事特教起始年月" })
        #expect(late.contains { $0.rule == .required && $0.column == "*健康状况" })
        #expect(!late.contains { $0.rule == .missingColumn }, "\(late.map(\.message))")
        let wrongCode = problems(file: "5136010001_南昌市启智学校_特教教职工基本信息.xlsx",
                                 extra: specialColumns.map { $0.0 == "*是否是特级教师" ? ($0.0, "可能") : $0 }
                                     + [("*健康状况", "1-健康或良好"), ("*从事特教起始年月", "2010-03")])
        #expect(wrongCode.map(\.rule) == [.code])
        #expect(wrongCode.first?.column == "*是否是特级教师")
        // 幼儿园: the join date is 进本园年月; a 进本校年月 column is the wrong template's.
        let kindergartenColumns = ["是否全日制师范类专业毕业", "是否全日制学前教育专业毕业", "是否受过学前教育专业培养培训", "信息技术应用能力",
                                   "是否属于免费(公费)师范生", "是否参加基层服务项目", "是否是特级教师", "是否是县级及以上骨干教师",
                                   "是否心理健康教育教师"].map { ("*" + $0, $0 == "信息技术应用能力" ? "熟练" : "1-是") }
        #expect(problems(file: "1136010001_南昌市第一幼儿园_幼儿园教职工基本信息.xlsx", extra: kindergartenColumns).isEmpty)
        let schoolHeader = CSVTable(file: "1136010001_南昌市第一幼儿园_幼儿园教职工基本信息.xlsx", sheet: nil,
                                    header: Self.header + kindergartenColumns.map(\.0),
                                    rows: [CSVTable.Row(line: 3, cells: Self.row() + kindergartenColumns.map(\.1))])
        #expect(Self.validator.validate(schoolHeader).map(\.column) == ["进本园年月"])
        // A file that names no template is held to the common columns only.
        #expect(rules([:]) == [])
    }

    @Test func aCleanRowHasNoProblem() {
        #expect(rules([:]) == [])
    }

    @Test(arguments: [
        (["*进本校年月": ""], "TR-001"),
        (["*民族": "99-火星族"], "TR-002"),
        (["*身份证件号": "36010319871102003X"], "TR-003"),
        (["*身份证件类型": "X-其它"], "TR-004"),
        (["*出生日期": "1987-02-30"], "TR-005"),
        (["*出生日期": "1987-11-03"], "TR-006"),
        (["*性别": "1-男"], "TR-007"),
        (["*参加工作年月": "2000-09", "*进本校年月": "2012-09"], "TR-008"),
        (["*参加工作年月": "2013-09"], "TR-009"),
        (["*进本校年月": "2027-09"], "TR-010"),
        (["*用人形式": "合同制"], "TR-011"),
        (["*政治面貌": ""], "TR-012"),
        (["教师资格": "0-无"], "TR-013"),
        (["*人员状态": "01-退休"], "TR-014"),
        (["*姓名": "王\u{E000}"], "TR-015"),
    ])
    func eachRuleFiresForItsCase(_ changes: [String: String], _ rule: String) {
        #expect(rules(changes).contains(rule), "\(rules(changes))")
    }

    @Test func codesLabelsAndRenamedLabelsAreAccepted() {
        #expect(rules(["*民族": "德昂族"]) == [])
        #expect(rules(["*民族": "崩龙族"]) == [])
        #expect(rules(["*民族": "46"]) == [])
        #expect(rules(["*政治面貌": "群众", "*性别": "女"]) == [])
    }

    @Test func missingTemplateColumnIsReportedOnceForTheFile() {
        let header = Self.header.filter { $0 != "*人员状态" }
        let cells = Self.row().enumerated().filter { Self.header[$0.offset] != "*人员状态" }.map(\.element)
        let problems = Self.validator.validate(CSVTable(file: "x.xlsx", sheet: "S", header: header, rows: [.init(line: 3, cells: cells)]))
        #expect(problems.map(\.rule.id) == ["TR-000"])
        #expect(problems[0].row == 2)
    }

    @Test func problemsNameTheCellAndMaskDocumentNumbers() throws {
        let number = "36010319871102003X"
        let table = CSVTable(file: "学校.xlsx", sheet: "Sheet1", header: Self.header,
                             rows: [CSVTable.Row(line: 7, cells: Self.row(["*身份证件号": number]))])
        let problem = try #require(Self.validator.validate(table).first { $0.rule.id == "TR-003" })
        #expect(problem.file == "学校.xlsx" && problem.sheet == "Sheet1" && problem.row == 7 && problem.column == "*身份证件号")
        #expect(!problem.message.contains(number))
        #expect(problem.message.contains("360103**********3X"))
    }

    @Test func aTableCheckedInChunksOnEveryCoreReportsWhatOneChunkReportsInRowOrder() throws {
        // Fifty rows, every seventh with a bad check digit, every eleventh born on a date its ID does not give.
        let rows = (0..<50).map { index in
            var changes: [String: String] = [:]
            if index % 7 == 3 { changes["*身份证件号"] = String(Self.id(36010319871102002).dropLast()) + "5" }
            if index % 11 == 5 { changes["*出生日期"] = "1987-12-02" }
            return CSVTable.Row(line: index + 2, cells: Self.row(changes))
        }
        let table = CSVTable(file: "学校.xlsx", sheet: "教职工", header: Self.header, rows: rows)
        var chunked = Self.validator, whole = Self.validator
        chunked.rowsPerChunk = 3
        whole.rowsPerChunk = 1_000
        let problems = chunked.validate(table)
        #expect(problems.map { "\($0.row) \($0.rule.id) \($0.column)" } == whole.validate(table).map { "\($0.row) \($0.rule.id) \($0.column)" })
        #expect(problems.map(\.row) == problems.map(\.row).sorted())
        #expect(Set(problems.map(\.row)) == Set(rows.indices.filter { $0 % 7 == 3 || $0 % 11 == 5 }.map { $0 + 2 }))
    }

    @Test func everyRuleHasAStableUniqueID() {
        let ids = ValidationRule.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.hasPrefix("TR-") })
    }
}

@Suite struct ErrorWorkbookTests {
    @Test func markedCopyHasAnExplanationColumnAndRedCells() throws {
        let original = ReaderTests.samples.appendingPathComponent("2136010102_南昌市育才小学_中小学教职工基本信息.xlsx")
        let tables = try TeacherFiles.read(contentsOf: original)
        let problems = tables.flatMap(ValidationTests.validator.validate)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("marked-\(UUID()).xlsx")
        defer { try? FileManager.default.removeItem(at: copy) }
        try ErrorWorkbook.write(original: original, problems: problems, to: copy)

        let marked = try TeacherFiles.read(contentsOf: copy)[0]
        #expect(marked.header.last == "问题说明")
        #expect(marked.header.dropLast() == tables[0].header[...])
        let notes = marked.rows.map { $0.cells.count > tables[0].header.count ? $0.cells[tables[0].header.count] : "" }
        #expect(notes.filter { !$0.isEmpty }.count == Set(problems.map(\.row)).count)
        #expect(notes.contains { $0.contains("[TR-007]") })
        // The original cells are untouched.
        let width = tables[0].header.count
        for (before, after) in zip(tables[0].rows, marked.rows) {
            let padded: [String] = before.cells + Array(repeating: "", count: max(0, width - before.cells.count))
            let kept: [String] = Array(after.cells.prefix(width))
            #expect(kept == padded, "row \(before.line)")
        }
        var package = try ZipPackage(url: copy)
        let styles = String(decoding: try package.part("xl/styles.xml"), as: UTF8.self)
        #expect(styles.contains("FFFFC7CE"))
    }

    @Test func aSheetAnnotatedAFewBytesAtATimeIsTheSheetAnnotatedWhole() throws {
        // Pieces of 7 bytes cut rows, tags and the three bytes of each Chinese character apart.
        let original = ReaderTests.samples.appendingPathComponent("2136010102_南昌市育才小学_中小学教职工基本信息.xlsx")
        let tables = try TeacherFiles.read(contentsOf: original)
        let problems = tables.flatMap(ValidationTests.validator.validate)
        let sheet = try #require(tables.first?.sheet)
        let list = try #require(try XLSXSheetStream.sheets(of: original).first { $0.sheet == sheet })
        let (header, headerRow) = try list.header()
        var package = try ZipPackage(url: original)
        let path = try #require(try XLSXReader.sheets(&package).first { $0.0 == sheet }?.1)
        let xml = String(decoding: try package.part(path), as: UTF8.self)
        #expect(xml.contains("<row ") && xml.utf8.count > 7 * 100)
        let marks = ErrorWorkbook.RowMarks(header: header, headerRow: headerRow, problems: problems.filter { $0.sheet == sheet }, style: 9)
        let whole = marks.annotate(xml)
        #expect(whole != xml && whole.contains("问题说明"))

        let archive = try Archive(url: original, accessMode: .read)
        let entry = try #require(archive[path])
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("annotated-\(UUID()).xml")
        defer { try? FileManager.default.removeItem(at: out) }
        for size in [7, 4096] {
            #expect(FileManager.default.createFile(atPath: out.path, contents: nil))
            let handle = try FileHandle(forWritingTo: out)
            try ErrorWorkbook.annotate(entry, of: archive, with: marks, into: handle, bufferSize: size)
            try handle.close()
            #expect(String(decoding: try Data(contentsOf: out), as: UTF8.self) == whole, "pieces of \(size) bytes")
        }
    }

    @Test func aRowCutOffAtTheEndIsCopiedAsItIs() {
        let marks = ErrorWorkbook.RowMarks(header: ["姓名"], headerRow: 1, problems: [], style: 3)
        let cut = #"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2""#
        #expect(marks.annotate(cut) == #"<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>问题说明</t></is></c></row><row r="2"><c r="A2""#)
        #expect(marks.annotate(#"<row r="3""#) == #"<row r="3""#)
    }
}

@Suite struct SchoolFileNameTests {
    @Test func templateNamesAreParsedAndCheckedAgainstTheSchoolType() throws {
        let name = try #require(SchoolFileName("3136010001_南昌市第一中学_中小学教职工基本信息.xlsx"))
        #expect(name.schoolCode == "3136010001" && name.schoolName == "南昌市第一中学" && name.templateKind == "中小学")
        #expect(name.codeProblem == nil && name.templateProblem == nil)
        #expect(SchoolFileName("1136010007_实验幼儿园_中小学教职工基本信息.xlsx")?.templateProblem != nil)
        #expect(SchoolFileName("9936010001_某校_中小学.xlsx")?.codeProblem != nil)
        #expect(SchoolFileName("3100010001_某校_中小学.xlsx")?.codeProblem != nil)  // province 00
        #expect(SchoolFileName("teachers.xlsx") == nil)
    }
}
