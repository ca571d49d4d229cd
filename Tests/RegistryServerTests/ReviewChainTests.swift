import Foundation
import Normalization
import Registry
import RegistryService
import Testing

/// The notices' path end to end through the server: two schools submit,
/// the county approves, the city rejects a row, the school re-submits, the
/// city and province approve, the gate finds the duplicate across the two
/// schools, it is resolved, and the national export succeeds.
@Suite("Review chain and national submission")
struct ReviewChainTests {
    static func id(_ body: UInt64) -> String { ResidentIDNumber(body: body).fullNumber }
    static let liuYang = id(360_102_1988_0416_011), liuYangTypo = id(360_103_1988_0416_031)
    static let chenJing = id(360_102_1990_0512_022), zhouMin = id(360_102_1987_0304_044)
    static let fileA1 = "2136010102_南昌市育才小学_中小学教职工基本信息.csv"
    static let fileA2 = "2136010103_南昌市东湖区第二小学_中小学教职工基本信息.csv"

    static func csv(_ rows: [(String, String, String, String, String)], school: String) -> Data {
        let lines = rows.map { "\($0.0),\(school),\(TestServer.countyA),\($0.1),\($0.2),\($0.3),1,\($0.4)" }
        return Data((["record_id,school_code,county_code,name,gender,birth_date,id_type,id_number"] + lines).joined(separator: "\n").utf8)
    }

    @Test func aBatchTheOfficerSubmittedIsNotAwaitingThemAndTheirApprovalIsRefusedInChinese() async throws {
        let server = try await TestServer()
        let tokens = try await server.tokens()
        // County A submits a school's file itself (a county may), then looks for what awaits it.
        let reply = try await server.request("POST", "/api/uploads?name=\(TestServer.encoded(Self.fileA1))", token: tokens["countyA"],
                                             body: Self.csv([("1", "刘洋", "男", "1988-04-16", Self.liuYang)], school: TestServer.schoolA1),
                                             contentType: "text/csv")
        #expect(reply.status == 201, "\(reply.text)")
        let mine = (try await server.request("GET", "/api/batches?awaiting=me", token: tokens["countyA"])).object["batches"] as? [Any]
        #expect(mine?.isEmpty == true)
        let other = (try await server.request("GET", "/api/batches?awaiting=me", token: tokens["countyA2"])).object["batches"] as? [[String: Any]]
        let id = try #require(other?.first?["id"] as? Int)
        let refused = try await server.request("POST", "/api/batches/\(id)/approve", token: tokens["countyA"], json: [String: String]())
        #expect(refused.status == 403)
        #expect(refused.text.contains("第\(id)号批次是您提交的，须由另一位工作人员审核"), "\(refused.text)")
        #expect(try await server.request("POST", "/api/batches/\(id)/approve", token: tokens["countyA2"], json: [String: String]()).status == 200)
        try await server.stop()
    }

