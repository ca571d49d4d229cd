import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Intake
import Normalization
import Registry
import RegistryService
import Testing

/// Sub-set rows through the service: only for teachers the importer may change (a teacher elsewhere is "not found"),
/// shown by the API and the teacher's page with Chinese history, and absent as of a day before they came.
@Suite struct SubsetServiceTests {
    func file(_ lines: [String], in directory: URL) throws -> URL {
        let url = directory.appendingPathComponent("东湖区_年度考核.csv")
        try (["姓名,身份证件号,考核年度,考核结果,考核单位名称"] + lines).joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// A page as a signed-in officer's browser gets it (session cookie from the sign-in form).
    func page(_ server: TestServer, _ path: String, as user: String) async throws -> String {
        let session = URLSession(configuration: .ephemeral, delegate: NoRedirects(), delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        var login = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/login")!)
        login.httpMethod = "POST"
        login.httpBody = Data("user=\(user)&password=\(TestServer.encoded(TestServer.passwords))".utf8)
        login.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        login.setValue("http://127.0.0.1:\(server.port)", forHTTPHeaderField: "Origin")
        let (_, response) = try await session.data(for: login)
        let cookie = try #require((response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Set-Cookie")?.split(separator: ";").first)
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)\(path)")!)
        request.setValue(String(cookie), forHTTPHeaderField: "Cookie")
        let (data, _) = try await session.data(for: request)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func rowsReachOnlyTeachersTheImporterMayChangeAndShowWithHistory() async throws {
        let server = try await TestServer()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("subsets-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tA = server.teachers["tA"]!, tB = server.teachers["tB"]!
        let countyA = Principal(name: "countyA", role: .county, jurisdiction: TestServer.countyA)
        let url = try file(["张伟,\(tA.id),2023,优秀,东湖区教育体育局", "张伟,\(tA.id),2024,合格,东湖区教育体育局",
                            "阿依古丽·买买提,\(tB.id),2024,合格,"], in: directory)

        // 阿依古丽 works in county B: county A is told only that no such teacher is in its reach.
        let summary = try server.service.importSubsets(countyA, file: url, partial: true)
        #expect(summary.written && summary.change.added == 2 && summary.refused == 1)
        #expect(summary.problems.map(\.rule.id) == ["SS-007"])
        #expect(!summary.problems[0].message.contains(TestServer.countyB) && !summary.problems[0].message.contains(TestServer.schoolB1))
        // School B1 cannot write 张伟's rows; the ministry writes nothing.
        let schoolB1 = Principal(name: "schoolB1", role: .school, jurisdiction: TestServer.schoolB1)
        let refused = try server.service.importSubsets(schoolB1, file: try file(["张伟,\(tA.id),2025,不合格,"], in: directory))
        #expect(!refused.written && refused.problems.map(\.rule.id) == ["SS-007"])
        #expect(throws: ServiceError.self) {
            try server.service.importSubsets(Principal(name: "ministry", role: .ministry, jurisdiction: ""), file: url, partial: true)
        }

        let token = try await server.signIn("countyA")
        let detail = try await server.request("GET", "/api/teachers/\(tA.number)", token: token)
        let subsets = detail.object["subsets"] as? [[String: Any]] ?? []
        #expect(subsets.map { $0["subset"] as? String } == ["assessment", "assessment"], "\(detail.text)")
        let values = subsets.first?["values"] as? [[String: Any]] ?? []
        #expect(values.contains { $0["key"] as? String == "result" && $0["value"] as? String == "1" && $0["valueLabel"] as? String == "优秀" })
        #expect(try OpenAPIContract().problems(method: "GET", path: "/api/teachers/\(tA.number)", status: detail.status, body: detail.body,
                                               contentType: detail.contentType).isEmpty)
        // As of a day, the rows are rebuilt from the history: today's equal the stored ones.
        let today = try await server.request("GET", "/api/teachers/\(tA.number)?asOf=\(CivilDate.todayInChina())", token: token)
        #expect((today.object["subsets"] as? [[String: Any]])?.map { $0["subset"] as? String } == ["assessment", "assessment"], "\(today.text)")
        #expect((today.object["subsets"] as? NSArray)?.isEqual(detail.object["subsets"]) == true)

        let html = try await page(server, "/teachers/\(tA.number)", as: "countyA")
        #expect(html.contains("<h2>年度考核</h2>") && html.contains("<td>优秀</td>") && html.contains("<th>考核结果</th>"), "\(html)")
        #expect(html.contains("子集信息更新") && html.contains("年度考核（2023）·考核结果：— → 优秀"), "\(html)")
        #expect(!html.contains("assessment:") && !html.contains("name_key"))
        try await server.stop()
    }

    @Test func anUploadWithRefusedRowsReadsPartlyImportedOnItsPage() async throws {
        let server = try await TestServer()
        let token = try await server.signIn("schoolA1")
        let good = ResidentIDNumber(body: 360_102_1991_0815_004).fullNumber
        let file = """
            record_id,school_code,county_code,name,gender,birth_date,id_type,id_number
            1,\(TestServer.schoolA1),\(TestServer.countyA),王芳,女,1991-08-15,1,\(good)
            2,\(TestServer.schoolA1),\(TestServer.countyA),李娜,女,1992-02-30,1,36010219920230002X

            """
        let uploaded = try await server.request("POST", "/api/uploads?name=2136010102_南昌市育才小学_中小学教职工基本信息.csv&partial=true",
                                                token: token, body: Data(file.utf8), contentType: "text/csv")
        #expect(uploaded.status == 201, "\(uploaded.text)")
        let id = try #require(uploaded.object["id"] as? Int)
        let html = try await page(server, "/uploads/\(id)", as: "schoolA1")
        #expect(html.contains("部分导入（1 行未导入）") && !html.contains(">已导入<"), "\(html)")
        try await server.stop()
    }
}
