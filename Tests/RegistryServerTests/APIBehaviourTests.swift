import Foundation
import Intake
import Normalization
import Registry
import Testing
import ZIPFoundation

/// The API end to end on a real server: uploads and their error workbooks,
/// review decisions, the four-step transfer, bad requests, logs and metrics.
@Suite("API behaviour")
struct APIBehaviourTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Data/samples")

    /// A school file in the matching format: a namesake of 张伟 (same birth date, another valid ID) and a new teacher.
    static func schoolCSV(namesakeSequence: Int) -> Data {
        let namesake = ResidentIDNumber(body: 360_103_1985_0312_000 + UInt64(namesakeSequence)).fullNumber
        let other = ResidentIDNumber(body: 360_102_1991_0815_004 + 2 * UInt64(namesakeSequence)).fullNumber  // even: female
        return Data("""
            record_id,school_code,county_code,name,gender,birth_date,id_type,id_number
            A-\(namesakeSequence),\(TestServer.schoolA1),\(TestServer.countyA),张伟,男,1985-03-12,1,\(namesake)
            B-\(namesakeSequence),\(TestServer.schoolA1),\(TestServer.countyA),王芳,女,1991-08-15,1,\(other)

            """.utf8)
    }

    @Test func aZipWithABrokenWorkbookImportsItsOtherFilesAndNamesTheBrokenOne() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("countyA")
        let archive = try Archive(accessMode: .create)
        for (path, data) in [("\(TestServer.schoolA1)_第一小学_中小学教职工基本信息.csv", Self.schoolCSV(namesakeSequence: 7)),
                             ("\(TestServer.schoolA1)_第一小学_中小学教职工基本信息.xlsx", Data("PK not a workbook".utf8))] {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        let reply = try await server.request("POST", "/api/uploads?name=county.zip&partial=true", token: token, body: archive.data!,
                                             contentType: "application/zip")
        #expect(reply.status == 201, "\(reply.text)")
        let files = reply.object["files"] as? [[String: Any]] ?? []
        #expect(files.map { $0["state"] as? String } == ["imported", "rejected"])
        #expect((files.last?["file"] as? String)?.hasSuffix(".xlsx") == true)
        #expect((files.last?["reason"] as? String)?.isEmpty == false)
        // 王芳 is new; the namesake of 张伟 waits for a person to decide.
        #expect(files.first?["newNumbers"] as? Int == 1)
        #expect(files.first?["queuedForReview"] as? Int == 1)
    }

    @Test func aCountyUploadsTheSampleZipAndGetsAResultPerFile() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("countyA")
        let zip = try Data(contentsOf: Self.samples.appendingPathComponent("county-upload.zip"))
        let reply = try await server.request("POST", "/api/uploads?name=county-upload.zip", token: token, body: zip, contentType: "application/zip")
        #expect(reply.status == 201, "\(reply.text)")
        let files = reply.object["files"] as? [[String: Any]] ?? []
        #expect(files.count == 2)
        // The workbook has the template's columns, and a row whose ID Excel turned into a number: rejected whole
        // (no --partial), with the problem listed.
        let workbook = files.first { ($0["file"] as? String)?.hasSuffix(".xlsx") == true }
        #expect(workbook?["state"] as? String == "rejected")
        let problems = reply.object["problems"] as? [[String: Any]] ?? []
        #expect(problems.contains { $0["rule"] as? String == "TR-003" && $0["row"] as? Int == 5 && ($0["file"] as? String)?.hasSuffix(".xlsx") == true })
        #expect(!problems.contains { $0["rule"] as? String == "TR-000" })
        // The upload can be fetched again by its id.
        let id = reply.object["id"] as! Int
        let again = try await server.request("GET", "/api/uploads/\(id)", token: token)
        #expect(again.status == 200)
        #expect((again.object["files"] as? [Any])?.count == 2)
        // Another county does not see it.
        let other = try await server.request("GET", "/api/uploads/\(id)", token: try await server.signIn("countyB"))
        #expect(other.status == 404)
        try await server.stop()
    }

    @Test func aSchoolDownloadsItsWorkbookWithEveryProblemMarked() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("schoolA1")
        let name = "2136010102_南昌市育才小学_中小学教职工基本信息.xlsx"
        let data = try Data(contentsOf: Self.samples.appendingPathComponent(name))
        let reply = try await server.request("POST", "/api/uploads?name=\(TestServer.encoded(name))", token: token, body: data,
                                             contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(reply.status == 201, "\(reply.text)")
        #expect(reply.object["errorWorkbook"] as? Bool == true)
        let problems = reply.object["problems"] as? [[String: Any]] ?? []
        #expect(!problems.isEmpty)
        #expect(problems.allSatisfy { ($0["row"] as? Int ?? 0) >= 1 && !($0["column"] as? String ?? "").isEmpty && !($0["message"] as? String ?? "").isEmpty })
        let download = try await server.request("GET", "/api/uploads/\(reply.object["id"] as! Int)/error-workbook", token: token)
        #expect(download.status == 200)
        let copy = server.directory.appendingPathComponent("marked.xlsx")
        try download.body.write(to: copy)
        let tables = try TeacherFiles.read(contentsOf: copy)
        #expect(tables.first?.header.contains("问题说明") == true)
        // A school of another county cannot submit for this school.
        let foreign = try await server.request("POST", "/api/uploads?name=\(TestServer.encoded(name))", token: try await server.signIn("schoolB1"),
                                               body: data, contentType: "application/octet-stream")
        #expect(foreign.status == 201)
        #expect((foreign.object["files"] as? [[String: Any]])?.first?["state"] as? String == "rejected")
        try await server.stop()
    }

    @Test func reviewItemsAreDecidedByAnotherOfficerAndDifferentPersonsStayApart() async throws {
        let server = try await TestServer()
        let uploader = try await server.signIn("countyA"), reviewer = try await server.signIn("countyA2")
        let upload = try await server.request("POST", "/api/uploads?name=school-a1.csv", token: uploader, body: Self.schoolCSV(namesakeSequence: 31),
                                              contentType: "text/csv")
        #expect(upload.status == 201, "\(upload.text)")
        let file = (upload.object["files"] as? [[String: Any]])?.first ?? [:]
        #expect(file["queuedForReview"] as? Int == 1, "\(upload.text)")
        #expect(file["newNumbers"] as? Int == 1)

        let queue = try await server.request("GET", "/api/review", token: reviewer)
        let items = queue.object["items"] as? [[String: Any]] ?? []
        #expect(items.count == 1)
        let item = try #require(items.first)
        let id = item["id"] as! Int
        let candidates = item["candidates"] as? [[String: Any]] ?? []
        #expect(((candidates.first?["teacher"] as? [String: Any])?["number"] as? String) == server.teachers["tA"]!.number)
        let evidence = candidates.first?["evidence"] as? [[String: Any]]
        #expect(evidence?.contains { $0["comparison"] as? String == "document" } == true)
        // County B never sees county A's review items.
        let foreign = try await server.request("GET", "/api/review/\(id)", token: try await server.signIn("countyB"))
        #expect(foreign.status == 404)
        // The uploader cannot decide its own item; a reason is required.
        let own = try await server.request("POST", "/api/review/\(id)/decision", token: uploader, json: ["decision": "different", "reason": "双胞胎"])
        #expect(own.status == 403)
        let noReason = try await server.request("POST", "/api/review/\(id)/decision", token: reviewer, json: ["decision": "different", "reason": " "])
        #expect(noReason.status == 422)
        let decided = try await server.request("POST", "/api/review/\(id)/decision", token: reviewer,
                                               json: ["decision": "different", "reason": "核对身份证原件：双胞胎兄弟"])
        #expect(decided.status == 200, "\(decided.text)")
        let newNumber = decided.object["teacher"] as! String
        #expect(newNumber != server.teachers["tA"]!.number)
        // Recorded as different persons: a merge of the two is refused.
        let merge = try await server.request("POST", "/api/merges", token: reviewer,
                                             json: ["merged": newNumber, "survivor": server.teachers["tA"]!.number, "reason": "误操作"])
        #expect(merge.status == 409)
        let again = try await server.request("POST", "/api/review/\(id)/decision", token: reviewer, json: ["decision": "different", "reason": "再次"])
        #expect(again.status == 409)

        // A second namesake, decided as the same person: the row joins 张伟's record.
        _ = try await server.request("POST", "/api/uploads?name=school-a1-2.csv", token: uploader, body: Self.schoolCSV(namesakeSequence: 53),
                                     contentType: "text/csv")
        let second = (try await server.request("GET", "/api/review", token: reviewer)).object["items"] as? [[String: Any]] ?? []
        let secondID = try #require(second.first?["id"] as? Int)
        let same = try await server.request("POST", "/api/review/\(secondID)/decision", token: reviewer,
                                            json: ["decision": "same", "teacher": server.teachers["tA"]!.number, "reason": "证件号录入错误，已核实"])
        #expect(same.status == 200, "\(same.text)")
        #expect(same.object["teacher"] as? String == server.teachers["tA"]!.number)
        let history = (try await server.request("GET", "/api/teachers/\(server.teachers["tA"]!.number)", token: reviewer)).object["history"] as? [[String: Any]] ?? []
        #expect(history.contains { $0["kind"] as? String == "source-attached" && ($0["actor"] as? String) == "countyA2" })
        try await server.stop()
    }

    @Test func aTransferTakesFourApprovalsByFourDifferentOfficersInOrder() async throws {
        let server = try await TestServer()
        let tokens = try await server.tokens()
        let teacher = server.teachers["tA"]!.number
        // Requested by county A for the receiving school A2, effective today: the teacher's assignment began
        // when the server registered them (today), and a move cannot end it before it began.
        let today = CivilDate.todayInChina().description
        let request = try await server.request("POST", "/api/transfers", token: tokens["countyA"],
                                               json: ["document": server.teachers["tA"]!.id, "name": "張偉", "toSchool": TestServer.schoolA2,
                                                      "effectiveDate": today])
        #expect(request.status == 201, "\(request.text)")
        let id = request.object["id"] as! Int
        func act(_ user: String, step: Int, _ verb: String = "approve") async throws -> Int {
            try await server.request("POST", "/api/transfers/\(id)/\(verb)", token: tokens[user], json: ["step": step, "reason": "同意"]).status
        }
        #expect(try await act("schoolA1", step: 1) == 403)  // the sending school acts at step 3, not 1
        #expect(try await act("schoolB1", step: 1) == 404)  // not involved at all
        #expect(try await act("schoolA2", step: 1) == 200)
        #expect(try await act("schoolA2", step: 2) == 403)  // step 2 is the authority's
        #expect(try await act("countyA", step: 2) == 403)   // the requester cannot approve
        #expect(try await act("countyA2", step: 1) == 409)  // stale step
        #expect(try await act("countyA2", step: 2) == 200)
        #expect(try await act("schoolA1", step: 3) == 200)
        #expect(try await act("countyA2", step: 4) == 403)  // already acted at step 2
        #expect(try await act("city", step: 4) == 200)
        let done = try await server.request("GET", "/api/transfers/\(id)", token: tokens["countyA"])
        #expect(done.object["state"] as? String == "approved")
        let profile = try await server.request("GET", "/api/teachers/\(teacher)", token: tokens["schoolA2"])
        let assignments = profile.object["assignments"] as? [[String: Any]] ?? []
        #expect(assignments.contains { $0["school"] as? String == TestServer.schoolA2 && $0["end"] == nil })
        // School A1 now reads, but no longer changes, the teacher.
        let change = try await server.request("POST", "/api/teachers/\(teacher)/status", token: tokens["schoolA1"],
                                              json: ["status": "11", "date": today, "reason": "核对"])
        #expect(change.status == 403)
        try await server.stop()
    }

    @Test func badRequestsGetClearErrorsAndChangeNothing() async throws {
        let server = try await TestServer(uploadLimit: 64 << 10)
        let token = try await server.signIn("province")
        let tA = server.teachers["tA"]!.number
        let before = try server.database.read { try $0.history(of: try $0.teacher(number: tA)!.id).count }

        func error(_ reply: TestServer.Reply) -> String? { (reply.object["error"] as? [String: Any])?["code"] as? String }
        let malformed = try await server.request("POST", "/api/match", token: token, body: Data("{name: 张伟".utf8), contentType: "application/json")
        #expect(malformed.status == 400 && error(malformed) == "malformed-json")
        let wrongType = try await server.request("POST", "/api/match", token: token, body: Data("name=张伟".utf8), contentType: "text/plain")
        #expect(wrongType.status == 415 && error(wrongType) == "unsupported-media-type")
        let unknown = try await server.request("POST", "/api/teachers/\(tA)/status", token: token,
                                               json: ["status": "01", "date": "2026-12-01", "reason": "退休", "stauts": "01"])
        #expect(unknown.status == 400 && error(unknown) == "unknown-field")
        let missing = try await server.request("POST", "/api/teachers/\(tA)/status", token: token, json: ["status": "01"])
        #expect(missing.status == 400 && error(missing) == "invalid-field")
        let badCode = try await server.request("POST", "/api/teachers/\(tA)/status", token: token,
                                               json: ["status": "退休", "date": "2026-12-01", "reason": "退休"])
        #expect(badCode.status == 422)
        let oversized = try await server.request("POST", "/api/uploads?name=big.csv", token: token, body: Data(count: 100 << 10),
                                                 contentType: "text/csv")
        #expect(oversized.status == 413 && error(oversized) == "too-large")
        let jsonUpload = try await server.request("POST", "/api/uploads?name=a.csv", token: token, json: ["rows": []])
        #expect(jsonUpload.status == 415)
        // A damaged workbook: refused with its name, nothing stored.
        let teachersBefore = try server.database.read { try $0.teacherCount() }
        let damaged = try await server.request("POST", "/api/uploads?name=2136010102_育才小学_中小学教职工基本信息.xlsx", token: token,
                                               body: Data("这不是一个工作簿".utf8), contentType: "application/octet-stream")
        #expect(damaged.status == 422 && error(damaged) == "invalid", "\(damaged.text)")
        #expect(damaged.text.contains("2136010102_育才小学_中小学教职工基本信息.xlsx"))
        #expect(try server.database.read { try $0.teacherCount() } == teachersBefore)
        let noRoute = try await server.request("GET", "/api/nothing-here", token: token)
        #expect(noRoute.status == 404 && error(noRoute) == "not-found" && noRoute.text.contains("没有这个地址"), "\(noRoute.text)")
        let badID = try await server.request("GET", "/api/uploads/abc", token: token)
        #expect(badID.status == 400)

        let after = try server.database.read { try $0.history(of: try $0.teacher(number: tA)!.id).count }
        #expect(after == before)
        #expect(try server.database.read { try $0.upload(1) } == nil)
        try await server.stop()
    }

    @Test func logsNeverCarryAFullIDNumberAndMetricsCountRequestsByRoute() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("province")
        let id = server.teachers["tA"]!.id
        _ = try await server.request("GET", "/api/teachers/\(id)", token: token)
        _ = try await server.request("GET", "/api/teachers?document=\(id)", token: token)
        _ = try await server.request("GET", "/api/teachers/\(server.teachers["tOld"]!.id)", token: token)
        _ = try await server.request("POST", "/api/match", token: token, json: ["name": "张伟", "documentNumber": id])
        _ = try await server.request("GET", "/api/teachers/\(id)9", token: token)  // not found: the message quotes the key
        #expect(try await server.request("GET", "/metrics").status == 401)
        #expect(try await server.request("GET", "/metrics", token: "prometheus-scrape-token-2025").status == 401)
        let metrics = try await server.request("GET", "/metrics", token: TestServer.metricsToken)
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("http_requests_total{route=\"/api/teachers/{key}\",method=\"GET\",status=\"200\"}"))
        #expect(metrics.text.contains("teacher_registry_review_queue_size"))
        #expect(metrics.text.contains("teacher_registry_match_requests_total 1"))
        let lines = server.logs.all
        #expect(lines.contains { $0.contains("/api/teachers") })
        for full in [id, server.teachers["tOld"]!.id, id + "9"] {
            #expect(!lines.contains { $0.contains(full) }, "a log line carries \(Masking.mask(full))")
        }
        try await server.stop()
    }

    @Test func theContractCheckFindsAResponseThatDriftsFromTheDocument() throws {
        let contract = try OpenAPIContract()
        let drifted = Data(#"{"teachers":[{"number":"3690545784264","name":"张伟","status":"11","documents":[],"writable":"yes","idNumber":"x"}]}"#.utf8)
        let problems = contract.problems(method: "GET", path: "/api/teachers?name=x", status: 200, body: drifted, contentType: "application/json")
        #expect(problems.contains { $0.contains("writable") })
        #expect(problems.contains { $0.contains("idNumber") })
        #expect(!contract.problems(method: "GET", path: "/api/teachers", status: 418, body: Data(), contentType: nil).isEmpty)
    }
}

