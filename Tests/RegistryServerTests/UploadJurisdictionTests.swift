import Foundation
import Normalization
import Registry
import RegistryService
import Testing

/// An upload joins rows only to teachers its submitter may change; a row
/// naming anyone else waits for a level that covers both, and never tells
/// the submitter who or where that teacher is.
@Suite struct UploadJurisdictionTests {
    static let header = "record_id,school_code,county_code,name,former_name,gender,birth_date,id_type,id_number,ethnicity,phone,hire_date"
    static let fileB1 = "2136011101_南昌市青山湖区小学_中小学教职工基本信息.csv"
    static let fileA1 = "2136010102_南昌市育才小学_中小学教职工基本信息.csv"

    func upload(_ server: TestServer, _ token: String?, _ name: String, _ lines: [String]) async throws -> TestServer.Reply {
        try await server.request("POST", "/api/uploads?name=\(TestServer.encoded(name))", token: token,
                                 body: Data(([Self.header] + lines).joined(separator: "\n").utf8), contentType: "text/csv")
    }

    @Test func aRowNamingAnotherCountysTeacherChangesNothingAndWaitsForTheLevelCoveringBoth() async throws {
        let server = try await TestServer()
        let tokens = try await server.tokens()
        let tA = server.teachers["tA"]!  // 张伟 at 育才小学, county A
        let before = try server.database.read { reader in
            let teacher = try reader.teacher(number: tA.number)!
            return (teacher, try reader.history(of: teacher.id).count, try reader.sources(of: teacher.id).count)
        }
        // School B1 (county B) submits 张伟's ID with another former name, ethnicity, phone and first employment.
        let reply = try await upload(server, tokens["schoolB1"], Self.fileB1,
                                     ["1,\(TestServer.schoolB1),\(TestServer.countyB),张伟,張偉明,男,1985-03-12,1,\(tA.id),03,13912345678,2008-09"])
        #expect(reply.status == 201, "\(reply.text)")
        let file = try #require((reply.object["files"] as? [[String: Any]])?.first)
        #expect(file["heldElsewhere"] as? Int == 1 && file["attached"] as? Int == 0 && file["newNumbers"] as? Int == 0, "\(reply.text)")
        // Said without who or where.
        #expect(reply.text.contains("该身份证件已在其他单位登记，请通过调动办理"))
        for secret in [tA.number, "育才", TestServer.schoolA1, TestServer.countyA] { #expect(!reply.text.contains(secret), "\(secret)") }

        let after = try server.database.read { reader in
            let teacher = try reader.teacher(number: tA.number)!
            return (teacher, try reader.history(of: teacher.id).count, try reader.sources(of: teacher.id).count)
        }
        #expect(after.0 == before.0)
        #expect(after.1 == before.1 && after.2 == before.2)

        // Neither county alone decides it; the city, which covers both, does.
        for user in ["schoolB1", "countyB", "countyA", "schoolA1"] {
            let queue = try await server.request("GET", "/api/review", token: tokens[user])
            #expect((queue.object["items"] as? [Any])?.isEmpty == true, "\(user): \(queue.text)")
        }
        let cityQueue = try await server.request("GET", "/api/review", token: tokens["city"])
        let items = try #require(cityQueue.object["items"] as? [[String: Any]])
        #expect(items.count == 1)
        let id = try #require(items.first?["id"] as? Int)
        #expect(try await server.request("GET", "/api/review/\(id)", token: tokens["countyB"]).status == 404)
        let crossed = try await server.request("POST", "/api/review/\(id)/decision", token: tokens["countyB"],
                                               json: ["decision": "same", "teacher": tA.number, "reason": "同一人"])
        #expect(crossed.status == 404)
        try await server.stop()
    }

    @Test func aRowOfTheSubmittersOwnTeacherFillsFreeFieldsButIdentityAndEmploymentFieldsWaitForTheirWorkflows() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("schoolA1")
        let tA = server.teachers["tA"]!
        try server.database.change(Actor(user: "seed", role: "province"), reason: "登记民族") { change in
            _ = try change.updateTeacher(try change.reader.teacher(number: tA.number)!.id, ["ethnicity": "01", "former_name": "张小伟"])
        }
        let reply = try await upload(server, token, Self.fileA1,
                                     ["1,\(TestServer.schoolA1),\(TestServer.countyA),张伟,張偉明,男,1985-03-12,1,\(tA.id),03,13912345678,2008-09"])
        #expect(reply.status == 201, "\(reply.text)")
        #expect((reply.object["files"] as? [[String: Any]])?.first?["attached"] as? Int == 1, "\(reply.text)")
        try server.database.read { reader in
            let teacher = try #require(try reader.teacher(number: tA.number))
            #expect(teacher.ethnicity == "01" && teacher.formerName == "张小伟")
            #expect(teacher.phone == "13912345678")
            let noted = try reader.history(of: teacher.id).filter { $0.kind == "identity-differs" }
            #expect(Set(noted.flatMap(\.changes).map(\.field)).isSuperset(of: ["ethnicity", "former_name"]))
        }
        try await server.stop()
    }
}
