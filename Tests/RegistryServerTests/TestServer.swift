import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Normalization
import Registry
import RegistryServer
import RegistryService
import ServiceLifecycle
import Synchronization

/// A registry in a temporary SQLite file with two counties, three schools,
/// one user per level, and a real server on 127.0.0.1 (port 0). `stop()`
/// shuts it down gracefully; the folder is removed when released.
final class TestServer: Sendable {
    // Two counties of 南昌市 (3601), three schools.
    static let countyA = "360102", countyB = "360111"
    static let schoolA1 = "2136010102", schoolA2 = "2136010103", schoolB1 = "2136011101"

    let directory: URL
    let database: RegistryDatabase
    let service: RegistryService
    let port: Int
    let logs: LogSink
    private let group: ServiceGroup
    private let running: Task<Void, any Error>

    /// Teachers registered by `seed()`, by label: number and full resident ID.
    let teachers: [String: (number: String, id: String)]

    static let passwords = "correct horse 電池"
    static let metricsToken = "prometheus-scrape-token-2026"
    /// name → (role, jurisdiction, full view)
    static let users: [(name: String, role: Role, jurisdiction: String, fullView: Bool)] = [
        ("ministry", .ministry, "", false),
        ("province", .province, "36", true),
        ("city", .city, "3601", false),
        ("countyA", .county, countyA, false),
        ("countyA2", .county, countyA, true),
        ("countyB", .county, countyB, false),
        ("schoolA1", .school, schoolA1, false),
        ("schoolA2", .school, schoolA2, false),
        ("schoolB1", .school, schoolB1, false),
    ]

