import Foundation
import Normalization
import Registry
import RegistryServer
import Testing

/// The rest of the access matrix: every step of a transfer, rejections, unmerges, the end of a rotation, account
/// administration and sign-out, each write on a fresh registry per user (one user's success cannot hide another's
/// refusal), and the reads of what those workflows create.
@Suite("Access matrix: workflows and accounts")
struct AccessMatrixWorkflowTests {
    static let order = AccessMatrixTests.order

    struct WriteCase {
        let name: String
        /// Prepares the registry as other users would have left it; returns the request to try.
        let prepare: @Sendable (TestServer) async throws -> (method: String, path: String, json: [String: Any])
        /// Per user, in `AccessMatrixTests.order`.
        let expected: [Int]
    }

    /// 阿依古丽·买买提 (tB, school B1 in county B) asked for by school A1 of county A; `approved` steps done by the
    /// officers who own them.
    static func transfer(on server: TestServer, approved steps: Int) async throws -> Int {
        // Asked for by county A's officer; each step by an officer other than the one who asked.
        let asked = try await server.request("POST", "/api/transfers", token: try await server.signIn("countyA"),
                                             json: ["document": server.teachers["tB"]!.id, "name": "阿依古丽·买买提",
                                                    "toSchool": TestServer.schoolA1, "effectiveDate": "2027-09-01"])
        let id = try #require(asked.object["id"] as? Int, "\(asked.text)")
        for (step, officer) in ["schoolA1", "countyA2", "schoolB1", "countyB"].prefix(steps).enumerated() {
            let reply = try await server.request("POST", "/api/transfers/\(id)/approve", token: try await server.signIn(officer),
                                                 json: ["step": step + 1, "reason": "同意"])
            #expect(reply.status == 200, "step \(step + 1) by \(officer): \(reply.text)")
        }
        return id
    }

