import Foundation
import ZIPFoundation
import Testing

@Suite struct CLITests {
    @Test func idCheckJSONHasExactlyTheContractKeys() throws {
        let output = try CLIProcess.run(["id", "check", "--json", "11010519491231002X", "110105491231002"])
        #expect(output.status == 0)
        let objects = try output.jsonObjects()
        #expect(objects.count == 2)
        let keys: Set<String> = ["input", "valid", "type", "canonical", "birthDate", "gender", "regionCode",
                                 "warnings", "error", "suggestions"]
        for object in objects { #expect(Set(object.keys) == keys) }
        #expect(objects[1]["canonical"] as? String == "11010519491231002X")
        #expect(objects[1]["warnings"] as? [String] == ["upgraded-from-15-digits"])
        #expect(objects[0]["gender"] as? String == "female")
        #expect(objects[0]["error"] is NSNull)
    }

    @Test func idCheckExitsOneWhenAnyValueIsInvalidAndNamesTheError() throws {
        let output = try CLIProcess.run(["id", "check", "--json", "--", "11010519491231002X", "11010519491231003X"])
        #expect(output.status == 1)
        let second = try output.jsonObjects()[1]
        #expect(second["valid"] as? Bool == false)
        #expect(second["error"] as? String == "checksum")
        #expect((second["suggestions"] as? [String])?.contains("11010519491231002X") == true)
    }

    @Test func theTerminalEchoesWhatWasTypedAndSuggestsTheNumbersInFull() throws {
        let output = try CLIProcess.run(["id", "check", "11010519491231002X", "11010519491231003X"])
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "有效  居民身份证  11010519491231002X  出生日期 1949-12-31  女  区划 110105", "\(output.stdout)")
        #expect(lines.last?.hasPrefix("无效  居民身份证  11010519491231003X  校验位应为") == true, "\(output.stdout)")
        #expect(lines.last?.contains("可能是：") == true && lines.last?.contains("11010519491231002X") == true)
        // Suggestions differ by one character: shown in full they can be told apart.
        let suggested = lines.last?.components(separatedBy: "可能是：").last?.components(separatedBy: "、") ?? []
        #expect(Set(suggested).count == suggested.count && suggested.count > 1)
        let english = try CLIProcess.run(["id", "check", "--english", "11010519491231003X"])
        #expect(english.stdout.hasPrefix("invalid  resident  11010519491231003X  checksum"), "\(english.stdout)")
    }

    @Test func anIDTypedWithTheLettersOAndLIsAMistypedIDNotAPassport() throws {
        let output = try CLIProcess.run(["id", "check", "11010519491231OO2X", "1101O5194912310O2X"])
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "无效  居民身份证  11010519491231OO2X  第15位是字母O，应为数字（0？）  可能是：11010519491231002X", "\(output.stdout)")
        #expect(lines.last?.contains("第5位是字母O") == true && lines.last?.contains("可能是：11010519491231002X") == true, "\(output.stdout)")
        let lowercase = try CLIProcess.run(["id", "check", "--json", "1101051949123l002x"])
        #expect(lowercase.stdout.contains("\"type\":\"resident\"") && lowercase.stdout.contains("\"suggestions\":[\"11010519491231002X\"]"),
                "\(lowercase.stdout)")
        // A real passport number stays a passport.
        #expect(try CLIProcess.run(["id", "check", "E12345678"]).stdout.hasPrefix("有效  护照"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try CLIProcess.run(["id", "check"]).status == 2)
        #expect(try CLIProcess.run(["id", "check", "--no-such-flag", "1"]).status == 2)
        #expect(try CLIProcess.run(["name", "normalize"]).status == 2)
    }

    @Test func nameNormalizeJSON() throws {
        let output = try CLIProcess.run(["name", "normalize", "--json", "買買提・艾力", "𠮷田"])
        #expect(output.status == 0)
        let objects = try output.jsonObjects()
        #expect(Set(objects[0].keys) == ["input", "key", "simplifiedKey", "pinyin", "shape", "flags"])
        #expect(objects[0]["key"] as? String == "買買提·艾力")
        #expect(objects[0]["simplifiedKey"] as? String == "买买提·艾力")
        #expect(objects[0]["shape"] as? String == "dotted")
        #expect(objects[1]["key"] as? String == "𠮷田")
    }

    @Test func dateParseJSONCarriesPrecisionAndErrors() throws {
        let output = try CLIProcess.run(["date", "parse", "--json", "--english", "1985年3月", "1985-02-30", "31113"])
        #expect(output.status == 1)
        let objects = try output.jsonObjects()
        #expect(Set(objects[0].keys) == ["input", "date", "precision", "error"])
        #expect(objects[0]["date"] as? String == "1985-03")
        #expect(objects[0]["precision"] as? String == "month")
        #expect(objects[1]["date"] is NSNull)
        #expect((objects[1]["error"] as? String)?.contains("28 days") == true)
        #expect(objects[2]["date"] as? String == "1985-03-07")
    }

    @Test func loadedRegionTableTurnsUnknownCountyCodesIntoWarnings() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tr-config-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let list = directory.appendingPathComponent("regions.csv")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "代码,名称,级别,启用时间,弃用时间\n110105,朝阳区,县级,1981,\n110103,崇文区,县级,1981,2010\n"
            .write(to: list, atomically: true, encoding: .utf8)
        let load = try CLIProcess.run(["regions", "load", list.path], configDirectory: directory)
        #expect(load.status == 0, "\(load.stderr)")
        // 110199 is not in the table; the number is still valid.
        let output = try CLIProcess.run(["id", "check", "--json", "110199196001010017", "11010519491231002X"],
                                        configDirectory: directory)
        #expect(output.status == 0)
        let objects = try output.jsonObjects()
        #expect(objects[0]["valid"] as? Bool == true)
        #expect(objects[0]["warnings"] as? [String] == ["unknown-region-code"])
        #expect(objects[1]["warnings"] as? [String] == [])
        // Without a table only the province is checked: no warning.
        let plain = try CLIProcess.run(["id", "check", "--json", "110199196001010017"])
        #expect(try plain.jsonObjects()[0]["warnings"] as? [String] == [])
        let bad = try CLIProcess.run(["regions", "load", "/nonexistent/regions.csv"], configDirectory: directory)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("regions.csv"))
    }
}

