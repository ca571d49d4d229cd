import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Normalization
import Registry
import RegistryService
import Testing

/// What a browser and the machine see of the server: security headers on
/// every answer, sign-in only from the server's own page, uploads kept in a
/// private folder and never left behind, no internal path in any message.
@Suite struct WebHardeningTests {
    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("countyA")
        for (path, token) in [("/login", nil), ("/api/me", token), ("/api/nothing-here", token), ("/api/me", nil), ("/assets/pages.js", nil)] {
            let (reply, headers) = try await server.rawRequest("GET", path, token: token)
            #expect(reply.status != 0)
            #expect(headers["Content-Security-Policy"]?.contains("script-src 'self'") == true, "\(path): \(headers)")
            #expect(headers["Content-Security-Policy"]?.contains("frame-ancestors 'none'") == true)
            #expect(headers["X-Frame-Options"] == "DENY" && headers["Referrer-Policy"] == "same-origin" && headers["X-Content-Type-Options"] == "nosniff")
        }
        // The pages carry no inline script: the policy would block it.
        let login = try await server.request("GET", "/login")
        #expect(!login.text.contains("<script>") && login.text.contains("<script src=\"/assets/pages.js\""))
        try await server.stop()
    }

    @Test func aSignInFormPostedFromAnotherSiteIsRefused() async throws {
        let server = try await TestServer()
        let form = Data("user=countyA&password=\(TestServer.encoded(TestServer.passwords))".utf8)
        func post(_ headers: [String: String]) async throws -> (Int, String?) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/login")!)
            request.httpMethod = "POST"
            request.httpBody = form
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
            let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
            defer { session.finishTasksAndInvalidate() }
            let (_, response) = try await session.data(for: request)
            let http = response as? HTTPURLResponse
            return (http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Set-Cookie"))
        }
        #expect(try await post(["Origin": "http://evil.example"]).0 == 403)
        #expect(try await post(["Origin": "null"]).0 == 403)
        #expect(try await post(["Sec-Fetch-Site": "cross-site"]).0 == 403)
        #expect(try await post(["Sec-Fetch-Site": "same-site"]).0 == 403)
        let own = try await post(["Origin": "http://127.0.0.1:\(server.port)", "Sec-Fetch-Site": "same-origin"])
        #expect(own.0 == 303 && own.1?.contains("HttpOnly") == true && own.1?.contains("Secure") == false, "\(own)")
        let events = try server.database.read { try $0.accessEvents(account: "countyA") }
        #expect(events.map(\.action) == ["sign-in"])
        try await server.stop()
    }

    @Test func uploadsAreWorkedOnInAPrivateFolderBesideTheRegistryAndNothingIsLeftBehind() async throws {
        let server = try await TestServer()
        let work = server.service.work.root
        let mode = try FileManager.default.attributesOfItem(atPath: work.path)[.posixPermissions] as? Int
        #expect(mode == 0o700)
        #expect(work.path.hasPrefix(server.directory.path))
        let token = try await server.signIn("schoolA1")
        let csv = Data("record_id,school_code,county_code,name,gender,birth_date,id_type,id_number\n1,\(TestServer.schoolA1),\(TestServer.countyA),李娜,女,1990-05-12,1,\(ResidentIDNumber(body: 360_102_1990_0512_022).fullNumber)\n".utf8)
        let reply = try await server.request("POST", "/api/uploads?name=2136010102_南昌市育才小学_中小学教职工基本信息.csv", token: token,
                                             body: csv, contentType: "text/csv")
        #expect(reply.status == 201, "\(reply.text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
        // A damaged workbook: the error names the file, not where it was kept.
        let broken = try await server.request("POST", "/api/uploads?name=2136010102_育才小学_中小学教职工基本信息.xlsx", token: token,
                                              body: Data("PK\u{3}\u{4} not really".utf8), contentType: "application/octet-stream")
        #expect(broken.status == 422)
        #expect(!broken.text.contains(work.path) && !broken.text.contains("/tmp") && !broken.text.contains(server.directory.path), "\(broken.text)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
        try await server.stop()
    }

    @Test func whatADeadProcessLeftInTheWorkFolderIsRemovedAtStart() async throws {
        let server = try await TestServer()
        let work = server.service.work.root
        // A process id no process has (above the kernel's limit).
        let leftover = work.appendingPathComponent("99999999-upload-\(UUID())")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        try Data("360102198503120034".utf8).write(to: leftover.appendingPathComponent("teachers.csv"))
        let mine = try FileManager.default.contentsOfDirectory(atPath: work.path)
        #expect(mine.count == 1)
        _ = try RegistryService(database: server.database)
        #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
        try await server.stop()
    }
}

/// Keeps a redirect as the answer, to read its status and cookie.
final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
