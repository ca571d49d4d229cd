import Foundation
import Normalization
import Registry
import RegistryService
import Testing

/// Sessions, throttling, lockouts, password rules, account administration
/// and the access log, against a real server and its SQLite file.
@Suite struct AccountTests {
    func code(_ reply: TestServer.Reply) -> String? { (reply.object["error"] as? [String: Any])?["code"] as? String }

    func signIn(_ server: TestServer, _ user: String, _ password: String) async throws -> TestServer.Reply {
        try await server.request("POST", "/api/sessions", json: ["user": user, "password": password])
    }

    @Test func sessionsAreStoredOnlyAsHashesOutliveTheServerAndEndAtOnceWhenTheOperatorDisablesTheUser() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("schoolA1")
        #expect(try server.database.read { try $0.liveSessionCount(of: "schoolA1", now: Clock.now()) } == 1)
        // The token itself is nowhere in the database's files.
        for file in [server.database.path, server.database.path + "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
            #expect(bytes.range(of: Data(token.utf8)) == nil, "\(file)")
        }
        #expect(try await server.request("GET", "/api/me", token: token).status == 200)

        // Another instance on the same file (a restart, or a second server) knows the session.
        let second = try await TestServer(sharing: server)
        #expect(try await second.request("GET", "/api/me", token: token).status == 200)