@Suite("Rotations through the API")
struct RotationAPITests {
    @Test func aCountyRotatesATeacherToAnotherSchoolAndBackAndTheTimelineShowsIt() async throws {
        let server = try await TestServer()
        let tokens = try await server.tokens()
        let teacher = server.teachers["tA"]!.number
        let body: [String: Any] = ["teacher": teacher, "hostSchool": TestServer.schoolA2, "start": "2026-09-01", "plannedEnd": "2027-08-31",
                                   "establishmentMoved": false]
        #expect(try await server.request("POST", "/api/rotations", token: tokens["schoolA1"], json: body).status == 403)
        #expect(try await server.request("POST", "/api/rotations", token: tokens["countyB"], json: body).status == 404)
        let started = try await server.request("POST", "/api/rotations", token: tokens["countyA"], json: body)
        #expect(started.status == 201, "\(started.text)")
        let assignments = started.object["assignments"] as? [[String: Any]] ?? []
        #expect(assignments.contains { $0["kind"] as? String == "rotation" && $0["school"] as? String == TestServer.schoolA2 })
        #expect(assignments.contains { $0["kind"] as? String == "regular" && $0["end"] == nil })  // home school stays
        #expect(try await server.request("POST", "/api/rotations", token: tokens["countyA2"], json: body).status == 409)
        let ended = try await server.request("POST", "/api/rotations/end", token: tokens["countyA"], json: ["teacher": teacher, "date": "2027-07-15"])
        #expect(ended.status == 200)
        let history = ended.object["history"] as? [[String: Any]] ?? []
        #expect(history.contains { $0["kind"] as? String == "assignment-closed" })
        let eligible = try await server.request("GET", "/api/rotations/eligible?asOf=2040-01-01&years=6", token: tokens["countyA"])
        let listed = (eligible.object["teachers"] as? [[String: Any]] ?? []).compactMap { $0["teacher"] as? String }
        #expect(listed.contains(teacher))
        #expect(!listed.contains(server.teachers["tB"]!.number))  // county B's teacher is not county A's business
        try await server.stop()
    }
}