@Suite struct NormalizeCommandTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/samples/teachers.csv")

    @Test func sampleFileReportsEachProblemRowWithMaskedNumbers() throws {
        let output = try CLIProcess.run(["normalize", "--json", Self.sample.path])
        #expect(output.status == 1)
        let rows = try output.jsonObjects()
        #expect(rows.count == 12)
        let problemCodes = rows.compactMap { row -> String? in
            let problems = row["problems"] as? [[String: Any]] ?? []
            return problems.isEmpty ? nil : "\(row["recordId"]!):\(problems.map { $0["code"] as! String }.joined(separator: "+"))"
        }
        #expect(problemCodes == ["T0005:document-checksum", "T0007:document-excel-mangled",
                                 "T0008:date-unreadable", "T0009:gender-mismatch"])
        #expect(!output.stdout.contains("360102198503070016"))
        let first = rows[0]
        #expect(first["document"] as? String == "360102**********16")
        #expect(first["simplifiedKey"] as? String == "张伟")
    }

    @Test func missingFileIsAUsageErrorNamingTheFile() throws {
        let output = try CLIProcess.run(["normalize", "/nonexistent/teachers.csv"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("teachers.csv"))
    }
}

@Suite struct DedupeCommandTests {
    @Test func templateHeadersAreReadAndEveryRecordGetsOneCluster() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dedupe-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let input = directory.appendingPathComponent("county.csv")
        // The national template's Chinese headers, cells as code-label, a 15-digit ID,
        // traditional characters and a twin with a different valid ID.
        try """
            *姓名,曾用名,*性别,*出生日期,*身份证件类型,*身份证件号,*民族,学校标识码
            張偉,,1-男,1985-03-07,1-居民身份证,360102198503070016,01-汉族,3136010001
            张伟,,男,1985年3月7日,1,360102850307001,01,2136010102
            张玮,,1,1985/3/7,1,360102198503070032,01,3136010001
            买买提・艾力,,1,1979-05-01,1,650102197905010037,05,2136010102
            买买提·艾力,,1,19790501,1,650102197905010038,05,3136010001
            """.write(to: input, atomically: true, encoding: .utf8)
        let clusters = directory.appendingPathComponent("out/clusters.csv")
        let pairs = directory.appendingPathComponent("out/pairs.csv")
        let report = directory.appendingPathComponent("out/report.html")
        let output = try CLIProcess.run(["dedupe", input.path, "--out", clusters.path, "--pairs", pairs.path,
                                         "--report", report.path])
        #expect(output.status == 0, "\(output.stderr)")
        let rows = try String(contentsOf: clusters, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",") }
        #expect(rows[0] == ["record_id", "cluster_id"])
        let clusterOf = Dictionary(uniqueKeysWithValues: rows.dropFirst().map { (String($0[0]), String($0[1])) })
        #expect(clusterOf.count == 5)
        #expect(clusterOf["1"] == clusterOf["2"])  // 15-digit upgrade, traditional characters
        #expect(clusterOf["3"] != clusterOf["1"])  // the twin keeps its own cluster
        #expect(clusterOf["4"] == clusterOf["5"])  // dot variant and a check-digit typo
        let pairText = try String(contentsOf: pairs, encoding: .utf8)
        #expect(pairText.hasPrefix("record_id_a,record_id_b,weight,probability,decision,explanation\n"))
        #expect(pairText.contains("升位后同号"))
        #expect(pairText.contains("校验位纠错"))
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("360102**********16"))
        #expect(!html.contains("360102198503070016"))
        #expect(!output.stdout.contains("360102198503070016"))
    }

    @Test func generatedDataRoundTripsThroughDedupeAndEvaluate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("synthetic-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try CLIProcess.run(["generate", "--records", "800", "--seed", "4", "--out", directory.path]).status == 0)
        let clusters = directory.appendingPathComponent("clusters.csv").path
        let dedupe = try CLIProcess.run(["dedupe", directory.appendingPathComponent("teachers.csv").path, "--out", clusters])
        #expect(dedupe.status == 0, "\(dedupe.stderr)")
        let evaluation = try CLIProcess.run(["evaluate", "--truth", directory.appendingPathComponent("truth.csv").path,
                                             "--clusters", clusters])
        #expect(evaluation.stdout.contains("pairwise precision"))
        #expect(evaluation.stdout.contains("B-cubed"))
    }
}

