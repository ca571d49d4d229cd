import Foundation
import Normalization
import Registry
import RegistryService
import Testing

/// Requests a signed-in user can send that once crashed the server or were
/// read loosely: every one gets a specific 4xx, and the server keeps serving.
@Suite struct HostileInputTests {
    func code(_ reply: TestServer.Reply) -> String? { (reply.object["error"] as? [String: Any])?["code"] as? String }

    @Test func queryParametersOutOfTypeOrRangeAnswer422NamingTheParameterAndTheServerStaysUp() async throws {
        let server = try await TestServer()
        let province = try await server.signIn("province")
        let combining = TestServer.encoded("2026-12-07\u{301}")
        let cases: [(path: String, parameter: String)] = [
            ("/api/rotations/eligible?years=-9223372036854775808", "years"),
            ("/api/rotations/eligible?years=9223372036854775807", "years"),
            ("/api/rotations/eligible?years=0", "years"),
            ("/api/rotations/eligible?years=六", "years"),
            ("/api/rotations/eligible?asOf=\(combining)", "asOf"),
            ("/api/exports/file?asOf=\(combining)", "asOf"),
            ("/api/exports/file?asOf=2026-02-30", "asOf"),
            ("/api/exports/file?asOf=2026-01-01&format=pdf", "format"),
            ("/api/exports?asOf=2026-01-01&since=\(TestServer.encoded("２０２５-01-01"))", "since"),
            ("/api/exports?asOf=%F0%9F%98%80", "asOf"),
            ("/api/teachers/\(server.teachers["tA"]!.number)?asOf=1985-3-12", "asOf"),
            ("/api/teachers/\(server.teachers["tA"]!.number)?full=yes", "full"),
            ("/api/teachers?name=\(TestServer.encoded("张伟"))&birthDate=19850312", "birthDate"),
            ("/api/batches?awaiting=everyone", "awaiting"),
        ]
        for (path, parameter) in cases {
            let reply = try await server.request("GET", path, token: province)
            #expect(reply.status == 422, "\(path): \(reply.status) \(reply.text)")
            #expect(code(reply) == "invalid-parameter", "\(path)")
            #expect(reply.text.contains("查询参数“\(parameter)”"), "\(path): \(reply.text)")
            let english = try await server.request("GET", path, token: province, language: "en-US,en;q=0.9")
            #expect(english.status == 422 && english.text.contains("query parameter '\(parameter)'"), "\(path): \(english.text)")
        }
        #expect(try await server.request("GET", "/health").status == 200)
        // In range, the same endpoints answer.
        #expect(try await server.request("GET", "/api/rotations/eligible?years=60&asOf=2026-12-07", token: province).status == 200)
        try await server.stop()
    }

    @Test func datesInBodiesMustBeDaysThatExist() async throws {
        let server = try await TestServer()
        let county = try await server.signIn("countyA")
        let tA = server.teachers["tA"]!.number
        let before = try server.database.read { try $0.history(of: try $0.teacher(number: tA)!.id).count }
        for start in ["2026-13-01", "2026-02-29", "2026/09/01", "2026-09-01\u{301}", ""] {
            let reply = try await server.request("POST", "/api/rotations", token: county,
                                                 json: ["teacher": tA, "hostSchool": TestServer.schoolA2, "start": start, "plannedEnd": "2028-07-31"])
            #expect(reply.status == 422 && code(reply) == "invalid-field", "\(start): \(reply.status) \(reply.text)")
            #expect(reply.text.contains("start"))
        }
        let status = try await server.request("POST", "/api/teachers/\(tA)/status", token: county,
                                              json: ["status": "01", "date": "1985年3月12日", "reason": "退休"])
        #expect(status.status == 422 && code(status) == "invalid-field")
        #expect(try server.database.read { try $0.history(of: try $0.teacher(number: tA)!.id).count } == before)
        try await server.stop()
    }

    @Test func aJSONBodyOverTheLimitAnswers413() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("province")
        let name = String(repeating: "张", count: 400_000)  // 1.2 MB of UTF-8
        let reply = try await server.request("POST", "/api/match", token: token, json: ["name": name])
        #expect(reply.status == 413 && code(reply) == "too-large", "\(reply.status) \(reply.text)")
        #expect(try await server.request("GET", "/health").status == 200)
        try await server.stop()
    }

    @Test func rotationEligibilityCountsWholeYearsAndTakesLeapDaysInItsStride() throws {
        let leap = CivilDate("2028-02-29")!
        #expect(leap.subtracting(years: 6) == CivilDate("2022-02-28"))
        #expect(leap.subtracting(years: 4) == CivilDate("2024-02-29"))
        #expect(leap.subtracting(years: Int.min) == nil)
        #expect(leap.subtracting(years: 2028) == nil)
        #expect(CivilDate("2026-12-07\u{301}") == nil)
        #expect(CivilDate("２０２６-12-07") == nil)
        #expect(CivilDate("2026-12-07") == CivilDate(year: 2026, month: 12, day: 7))
    }
}

