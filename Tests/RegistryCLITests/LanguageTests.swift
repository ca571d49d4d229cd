import Foundation
import Testing

/// Every command speaks Chinese by default and English on request (`--english`, or an English locale), from the
/// one message table; JSON stays the same in both.
@Suite("Command-line language")
struct LanguageTests {
    /// The names of the subcommands `help` lists under SUBCOMMANDS.
    static func subcommands(of path: [String]) throws -> [String] {
        let help = try CLIProcess.run(path + ["--help"]).stdout
        guard let section = help.range(of: "SUBCOMMANDS:") else { return [] }
        // The section ends at its first empty line (a "See 'help …'" hint follows).
        let lines = help[section.upperBound...].split(separator: "\n", omittingEmptySubsequences: false).dropFirst().prefix { !$0.isEmpty }
        return lines.compactMap { line in
            // A subcommand's line starts with two spaces and its name; wrapped descriptions start further in.
            guard line.hasPrefix("  "), !line.hasPrefix("   "), let name = line.split(separator: " ").first else { return nil }
            return String(name)
        }
    }

    @Test func everyCommandOfTheTreeTakesEnglish() throws {
        var leaves: [[String]] = []
        var queue: [[String]] = [[]]
        while let path = queue.popLast() {
            // The tree is three levels deep at most: a deeper path means the help was misread.
            try #require(path.count <= 3, "\(path)")
            let children = try Self.subcommands(of: path)
            if children.isEmpty { leaves.append(path) } else { queue += children.map { path + [$0] } }
        }
        #expect(leaves.count >= 40, "\(leaves)")
        for leaf in leaves {
            let help = try CLIProcess.run(leaf + ["--help"]).stdout
            #expect(help.contains("--english"), "\(leaf.joined(separator: " ")) has no --english")
        }
    }

    @Test func aRefusalIsChineseByDefaultAndEnglishOnRequestOrUnderAnEnglishLocale() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-language-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        let created = try CLIProcess.run(["db", "init", "--db", db, "--province", "36"])
        #expect(created.stdout.contains("登记库") && created.stdout.contains("省份 36"), "\(created.stdout)")

        let chinese = try CLIProcess.run(["teacher", "show", "--db", db, "張偉"])
        #expect(chinese.status == 1 && chinese.stderr.contains("错误（not-found）：没有教师编号或证件号为 張偉 的教师"), "\(chinese.stderr)")
        let english = try CLIProcess.run(["teacher", "show", "--db", db, "--english", "張偉"])
        #expect(english.stderr.contains("error (not-found): no teacher has the number or document 張偉"), "\(english.stderr)")
        let locale = try CLIProcess.run(["teacher", "show", "--db", db, "張偉"], environment: ["LANG": "en_US.UTF-8"])
        #expect(locale.stderr.contains("no teacher has the number"), "\(locale.stderr)")
        // LC_ALL decides over LANG, as POSIX has it.
        let overridden = try CLIProcess.run(["teacher", "show", "--db", db, "張偉"], environment: ["LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"])
        #expect(overridden.stderr.contains("没有教师编号或证件号为"), "\(overridden.stderr)")

        // A usage error (a registry that is not there) and a checker's lines follow the same choice.
        let missing = try CLIProcess.run(["audit", "--db", directory.appendingPathComponent("無.sqlite").path, "--english"])
        #expect(missing.status != 0 && missing.stderr.contains("no registry at this path"), "\(missing.stderr)")
        let date = try CLIProcess.run(["date", "parse", "1985-02-30"])
        #expect(date.stdout.contains("错误："), "\(date.stdout)")
        let dateEnglish = try CLIProcess.run(["date", "parse", "--english", "1985-02-30"])
        #expect(dateEnglish.stdout.contains("error: ") && dateEnglish.stdout.contains("28 days"), "\(dateEnglish.stdout)")
    }

    @Test func jsonIsTheSameInBothLanguages() throws {
        let chinese = try CLIProcess.run(["id", "check", "--json", "11010519491231002X", "110105491231002"])
        let english = try CLIProcess.run(["id", "check", "--json", "--english", "11010519491231002X", "110105491231002"])
        #expect(chinese.status == 0 && chinese.stdout == english.stdout, "\(chinese.stdout)\n\(english.stdout)")
    }

    @Test func anImportOfAnOldExcelFileIsRefusedWholeWithExitTwoAndChangesNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-refused-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        // An Excel 97-2003 file: the OLE2 signature, then nothing a reader could use.
        let old = directory.appendingPathComponent("2136010102_東湖區育才小學_中小学教职工基本信息.xls")
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)).write(to: old)
        let refused = try CLIProcess.run(["import", "--db", db, "--json", old.path])
        #expect(refused.status == 2, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains(old.lastPathComponent) && refused.stderr.contains("另存为 .xlsx"), "\(refused.stderr)")
        #expect(refused.stdout.contains("\"imported\":0") && refused.stdout.contains("\"files\":1"), "\(refused.stdout)")
        let english = try CLIProcess.run(["import", "--db", db, "--english", old.path])
        #expect(english.status == 2 && english.stderr.contains("save it as .xlsx"), "\(english.stderr)")
        let teachers = try CLIProcess.run(["audit", "--db", db, "--json"])
        #expect(teachers.stdout.contains("\"blocking\" : false"), "nothing was stored: \(teachers.stdout)")
    }
}
