import Foundation
import Hummingbird
import NIOCore
import Normalization
import RegistryService

/// The session cookie of the pages.
enum Cookies {
    static let session = "tr_session"

    static func value(named name: String, in request: Request) -> String? {
        guard let header = request.headers[.cookie] else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == name { return String(pair[1]) }
        }
        return nil
    }

    /// HttpOnly (no script reads it), SameSite=Strict (no other site sends it), path-wide; `Secure` (HTTPS only) when asked.
    static func sessionCookie(_ token: String, maxAge: Int, secure: Bool) -> String {
        "\(session)=\(token); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)" + (secure ? "; Secure" : "")
    }

    static let cleared = "\(session)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
}

/// Whether a request comes from one of the server's own pages: a browser
/// says where a request comes from (`Sec-Fetch-Site`, `Origin`); a request
/// that says another site is refused. A client that says nothing (a script,
/// curl) is let through: it carries no one's cookie.
enum SameOrigin {
    static func check(_ request: Request) throws {
        let refusal = RequestProblem(status: .forbidden, code: "cross-site", message: .crossSite)
        // A current browser says where the request comes from; that decides.
        if let site = request.headers[.secFetchSite] {
            guard site == "same-origin" || site == "none" else { throw refusal }
            return
        }
        // An older one sends its page's origin ("null" when it will not say: refused).
        if let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            guard !host.isEmpty, origin == "http://" + host || origin == "https://" + host else { throw refusal }
        }
    }
}

/// A submitted form (application/x-www-form-urlencoded).
struct Form {
    let fields: [String: [String]]

    subscript(_ name: String) -> String? { fields[name]?.first }

    /// A day field (`YYYY-MM-DD`, as a date input sends it); 422 naming the field when absent or not a day.
    func date(_ name: String, label: String) throws -> CivilDate {
        guard let text = self[name], let date = CivilDate(text) else {
            throw RequestProblem(status: .unprocessableContent, code: "invalid-field", message: .formDay(label))
        }
        return date
    }

    /// A whole number field within `range`; nil when absent or empty.
    func integer(_ name: String, in range: ClosedRange<Int>, label: String) throws -> Int? {
        guard let text = self[name], !text.isEmpty else { return nil }
        guard text.utf8.count <= 20, let value = Int(text), range.contains(value) else {
            throw RequestProblem(status: .unprocessableContent, code: "invalid-field",
                                 message: .formWholeNumber(label, range))
        }
        return value
    }

    static func read(_ request: inout Request, context: RegistryRequestContext) async throws -> Form {
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else {
            throw RequestProblem(status: .unsupportedMediaType, code: "unsupported-media-type", message: .expectedForm)
        }
        let buffer = try await request.collectLimitedBody(context: context)
        var fields: [String: [String]] = [:]
        for pair in String(decoding: buffer.readableBytesView, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            fields[parts[0], default: []].append(parts.count > 1 ? parts[1] : "")
        }
        return Form(fields: fields)
    }

    /// Reads a form that changes something: the session must be signed in and the CSRF token must match.
    static func readChecked(_ request: inout Request, context: RegistryRequestContext) async throws -> (Principal, Form) {
        guard let principal = context.principal, let csrf = context.csrf else {
            throw ServiceError(.unauthenticated, .signInPage)
        }
        let form = try await read(&request, context: context)
        guard let sent = form["_csrf"], sent == csrf else {
            throw RequestProblem(status: .forbidden, code: "csrf", message: .formExpired)
        }
        return (principal, form)
    }
}