@Suite struct ValidateCommandTests {
    static let workbook = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/samples/2136010102_南昌市育才小学_中小学教职工基本信息.xlsx")

    @Test func jsonProblemsHaveExactlyTheContractKeysAndExcelRows() throws {
        let output = try CLIProcess.run(["validate", "--json", Self.workbook.path])
        #expect(output.status == 1)
        let problems = try output.jsonObjects()
        #expect(!problems.isEmpty)
        for problem in problems {
            #expect(Set(problem.keys) == ["file", "sheet", "row", "column", "rule", "severity", "message"])
        }
        // The header is on row 2 under a title row, so data starts on row 3.
        #expect(problems.allSatisfy { ($0["row"] as? Int ?? 0) >= 3 })
        #expect(problems.contains { $0["rule"] as? String == "TR-014" && $0["severity"] as? String == "warning" })
        #expect(!output.stdout.contains("360102199001010010"))
    }

    @Test func aBrokenEntryOfACountyZipIsReportedAndTheOtherEntriesAreStillChecked() throws {
        // The school's workbook with its problems, and a CSV whose quote never closes.
        let archive = try Archive(accessMode: .create)
        let entries: [(String, Data)] = [
            ("南昌县/" + Self.workbook.lastPathComponent, try Data(contentsOf: Self.workbook)),
            ("南昌县/2136010103_南昌市东湖小学_中小学教职工基本信息.csv", Data("姓名,备注\n張偉,ok\n阿依古丽·买买提,\"never closed\n".utf8)),
        ]
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("county-\(UUID()).zip")
        try archive.data!.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        let output = try CLIProcess.run(["validate", "--json", url.path])
        #expect(output.status == 2, "an entry that cannot be read")
        let problems = try output.jsonObjects()
        // The workbook's problems, each named by the ZIP and the entry, as when it is checked alone.
        let alone = try CLIProcess.run(["validate", "--json", Self.workbook.path]).jsonObjects()
        #expect(problems.count == alone.count && !problems.isEmpty)
        #expect(problems.allSatisfy { ($0["file"] as? String ?? "").hasSuffix(Self.workbook.lastPathComponent) })
        #expect(output.stderr.contains("东湖小学") && output.stderr.contains("第3行"))
    }

    @Test func cleanFileExitsZero() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clean-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("ok.csv")
        try "name,gender,birth_date,id_type,id_number\n张伟,男,1985-03-07,1,360102198503070016\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try CLIProcess.run(["validate", file.path]).status == 0)
    }
}
