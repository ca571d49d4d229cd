import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
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
        #expect(log.contains("the database is closed"))
        // Everything the upload imported was committed; the file is sound.
        #expect(try CLIProcess.run(["db", "check", "--db", db]).stdout == "ok\n")
        let files = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["files"] as? [[String: Any]] ?? []
        #expect(files.first?["state"] as? String == "imported")
    }

    /// `serve` on a free port: the process, its output, what it printed before the port, and its base URL.
    static func serve(_ db: String) throws -> (Process, Pipe, String, String) {
        let server = Process()
        server.executableURL = CLIProcess.binary
        server.arguments = ["serve", "--db", db, "--port", "0"]
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
            if let range = seen.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = seen[range].split(separator: ":").last.flatMap { Int($0) }
            }
        }
        let base = try #require(port.map { "http://127.0.0.1:\($0)" }, "the server printed no port: \(seen)")
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
}
