import Foundation
import Testing
import ZIPFoundation

@Suite struct RegistryCommandTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/samples/teachers.csv")

    func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-cli-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test func registeringTheSameFileTwiceIssuesNoNewNumbers() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        let first = try CLIProcess.run(["teacher", "register", "--db", db, "--json", Self.sample.path])
        let second = try CLIProcess.run(["teacher", "register", "--db", db, "--json", Self.sample.path])
        let numbers = { (output: CLIProcess.Output) in try output.jsonObjects().compactMap { $0["number"] as? String } }
        #expect(try numbers(first).count == 12)
        #expect(try numbers(second) == numbers(first))
        #expect(try second.jsonObjects().allSatisfy { $0["outcome"] as? String == "existing" })
        // Found by teacher number and by document; masked unless asked.
        let byDocument = try CLIProcess.run(["teacher", "show", "--db", db, "360102198503070016"])
        #expect(byDocument.stdout.contains(try numbers(first)[0]))
        #expect(!byDocument.stdout.contains("360102198503070016"))
        #expect(try CLIProcess.run(["teacher", "show", "--db", db, "3600000000000"]).status == 1)
        #expect(try CLIProcess.run(["db", "check", "--db", db]).stdout.contains("正常"))
    }

    /// Runs the CLI with `arguments` once per delay, kills it with SIGKILL after that many microseconds,
    /// and checks the store after each kill.
    func killRepeatedly(_ arguments: [String], db: String, delays: [Int]) throws {
        for (attempt, delay) in delays.enumerated() {
            let process = Process()
            process.executableURL = CLIProcess.binary
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(delay))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let check = try CLIProcess.run(["db", "check", "--db", db, "--json"])
            #expect(check.status == 0, "after kill \(attempt + 1): \(check.stdout) \(check.stderr)")
        }
    }

    @Test func databaseSurvivesSIGKILLWhileRegistering() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        #expect(try CLIProcess.run(["generate", "--records", "3000", "--seed", "8", "--out", directory.path]).status == 0)
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        try killRepeatedly(["teacher", "register", "--db", db, directory.appendingPathComponent("teachers.csv").path], db: db,
                           delays: (0..<5).map { 400_000 + $0 * 150_000 })
        // `db check` also proves registrations are whole (number, event and source row
        // together); a last uninterrupted run completes the file with no duplicate numbers.
        let finish = try CLIProcess.run(["teacher", "register", "--db", db, "--json", directory.appendingPathComponent("teachers.csv").path])
        #expect(finish.status == 0)
        let numbers = try finish.jsonObjects().compactMap { $0["number"] as? String }
        #expect(!numbers.isEmpty)
        #expect(try CLIProcess.run(["db", "check", "--db", db]).stdout == "正常\n")
    }

    @Test func databaseSurvivesSIGKILLWhileImportingACountyZIPOfSchoolFiles() throws {
        // School files of a county share transactions (their blocking keys written at each commit): a kill
        // in the middle (the run takes about a second) leaves the store as the last commit left it.
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        #expect(try CLIProcess.run(["generate", "--records", "3000", "--seed", "9", "--out", directory.path]).status == 0)
        let lines = try String(contentsOf: directory.appendingPathComponent("teachers.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        var schools: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let school = String(line.split(separator: ",", omittingEmptySubsequences: false)[1])
            schools[school, default: []].append(line)
        }
        let upload = directory.appendingPathComponent("360102.zip")
        let archive = try Archive(url: upload, accessMode: .create)
        for (code, rows) in schools.sorted(by: { $0.key < $1.key }) {
            let data = Data(([lines[0]] + rows).joined(separator: "\n").utf8)
            try archive.addEntry(with: "\(code)_学校\(code)_中小学教职工基本信息.csv", type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: .deflate) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        #expect(schools.count > 20)
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        try killRepeatedly(["import", "--db", db, "--partial", upload.path], db: db, delays: (0..<4).map { 300_000 + $0 * 250_000 })
        // A last run completes the batch: files kept before are recognised as imported, the rest are imported now.
        let finish = try CLIProcess.run(["import", "--db", db, "--partial", "--json", upload.path])
        let summary = try JSONSerialization.jsonObject(with: Data(finish.stdout.utf8)) as? [String: Any] ?? [:]
        #expect((summary["files"] as? Int) == schools.count)
        #expect(try CLIProcess.run(["db", "check", "--db", db]).stdout == "正常\n")
        // Each file is now in the store exactly once: sent again, every row of every file is known.
        let again = try CLIProcess.run(["import", "--db", db, "--partial", "--json", upload.path])
        let known = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any] ?? [:]
        #expect((known["unchanged"] as? Int) == lines.count - 1)
        #expect((known["newNumbers"] as? Int) == 0)
    }
}

@Suite struct ImportCommandTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/samples")

    @Test func fileWithErrorsIsRejectedWholeUnlessPartialAndTheSameFileTwiceChangesNothing() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        let workbook = Self.samples.appendingPathComponent("2136010102_南昌市育才小学_中小学教职工基本信息.xlsx").path
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)

        let whole = try CLIProcess.run(["import", "--db", db, "--json", "--report", directory.path, workbook])
        #expect(whole.status == 1)
        let summary = try JSONSerialization.jsonObject(with: Data(whole.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(summary["imported"] as? Int == 0)
        #expect(summary["rejected"] as? Int == 5)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("problems.json").path))

        let partial = try CLIProcess.run(["import", "--db", db, "--json", "--partial", workbook])
        let first = try JSONSerialization.jsonObject(with: Data(partial.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(first["newNumbers"] as? Int == 1)   // the one clean row
        #expect(first["outOfScope"] as? Int == 1)   // the retiree is reported, not imported

        let again = try CLIProcess.run(["import", "--db", db, "--json", "--partial", workbook])
        let second = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(second["unchanged"] as? Int == 5)
        #expect(second["newNumbers"] as? Int == 0)
        #expect(try CLIProcess.run(["db", "check", "--db", db]).stdout == "正常\n")
    }
    @Test func aCountyFileRegisteredInPartsGivesTheSameNumbersAndRecognitionsAsWhole() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("import-parts-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let county = Self.samples.appendingPathComponent("county/teachers.csv").path
        var summaries: [[String: Int]] = []
        for (name, parts) in [("whole", [String]()), ("parts", ["--part-rows", "150"])] {
            let db = directory.appendingPathComponent("\(name).sqlite").path
            let run = try CLIProcess.run(["import", "--db", db, "--create", "36", "--partial", "--json"] + parts + [county])
            let summary = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any] ?? [:]
            summaries.append(summary.compactMapValues { $0 as? Int })
            #expect(try CLIProcess.run(["db", "check", "--db", db]).stdout == "正常\n")
        }
        #expect(summaries[0]["newNumbers"] == 1_740)
        #expect(summaries[0]["attached"] == 149)
        #expect(summaries[1] == summaries[0])
        let none = directory.appendingPathComponent("none.sqlite").path
        let refused = try CLIProcess.run(["import", "--db", none, "--create", "36", "--part-rows", "0", county])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--part-rows 至少为 1"))
        #expect(!FileManager.default.fileExists(atPath: none))
    }
}
