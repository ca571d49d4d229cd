import Foundation
import Intake
import Normalization
import Testing

/// A school's whole 中小学 workbook, as schools fill it (a title row above the header, `*` on required headers, cells
/// written as code, label or `code-label`), imported by the CLI: every value is kept, typed, shown with its label,
/// and the assignment starts when the teacher joined the school.
@Suite("Master data from the template")
struct MasterDataTests {
    static let header = [
        "*姓名", "曾用名", "*性别", "教职工号", "*国籍/地区", "*身份证件类型", "*身份证件号", "*出生日期", "籍贯", "出生地", "*民族", "*政治面貌",
        "婚姻状况", "健康状况", "*参加工作年月", "*进本校年月", "*教职工来源", "*教职工类别", "*是否在编", "用人形式", "*签订合同情况",
        "*是否全日制师范类专业毕业", "*是否受过特教专业培养培训", "*是否有特殊教育从业证书", "*信息技术应用能力", "*是否属于免费（公费）师范生",
        "*是否参加基层服务项目", "参加基层服务项目起始年月", "参加基层服务项目结束年月", "*是否是特级教师", "*是否是县级及以上骨干教师",
        "*是否心理健康教育教师", "*人员状态", "备注",
    ]
    static let school = "2136010102"
    static let fileName = "\(school)_南昌市育才小学_中小学教职工基本信息.xlsx"

    /// 李秀英 holds a 15-digit ID, joined in 2005 and works on past retirement age (延聘); 阿依古丽·买买提 joined last
    /// year on a contract; 陳建國 (traditional characters) joined in 2012.
    static func rows(health: String = "1-健康或良好", establishment: String = "1-是", form: String = "") -> [[String]] {
        let ayguli = ResidentIDNumber(body: 650_102_1995_0701_002).fullNumber
        let chen = ResidentIDNumber(body: 360_102_1979_1123_011).fullNumber
        return [
            ["李秀英", "", "2-女", "YC0007", "156-中国", "1-居民身份证", "360102680405002", "1968-04-05", "江西南昌", "江西南昌", "01-汉族", "中共党员",
             "20-已婚", health, "1988-08", "2005-09", "3-调入", "1-专任教师", establishment, form, "1-聘用合同",
             "是", "0-否", "0-否", "2-熟练", "否", "0-否", "", "", "0-否", "1-是", "0-否", "12-延聘", "返聘教学骨干"],
            ["阿依古丽·买买提", "", "女", "YC0311", "156", "1", ayguli, "1995年7月1日", "新疆乌鲁木齐", "新疆喀什", "维吾尔族", "13-群众",
             "10-未婚", "1", "2025-09", "2025-09", "1-录用应届毕业生", "1-专任教师", "0-否", "1-合同制", "2-劳动合同",
             "1-是", "0-否", "0-否", "熟练", "1-是", "1-是", "2025-09", "2028-08", "0-否", "0-否", "1-是", "11-在职", ""],
            ["陳建國", "陈建国", "1-男", "YC0102", "中国", "居民身份证", chen, "1979/11/23", "江西九江", "江西九江", "汉族", "01",
             "20", "1-健康或良好", "2001年7月", "2012年3月", "3", "1", "1", "", "1",
             "1", "0", "0", "1-精通", "0", "0", "", "", "0", "1", "0", "在职", ""],
        ]
    }

    /// The workbook with a title row above the header, as the national template has it.
    static func workbook(_ rows: [[String]], name: String = fileName, in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent(name)
        let title = ["南昌市育才小学教职工基本信息采集表（2026年）"] + Array(repeating: "", count: header.count - 1)
        try XLSXWriter.write(sheet: "教职工基本信息", header: title, rows: [header] + rows, to: url)
        return url
    }

    func registry() throws -> (directory: URL, db: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-master-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = directory.appendingPathComponent("registry.sqlite").path
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        #expect(try CLIProcess.run(["school", "add", "--db", db, "--county", "360102", "--name", "南昌市育才小学", Self.school]).status == 0)
        return (directory, db)
    }

