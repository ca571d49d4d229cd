import Foundation
import Normalization
import Registry
import Testing

/// Many officers at once through the server: data stays consistent.
@Suite("Concurrent requests")
struct ConcurrencyTests {
    /// A school file with the same 20 people, each time in another form (the 15-digit ID every other time).
    static func file(_ variant: Int) -> Data {
        var lines = ["record_id,school_code,county_code,name,gender,birth_date,id_type,id_number"]
        for person in 0..<20 {
            let birth = 19_800_101 + UInt64(person)
            let id = ResidentIDNumber(body: 360_102 * 100_000_000_000 + birth * 1000 + UInt64(2 * person + 1)).fullNumber
            let shown = variant % 2 == 0 ? id : String(id.prefix(6) + id.dropFirst(8).prefix(9))
            let name = ["钱", "孙", "周", "吴", "郑"][person % 5] + ["立新", "晓东", "春梅", "桂兰"][person % 4]  // no namesake of the seeded teachers
            lines.append("v\(variant)-\(person),\(TestServer.schoolA1),\(TestServer.countyA),\(name),男,\(String(birth).prefix(4))-01-\(String(format: "%02d", person + 1)),1,\(shown)")
        }
        return Data(lines.joined(separator: "\n").utf8)
    }

    @Test func parallelUploadsOfTheSamePeopleGiveEachPersonOneNumber() async throws {
        let server = try await TestServer()
        let tokens = try await server.tokens()
        let before = try server.database.read { try $0.teacherCount() }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for variant in 0..<8 {
                group.addTask {
                    let user = variant % 2 == 0 ? "countyA" : "schoolA1"
                    return try await server.request("POST", "/api/uploads?name=batch-\(variant).csv", token: tokens[user],
                                                    body: Self.file(variant), contentType: "text/csv").status
                }
            }
            for try await status in group { #expect(status == 201) }
        }
        let after = try server.database.read { try $0.teacherCount() }
        let waiting = try server.database.read { try $0.openReviewCount() }
        #expect(after - before == 20, "new \(after - before), waiting for review \(waiting)")
        #expect(try server.database.integrityProblems().isEmpty)
        try await server.stop()
    }

    @Test func parallelApprovalsOfOneStepLetExactlyOneOfficerThrough() async throws {
        let server = try await TestServer()
        let tokens = try await server.tokens()
        let teacher = server.teachers["tA"]!.number
        let created = try await server.request("POST", "/api/transfers", token: tokens["countyA"],
                                               json: ["document": server.teachers["tA"]!.id, "name": "张伟", "toSchool": TestServer.schoolA2,
                                                      "effectiveDate": "2026-12-01"])
        let id = try #require(created.object["id"] as? Int)
        #expect(try await server.request("POST", "/api/transfers/\(id)/approve", token: tokens["schoolA2"], json: ["step": 1]).status == 200)
        // Step 2 by the county (another officer than the requester), the city and the province, all at once, each
        // having seen step 2: one goes through, the others are told someone acted first.
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for user in ["countyA2", "city", "province"] {
                group.addTask { try await server.request("POST", "/api/transfers/\(id)/approve", token: tokens[user], json: ["step": 2]).status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
        #expect(statuses.filter { $0 == 409 }.count == 2, "\(statuses)")
        let transfer = try await server.request("GET", "/api/transfers/\(id)", token: tokens["countyA"])
        #expect(transfer.object["stepsDone"] as? Int == 2)
        try await server.stop()
    }
}