    convenience init(uploadLimit: Int = 8 << 20) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-server-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = try RegistryDatabase(path: directory.appendingPathComponent("registry.sqlite").path)
        try database.initialise(province: 36)
        let service = try RegistryService(database: database, uploadLimit: uploadLimit)
        for user in Self.users {
            try service.addUser(name: user.name, password: Self.passwords, role: user.role, jurisdiction: user.jurisdiction,
                                fullView: user.fullView, by: nil, cost: 4)
        }
        let setup = Principal(name: "setup", role: .province, jurisdiction: "36")
        try service.describeSchool(setup, code: Self.schoolA1, name: "南昌市育才小学", county: Self.countyA)
        try service.describeSchool(setup, code: Self.schoolA2, name: "南昌市东湖区第二小学", county: Self.countyA)
        try service.describeSchool(setup, code: Self.schoolB1, name: "南昌市青山湖区小学", county: Self.countyB)
        try await self.init(directory: directory, database: database, service: service, teachers: try Self.seed(service), owner: true)
    }

    /// A second server on the same registry file (another instance, or the same one restarted).
    convenience init(sharing other: TestServer) async throws {
        let database = try RegistryDatabase(path: other.database.path)
        try await self.init(directory: other.directory, database: database, service: try RegistryService(database: database),
                            teachers: other.teachers, owner: false)
    }

    private init(directory: URL, database: RegistryDatabase, service: RegistryService, teachers: [String: (number: String, id: String)],
                 owner: Bool) async throws {
        self.directory = directory
        self.database = database
        self.service = service
        self.teachers = teachers
        self.owner = owner
        logs = LogSink()
        let sink = logs
        var logger = Logger(label: "test-server") { _ in CapturingLogHandler(sink: sink) }
        logger.logLevel = .info
        let ready = AsyncStream<Int>.makeStream()
        let app = try RegistryServer.application(service: service, configuration: .init(host: "127.0.0.1", port: 0, metricsToken: Self.metricsToken),
                                             logger: logger) { port in
            ready.continuation.yield(port)
        }
        group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        running = Task { [group] in try await group.run() }
        var iterator = ready.stream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw URLError(.cannotConnectToHost) }
        self.port = port
    }

    /// Whether this server made the folder (and removes it when released).
    private let owner: Bool

    deinit { if owner { try? FileManager.default.removeItem(at: directory) } }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
    }

    /// tA works at A1 (county A); tB at B1 (county B); tLeft worked at A1
    /// and moved to B1 (county A reads, cannot change); tOld holds an old
    /// 15-digit ID; tRare has a name outside the BMP.
    private static func seed(_ service: RegistryService) throws -> [String: (number: String, id: String)] {
        let people: [(label: String, name: String, birth: String, gender: String, body: String, school: String, county: String)] = [
            ("tA", "张伟", "1985-03-12", "1", "36010219850312003", schoolA1, countyA),
            ("tB", "阿依古丽·买买提", "1990-07-01", "2", "65010219900701002", schoolB1, countyB),
            ("tLeft", "陳建國", "1979-11-23", "1", "36010219791123001", schoolA1, countyA),
            ("tRare", "𠮷野家", "1992-02-29", "2", "36011119920229002", schoolB1, countyB),
        ]
        var result: [String: (String, String)] = [:]
        var cells: [TeacherCells] = []
        for person in people {
            let id = ResidentIDNumber(body: UInt64(person.body)!).fullNumber
            cells.append(TeacherCells(recordID: person.label, schoolCode: person.school, countyCode: person.county,
                                      identity: IdentityCells(name: person.name, gender: person.gender, birthDate: person.birth,
                                                              documentType: "1", documentNumber: id)))
            result[person.label] = ("", id)
        }
        // An old 15-digit number (birth 1968-04-05).
        cells.append(TeacherCells(recordID: "tOld", schoolCode: schoolA2, countyCode: countyA,
                                  identity: IdentityCells(name: "李秀英", gender: "2", birthDate: "1968-04-05", documentType: "1",
                                                          documentNumber: "360102680405002")))
        result["tOld"] = ("", "360102680405002")
        let sources = cells.enumerated().map { SourceRow(file: "seed.csv", row: $0.offset + 2, raw: $0.element.sourceJSON) }
        let outcomes = try service.registrar.registerBatch(cells, sources: sources, actor: Actor(user: "seed", role: "province"))
        for (cell, outcome) in zip(cells, outcomes) {
            guard case .registered(let number) = outcome else { fatalError("seed row \(cell.recordID) was not registered: \(outcome)") }
            result[cell.recordID]!.0 = number.text
        }
        // tLeft moved from A1 to B1 (today: registration opened the A1 assignment today).
        let today = CivilDate.todayInChina().description
        try service.database.change(Actor(user: "seed", role: "province"), reason: "transfer recorded before the service") { change in
            let teacher = try change.reader.teacher(number: result["tLeft"]!.0)!
            let open = try change.reader.assignments(of: teacher.id).first { $0.endDate == nil }!
            try change.closeAssignment(open.id, end: today)
            try change.openAssignment(teacher.id, school: schoolB1, kind: .regular, start: today, establishmentMoved: true)
        }
        return result
    }

    // MARK: - HTTP

    struct Reply: Sendable {
        let status: Int
        let body: Data
        let contentType: String?
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    func request(_ method: String, _ path: String, token: String? = nil, json: Any? = nil, body: Data? = nil,
                 contentType: String? = nil, language: String? = nil) async throws -> Reply {
        try await rawRequest(method, path, token: token, json: json, body: body, contentType: contentType, language: language).reply
    }

    /// A request, with the response's headers.
    func rawRequest(_ method: String, _ path: String, token: String? = nil, json: Any? = nil, body: Data? = nil,
                    contentType: String? = nil, language: String? = nil) async throws -> (reply: Reply, headers: [String: String]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        // The language a client asks for; an officer's browser says zh-CN.
        request.setValue(language ?? "zh-CN,zh;q=0.9", forHTTPHeaderField: "Accept-Language")
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let body { request.httpBody = body }
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields { headers["\(key)"] = "\(value)" }
        return (Reply(status: http.statusCode, body: data, contentType: http.value(forHTTPHeaderField: "Content-Type")), headers)
    }

    /// Signs a user in; their bearer token.
    func signIn(_ user: String) async throws -> String {
        let reply = try await request("POST", "/api/sessions", json: ["user": user, "password": Self.passwords])
        guard reply.status == 201, let token = reply.object["token"] as? String else {
            throw URLError(.userAuthenticationRequired)
        }
        return token
    }

    func tokens() async throws -> [String: String] {
        var tokens: [String: String] = [:]
        for user in Self.users { tokens[user.name] = try await signIn(user.name) }
        return tokens
    }

    static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}

/// Log lines collected in memory, to check what the server writes.
final class LogSink: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

struct CapturingLogHandler: LogHandler {
    let sink: LogSink
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        sink.append("\(event.level) \(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }
}