    static let workflowWrites: [WriteCase] = [
        // Step 1 is the receiving school's, 2 its authority's, 3 the sending school's, 4 the sending authority's; a
        // school outside the transfer does not see it; the ministry changes nothing.
        WriteCase(name: "transfer step 1", prepare: { server in
            let id = try await transfer(on: server, approved: 0)
            return ("POST", "/api/transfers/\(id)/approve", ["step": 1, "reason": "同意接收"])
        }, expected: [403, 403, 403, 403, 403, 403, 200, 404, 403]),
        WriteCase(name: "transfer step 2", prepare: { server in
            let id = try await transfer(on: server, approved: 1)
            return ("POST", "/api/transfers/\(id)/approve", ["step": 2, "reason": "同意调入"])
        }, expected: [403, 200, 200, 403, 200, 403, 403, 404, 403]),
        WriteCase(name: "transfer step 3 rejected", prepare: { server in
            let id = try await transfer(on: server, approved: 2)
            return ("POST", "/api/transfers/\(id)/reject", ["step": 3, "reason": "本校缺编，不同意调出"])
        }, expected: [403, 403, 403, 403, 403, 403, 403, 404, 200]),
        WriteCase(name: "transfer step 4", prepare: { server in
            let id = try await transfer(on: server, approved: 3)
            return ("POST", "/api/transfers/\(id)/approve", ["step": 4, "reason": "同意调出"])
        }, expected: [403, 200, 200, 403, 403, 200, 403, 404, 403]),
        // A batch and a change request are rejected by the same levels that approve them.
        WriteCase(name: "batch rejected", prepare: { server in
            let upload = try await server.request("POST", "/api/uploads?name=\(TestServer.encoded("2136010102_南昌市育才小学_中小学教职工基本信息.csv"))",
                                                  token: try await server.signIn("schoolA1"),
                                                  body: APIBehaviourTests.schoolCSV(namesakeSequence: 61), contentType: "text/csv")
            #expect(upload.status == 201, "\(upload.text)")
            return ("POST", "/api/batches/1/reject", ["reason": "第2行出生日期有误"])
        }, expected: [403, 409, 409, 200, 200, 404, 403, 403, 403]),
        WriteCase(name: "change request rejected", prepare: { server in
            let change = try await server.request("POST", "/api/teachers/\(server.teachers["tA"]!.number)/changes",
                                                  token: try await server.signIn("countyA"), json: ["fields": ["name": "張偉"], "reason": "户籍证明"])
            let id = try #require((change.object["request"] as? [String: Any])?["id"] as? Int, "\(change.text)")
            return ("POST", "/api/change-requests/\(id)/reject", ["reason": "户籍证明不清"])
        }, expected: [403, 403, 200, 403, 403, 404, 403, 404, 404]),
        // A merge across counties is undone only by a level covering both records, as it was made.
        WriteCase(name: "unmerge", prepare: { server in
            let merged = try await server.request("POST", "/api/merges", token: try await server.signIn("city"),
                                                  json: ["merged": server.teachers["tRare"]!.id, "survivor": server.teachers["tOld"]!.id,
                                                         "reason": "同一人"])
            #expect(merged.status == 200, "\(merged.text)")
            return ("POST", "/api/unmerges", ["merged": server.teachers["tRare"]!.number, "reason": "核对后为两人"])
        }, expected: [403, 200, 200, 403, 403, 403, 404, 403, 403]),
        // A rotation across counties is ended by a level covering both schools, as it was started.
        WriteCase(name: "rotation ended", prepare: { server in
            let started = try await server.request("POST", "/api/rotations", token: try await server.signIn("city"),
                                                   json: ["teacher": server.teachers["tA"]!.id, "hostSchool": TestServer.schoolB1,
                                                          "start": "2027-09-01", "plannedEnd": "2028-07-31"])
            #expect(started.status == 201, "\(started.text)")
            return ("POST", "/api/rotations/end", ["teacher": server.teachers["tA"]!.id, "date": "2028-01-31"])
        }, expected: [403, 200, 200, 403, 403, 403, 403, 404, 403]),
        // Accounts: the levels above school A1's user, within their jurisdiction.
        WriteCase(name: "user disabled", prepare: { _ in ("POST", "/api/users/schoolA1/disable", [:]) },
                  expected: [200, 200, 200, 200, 200, 404, 404, 404, 404]),
        WriteCase(name: "password reset", prepare: { _ in ("POST", "/api/users/schoolA1/password", ["password": "新学期的新密码：育才小学"]) },
                  expected: [200, 200, 200, 200, 200, 404, 404, 404, 404]),
        WriteCase(name: "county user disabled", prepare: { _ in ("POST", "/api/users/countyB/disable", [:]) },
                  expected: [200, 200, 200, 404, 404, 404, 404, 404, 404]),
    ]

    @Test(arguments: ["transfer step 1", "transfer step 2", "transfer step 3 rejected", "transfer step 4", "batch rejected",
                      "change request rejected", "unmerge", "rotation ended", "user disabled", "password reset", "county user disabled"])
    func everyStepOfEveryWorkflowOnlyByTheLevelItBelongsTo(_ name: String) async throws {
        let test = try #require(Self.workflowWrites.first { $0.name == name })
        let contract = try OpenAPIContract()
        for (index, user) in Self.order.enumerated() {
            let server = try await TestServer()
            let request = try await test.prepare(server)
            let token = try await server.signIn(user)
            let before = try server.database.read { try $0.lastEventID() }
            let reply = try await server.request(request.method, request.path, token: token, json: request.json)
            #expect(reply.status == test.expected[index], "\(name): \(user) \(request.method) \(request.path): \(reply.status) \(reply.text)")
            if reply.status >= 400 {
                #expect(try server.database.read { try $0.lastEventID() } == before, "\(name): a refusal to \(user) changed the registry")
            }
            let problems = contract.problems(method: request.method, path: request.path, status: reply.status, body: reply.body,
                                             contentType: reply.contentType)
            #expect(problems.isEmpty, "\(problems)")
            try await server.stop()
        }
    }

