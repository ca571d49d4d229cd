import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Normalization
import Registry
import Testing

/// `serve` as an operator runs it: a user added from the command line, the
/// server on a free port, and SIGTERM while an upload is in flight.
@Suite("serve")
struct ServeCommandTests {
    @Test func sigtermLetsTheUploadInFlightFinishAndClosesTheDatabase() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        let added = try CLIProcess.run(["user", "add", "--db", db, "--name", "省级管理员", "--role", "province", "--jurisdiction", "36",
                                        "--cost", "4"], environment: ["TEACHER_REGISTRY_PASSWORD": "江西省教师管理2026"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try CLIProcess.run(["generate", "--records", "10000", "--seed", "5", "--out", directory.path]).status == 0)

        let (server, out, seen, base) = try Self.serve(db)
        let token = try #require(try await Self.signIn(base, "省级管理员", "江西省教师管理2026"))

        var upload = URLRequest(url: URL(string: base + "/api/uploads?name=teachers.csv&partial=true")!)
        upload.httpMethod = "POST"
        upload.timeoutInterval = 300
        upload.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        upload.setValue("text/csv", forHTTPHeaderField: "Content-Type")
        upload.httpBody = try Data(contentsOf: directory.appendingPathComponent("teachers.csv"))
        let inFlight = Task { try await URLSession.shared.data(for: upload) }
        try await Task.sleep(for: .milliseconds(500))
        kill(server.processIdentifier, SIGTERM)

        let (body, response) = try await inFlight.value
        #expect((response as? HTTPURLResponse)?.statusCode == 201, "\(String(decoding: body, as: UTF8.self).prefix(300))")
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        let log = seen + String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("数据库已关闭"))
        // Everything the upload imported was committed; the file is sound.
        #expect(try CLIProcess.run(["db", "check", "--db", db]).stdout == "正常\n")
        let files = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["files"] as? [[String: Any]] ?? []
        #expect(files.first?["state"] as? String == "imported")
    }

    /// `serve` on a free port: the process, its output, what it printed before the port, and its base URL.
    static func serve(_ db: String, _ extra: [String] = []) throws -> (Process, Pipe, String, String) {
        let server = Process()
        server.executableURL = CLIProcess.binary
        server.arguments = ["serve", "--db", db, "--port", "0"] + extra
        server.environment = CLIProcess.neutralEnvironment
        let out = Pipe()
        server.standardOutput = out
        server.standardError = out
        try server.run()
        var port: Int?
        var seen = ""
        while port == nil {
            let chunk = out.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"正在监听 https?://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = seen[range].split(separator: ":").last.flatMap { Int($0) }
            }
        }
        let scheme = seen.contains("正在监听 https") ? "https" : "http"
        let base = try #require(port.map { "\(scheme)://127.0.0.1:\($0)" }, "the server printed no port: \(seen)")
        return (server, out, seen, base)
    }

    /// A bearer token, or nil when the sign-in is refused.
    static func signIn(_ base: String, _ user: String, _ password: String) async throws -> String? {
        var signIn = URLRequest(url: URL(string: base + "/api/sessions")!)
        signIn.httpMethod = "POST"
        signIn.setValue("application/json", forHTTPHeaderField: "Content-Type")
        signIn.httpBody = try JSONSerialization.data(withJSONObject: ["user": user, "password": password])
        let (session, _) = try await URLSession.shared.data(for: signIn)
        return (try JSONSerialization.jsonObject(with: session) as? [String: Any])?["token"] as? String
    }

    static func status(_ base: String, _ path: String, token: String) async throws -> Int? {
        var request = URLRequest(url: URL(string: base + path)!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        return (try await URLSession.shared.data(for: request).1 as? HTTPURLResponse)?.statusCode
    }

    @Test func anOperatorDisablesEnablesListsAndResetsUsersFromTheCommandLineWhileTheServerRuns() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("users-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        let weak = try CLIProcess.run(["user", "add", "--db", db, "--name", "东湖区教育局", "--role", "county", "--jurisdiction", "360102",
                                       "--cost", "4"], environment: ["TEACHER_REGISTRY_PASSWORD": "aaaaaaaaaaaa"])
        #expect(weak.status == 1 && weak.stderr.contains("同一个字符"), "\(weak.stderr)")
        #expect(try CLIProcess.run(["user", "add", "--db", db, "--name", "东湖区教育局", "--role", "county", "--jurisdiction", "360102",
                                    "--cost", "4"], environment: ["TEACHER_REGISTRY_PASSWORD": "东湖区教师管理2026"]).status == 0)
        let (server, _, _, base) = try Self.serve(db)
        defer { kill(server.processIdentifier, SIGTERM); server.waitUntilExit() }
        let token = try #require(try await Self.signIn(base, "东湖区教育局", "东湖区教师管理2026"))
        #expect(try await Self.status(base, "/api/me", token: token) == 200)

        #expect(try CLIProcess.run(["user", "disable", "--db", db, "--name", "东湖区教育局"]).status == 0)
        #expect(try await Self.status(base, "/api/me", token: token) == 401)
        #expect(try await Self.signIn(base, "东湖区教育局", "东湖区教师管理2026") == nil)
        let listed = try CLIProcess.run(["user", "list", "--db", db, "--json"])
        #expect(listed.stdout.contains("\"disabled\":true"), "\(listed.stdout)")

        #expect(try CLIProcess.run(["user", "enable", "--db", db, "--name", "东湖区教育局"]).status == 0)
        let reset = try CLIProcess.run(["user", "reset-password", "--db", db, "--name", "东湖区教育局"],
                                       environment: ["TEACHER_REGISTRY_PASSWORD": "东湖区新的密码2027"])
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try await Self.signIn(base, "东湖区教育局", "东湖区教师管理2026") == nil)
        #expect(try await Self.signIn(base, "东湖区教育局", "东湖区新的密码2027") != nil)
        #expect(try CLIProcess.run(["user", "disable", "--db", db, "--name", "没有这个人"]).status == 1)
    }

    /// Runs a command of the system (openssl, curl); its standard output.
    static func system(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func withACertificateTheServerSpeaksOnlyHTTPSAndItsCookiesAreSecure() async throws {
        for tool in ["/usr/bin/openssl", "/usr/bin/curl"] where !FileManager.default.isExecutableFile(atPath: tool) {
            Issue.record("\(tool) is missing: apt-get install -y openssl curl (.ci/run does)")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path
        let cert = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
        let made = try Self.system("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                                        "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                                                        "-addext", "subjectAltName=IP:127.0.0.1"])
        #expect(made.status == 0, "\(made.output)")
        #expect(try CLIProcess.run(["db", "init", "--db", db, "--province", "36"]).status == 0)
        #expect(try CLIProcess.run(["user", "add", "--db", db, "--name", "东湖区教育局", "--role", "county", "--jurisdiction", "360102",
                                    "--cost", "4"], environment: ["TEACHER_REGISTRY_PASSWORD": "东湖区教师管理2026"]).status == 0)
        let (server, _, _, base) = try Self.serve(db, ["--tls-cert", cert, "--tls-key", key])
        defer { kill(server.processIdentifier, SIGTERM); server.waitUntilExit() }
        #expect(base.hasPrefix("https://"))
        let health = try Self.system("/usr/bin/curl", ["-s", "--cacert", cert, base + "/health"])
        #expect(health.status == 0 && health.output.contains("\"status\":\"ok\""), "\(health.output)")
        // Plain HTTP on the same port is not served.
        let plain = try Self.system("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
                                                      base.replacingOccurrences(of: "https://", with: "http://") + "/health"])
        #expect(plain.output != "200", "\(plain.output)")
        // An untrusted certificate is refused by the client; the right one signs in with a Secure cookie.
        #expect(try Self.system("/usr/bin/curl", ["-s", base + "/health"]).status != 0)
        let signIn = try Self.system("/usr/bin/curl", ["-s", "-i", "--cacert", cert, "-H", "Sec-Fetch-Site: same-origin",
                                                       "--data-urlencode", "user=东湖区教育局", "--data-urlencode", "password=东湖区教师管理2026",
                                                       base + "/login"])
        #expect(signIn.output.contains("303") && signIn.output.contains("Secure"), "\(signIn.output)")
    }

    @Test func theServerTakesOnlineBackupsOnItsScheduleKeepsTheNewestAndEachRestoresEveryTeacher() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("backup-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let db = directory.appendingPathComponent("registry.sqlite").path, backups = directory.appendingPathComponent("backups")
        let imported = try CLIProcess.run(["import", "--db", db, "--create", "36", "--partial", ImportCommandTests.samples.appendingPathComponent("county/teachers.csv").path])
        #expect(imported.status == 0, "\(imported.stderr)")
        let (server, _, _, _) = try Self.serve(db, ["--backup-dir", backups.path, "--backup-every", "1s", "--keep", "2"])
        var files: [String] = []
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(100))
            files = ((try? FileManager.default.contentsOfDirectory(atPath: backups.path)) ?? []).filter { $0.hasSuffix(".sqlite") }.sorted()
            if files.count >= 2, (try? FileManager.default.contentsOfDirectory(atPath: backups.path))?.count == 2 { break }
        }
        try await Task.sleep(for: .milliseconds(2500))
        kill(server.processIdentifier, SIGTERM)
        server.waitUntilExit()
        #expect(server.terminationStatus == 0)
        files = try FileManager.default.contentsOfDirectory(atPath: backups.path).sorted()
        #expect(files.count == 2, "\(files)")
        let mode = try FileManager.default.attributesOfItem(atPath: backups.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        // A backup is a registry of its own: sound, and every teacher of the original is in it.
        let restored = backups.appendingPathComponent(try #require(files.last)).path
        #expect(try CLIProcess.run(["db", "check", "--db", restored]).stdout == "正常\n")
        func teachers(_ path: String) throws -> [String] {
            let database = try RegistryDatabase(path: path)
            defer { try? database.close() }
            return try database.read { try $0.snapshot(asOf: CivilDate.todayInChina()).map { "\($0.number) \($0.name) \($0.documentNumber ?? "")" } }
        }
        let original = try teachers(db)
        #expect(original.count == 1_740)
        #expect(try teachers(restored) == original)
    }
}
