import Foundation
import Intake
import Normalization
import Testing

/// A county's school directory imported by the CLI: all or nothing unless `--partial`, exit codes that say which,
/// each school's history kept, and school and county names shown wherever their codes are.
@Suite("School directory")
struct SchoolDirectoryCLITests {
    static let header = "学校标识码,学校名称,所在县区代码,办学类型,城乡分类,办别,举办者,在校生数"

    func registry() throws -> (directory: URL, db: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-schools-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let db = directory.appendingPathComponent("registry.sqlite").path
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        return (directory, db)
    }

    func file(_ lines: [String], named name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try ([Self.header] + lines).joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func list(_ db: String) throws -> [[String: Any]] {
        let output = try CLIProcess.run(["school", "list", "--db", db, "--json"])
        #expect(output.status == 0, "\(output.stderr)")
        return try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]] ?? []
    }

    @Test func aDirectoryWithAnErrorWritesNothingUnlessPartialAndTheExitCodeSaysWhich() throws {
        let (directory, db) = try registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        let mixed = try file(["2136010102,南昌市育才小学,360102,小学,城区,公办,南昌市东湖区教育体育局,1200",
                              "3136010201,南昌市東湖區第二中學,360102,初中,111,1-公办,,980",
                              "2136010103,东湖区第三小学,999999,小学,火星,,,"], named: "东湖区学校名录.csv", in: directory)
        let refused = try CLIProcess.run(["school", "import", "--db", db, mixed])
        #expect(refused.status == 1, "rows refused, nothing written")
        #expect(refused.stdout.contains("SD-004") && refused.stdout.contains("第4行") && refused.stdout.contains("未写入任何数据"), "\(refused.stdout)")
        #expect(try list(db).isEmpty)

        let partial = try CLIProcess.run(["school", "import", "--db", db, "--partial", mixed])
        #expect(partial.status == 0, "with --partial the good rows are what was asked for")
        #expect(partial.stdout.contains("新增学校 2") && partial.stdout.contains("未导入的行 1"), "\(partial.stdout)")
        let schools = try list(db)
        #expect(schools.map { $0["code"] as? String } == ["2136010102", "3136010201"])
        #expect(schools.first?["countyName"] as? String == "东湖区" && schools.first?["cityName"] as? String == "南昌市")
        #expect(schools.last?["schoolTypeLabel"] as? String == "初级中学" && schools.last?["urbanRuralClass"] as? String == "城区")

        // The same rows again: nothing changes, exit 0.
        let clean = try file(["2136010102,南昌市育才小学,360102,小学,城区,公办,南昌市东湖区教育体育局,1200"], named: "again.csv", in: directory)
        let again = try CLIProcess.run(["school", "import", "--db", db, "--json", clean])
        #expect(again.status == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(summary["unchanged"] as? Int == 1 && summary["added"] as? Int == 0 && summary["written"] as? Bool == true)
    }

    @Test func aSchoolsChangesAreKeptWithLabelsNamesAndBeijingTime() throws {
        let (directory, db) = try registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try file(["2136010102,南昌市育才小學,360102,211-小学,111,1,,1200"], named: "2025.csv", in: directory)
        #expect(try CLIProcess.run(["school", "import", "--db", db, first]).status == 0)
        // A year later: the name corrected to simplified characters, the school now counted as 镇区, more pupils; 办别 left empty.
        let second = try file(["2136010102,南昌市育才小学,360102,,镇区,,,1350"], named: "2026.csv", in: directory)
        #expect(try CLIProcess.run(["school", "import", "--db", db, second]).status == 0)

        let shown = try CLIProcess.run(["school", "show", "--db", db, "--json", "2136010102"])
        let object = try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(object["name"] as? String == "南昌市育才小学" && object["sponsorship"] as? String == "1" && object["students"] as? Int == 1350)
        let history = object["history"] as? [[String: Any]] ?? []
        #expect(history.map { $0["kind"] as? String } == ["school-added", "school-described"])
        let changed = (history.last?["changes"] as? [[String: Any]] ?? []).map { "\($0["field"]!) \($0["before"] ?? "-") \($0["after"] ?? "-")" }
        #expect(changed == ["name 南昌市育才小學 南昌市育才小学", "urban_rural 111 2", "students 1200 1350"], "\(changed)")
        // UTC in JSON.
        #expect((history.first?["at"] as? String)?.hasSuffix("Z") == true)

        let human = try CLIProcess.run(["school", "show", "--db", db, "2136010102"])
        #expect(human.stdout.contains("所在县区：东湖区（360102）") && human.stdout.contains("办学类型：小学"), "\(human.stdout)")
        #expect(human.stdout.contains("城乡分类：主城区 → 镇区") && human.stdout.contains("（北京时间）"), "\(human.stdout)")
        #expect(!human.stdout.contains("urban_rural") && !human.stdout.contains("T0") , "\(human.stdout)")
    }

    @Test func aTeacherFileNamesItsSchoolAndTheTeacherShowsTheSchoolsName() throws {
        let (directory, db) = try registry()
        defer { try? FileManager.default.removeItem(at: directory) }
        // The school is not in the directory: the file name, 学校标识码_学校名称_模板名称, names it.
        let name = "2136010105_南昌市东湖区𠮷祥小学_中小学教职工基本信息.xlsx"
        let workbook = try MasterDataTests.workbook(MasterDataTests.rows(), name: name, in: directory)
        let imported = try CLIProcess.run(["import", "--db", db, workbook.path])
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        let shown = try CLIProcess.run(["teacher", "show", "--db", db, "360102680405002"])
        #expect(shown.stdout.contains("在编任职 南昌市东湖区𠮷祥小学（2136010105） 2005-09-01"), "\(shown.stdout)")
        #expect(shown.stdout.contains("人员状态 延聘") && !shown.stdout.contains("status"), "\(shown.stdout)")

        // The directory's own name, once imported, replaces the file's.
        let named = try file(["2136010105,南昌市东湖区吉祥小学,360102,小学,城区,公办,,600"], named: "名录.csv", in: directory)
        #expect(try CLIProcess.run(["school", "import", "--db", db, named]).status == 0)
        let listed = try list(db)
        #expect(listed.first?["name"] as? String == "南昌市东湖区吉祥小学" && listed.first?["teachers"] as? Int == 3)

        // The progress report counts the file imported from the command line, and names the school and its county.
        let progress = try CLIProcess.run(["progress", "--db", db])
        #expect(progress.status == 0)
        #expect(progress.stdout.contains("东湖区（360102）\t南昌市东湖区吉祥小学（2136010105）\t1\t3/3\t3\t0\t3"), "\(progress.stdout)")
        #expect(progress.stdout.contains("东湖区（360102）：学校 1 所，已提交 1 所，完成率 100%"), "\(progress.stdout)")
        #expect(progress.stdout.contains("已完成审核的县区：无"), "\(progress.stdout)")
        let page = try CLIProcess.run(["progress", "--db", db, "--format", "html"])
        #expect(page.stdout.contains("<th>进度</th>") && page.stdout.contains("南昌市东湖区吉祥小学（2136010105）") && page.stdout.contains("100%"))
    }
}