    /// A disabled user's session ends at once; a reset password ends the old sessions and the old password.
    @Test func disablingOrResettingAUserEndsTheirSessionsAndSigningOutEndsOnlyYours() async throws {
        let server = try await TestServer()
        let tokens = try await server.tokens()
        #expect(try await server.request("POST", "/api/users/schoolA1/disable", token: tokens["countyA"], json: [String: String]()).status == 200)
        #expect(try await server.request("GET", "/api/me", token: tokens["schoolA1"]).status == 401)
        #expect(try await server.request("POST", "/api/users/schoolA1/enable", token: tokens["countyA"], json: [String: String]()).status == 200)
        let again = try await server.signIn("schoolA1")
        #expect(try await server.request("POST", "/api/users/schoolA1/password", token: tokens["city"],
                                         json: ["password": "新学期的新密码：育才小学"]).status == 200)
        #expect(try await server.request("GET", "/api/me", token: again).status == 401)
        let old = try await server.request("POST", "/api/sessions", json: ["user": "schoolA1", "password": TestServer.passwords])
        #expect(old.status == 401)
        for user in Self.order where user != "schoolA1" {
            #expect(try await server.request("DELETE", "/api/sessions", token: tokens[user]).status < 300, "\(user) signs out")
            #expect(try await server.request("GET", "/api/me", token: tokens[user]).status == 401, "\(user) stays signed in")
        }
        try await server.stop()
    }

    /// The reads of what the workflows create: a transfer, a batch, a file's error workbook, the export file.
    @Test func whatTheWorkflowsCreateIsReadOnlyByThoseItConcerns() async throws {
        let server = try await TestServer()
        let tokens = try await server.tokens()
        let contract = try OpenAPIContract()
        let transfer = try await Self.transfer(on: server, approved: 1)
        // The sample workbook of school A1 has refused rows: its marked-up copy is kept; the batch is the file's.
        let name = "2136010102_南昌市育才小学_中小学教职工基本信息.xlsx"
        let upload = try await server.request("POST", "/api/uploads?name=\(TestServer.encoded(name))&partial=true", token: tokens["schoolA1"],
                                              body: try Data(contentsOf: APIBehaviourTests.samples.appendingPathComponent(name)),
                                              contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let uploadID = try #require(upload.object["id"] as? Int, "\(upload.text)")
        let batch = try #require(((try await server.request("GET", "/api/batches", token: tokens["countyA"])).object["batches"] as? [[String: Any]])?
            .first?["id"] as? Int)
        let yesterday = CivilDate.todayInChina().adding(days: -1).description
        let cases: [(path: String, expected: [Int])] = [
            ("/api/transfers/\(transfer)", [200, 200, 200, 200, 200, 200, 200, 404, 200]),
            ("/api/batches/\(batch)", [200, 200, 200, 200, 200, 404, 200, 404, 404]),
            ("/api/uploads/\(uploadID)/error-workbook", [200, 200, 200, 200, 200, 404, 200, 404, 404]),
            ("/api/exports/file?asOf=\(yesterday)", [403, 200, 403, 403, 403, 403, 403, 403, 403]),
            ("/api/exports/file?asOf=\(yesterday)&format=xlsx", [403, 200, 403, 403, 403, 403, 403, 403, 403]),
        ]
        let fullIDs = server.teachers.values.map(\.id)
        for test in cases {
            for (index, user) in Self.order.enumerated() {
                let reply = try await server.request("GET", test.path, token: tokens[user])
                #expect(reply.status == test.expected[index], "\(user) GET \(test.path): \(reply.status) \(reply.text.prefix(200))")
                if user != "province" {
                    for id in fullIDs { #expect(!reply.text.contains(id), "\(user) GET \(test.path) shows a full ID number") }
                }
                let problems = contract.problems(method: "GET", path: test.path, status: reply.status, body: reply.body,
                                                 contentType: reply.contentType)
                #expect(problems.isEmpty, "\(problems)")
            }
        }
        try await server.stop()
    }
}
