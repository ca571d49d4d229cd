import Foundation
import Intake
import Normalization
import Testing

/// The national sub-sets from a school's workbook, one sheet each: rows found by ID number (15-digit forms too) and
/// name (traditional or simplified), typed, kept with field-level history, the list replaced as a whole.
@Suite("Sub-sets")
struct SubsetCLITests {
    static let li = "360102680405002"  // 李秀英's 15-digit ID
    static let ayguli = ResidentIDNumber(body: 650_102_1995_0701_002).fullNumber
    static let chen = ResidentIDNumber(body: 360_102_1979_1123_011).fullNumber

    /// A sheet with a title row above its header, as schools fill them.
    static func sheet(_ name: String, _ header: [String], _ rows: [[String]]) -> XLSXWriter.Sheet {
        XLSXWriter.Sheet(name: name, header: ["\(name)（2026年）"] + Array(repeating: "", count: header.count - 1), rows: [header] + rows)
    }

    static let educationHeader = ["*姓名", "*身份证件号", "*入学年月", "毕业年月", "*学历", "学位", "*毕业院校", "所学专业", "是否师范类专业", "学习方式"]
    static let assessmentHeader = ["*姓名", "*身份证件号", "*考核年度", "*考核结果", "考核单位名称"]
    static let qualificationHeader = ["*姓名", "*身份证件号", "*教师资格种类", "*教师资格证号码", "任教学科", "证书颁发日期", "首次注册日期", "首次注册结论"]

    func registry() throws -> (URL, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-subsets-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = directory.appendingPathComponent("registry.sqlite").path
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        let workbook = try MasterDataTests.workbook(MasterDataTests.rows(), in: directory)
        #expect(try CLIProcess.run(["import", "--db", db, workbook.path]).status == 0)
        return (directory, db)
    }

    static func subsets(_ key: String, db: String) throws -> [(subset: String, values: [String: (value: String, label: String)])] {
        let shown = try MasterDataTests.show(key, db: db)
        return (shown["subsets"] as? [[String: Any]] ?? []).map { row in
            var values: [String: (String, String)] = [:]
            for value in row["values"] as? [[String: Any]] ?? [] {
                values[value["key"] as? String ?? ""] = (value["value"] as? String ?? "", value["valueLabel"] as? String ?? "")
            }
            return (row["subset"] as? String ?? "", values)
        }
    }

    @Test func eachSheetIsReadAsItsSubsetTypedAndAttachedToTheTeacherItNames() throws {
        let (directory, db) = try registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        let unknown = ResidentIDNumber(body: 360_102_1990_0101_003).fullNumber
        let file = directory.appendingPathComponent("2136010102_南昌市育才小学_子集信息.xlsx")
        func write(assessmentResult: String) throws {
            try XLSXWriter.write([
                Self.sheet("学习经历", Self.educationHeader, [
                    ["李秀英", Self.li, "1984-09", "1987-07", "41-中等专科毕业", "", "江西省南昌师范学校", "小学教育", "是", "全日制"],
                    ["李秀英", Self.li, "1995年9月", "1998.07", "大学本科毕业", "学士", "江西师范大学", "汉语言文学", "1-是", "函授"],
                    ["陈建国", Self.chen, "1997-09", "2001-07", "21", "4-学士", "南昌大学", "数学与应用数学", "0-否", "1"],
                ]),
                Self.sheet("年度考核", Self.assessmentHeader, [
                    ["李秀英", Self.li, "2023", "优秀", "南昌市育才小学"],
                    ["李秀英", Self.li, "2024年度", assessmentResult, "南昌市育才小学"],
                    ["阿依古丽·买买提", Self.ayguli, "2025", "2-合格", ""],
                    ["王芳", unknown, "2025", "合格", ""],
                ]),
                Self.sheet("教师资格", Self.qualificationHeader, [
                    ["阿依古丽·买买提", Self.ayguli, "2-小学", "20256500121000321", "语文", "2025-06-30", "2025-07-15", "1-合格"],
                ]),
            ], to: file)
        }
        try write(assessmentResult: "良好")
        // An unknown teacher and a result outside its table: nothing is written, each problem named.
        let refused = try CLIProcess.run(["subset", "import", "--db", db, "--report", directory.appendingPathComponent("report").path, file.path])
        #expect(refused.status == 1, "rows refused, nothing written: \(refused.stdout)\(refused.stderr)")
        #expect(refused.stdout.contains("SS-003  \(file.lastPathComponent) 年度考核 第4行 考核结果"), "\(refused.stdout)")
        #expect(refused.stdout.contains("SS-007") && refused.stdout.contains("年度考核 第6行"), "\(refused.stdout)")
        #expect(!refused.stdout.contains(unknown), "the submitted ID is not echoed whole")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("report/2136010102_南昌市育才小学_子集信息_问题说明.xlsx").path))
        #expect(try Self.subsets(Self.li, db: db).isEmpty)

        try write(assessmentResult: "合格")
        let partial = try CLIProcess.run(["subset", "import", "--db", db, "--partial", file.path])
        #expect(partial.status == 0, "\(partial.stdout)")
        #expect(partial.stdout.contains("学习经历、年度考核、教师资格") && partial.stdout.contains("新增 7 条"), "\(partial.stdout)")

        let li = try Self.subsets(Self.li, db: db)
        #expect(li.map(\.subset) == ["education", "education", "assessment", "assessment"])
        #expect(li[0].values["education"]?.label == "中等专科毕业" && li[0].values["start"]?.value == "1984-09")
        #expect(li[1].values["start"]?.value == "1995-09" && li[1].values["end"]?.value == "1998-07" && li[1].values["degree"]?.label == "学士学位")
        #expect(li[1].values["study_mode"]?.label == "非全日制" && li[1].values["normal_major"]?.value == "1")
        #expect(li[2].values["year"]?.value == "2023" && li[2].values["result"]?.label == "优秀")
        #expect(li[3].values["year"]?.value == "2024" && li[3].values["result"]?.value == "2")
        // 陈建国 written in simplified characters finds 陳建國.
        #expect(try Self.subsets(Self.chen, db: db).first?.values["institution"]?.value == "南昌大学")
        let ayguli = try Self.subsets(Self.ayguli, db: db)
        #expect(ayguli.map(\.subset) == ["assessment", "qualification"])
        #expect(ayguli[1].values["first_result"]?.label == "合格" && ayguli[1].values["certificate_type"]?.label == "小学教师资格")

        let page = try CLIProcess.run(["teacher", "show", "--db", db, Self.li])
        #expect(page.stdout.contains("学习经历：入学年月 1995-09，毕业年月 1998-07，学历 大学本科毕业，学位 学士学位，毕业院校 江西师范大学"), "\(page.stdout)")
    }