        // The operator disables the user with the database file, as `user disable` does: both servers drop the session.
        let operatorService = try RegistryService(database: try RegistryDatabase(path: server.database.path))
        try operatorService.setUser(nil, name: "schoolA1", disabled: true)
        #expect(try await server.request("GET", "/api/me", token: token).status == 401)
        #expect(try await second.request("GET", "/api/me", token: token).status == 401)
        #expect(try await signIn(server, "schoolA1", TestServer.passwords).status == 401)
        try operatorService.setUser(nil, name: "schoolA1", disabled: false)
        #expect(try await signIn(server, "schoolA1", TestServer.passwords).status == 201)
        try await second.stop()
        try await server.stop()
    }

    @Test func signingOutEndsTheSessionEverywhere() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("countyA")
        #expect(try await server.request("DELETE", "/api/sessions", token: token).status == 204)
        #expect(try await server.request("GET", "/api/me", token: token).status == 401)
        let actions = try server.database.read { try $0.accessEvents(account: "countyA").map(\.action) }
        #expect(actions == ["sign-out", "sign-in"])
        try await server.stop()
    }

    @Test func wrongPasswordsMakeTheNextAttemptWaitLongerAndLongerWithoutHashing() async throws {
        let server = try await TestServer()
        for _ in 0..<SignInPolicy.freeFailures {
            #expect(try await signIn(server, "countyB", "不是这个密码的密码").status == 401)
        }
        let checks = server.service.passwordChecks
        // The next attempt, even with the right password, waits: 429 with a Retry-After, and no bcrypt work is spent on it.
        let waiting = try await signIn(server, "countyB", TestServer.passwords)
        #expect(waiting.status == 429 && code(waiting) == "too-many-requests", "\(waiting.text)")
        #expect(server.service.passwordChecks == checks)
        let retry = try await server.rawRequest("POST", "/api/sessions", json: ["user": "countyB", "password": TestServer.passwords])
        #expect(retry.reply.status == 429 && Int(retry.headers["Retry-After"] ?? "") ?? 0 >= 1, "\(retry.headers)")
        try await server.stop()
    }

    @Test func tenFailuresInARowLockTheAccountUntilASuperiorLiftsItButDoNotSignItsOwnerOut() async throws {
        let server = try await TestServer()
        let owner = try await server.signIn("schoolA2")
        // Nine failures long ago (no wait is left), then the tenth now.
        try server.database.change(Actor(user: "schoolA2", role: "school"), at: "2026-01-05T01:00:00.000Z") { change in
            for _ in 0..<(SignInPolicy.lockAfter - 1) { _ = try change.recordSignInFailure(account: "schoolA2") }
        }
        #expect(try await signIn(server, "schoolA2", "不是这个密码的密码").status == 401)
        let locked = try await signIn(server, "schoolA2", TestServer.passwords)
        #expect(locked.status == 429, "\(locked.text)")
        // Someone else's failures lock the account for new sign-ins, not the session its owner has open.
        #expect(try await server.request("GET", "/api/me", token: owner).status == 200)
        let log = try server.database.read { try $0.accessEvents(account: "schoolA2") }
        #expect(log.map(\.action).prefix(2) == ["locked", "sign-in-failed"])
        #expect(log.allSatisfy { $0.address == "127.0.0.1" })

        // A county of another county cannot lift it; the school's own county can.
        let countyB = try await server.signIn("countyB"), countyA = try await server.signIn("countyA")
        #expect(try await server.request("POST", "/api/users/schoolA2/enable", token: countyB, json: [String: String]()).status == 404)
        let users = try await server.request("GET", "/api/users", token: countyA)
        let listed = try #require(users.object["users"] as? [[String: Any]])
        #expect(listed.first { $0["name"] as? String == "schoolA2" }?["locked"] as? Bool == true)
        #expect(listed.allSatisfy { ["schoolA1", "schoolA2"].contains($0["name"] as? String ?? "") }, "\(users.text)")
        #expect(try await server.request("POST", "/api/users/schoolA2/enable", token: countyA, json: [String: String]()).status == 200)
        #expect(try await signIn(server, "schoolA2", TestServer.passwords).status == 201)
        try await server.stop()
    }

    @Test func anUnknownUserIsAnsweredAsAWrongPasswordAfterTheSameBcryptWork() async throws {
        let server = try await TestServer()
        let before = server.service.passwordChecks
        let unknown = try await signIn(server, "没有这个用户", TestServer.passwords)
        let wrong = try await signIn(server, "countyA", "不是这个密码的密码")
        #expect(unknown.status == 401 && wrong.status == 401)
        #expect(unknown.text == wrong.text)
        #expect(server.service.passwordChecks == before + 2)
        try await server.stop()
    }

    @Test func aFloodOfFailuresFromOneAddressIsRefusedAlmostWithoutHashing() async throws {
        let server = try await TestServer()
        for index in 0..<SignInPolicy.freeAddressFailures {
            #expect(try await signIn(server, "用户\(index)", "随便一个错误的密码").status == 401)
        }
        let checks = server.service.passwordChecks
        var refused = 0
        for index in 0..<50 where try await signIn(server, "用户\(index)", "随便一个错误的密码").status == 429 { refused += 1 }
        // Each attempt let through makes the next wait twice as long: a handful at most among 50 quick ones.
        #expect(refused >= 44, "\(refused)")
        #expect(server.service.passwordChecks - checks == 50 - refused)
        try await server.stop()
    }

    @Test func passwordsFollowTheRules() async throws {
        let server = try await TestServer()
        let province = try await server.signIn("province")
        for bad in ["        ", "aaaaaaaa", "aaaaaaaaaaaa", "短密码123", "新教务员", String(repeating: "长", count: 25)] {
            let reply = try await server.request("POST", "/api/users", token: province,
                                                 json: ["name": "新教务员", "password": bad, "role": "county", "jurisdiction": TestServer.countyA])
            #expect(reply.status == 422, "\(bad): \(reply.status) \(reply.text)")
        }
        #expect(Passwords.problem("新教务员的密码很长吗", user: "新教务员") == nil)
        #expect(Passwords.problem("XinJiaoWuYuan", user: "xinjiaowuyuan") != nil)
        let reset = try await server.request("POST", "/api/users/countyB/password", token: province, json: ["password": "short"])
        #expect(reset.status == 422)
        try await server.stop()
    }

    @Test func aPasswordResetByASuperiorEndsTheUsersSessions() async throws {
        let server = try await TestServer()
        let city = try await server.signIn("city"), county = try await server.signIn("countyB")
        let reset = try await server.request("POST", "/api/users/countyB/password", token: city, json: ["password": "青山湖区新密码2027"])
        #expect(reset.status == 200, "\(reset.text)")
        #expect(try await server.request("GET", "/api/me", token: county).status == 401)
        #expect(try await signIn(server, "countyB", "青山湖区新密码2027").status == 201)
        // A county does not reset its city's password, nor a school its county's.
        let again = try await signIn(server, "countyB", "青山湖区新密码2027")
        let countyAgain = try #require(again.object["token"] as? String)
        let school = try await server.signIn("schoolB1")
        #expect(try await server.request("POST", "/api/users/city/password", token: countyAgain, json: ["password": "另一个足够长的密码：青山湖"]).status == 404)
        #expect(try await server.request("POST", "/api/users/countyB/password", token: school, json: ["password": "另一个足够长的密码：青山湖"]).status == 404)
        try await server.stop()
    }

    @Test func aTransferNeedsTheDocumentAndTheNameAndAMissSaysNothingOfWhichWasWrong() async throws {
        let server = try await TestServer()
        let county = try await server.signIn("countyB")
        let tA = server.teachers["tA"]!
        let today = CivilDate.todayInChina().description
        func ask(_ document: String, _ name: String) async throws -> TestServer.Reply {
            try await server.request("POST", "/api/transfers", token: county,
                                     json: ["document": document, "name": name, "toSchool": TestServer.schoolB1, "effectiveDate": today])
        }
        let wrongName = try await ask(tA.id, "李伟")
        let unknown = try await ask(ResidentIDNumber(body: 36_010_219_850_312_999).fullNumber, "张伟")
        #expect(wrongName.status == 404 && unknown.status == 404)
        #expect(wrongName.text == unknown.text)
        let granted = try await ask(tA.id, "張偉")
        #expect(granted.status == 201, "\(granted.text)")
        #expect(!granted.text.contains(tA.id) && granted.text.contains(Masking.mask(tA.id)))
        let lookups = try server.database.read { try $0.accessEvents(account: "countyB").filter { $0.action == "transfer-lookup" } }
        #expect(lookups.count == 3 && lookups.filter { $0.teacherID != nil }.count == 1)
        // A user may look up only so many in a window.
        var statuses: [Int] = []
        for _ in 0..<SignInPolicy.transferLookupsPerWindow { statuses.append(try await ask(tA.id, "王芳").status) }
        #expect(statuses.last == 429)
        try await server.stop()
    }
}