    static func show(_ key: String, db: String) throws -> [String: Any] {
        let output = try CLIProcess.run(["teacher", "show", "--db", db, "--json", key])
        #expect(output.status == 0, "\(output.stderr)")
        return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any] ?? [:]
    }

    static func record(_ shown: [String: Any]) -> [String: (value: String, label: String)] {
        var result: [String: (String, String)] = [:]
        for field in shown["record"] as? [[String: Any]] ?? [] {
            if let key = field["key"] as? String, let value = field["value"] as? String, let label = field["valueLabel"] as? String {
                result[key] = (value, label)
            }
        }
        return result
    }

    @Test func everyColumnOfTheWorkbookIsKeptTypedAndTheAssignmentStartsWhenTheTeacherJoined() throws {
        let (directory, db) = try registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try Self.workbook(Self.rows(), in: directory)
        let imported = try CLIProcess.run(["import", "--db", db, file.path])
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")

        let li = try Self.show("360102680405002", db: db)
        #expect(li["status"] as? String == "12")
        let record = Self.record(li)
        #expect(record["status"]?.value == "12" && record["status"]?.label == "延聘")
        #expect(record["join_school"]?.value == "2005-09")
        #expect(record["first_work"]?.value == "1988-08")
        #expect(record["political_status"]?.value == "01" && record["political_status"]?.label == "中共党员")
        #expect(record["on_establishment"]?.value == "1" && record["on_establishment"]?.label == "是")
        #expect(record["employment_form"] == nil)
        #expect(record["contract"]?.label == "聘用合同")
        #expect(record["staff_source"]?.label == "调入")
        #expect(record["nationality"]?.value == "156")
        #expect(record["it_ability"]?.label == "熟练")
        #expect(record["backbone"]?.value == "1")
        #expect(record["staff_number"]?.value == "YC0007")
        #expect(record["remark"]?.value == "返聘教学骨干")
        // Every column of the template is there, the unfilled optional ones aside.
        let unfilled: Set<String> = ["employment_form", "grassroots_start", "grassroots_end"]
        let templateKeys = Set(Self.header.compactMap { TeacherField.field(header: $0)?.key })
        #expect(templateKeys.count == 27)
        #expect(Set(record.keys) == templateKeys.subtracting(unfilled), "\(templateKeys.subtracting(record.keys))")
        // The values are kept once (the record); the registration event does not repeat them.
        let history = try CLIProcess.run(["teacher", "history", "--db", db, "--json", "360102680405002"])
        let events = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]] ?? []
        let registration = events.first { $0["kind"] as? String == "registered" }?["changes"] as? [[String: Any]] ?? []
        #expect(!registration.isEmpty && !registration.contains { $0["field"] as? String == "health" || $0["field"] as? String == "join_school" })
        let assignments = li["assignments"] as? [[String: Any]] ?? []
        #expect(assignments.count == 1)
        #expect(assignments.first?["school"] as? String == Self.school && assignments.first?["start"] as? String == "2005-09-01")

        let ayguli = Self.record(try Self.show(ResidentIDNumber(body: 650_102_1995_0701_002).fullNumber, db: db))
        #expect(ayguli["on_establishment"]?.value == "0" && ayguli["employment_form"]?.label == "合同制")
        #expect(ayguli["grassroots_start"]?.value == "2025-09" && ayguli["grassroots_end"]?.value == "2028-08")
        #expect(ayguli["political_status"]?.label == "群众")

        // Rotation: six years or more at the school, counted from 进本校年月; not the teacher who came last year.
        let eligible = try CLIProcess.run(["rotation", "eligible", "--db", db, "--as-of", "2026-12-07"])
        #expect(eligible.status == 0)
        let numbers = try ["360102680405002", ResidentIDNumber(body: 360_102_1979_1123_011).fullNumber, ResidentIDNumber(body: 650_102_1995_0701_002).fullNumber]
            .map { try Self.show($0, db: db)["number"] as? String ?? "?" }
        #expect(eligible.stdout.contains(numbers[0]) && eligible.stdout.contains("南昌市育才小学（2136010102）  自 2005-09-01"), "\(eligible.stdout)")
        #expect(eligible.stdout.contains(numbers[1]) && eligible.stdout.contains("自 2012-03-01"))
        #expect(!eligible.stdout.contains(numbers[2]))

        // The teacher's page in the terminal reads labels, not codes.
        let human = try CLIProcess.run(["teacher", "show", "--db", db, "360102680405002"])
        #expect(human.stdout.contains("人员状态：延聘") && human.stdout.contains("政治面貌：中共党员") && human.stdout.contains("进本校年月：2005-09"))
    }

    @Test func aLaterWorkbookChangesFreeFieldsWithHistoryAndOnlyNotesEmploymentFields() throws {
        let (directory, db) = try registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLIProcess.run(["import", "--db", db, try Self.workbook(Self.rows(), in: directory).path]).status == 0)
        let later = directory.appendingPathComponent("later")
        try FileManager.default.createDirectory(at: later, withIntermediateDirectories: true)
        // 健康状况 is the school's to update; 是否在编 changes only through the establishment's own procedures.
        let file = try Self.workbook(Self.rows(health: "2-一般或较弱", establishment: "0-否", form: "2-人事代理"), in: later)
        let second = try CLIProcess.run(["import", "--db", db, file.path])
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        let li = try Self.show("360102680405002", db: db)
        let record = Self.record(li)
        #expect(record["health"]?.value == "2" && record["health"]?.label == "一般或较弱")
        #expect(record["on_establishment"]?.value == "1")
        let history = try CLIProcess.run(["teacher", "history", "--db", db, "--json", "360102680405002"])
        #expect(history.stdout.contains("\"health\""), "\(history.stdout)")
        #expect(history.stdout.contains("identity-differs") && history.stdout.contains("\"on_establishment\""))
    }

    @Test func aSchoolCodeCellThatContradictsTheFileNameRefusesTheRow() throws {
        let (directory, db) = try registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent(Self.fileName)
        try XLSXWriter.write(sheet: "教职工基本信息", header: ["学校标识码"] + Self.header,
                             rows: Self.rows().enumerated().map { [$0.offset == 1 ? "2136010199" : Self.school] + $0.element }, to: url)
        let report = directory.appendingPathComponent("report").path
        let refused = try CLIProcess.run(["import", "--db", db, "--partial", "--json", "--report", report, url.path])
        #expect(refused.stdout.contains("\"rejected\":1"), "\(refused.stdout)\(refused.stderr)")
        let problems = try String(contentsOfFile: report + "/problems.json", encoding: .utf8)
        #expect(problems.contains("TR-024") && problems.contains("\"row\":3"), "\(problems)")
        // The other two rows are the file's school's.
        #expect(try CLIProcess.run(["teacher", "show", "--db", db, "360102680405002"]).status == 0)
        #expect(try CLIProcess.run(["teacher", "show", "--db", db, ResidentIDNumber(body: 650_102_1995_0701_002).fullNumber]).status == 1)
    }

    @Test func aLaterFileOfAnotherSchoolLeavesTheAssignmentAndSaysHandleItAsATransfer() throws {
        let (directory, db) = try registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLIProcess.run(["import", "--db", db, try Self.workbook(Self.rows(), in: directory).path]).status == 0)
        // 东湖区第二小学's file carries 李秀英 too (row 3: the title row, the header, then her).
        let other = try Self.workbook([Self.rows()[0]], name: "2136010103_南昌市东湖区第二小学_中小学教职工基本信息.xlsx", in: directory)
        let report = directory.appendingPathComponent("report").path
        let imported = try CLIProcess.run(["import", "--db", db, "--report", report, other.path])
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let problems = try String(contentsOfFile: report + "/problems.json", encoding: .utf8)
        #expect(problems.contains("TR-021") && problems.contains("\"row\":3") && problems.contains("南昌市育才小学任职"), "\(problems)")
        let assignments = try Self.show("360102680405002", db: db)["assignments"] as? [[String: Any]] ?? []
        #expect(assignments.map { $0["school"] as? String } == [Self.school] && assignments.first?["end"] as? String == nil)
    }
}