    @Test func schoolsSubmitLevelsApproveARowIsRejectedAndFixedAndTheProvinceExports() async throws {
        let server = try await TestServer()
        let tokens = try await server.tokens()
        func post(_ user: String, _ path: String, _ json: Any) async throws -> TestServer.Reply {
            try await server.request("POST", path, token: tokens[user], json: json)
        }
        func upload(_ user: String, _ name: String, _ data: Data) async throws -> TestServer.Reply {
            try await server.request("POST", "/api/uploads?name=\(TestServer.encoded(name))", token: tokens[user], body: data, contentType: "text/csv")
        }
        func batchOf(_ reply: TestServer.Reply, school: String) async throws -> Int {
            let batches = (try await server.request("GET", "/api/batches", token: tokens["province"])).object["batches"] as? [[String: Any]] ?? []
            return try #require(batches.first { $0["school"] as? String == school && $0["state"] as? String != "superseded" }?["id"] as? Int)
        }

        // Two schools submit.
        let a1 = try await upload("schoolA1", Self.fileA1, Self.csv([("1", "刘洋", "男", "1988-04-16", Self.liuYang),
                                                                   ("2", "陈静", "女", "1990-05-12", Self.chenJing)], school: TestServer.schoolA1))
        #expect(a1.status == 201, "\(a1.text)")
        let a2 = try await upload("schoolA2", Self.fileA2, Self.csv([("1", "周敏", "女", "1987-03-04", Self.zhouMin),
                                                                   ("2", "刘洋", "男", "1988-04-16", Self.liuYangTypo)], school: TestServer.schoolA2))
        #expect(((a2.object["files"] as? [[String: Any]])?.first?["queuedForReview"] as? Int) == 1, "\(a2.text)")
        let batchA1 = try await batchOf(a1, school: TestServer.schoolA1)
        let batchA2 = try await batchOf(a2, school: TestServer.schoolA2)

        // The county approves both; a school cannot, nor can the city before the county.
        #expect(try await post("schoolA1", "/api/batches/\(batchA1)/approve", [String: String]()).status == 403)
        #expect(try await post("city", "/api/batches/\(batchA1)/approve", [String: String]()).status == 409)
        #expect(try await post("countyB", "/api/batches/\(batchA1)/approve", [String: String]()).status == 404)
        for batch in [batchA1, batchA2] {
            let approved = try await post("countyA", "/api/batches/\(batch)/approve", ["reason": "已核对"])
            #expect(approved.object["state"] as? String == "county-approved", "\(approved.text)")
        }
        let awaitingCity = (try await server.request("GET", "/api/batches?awaiting=me", token: tokens["city"])).object["batches"] as? [Any]
        #expect(awaitingCity?.count == 2)

        // The city approves A1 and rejects row 3 of A2 (the second 刘洋) with a reason: back to the county.
        #expect(try await post("city", "/api/batches/\(batchA1)/approve", [String: String]()).status == 200)
        let noReason = try await post("city", "/api/batches/\(batchA2)/reject", ["rows": [3]])
        #expect(noReason.status == 422)
        let rejected = try await post("city", "/api/batches/\(batchA2)/reject", ["rows": [3], "reason": "身份证号与育才小学刘洋不一致，请核实"])
        #expect(rejected.object["state"] as? String == "returned")
        let trail = (try await server.request("GET", "/api/batches/\(batchA2)", token: tokens["schoolA2"])).object["decisions"] as? [[String: Any]] ?? []
        #expect(trail.map { $0["decision"] as? String } == ["approve", "reject"])
        #expect(trail.last?["rows"] as? [Int] == [3])

        // Before the fix the gate blocks the export, and says why.
        let gate = try await server.request("GET", "/api/submission-gate", token: tokens["province"])
        let counts = gate.object["counts"] as? [String: Int] ?? [:]
        #expect(counts["REVIEW-OPEN"] == 1, "\(gate.text)")
        #expect(counts["BATCH-PENDING"] == 2)
        let today = CivilDate.todayInChina().description
        let refused = try await server.request("GET", "/api/exports?asOf=\(today)", token: tokens["province"])
        #expect(refused.status == 409)
        #expect(refused.text.contains("REVIEW-OPEN"))

        // The school re-submits the corrected file: it supersedes the returned one; the unchanged row is not recorded again.
        let zhouBefore = try server.database.read { reader in try reader.history(of: try reader.teacher(documentKind: nil, number: Self.zhouMin)!.id).count }
        let fixed = try await upload("schoolA2", Self.fileA2, Self.csv([("1", "周敏", "女", "1987-03-04", Self.zhouMin),
                                                                      ("2", "刘洋", "男", "1988-04-16", Self.liuYang)], school: TestServer.schoolA2))
        #expect(fixed.status == 201, "\(fixed.text)")
        let zhouAfter = try server.database.read { reader in try reader.history(of: try reader.teacher(documentKind: nil, number: Self.zhouMin)!.id).count }
        #expect(zhouAfter == zhouBefore)
        let batchFixed = try await batchOf(fixed, school: TestServer.schoolA2)
        let fixedBatch = (try await server.request("GET", "/api/batches/\(batchFixed)", token: tokens["countyA"])).object
        #expect(fixedBatch["supersedes"] as? Int == batchA2)
        #expect((try await server.request("GET", "/api/batches/\(batchA2)", token: tokens["countyA"])).object["state"] as? String == "superseded")

        // The duplicate the gate found (the row with the mistyped ID) is the same 刘洋: decided so, with a reason. The
        // corrected row names 刘洋 of 育才小学, whom 东湖二小 may not change: it was held for the county, which covers both.
        let fixedFile = (fixed.object["files"] as? [[String: Any]])?.first ?? [:]
        #expect(fixedFile["heldElsewhere"] as? Int == 1, "\(fixed.text)")
        let liuYangNumber = try #require(try server.database.read { try $0.teacher(documentKind: nil, number: Self.liuYang)?.number })
        #expect(fixed.text.contains("TR-021") && !fixed.text.contains(liuYangNumber))
        let review = (try await server.request("GET", "/api/review", token: tokens["countyA2"])).object["items"] as? [[String: Any]] ?? []
        #expect(review.count == 2)
        let schoolQueue = try await server.request("GET", "/api/review", token: tokens["schoolA2"])
        #expect((schoolQueue.object["items"] as? [Any])?.isEmpty == true, "\(schoolQueue.text)")
        for item in review {
            let decided = try await post("countyA2", "/api/review/\(item["id"] as! Int)/decision",
                                         ["decision": "same", "teacher": liuYangNumber, "reason": "东湖二小录入身份证号错误，已更正"])
            #expect(decided.status == 200, "\(decided.text)")
        }

        // County, city and province approve the corrected file; the province approves A1.
        #expect(try await post("countyA", "/api/batches/\(batchFixed)/approve", [String: String]()).status == 200)
        #expect(try await post("city", "/api/batches/\(batchFixed)/approve", [String: String]()).status == 200)
        #expect(try await post("province", "/api/batches/\(batchFixed)/approve", [String: String]()).status == 200)
        #expect(try await post("province", "/api/batches/\(batchA1)/approve", [String: String]()).status == 200)

        // The gate is clear; the export succeeds, twice identically; full IDs appear only in the file.
        let clear = try await server.request("GET", "/api/submission-gate", token: tokens["province"])
        #expect(clear.object["blocking"] as? Bool == false, "\(clear.text)")
        let manifest = try await server.request("GET", "/api/exports?asOf=\(today)", token: tokens["province"])
        #expect(manifest.status == 200, "\(manifest.text)")
        #expect(!manifest.text.contains(Self.liuYang))
        let again = try await server.request("GET", "/api/exports?asOf=\(today)", token: tokens["province"])
        #expect(manifest.object["contentHash"] as? String == again.object["contentHash"] as? String)
        let file = try await server.request("GET", "/api/exports/file?asOf=\(today)", token: tokens["province"])
        #expect(file.text.contains(Self.liuYang))
        #expect(file.text.components(separatedBy: Self.liuYang).count == 2)  // one 刘洋, once
        #expect(try await server.request("GET", "/api/exports?asOf=\(today)", token: tokens["countyA"]).status == 403)

        // Progress: both schools submitted; county A and city 3601 finished review.
        let progress = (try await server.request("GET", "/api/progress", token: tokens["province"])).object
        #expect((progress["countiesReviewed"] as? [String])?.contains(TestServer.countyA) == true)
        #expect((progress["citiesReviewed"] as? [String])?.contains("3601") == true)
        let page = try await server.request("GET", "/api/progress/report", token: tokens["city"])
        #expect(page.contentType?.hasPrefix("text/html") == true && page.text.contains("完成率"))
        try await server.stop()
    }
}