extension HostileInputTests {
    @Test func schoolsAreDescribedOnlyWithARealSchoolCodeAndACountyOfTheProvince() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("province")
        for (code, county) in [("2136010199", "36ABCD"), ("9999999999", "360102"), ("2136010199", "360100"), ("2136010199", "110105"),
                               ("2111010199", "360102"), ("２１36010199", "360102"), ("2136010199", "３６０１０２")] {
            let reply = try await server.request("POST", "/api/schools", token: token, json: ["code": code, "name": "测试学校", "county": county])
            #expect(reply.status == 422, "\(code) \(county): \(reply.status) \(reply.text)")
        }
        #expect(try server.database.read { try $0.school("2136010199") } == nil)
        let good = try await server.request("POST", "/api/schools", token: token, json: ["code": "2136010199", "name": "南昌市第十九中学", "county": "360102"])
        #expect(good.status == 201, "\(good.text)")
        try await server.stop()
    }

    @Test func exportCellsASpreadsheetWouldRunAsFormulasAreWrittenBehindAnApostrophe() async throws {
        let server = try await TestServer()
        let tA = server.teachers["tA"]!.number
        try server.database.change(Actor(user: "test", role: "province"), reason: "test") { change in
            _ = try change.updateTeacher(try change.reader.teacher(number: tA)!.id, ["former_name": "=HYPERLINK(\"http://example.invalid\",\"点击\")"])
        }
        let today = CivilDate.todayInChina()
        let export = try server.service.nationalExport(Principal(name: "p", role: .province, jurisdiction: "36"), asOf: today,
                                                       today: today.adding(days: 1))
        let csv = String(decoding: try #require(export.files.first { $0.name.hasSuffix(".csv") }).data, as: UTF8.self)
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"点击\"\")\""))
        #expect(!csv.contains(",=HYPERLINK") && !csv.contains(",\"=HYPERLINK"))
        try await server.stop()
    }
}

extension HostileInputTests {
    @Test func overLongValuesAndOutOfRangeNumbersInBodiesAnswer422AndChangeNothing() async throws {
        let server = try await TestServer()
        let county = try await server.signIn("countyA")
        let tA = server.teachers["tA"]!.number
        let before = try server.database.read { try $0.history(of: try $0.teacher(number: tA)!.id).count }
        let long = try await server.request("POST", "/api/teachers/\(tA)/changes", token: county,
                                            json: ["fields": ["phone": String(repeating: "1", count: 5_000)], "reason": "更新"])
        #expect(long.status == 422 && code(long) == "invalid-field", "\(long.text)")
        let phone = try await server.request("POST", "/api/teachers/\(tA)/changes", token: county,
                                             json: ["fields": ["phone": String(repeating: "1", count: 31)], "reason": "更新"])
        #expect(phone.status == 422, "\(phone.text)")
        let control = try await server.request("POST", "/api/teachers/\(tA)/changes", token: county,
                                               json: ["fields": ["certificate": "2010\u{0}3601"], "reason": "更新"])
        #expect(control.status == 422, "\(control.text)")
        let step = try await server.request("POST", "/api/transfers/1/approve", token: county, json: ["step": 9_223_372_036_854_775_807])
        #expect(step.status == 422, "\(step.text)")
        let rows = try await server.request("POST", "/api/batches/1/reject", token: county, json: ["rows": [-1], "reason": "退回"])
        #expect(rows.status == 422, "\(rows.text)")
        #expect(try server.database.read { try $0.history(of: try $0.teacher(number: tA)!.id).count } == before)
        // The schema refuses what a path that skips the service would write.
        #expect(throws: (any Error).self) {
            try server.database.change(Actor(user: "test", role: "province"), reason: "test") { change in
                _ = try change.updateTeacher(try change.reader.teacher(number: tA)!.id, ["phone": String(repeating: "1", count: 31)])
            }
        }
        try await server.stop()
    }
}