    @Test func aLaterListReplacesTheTeachersRowsWithHistoryAndARefusedRowRemovesNothing() throws {
        let (directory, db) = try registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("育才小学_学习经历.csv")
        let header = "姓名,身份证件号,入学年月,毕业年月,学历,学位,毕业院校"
        try [header, "李秀英,\(Self.li),1984-09,1987-07,41,,江西省南昌师范学校", "李秀英,\(Self.li),1995-09,1998-07,21,学士,江西师范大学"]
            .joined(separator: "\n").write(to: first, atomically: true, encoding: .utf8)
        #expect(try CLIProcess.run(["subset", "import", "--db", db, first.path]).status == 0)

        // The school's corrected list: the 本科 row's school renamed, the 中专 row gone.
        let second = directory.appendingPathComponent("育才小学_学习经历_更正.csv")
        try [header, "李秀英,\(Self.li),1995-09,1998-07,21,学士,江西师范学院"].joined(separator: "\n").write(to: second, atomically: true, encoding: .utf8)
        let replaced = try CLIProcess.run(["subset", "import", "--db", db, "--json", second.path])
        #expect(replaced.status == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(replaced.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(summary["changed"] as? Int == 1 && summary["removed"] as? Int == 1 && summary["added"] as? Int == 0, "\(replaced.stdout)")
        #expect(try Self.subsets(Self.li, db: db).map { $0.values["institution"]?.value } == ["江西师范学院"])

        let history = try CLIProcess.run(["teacher", "history", "--db", db, Self.li])
        #expect(history.stdout.contains("子集信息更新"), "\(history.stdout)")
        #expect(history.stdout.contains("学习经历（1995-09 大学本科毕业）·毕业院校：江西师范大学 → 江西师范学院"), "\(history.stdout)")
        #expect(history.stdout.contains("学习经历（1984-09 中等专科毕业）·毕业院校：江西省南昌师范学校 → —"), "\(history.stdout)")
        #expect(!history.stdout.contains("name_key") && !history.stdout.contains("education:"), "\(history.stdout)")

        // A list with a refused row (an end before its start), imported with --partial: rows added, none removed.
        let third = directory.appendingPathComponent("育才小学_学习经历_补充.csv")
        try [header, "李秀英,\(Self.li),2010-09,2013-07,14,硕士,江西师范大学", "李秀英,\(Self.li),1984-09,1983-07,41,,江西省南昌师范学校"]
            .joined(separator: "\n").write(to: third, atomically: true, encoding: .utf8)
        let partial = try CLIProcess.run(["subset", "import", "--db", db, "--partial", third.path])
        #expect(partial.status == 0 && partial.stdout.contains("SS-010"), "\(partial.stdout)")
        #expect(try Self.subsets(Self.li, db: db).map { $0.values["start"]?.value } == ["1995-09", "2010-09"])
    }
}
