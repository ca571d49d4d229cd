import Normalization
import Foundation
import Hummingbird
import NIOCore
import Registry
import RegistryService

/// The API's routes: each reads the request, calls the service as the
/// signed-in user, and writes JSON. No registry logic lives here.
struct Routes {
    let service: RegistryService
    let sessionLifetime: Duration
    let metrics: ServerMetrics
    let metricsToken: String?

    func register(on router: Router<RegistryRequestContext>) {
        router.get("/health") { _, _ in
            try JSONResponse.make(["status": "ok", "matchIndex": service.matchIndexReady ? "ready" : "building"])
        }
        router.get("/metrics") { request, _ in
            guard let metricsToken else {
                throw RequestProblem(status: .forbidden, code: "metrics-off", message: .metricsOff)
            }
            let sent = request.headers[.authorization].map { Array($0.utf8) } ?? []
            guard Self.equalInConstantTime(sent, Array(("Bearer " + metricsToken).utf8)) else {
                throw RequestProblem(status: .unauthorized, code: "unauthenticated", message: .metricsToken)
            }
            let counts = try await blocking { [service] in
                try service.database.read { (try $0.openReviewCount(), try $0.teacherCount()) }
            }
            let bytes = metrics.exposition(reviewQueue: counts.0, teachers: counts.1)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.data)))
        }
        let api = router.group("api")
        registerSessions(api)
        registerTeachers(api)
        registerUploads(api)
        registerReview(api)
        registerWorkflows(api)
        registerBatches(api)
        registerChangeRequests(api)
        registerReports(api)
    }

    /// Compares every byte whatever differs first, so the time taken says nothing of the token.
    static func equalInConstantTime(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }

    // MARK: - Sessions and users

    private func registerSessions(_ api: RouterGroup<RegistryRequestContext>) {
        api.post("sessions") { request, context in
            try service.checkSignInAddress(context.address)
            var request = request
            let body = try await request.decodeStrict(SessionBody.self, context: context)
            let grant = try await service.signIn(name: body.user, password: body.password, address: context.address, lifetime: sessionLifetime)
            return try JSONResponse.make(SessionView(token: grant.token, expiresInSeconds: Int(grant.expiresIn.components.seconds),
                                                     user: UserView(grant.principal)),
                                         status: .created)
        }
        api.delete("sessions") { _, context in
            let principal = try context.requirePrincipal()
            if let token = context.token {
                try await blocking { [service] in try service.signOut(token: token, principal: principal, address: context.address) }
            }
            return Response(status: .noContent)
        }
        api.get("me") { _, context in try JSONResponse.make(UserView(try context.requirePrincipal())) }
        api.post("users") { request, context in
            let principal = try context.requirePrincipal()
            var request = request
            let body = try await request.decodeStrict(UserBody.self, context: context)
            try await service.addUser(name: body.name, password: body.password, role: body.role, jurisdiction: body.jurisdiction,
                                      fullView: body.fullView ?? false, by: principal, address: context.address)
            return try JSONResponse.make(["name": body.name], status: .created)
        }
        api.get("users") { _, context in
            let principal = try context.requirePrincipal()
            return try JSONResponse.make(["users": try await blocking { [service] in try service.users(principal) }])
        }
        for (path, disabled) in [("users/{name}/disable", true), ("users/{name}/enable", false)] {
            api.post(RouterPath(path)) { _, context in
                let principal = try context.requirePrincipal()
                let name = try context.parameters.require("name")
                try await blocking { [service] in try service.setUser(principal, name: name, disabled: disabled, address: context.address) }
                return try JSONResponse.make(["name": name, "state": disabled ? "disabled" : "enabled"])
            }
        }
        api.post("users/{name}/password") { request, context in
            let principal = try context.requirePrincipal()
            let name = try context.parameters.require("name")
            var request = request
            let body = try await request.decodeStrict(PasswordBody.self, context: context)
            try await service.resetPassword(principal, name: name, password: body.password, address: context.address)
            return try JSONResponse.make(["name": name, "state": "password-reset"])
        }
        api.post("schools") { request, context in
            let principal = try context.requirePrincipal()
            var request = request
            let body = try await request.decodeStrict(SchoolBody.self, context: context)
            try await blocking { [service] in try service.describeSchool(principal, code: body.code, name: body.name, county: body.county) }
            return try JSONResponse.make(["code": body.code], status: .created)
        }
        api.get("schools") { request, context in
            let principal = try context.requirePrincipal()
            let region = request.query("region")
            let schools = try await blocking { [service] in try service.schools(principal, region: region) }
            return try JSONResponse.make(["schools": schools])
        }
        api.get("schools/{code}") { _, context in
            let principal = try context.requirePrincipal()
            let code = try context.parameters.require("code")
            let (school, history) = try await blocking { [service] in try service.school(principal, code: code) }
            return try JSONResponse.make(SchoolDetailBody(school: school, history: history))
        }
    }

    // MARK: - Teachers and matching

    private func registerTeachers(_ api: RouterGroup<RegistryRequestContext>) {
        api.get("teachers") { request, context in
            let principal = try context.requirePrincipal()
            let number = request.query("number"), document = request.query("document"), name = request.query("name")
            guard number != nil || document != nil || name != nil else {
                throw ServiceError(.invalid, .searchBy)
            }
            let birth = try request.date("birthDate")
            let found = try service.searchTeachers(principal, number: number, document: document, name: name, birthDate: birth)
            return try JSONResponse.make(["teachers": found])
        }
        api.get("teachers/{key}") { request, context in
            let principal = try context.requirePrincipal()
            let key = try context.parameters.require("key")
            let asOf = try request.date("asOf"), full = try request.flag("full")
            // Point reads answer in well under a millisecond: run them in place, without a thread hop.
            return try JSONResponse.make(try service.teacher(principal, key: key, asOf: asOf, full: full))
        }
        api.post("teachers/{key}/status") { request, context in
            let principal = try context.requirePrincipal()
            let key = try context.parameters.require("key")
            var request = request
            let body = try await request.decodeStrict(StatusBody.self, context: context)
            try await blocking { [service] in try service.setStatus(principal, teacher: key, status: body.status, on: body.date, reason: body.reason) }
            return try JSONResponse.make(try await blocking { [service] in try service.teacher(principal, key: key) })
        }
        api.post("match") { request, context in
            let principal = try context.requirePrincipal()
            var request = request
            let body = try await request.decodeStrict(MatchBody.self, context: context)
            let limit = min(max(body.limit ?? 10, 1), 50)
            let candidates = try service.match(principal, body.cells, limit: limit)
            metrics.matched()
            return try JSONResponse.make(["candidates": candidates])
        }
    }

    // MARK: - Uploads

    private static let uploadTypes = ["application/octet-stream", "application/zip", "application/x-zip-compressed", "text/csv",
                                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]

    private func registerUploads(_ api: RouterGroup<RegistryRequestContext>) {
        api.post("uploads") { request, context in
            let principal = try context.requirePrincipal()
            guard let type = request.headers[.contentType]?.split(separator: ";").first.map({ $0.lowercased() }),
                  Self.uploadTypes.contains(type) else {
                throw RequestProblem(status: .unsupportedMediaType, code: "unsupported-media-type",
                                     message: .uploadBody(Self.uploadTypes))
            }
            guard let name = request.query("name") else {
                throw RequestProblem(status: .badRequest, code: "missing-name", message: .uploadName)
            }
            var request = request
            let buffer: ByteBuffer
            do { buffer = try await request.collectBody(upTo: service.uploadLimit) } catch {
                throw RequestProblem(status: .contentTooLarge, code: "too-large", message: .uploadLimit(service.uploadLimit))
            }
            let data = Data(buffer.readableBytesView)
            let partial = try request.flag("partial")
            let upload = try await blocking { [service] in try service.importUpload(principal, fileName: name, data: data, partial: partial) }
            metrics.imported(files: upload.files.map { ($0.state.rawValue, $0.rows) })
            return try JSONResponse.make(upload, status: .created)
        }
        api.get("uploads/{id}") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.parameters.require("id", as: Int64.self)
            return try JSONResponse.make(try await blocking { [service] in try service.upload(principal, id: id) })
        }
        api.get("uploads/{id}/error-workbook") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.parameters.require("id", as: Int64.self)
            let (file, data) = try await blocking { [service] in try service.errorWorkbook(principal, id: id) }
            let encoded = file.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "errors.xlsx"
            return Response(status: .ok, headers: [
                .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                .contentDisposition: "attachment; filename=\"errors.xlsx\"; filename*=UTF-8''\(encoded)",
            ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }

    // MARK: - Review

    private func registerReview(_ api: RouterGroup<RegistryRequestContext>) {
        api.get("review") { _, context in
            let principal = try context.requirePrincipal()
            return try JSONResponse.make(["items": try await blocking { [service] in try service.reviewQueue(principal) }])
        }
        api.get("review/{id}") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.parameters.require("id", as: Int64.self)
            return try JSONResponse.make(try await blocking { [service] in try service.reviewItem(principal, id: id) })
        }
        api.post("review/{id}/decision") { request, context in
            let principal = try context.requirePrincipal()
            let id = try context.parameters.require("id", as: Int64.self)
            var request = request
            let body = try await request.decodeStrict(ReviewDecisionBody.self, context: context)
            let decision: ReviewDecision
            switch body.decision {
            case .same:
                guard let teacher = body.teacher else { throw ServiceError(.invalid, .sameNamesCandidate) }
                decision = .samePerson(teacherNumber: teacher)
            case .different:
                decision = .differentPersons
            }
            let number = try await blocking { [service] in try service.decideReview(principal, id: id, decision: decision, reason: body.reason) }
            return try JSONResponse.make(["teacher": number, "decision": body.decision.rawValue])
        }
    }
}

struct UserView: Codable {
    var name: String
    var role: String
    var jurisdiction: String
    var fullView: Bool

    init(_ principal: Principal) {
        name = principal.name
        role = principal.role.rawValue
        jurisdiction = principal.jurisdiction
        fullView = principal.fullView
    }
}

struct SessionView: Codable {
    var token: String
    var expiresInSeconds: Int
    var user: UserView
}

/// `GET /api/schools/{code}`: the school and its directory history.
struct SchoolDetailBody: Encodable {
    let school: SchoolView
    let history: [SchoolHistoryEntry]
}