/// What a new user meets first on the command line: a registry path that does not exist is said, not created; reading
/// commands take no actor; every argument says what it is.
@Suite struct FirstCommandsTests {
    @Test func aMissingRegistryIsNotCreatedAndReadingCommandsTakeNoActor() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID()).sqlite").path
        let imported = try CLIProcess.run(["import", "--db", missing, "Data/samples/county/teachers.csv"])
        #expect(imported.status != 0 && imported.stderr.contains("没有这个登记库") && imported.stderr.contains("--create"), "\(imported.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing))
        #expect(try CLIProcess.run(["teacher", "show", "--db", missing, "1"]).status != 0)
        #expect(!FileManager.default.fileExists(atPath: missing))
        // Reading commands have no --actor; the commands that change the registry do.
        #expect(try CLIProcess.run(["teacher", "show", "--db", missing, "--actor", "x", "1"]).stderr.contains("--actor"))
        #expect(!(try CLIProcess.run(["teacher", "show", "--help"]).stdout.contains("--actor")))
        #expect(try CLIProcess.run(["teacher", "merge", "--help"]).stdout.contains("--actor"))
        let help = try CLIProcess.run(["transfer", "approve", "--help"]).stdout
        #expect(help.contains("<id>") && help.contains("The transfer's number"), "\(help)")
    }

    @Test func aFileNameWhoseThirdPartNamesNoTemplateIsAWarningAndAWrongTemplateRefusesTheFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("names-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        let rows = "record_id,name,gender,birth_date,id_type,id_number\n1,阿依古丽·买买提,女,1990-07-01,1,\(ResidentIDNumber(body: 650_102_1990_0701_002).fullNumber)\n"
        let loose = directory.appendingPathComponent("2136100032_东湖区测试学校_namesakes.csv")
        try rows.write(to: loose, atomically: true, encoding: .utf8)
        let report = directory.appendingPathComponent("report").path
        let imported = try CLIProcess.run(["import", "--db", db, "--report", report, loose.path])
        #expect(imported.status == 0 && imported.stdout.contains("导入 1（"), "\(imported.stdout)\(imported.stderr)")
        let problems = try String(contentsOfFile: report + "/problems.json", encoding: .utf8)
        #expect(problems.contains("TR-018") && problems.contains("namesakes") && !problems.contains("TR-019"), "\(problems)")

        // A 小学's code (21…) with the 幼儿园 template: the file is refused.
        let wrong = directory.appendingPathComponent("2136100033_东湖区测试学校_幼儿园教职工基本信息.csv")
        try rows.write(to: wrong, atomically: true, encoding: .utf8)
        let refused = try CLIProcess.run(["import", "--db", db, "--report", report, wrong.path])
        #expect(refused.status == 2, "a file refused as a whole")
        #expect(try String(contentsOfFile: report + "/problems.json", encoding: .utf8).contains("TR-019"))
        // validate counts the files inside a ZIP, and speaks Chinese.
        let validated = try CLIProcess.run(["validate", directory.appendingPathComponent("2136100032_东湖区测试学校_namesakes.csv").path, wrong.path])
        #expect(validated.stdout.contains("共 2 个文件"), "\(validated.stdout)")
    }

    /// The README's tour on the samples: the county file, then its schools' directory and a sub-set, each taken whole.
    @Test func theSampleDirectoryAndSubsetImportCleanlyAfterTheSampleCounty() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("samples-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/samples")
        let county = try CLIProcess.run(["import", "--db", db, "--create", "36", "--partial", samples.appendingPathComponent("county/teachers.csv").path])
        #expect(county.stdout.contains("导入 1889（"))
        // The refused rows are said per file, with where to find why.
        #expect(county.stderr.contains("teachers.csv：新编号 1740，已有教师 149，待人工判定 0，未导入 111 行（部分导入）"), "\(county.stderr)")
        #expect(county.stderr.contains("111 行未导入：加 --report DIR"), "\(county.stderr)")
        let schools = try CLIProcess.run(["school", "import", "--db", db, samples.appendingPathComponent("schools/学校名录.csv").path])
        #expect(schools.status == 0 && schools.stdout.contains("31 行") && schools.stdout.contains("未导入的行 0"), "\(schools.stdout)")
        let subsets = try CLIProcess.run(["subset", "import", "--db", db, samples.appendingPathComponent("subsets/年度考核.csv").path])
        #expect(subsets.status == 0 && subsets.stdout.contains("新增 20 条"), "\(subsets.stdout)")
    }

    /// The shipped county ZIP passes its own template: its only errors are the rows there to show them (an ID Excel
    /// turned into a number, a wrong check digit, a sex that contradicts the ID), and a workbook is judged the same
    /// inside the ZIP and alone.
    @Test func theSampleCountyZipFailsOnlyOnTheRowsThatShowErrorsAndItsWorkbookIsJudgedAsAlone() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Data/samples")
        func problems(_ path: String) throws -> [String] {
            let output = try CLIProcess.run(["validate", "--json", path])
            let list = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]] ?? []
            return list.map { "\(($0["file"] as? String ?? "").components(separatedBy: " › ").last ?? "") \($0["row"] ?? "") \($0["rule"] ?? "")" }
        }
        let zipped = try problems(samples.appendingPathComponent("county-upload.zip").path)
        #expect(zipped.sorted() == ["3136010001_南昌市第一中学_中小学教职工基本信息.xlsx 5 TR-003", "gbk.csv 5 TR-003", "gbk.csv 7 TR-003",
                                    "gbk.csv 8 TR-007"], "\(zipped)")
        let alone = try problems(samples.appendingPathComponent("county-upload/3136010001_南昌市第一中学_中小学教职工基本信息.xlsx").path)
        #expect(alone == zipped.filter { $0.hasPrefix("3136010001") }, "\(alone)")
    }
}
