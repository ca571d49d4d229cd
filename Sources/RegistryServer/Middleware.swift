import Foundation
import Hummingbird
import Logging
import Normalization
import RegistryService

/// Every error becomes `{"error": {"code", "message"}}` with its status, the message in the
/// client's language (`Accept-Language`; Chinese by default);
/// nothing internal (and no document number) leaks into the message.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServiceError {
            // The message in the client's language (Chinese unless it asks for English); the code stays English.
            let language = Language.accepted(request.headers[.acceptLanguage])
            var response = ErrorBody.response(Self.status(of: error.code), code: error.code.rawValue,
                                              message: Masking.maskNumbers(in: error.text(language), minimumLength: 14))
            if let seconds = error.retryAfterSeconds { response.headers[.retryAfter] = String(seconds) }
            return response
        } catch let error as RequestProblem {
            return ErrorBody.response(error.status, code: error.code, message: error.message(Language.accepted(request.headers[.acceptLanguage])))
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not-found" : error.status == .contentTooLarge ? "too-large" : "http-\(error.status.code)"
            let text: Text = switch error.status {
            case .notFound: .noSuchPath
            case .contentTooLarge: .bodyTooLarge
            case .methodNotAllowed: .methodNotAllowed
            default: .verbatim(error.body ?? error.status.reasonPhrase)
            }
            return ErrorBody.response(error.status, code: code, message: text(Language.accepted(request.headers[.acceptLanguage])))
        } catch {
            context.logger.error("internal error", metadata: ["error": "\(Masking.maskNumbers(in: String(describing: error)))"])
            return ErrorBody.response(.internalServerError, code: "internal",
                                      message: Text.internalError(Language.accepted(request.headers[.acceptLanguage])))
        }
    }

    static func status(of code: ServiceError.Code) -> HTTPResponse.Status {
        switch code {
        case .notFound: .notFound
        case .forbidden: .forbidden
        case .invalid: .unprocessableContent
        case .conflict, .stale: .conflict
        case .unauthenticated: .unauthorized
        case .throttled: .tooManyRequests
        }
    }
}

/// A request the server cannot read: malformed JSON, a wrong content type, an unknown field, a body too large.
struct RequestProblem: Error {
    let status: HTTPResponse.Status
    let code: String
    let message: Text
}

enum ErrorBody {
    static func response(_ status: HTTPResponse.Status, code: String, message: String) -> Response {
        let body = ["error": ["code": code, "message": message]]
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Headers every answer carries: no framing, no referrer beyond the server
/// itself (a browser that may send none would say its forms come from
/// "null"), no sniffing, and a
/// content policy that lets pages run only the server's own script and
/// send forms only to the server.
struct SecurityHeadersMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    static let contentPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = Self.contentPolicy
        response.headers[.xFrameOptions] = "DENY"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "same-origin"
        return response
    }
}

/// Reads the bearer token (API) or session cookie (pages), if any, and
/// checks it against the stored sessions on every request; routes decide
/// whether they need a user.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let service: RegistryService

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if request.uri.path.hasPrefix("/api/") {
            // The API takes bearer tokens only: a browser's cookie never authorises an API call.
            if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
                let token = String(header.utf8.dropFirst(7)) ?? ""
                guard let session = try service.session(token: token) else {
                    throw ServiceError(.unauthenticated, .signInAgain)
                }
                context.principal = session.principal
                context.token = token
            }
        } else if let token = Cookies.value(named: Cookies.session, in: request), let session = try service.session(token: token) {
            context.principal = session.principal
            context.csrf = session.csrf
            context.token = token
        }
        if let principal = context.principal { context.logger[metadataKey: "user"] = "\(principal.name)" }
        return try await next(request, context)
    }
}

/// One log line and the request metrics per request. The path is logged
/// with digit runs masked and without its query: no document number reaches the log.
struct ObservabilityMiddleware: RouterMiddleware {
    typealias Context = RegistryRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        context.logger.info("request", metadata: [
            "method": "\(request.method.rawValue)", "path": "\(Masking.maskNumbers(in: request.uri.path))",
            "status": "\(response.status.code)", "ms": "\(Double(elapsed.components.attoseconds / 1_000_000_000_000) / 1000 + Double(elapsed.components.seconds) * 1000)",
        ])
        return response
    }
}
