import Foundation
import Normalization
import Registry
import RegistryServer
import Testing

/// Every level × every endpoint × inside and outside its jurisdiction,
/// against a real server: allowed or denied as the rules say, masked data
/// stays masked, and every answer conforms to the OpenAPI document.
@Suite("Access matrix")
struct AccessMatrixTests {
    /// Users in the order of the expectation lists below.
    static let order = ["ministry", "province", "city", "countyA", "countyA2", "countyB", "schoolA1", "schoolA2", "schoolB1"]

    struct Case {
        let method: String
        let path: String
        var json: Any? = nil
        let expected: [Int]
        /// Expected number of teachers (or candidates) listed, per user.
        var listed: [Int]? = nil
        var listKey: String? = nil
    }

    @Test func everyRoleSeesAndChangesOnlyItsJurisdictionAndMaskedDataStaysMasked() async throws {
        let server = try await TestServer()
        let contract = try OpenAPIContract()
        let tokens = try await server.tokens()
        let t = server.teachers
        // A school file with a namesake of 张伟 (queued for review), a birth date that differs from its ID (TR-006) and an
        // ID in full-width digits with a wrong check character (TR-003): what the review, upload and audit answers show.
        let namesake = ResidentIDNumber(body: 360_103_1985_0312_051).fullNumber
        let mismatched = ResidentIDNumber(body: 360_102_1991_0815_004).fullNumber
        let fullWidth = String(ResidentIDNumber(body: 360_102_1979_1123_001).fullNumber.dropLast().map {
            Character(Unicode.Scalar($0.unicodeScalars.first!.value + 0xFEE0)!)
        }) + "９"
        let file = """
            record_id,school_code,county_code,name,gender,birth_date,id_type,id_number
            1,\(TestServer.schoolA1),\(TestServer.countyA),张伟,男,1985-03-12,1,\(namesake)
            2,\(TestServer.schoolA1),\(TestServer.countyA),王芳,女,1991-08-16,1,\(mismatched)
            3,\(TestServer.schoolA1),\(TestServer.countyA),陳建國,男,1979-11-23,1,\(fullWidth)

            """
        let uploaded = try await server.request("POST", "/api/uploads?name=2136010102_南昌市育才小学_中小学教职工基本信息.csv&partial=true",
                                                token: tokens["schoolA1"], body: Data(file.utf8), contentType: "text/csv")
        #expect(uploaded.status == 201, "\(uploaded.text)")
        #expect(uploaded.text.contains("TR-006") && uploaded.text.contains("TR-003"), "\(uploaded.text)")
        let uploadID = try #require(uploaded.object["id"] as? Int)
        let reviewID = try #require(((try await server.request("GET", "/api/review", token: tokens["province"])).object["items"] as? [[String: Any]])?.first?["id"] as? Int)
        let fullIDs = t.values.map(\.id) + [namesake, mismatched, fullWidth, String(namesake.dropLast(4)), String(mismatched.dropLast(4))]
        // Every stored or submitted birth date, in the forms a page or message might write it.
        let births = ["1985-03-12", "1990-07-01", "1979-11-23", "1992-02-29", "1968-04-05", "1991-08-15", "1991-08-16"]
        let birthForms = births.flatMap { day -> [String] in
            let parts = day.split(separator: "-")
            return [day, parts.joined(), "\(parts[0])年\(Int(parts[1])!)月\(Int(parts[2])!)日"]
        } + ["19850312", "680405"]
        let cases: [Case] = [
            Case(method: "GET", path: "/api/teachers/\(t["tA"]!.number)", expected: [200, 200, 200, 200, 200, 404, 200, 404, 404]),
            Case(method: "GET", path: "/api/teachers/\(t["tB"]!.number)", expected: [200, 200, 200, 404, 404, 200, 404, 404, 200]),
            // Left county A for county B: county A and school A1 still read the record.
            Case(method: "GET", path: "/api/teachers/\(t["tLeft"]!.number)", expected: [200, 200, 200, 200, 200, 200, 200, 404, 200]),
            // By document number, the old 15-digit form included.
            Case(method: "GET", path: "/api/teachers/\(t["tOld"]!.id)", expected: [200, 200, 200, 200, 200, 404, 404, 200, 404]),
            Case(method: "GET", path: "/api/teachers?document=\(t["tA"]!.id)", expected: Array(repeating: 200, count: 9),
                 listed: [1, 1, 1, 1, 1, 0, 1, 0, 0], listKey: "teachers"),
            Case(method: "GET", path: "/api/teachers?name=\(TestServer.encoded("阿依古丽·买买提"))&birthDate=1990-07-01",
                 expected: Array(repeating: 200, count: 9), listed: [1, 1, 1, 0, 0, 1, 0, 0, 1], listKey: "teachers"),
            Case(method: "GET", path: "/api/teachers?name=\(TestServer.encoded("𠮷野家"))", expected: Array(repeating: 200, count: 9),
                 listed: [1, 1, 1, 0, 0, 1, 0, 0, 1], listKey: "teachers"),
            Case(method: "POST", path: "/api/match", json: ["name": "張偉", "birthDate": "1985年3月12日", "gender": "男", "documentNumber": t["tA"]!.id],
                 expected: Array(repeating: 200, count: 9), listed: [1, 1, 1, 1, 1, 0, 1, 0, 0], listKey: "candidates"),
            // Changes: only where the teacher works now; the ministry changes nothing.
            Case(method: "POST", path: "/api/teachers/\(t["tLeft"]!.number)/status", json: ["status": "11", "date": "2026-09-01", "reason": "在职核对"],
                 expected: [403, 200, 200, 403, 403, 200, 403, 404, 200]),
            Case(method: "POST", path: "/api/teachers/\(t["tA"]!.number)/status", json: ["status": "11", "date": "2026-09-01", "reason": "在职核对"],
                 expected: [403, 200, 200, 200, 200, 404, 200, 404, 404]),
            Case(method: "GET", path: "/api/me", expected: Array(repeating: 200, count: 9)),
            Case(method: "GET", path: "/api/review", expected: Array(repeating: 200, count: 9)),
            Case(method: "GET", path: "/api/transfers", expected: Array(repeating: 200, count: 9)),
            Case(method: "GET", path: "/api/rotations/eligible?asOf=2026-11-22", expected: Array(repeating: 200, count: 9)),
            Case(method: "GET", path: "/api/progress", expected: Array(repeating: 200, count: 9)),
            Case(method: "GET", path: "/api/audit", expected: Array(repeating: 200, count: 9)),
            Case(method: "GET", path: "/api/uploads/999", expected: Array(repeating: 404, count: 9)),
            Case(method: "GET", path: "/api/review/999", expected: Array(repeating: 404, count: 9)),
            Case(method: "GET", path: "/api/transfers/999", expected: Array(repeating: 404, count: 9)),
            Case(method: "GET", path: "/api/batches/999", expected: Array(repeating: 404, count: 9)),
            Case(method: "GET", path: "/api/batches", expected: Array(repeating: 200, count: 9)),
            Case(method: "GET", path: "/api/change-requests", expected: Array(repeating: 200, count: 9)),
            Case(method: "GET", path: "/api/submission-gate", expected: Array(repeating: 200, count: 9)),
            Case(method: "GET", path: "/api/progress/report", expected: Array(repeating: 200, count: 9)),
            Case(method: "GET", path: "/api/audit/report", expected: Array(repeating: 200, count: 9)),
            // The upload: its school, county A, the city, the province and the ministry; the review item: who covers school and candidate.
            Case(method: "GET", path: "/api/uploads/\(uploadID)", expected: [200, 200, 200, 200, 200, 404, 200, 404, 404]),
            Case(method: "GET", path: "/api/review/\(reviewID)", expected: [404, 200, 200, 200, 200, 404, 200, 404, 404]),
            Case(method: "GET", path: "/api/review", expected: Array(repeating: 200, count: 9), listed: [0, 1, 1, 1, 1, 0, 1, 0, 0], listKey: "items"),
            // The national export is the province's alone (and today's waits for the review item and the batch above).
            Case(method: "GET", path: "/api/exports?asOf=\(CivilDate.todayInChina().description)", expected: [403, 409, 403, 403, 403, 403, 403, 403, 403]),
            Case(method: "GET", path: "/api/exports?asOf=\(CivilDate.todayInChina().adding(days: -1).description)",
                 expected: [403, 200, 403, 403, 403, 403, 403, 403, 403]),
            // The school directory: each user lists the schools of its jurisdiction; one school, those covering it.
            Case(method: "GET", path: "/api/schools", expected: Array(repeating: 200, count: 9), listed: [3, 3, 3, 2, 2, 1, 1, 1, 1],
                 listKey: "schools"),
            Case(method: "GET", path: "/api/schools?region=\(TestServer.countyB)", expected: [200, 200, 200, 403, 403, 200, 403, 403, 403]),
            Case(method: "GET", path: "/api/schools/\(TestServer.schoolB1)", expected: [200, 200, 200, 404, 404, 200, 404, 404, 200]),
            // Placing a school: authorities over its county only.
            Case(method: "POST", path: "/api/schools", json: ["code": "2136010199", "name": "东湖区新校", "county": TestServer.countyA],
                 expected: [403, 201, 201, 201, 201, 403, 403, 403, 403]),
            // Users: each lists those it administers (a school, nobody).
            Case(method: "GET", path: "/api/users", expected: Array(repeating: 200, count: 9), listed: [8, 7, 6, 2, 2, 1, 0, 0, 0], listKey: "users"),
            Case(method: "POST", path: "/api/users/countyB/enable", json: [String: String](), expected: [200, 200, 200, 404, 404, 404, 404, 404, 404]),
            // A transfer into school A1 of 阿依古丽 (county B), asked for by her ID and name: the receiving side only.
            Case(method: "POST", path: "/api/transfers", json: ["document": t["tB"]!.id, "name": "阿依古丽·买买提", "toSchool": TestServer.schoolA1,
                                                                "effectiveDate": "2027-09-01"],
                 expected: [403, 201, 201, 201, 201, 403, 201, 403, 403]),
            Case(method: "GET", path: "/api/uploads/\(uploadID)/error-workbook", expected: [404, 404, 404, 404, 404, 404, 404, 404, 404]),
            // Identity changes become requests; only those who may change the teacher can file them.
            Case(method: "POST", path: "/api/teachers/\(t["tA"]!.number)/changes", json: ["fields": ["phone": "13800000000"], "reason": "联系方式更新"],
                 expected: [403, 200, 200, 200, 200, 404, 200, 404, 404]),
        ]
        for test in cases {
            for (index, user) in Self.order.enumerated() {
                let reply = try await server.request(test.method, test.path, token: tokens[user], json: test.json)
                #expect(reply.status == test.expected[index], "\(user) \(test.method) \(test.path): \(reply.status) \(reply.text)")
                if let listed = test.listed, let key = test.listKey, reply.status == 200 {
                    let items = reply.object[key] as? [Any] ?? []
                    #expect(items.count == listed[index], "\(user) \(test.path) listed \(items.count)")
                }
                for id in fullIDs { #expect(!reply.text.contains(id), "\(user) \(test.method) \(test.path) shows a full ID number") }
                for birth in birthForms { #expect(!reply.text.contains(birth), "\(user) \(test.path) shows the birth date \(birth)") }
                let problems = contract.problems(method: test.method, path: test.path, status: reply.status, body: reply.body,
                                                 contentType: reply.contentType)
                #expect(problems.isEmpty, "\(problems)")
            }
        }
        // Uploads: a school's file is imported for its school and the authorities over it, refused whole for anyone else.
        let schoolFile = "record_id,school_code,county_code,name,gender,birth_date,id_type,id_number\n"
        let uploadStates: [String?] = [nil, "imported", "imported", "imported", "imported", "rejected", "imported", "rejected", "rejected"]
        for (index, user) in Self.order.enumerated() {
            let line = "u\(index),\(TestServer.schoolA1),\(TestServer.countyA),周敏,女,1987-03-04,1,"
                + ResidentIDNumber(body: 360_102_1987_0304_100 + UInt64(index * 2)).fullNumber + "\n"
            let reply = try await server.request("POST", "/api/uploads?name=\(TestServer.encoded("2136010102_南昌市育才小学_\(index)_中小学教职工基本信息.csv"))",
                                                 token: tokens[user], body: Data((schoolFile + line).utf8), contentType: "text/csv")
            let state = (reply.object["files"] as? [[String: Any]])?.first?["state"] as? String
            #expect(reply.status == (index == 0 ? 403 : 201) && state == uploadStates[index], "\(user) upload: \(reply.status) \(reply.text)")
        }
        // Users are added by the levels above them, within their jurisdiction (the ministry above all).
        let adds: [Int] = [201, 201, 201, 201, 201, 403, 403, 403, 403]
        for (index, user) in Self.order.enumerated() {
            let reply = try await server.request("POST", "/api/users", token: tokens[user],
                                                 json: ["name": "新用户\(index)", "password": "一个足够长的密码：育才小学", "role": "school",
                                                        "jurisdiction": TestServer.schoolA1])
            #expect(reply.status == adds[index], "\(user) POST /api/users: \(reply.status) \(reply.text)")
        }
        // No one but the ministry adds ministry users.
        let ministryAdds: [Int] = [201, 403, 403, 403, 403, 403, 403, 403, 403]
        for (index, user) in Self.order.enumerated() {
            let reply = try await server.request("POST", "/api/users", token: tokens[user],
                                                 json: ["name": "部级用户\(index)", "password": "一个足够长的密码：教育部", "role": "ministry", "jurisdiction": ""])
            #expect(reply.status == ministryAdds[index], "\(user) POST /api/users (ministry): \(reply.status) \(reply.text)")
        }
        // The whole session's log: not one full ID number.
        let lines = server.logs.all
        #expect(lines.count > cases.count * Self.order.count)
        for id in fullIDs { #expect(!lines.contains { $0.contains(id) }, "the log carries \(Masking.mask(id))") }
        try await server.stop()
    }

    /// Writes that change where a teacher works or who they are, each on a fresh registry for each user.
    @Test func rotationsAndMergesAcrossCountiesOnlyByALevelCoveringBoth() async throws {
        // Keys are ID numbers: teacher numbers differ from registry to registry.
        let t = try await TestServer().teachers
        let cases: [(path: String, json: [String: String], expected: [Int])] = [
            ("/api/rotations", ["teacher": t["tA"]!.id, "hostSchool": TestServer.schoolB1, "start": "2027-09-01", "plannedEnd": "2028-07-31"],
             [403, 201, 201, 403, 403, 404, 403, 404, 404]),
            ("/api/merges", ["merged": t["tRare"]!.id, "survivor": t["tOld"]!.id, "reason": "同一人"],
             [403, 200, 200, 404, 404, 404, 404, 404, 404]),
        ]
        for test in cases {
            for (index, user) in Self.order.enumerated() {
                let server = try await TestServer()
                let before = try server.database.read { try $0.lastEventID() }
                let reply = try await server.request("POST", test.path, token: try await server.signIn(user), json: test.json)
                #expect(reply.status == test.expected[index], "\(user) POST \(test.path): \(reply.status) \(reply.text)")
                if reply.status >= 400 {
                    // A refusal changes nothing but the access log of the sign-in.
                    #expect(try server.database.read { try $0.lastEventID() } == before)
                }
                try await server.stop()
            }
        }
    }

    /// Decisions on what a school submitted: a suspected duplicate, the file's batch, a change request; each user on a
    /// fresh registry where school A1 uploaded a namesake of 张伟 and county A asked to correct his name.
    @Test func decisionsOnWhatASchoolSubmittedOnlyByTheLevelsThatReviewIt() async throws {
        let cases: [(what: String, expected: [Int])] = [
            ("review", [404, 200, 200, 200, 200, 404, 403, 404, 404]),
            ("batch", [403, 409, 409, 200, 200, 404, 403, 403, 403]),
            ("change", [403, 403, 200, 403, 403, 404, 403, 404, 404]),
        ]
        for test in cases {
            for (index, user) in Self.order.enumerated() {
                let server = try await TestServer()
                let school = try await server.signIn("schoolA1"), county = try await server.signIn("countyA")
                let upload = try await server.request("POST", "/api/uploads?name=\(TestServer.encoded("2136010102_南昌市育才小学_中小学教职工基本信息.csv"))",
                                                      token: school, body: APIBehaviourTests.schoolCSV(namesakeSequence: 61), contentType: "text/csv")
                #expect(upload.status == 201, "\(upload.text)")
                let change = try await server.request("POST", "/api/teachers/\(server.teachers["tA"]!.number)/changes", token: county,
                                                      json: ["fields": ["name": "張偉"], "reason": "户籍证明"])
                let path: String, body: [String: Any]
                switch test.what {
                case "review":
                    path = "/api/review/1/decision"
                    body = ["decision": "different", "reason": "核对身份证原件：不同人"]
                case "batch":
                    path = "/api/batches/1/approve"
                    body = ["reason": "已核对"]
                default:
                    let id = try #require((change.object["request"] as? [String: Any])?["id"] as? Int, "\(change.text)")
                    path = "/api/change-requests/\(id)/approve"
                    body = ["reason": "已核对户籍证明"]
                }
                let reply = try await server.request("POST", path, token: try await server.signIn(user), json: body)
                #expect(reply.status == test.expected[index], "\(user) POST \(path): \(reply.status) \(reply.text)")
                try await server.stop()
            }
        }
    }

    @Test func fullDocumentNumbersOnlyForRolesAllowedAndEveryFullViewIsLogged() async throws {
        let server = try await TestServer()
        let tokens = try await server.tokens()
        let tA = server.teachers["tA"]!
        let expected: [Int] = [403, 200, 403, 403, 200, 403, 403, 403, 403]
        for (index, user) in AccessMatrixTests.order.enumerated() {
            let reply = try await server.request("GET", "/api/teachers/\(tA.number)?full=true", token: tokens[user])
            #expect(reply.status == expected[index], "\(user): \(reply.status)")
            #expect(reply.text.contains(tA.id) == (reply.status == 200))
        }
        // County A2 may see full numbers in its county, not across the border.
        let outside = try await server.request("GET", "/api/teachers/\(server.teachers["tB"]!.number)?full=true", token: tokens["countyA2"])
        #expect(outside.status == 404)
        let log = try server.database.read { reader in
            try reader.accessLog(of: try reader.teacher(number: tA.number)!.id)
        }
        #expect(log.map(\.account).sorted() == ["countyA2", "province"])
        try await server.stop()
    }

    @Test func everyRouteNeedsSignInExceptHealthMetricsContractAndSignIn() async throws {
        let server = try await TestServer()
        let open: Set<String> = ["GET /health", "GET /metrics", "GET /openapi.json", "POST /api/sessions"]
        for route in RegistryServer.routes(service: server.service) where route.contains(" /api/") && !open.contains(route) {
            let parts = route.split(separator: " ")
            let path = parts[1].replacingOccurrences(of: "{key}", with: server.teachers["tA"]!.number).replacingOccurrences(of: "{id}", with: "1")
            let reply = try await server.request(String(parts[0]), path, json: parts[0] == "POST" ? [String: String]() : nil)
            #expect(reply.status == 401, "\(route) answered \(reply.status) without a token")
        }
        let forged = try await server.request("GET", "/api/me", token: "0123456789abcdef")
        #expect(forged.status == 401)
        try await server.stop()
    }

    @Test func theOpenAPIDocumentListsEveryRouteTheServerHasAndNoOther() async throws {
        let server = try await TestServer()
        let contract = try OpenAPIContract()
        // The API and the operational endpoints; the web pages (HTML for people) are described in README.
        let routes = Set(RegistryServer.routes(service: server.service).filter {
            $0.contains(" /api/") || ["GET /health", "GET /metrics", "GET /openapi.json"].contains($0)
        })
        #expect(routes.subtracting(contract.operations).isEmpty, "undocumented: \(routes.subtracting(contract.operations).sorted())")
        #expect(contract.operations.subtracting(routes).isEmpty, "documented but missing: \(contract.operations.subtracting(routes).sorted())")
        let served = try await server.request("GET", "/openapi.json")
        #expect((served.object["openapi"] as? String) == "3.1.0")
        try await server.stop()
    }
}
