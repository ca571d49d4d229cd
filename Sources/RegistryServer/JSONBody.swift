import Foundation
import Hummingbird
import NIOCore
import NIOPosix
import Normalization
import RegistryService

/// A JSON request body with a fixed set of fields: an unknown field is
/// refused rather than ignored, so a typo never silently changes nothing.
protocol StrictBody: Decodable {
    static var fields: Set<String> { get }
}

extension Request {
    /// Decodes a JSON body strictly: `application/json`, an object, known fields only.
    mutating func decodeStrict<T: StrictBody>(_ type: T.Type, context: RegistryRequestContext) async throws -> T {
        guard let contentType = headers[.contentType], contentType.lowercased().hasPrefix("application/json") else {
            throw RequestProblem(status: .unsupportedMediaType, code: "unsupported-media-type", message: .sendJSON)
        }
        let buffer = try await collectLimitedBody(context: context)
        let data = Data(buffer.readableBytesView)
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw RequestProblem(status: .badRequest, code: "malformed-json", message: .notAJSONObject)
        }
        if let unknown = object.keys.sorted().first(where: { !T.fields.contains($0) }) {
            throw RequestProblem(status: .badRequest, code: "unknown-field",
                                 message: .unknownBodyField(unknown, expected: T.fields.sorted()))
        }
        // No field of any body is a document: a text value is one line of at most `maximumText` characters.
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            let texts = (value as? String).map { [$0] } ?? (value as? [String: Any])?.values.compactMap { $0 as? String } ?? []
            if texts.contains(where: { $0.count > Self.maximumText }) {
                throw RequestProblem(status: .unprocessableContent, code: "invalid-field",
                                     message: .fieldTooLongInBody(key, maximum: Self.maximumText))
            }
            if let count = (value as? [Any])?.count, count > Self.maximumList {
                throw RequestProblem(status: .unprocessableContent, code: "invalid-field", message: .fieldTooManyItems(key, maximum: Self.maximumList))
            }
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch let error as DecodingError {
            // A body of the wrong shape is a bad request; a value of the right type that does not read (a day that
            // does not exist) is well-formed but unprocessable.
            if case .dataCorrupted = error {
                throw RequestProblem(status: .unprocessableContent, code: "invalid-field", message: Self.explain(error))
            }
            throw RequestProblem(status: .badRequest, code: "invalid-field", message: Self.explain(error))
        }
    }

    /// The longest text value and list a body may carry.
    static let maximumText = 1000
    static let maximumList = 10_000

    /// The body, up to the context's limit; 413 past it.
    mutating func collectLimitedBody(context: RegistryRequestContext) async throws -> ByteBuffer {
        do { return try await collectBody(upTo: context.maxUploadSize) } catch {
            throw RequestProblem(status: .contentTooLarge, code: "too-large", message: .bodyLimit(context.maxUploadSize))
        }
    }

    private static func explain(_ error: DecodingError) -> Text {
        switch error {
        case .keyNotFound(let key, _): .missingBodyField(key.stringValue)
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            .badBodyField(context.codingPath.map(\.stringValue).joined(separator: "."), context.debugDescription)
        @unknown default: .bodyMisfit
        }
    }

    /// A query parameter, percent-decoded; nil when absent or empty.
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters[name[...]], !value.isEmpty else { return nil }
        return String(value)
    }

    /// A day (`YYYY-MM-DD`) in the query; nil when absent, 422 naming the parameter when it is not a day.
    func date(_ name: String) throws -> CivilDate? {
        guard let text = query(name) else { return nil }
        guard let date = CivilDate(text) else { throw RequestProblem.parameter(name, .expectedDay) }
        return date
    }

    /// A whole number within `range` in the query; nil when absent, 422 naming the parameter otherwise.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = query(name) else { return nil }
        guard text.utf8.count <= 20, let value = Int(text), range.contains(value) else {
            throw RequestProblem.parameter(name, .expectedWholeNumber(range))
        }
        return value
    }

    /// `true` or `false` in the query; false when absent.
    func flag(_ name: String) throws -> Bool {
        switch query(name) {
        case nil, "false": return false
        case "true": return true
        default: throw RequestProblem.parameter(name, .expectedFlag)
        }
    }

    /// One of `allowed` in the query; nil when absent.
    func choice(_ name: String, of allowed: [String]) throws -> String? {
        guard let text = query(name) else { return nil }
        guard allowed.contains(text) else { throw RequestProblem.parameter(name, .expectedOneOf(allowed)) }
        return text
    }
}

extension RequestProblem {
    /// A query parameter present but not of its type or range.
    static func parameter(_ name: String, _ expected: Text) -> RequestProblem {
        RequestProblem(status: .unprocessableContent, code: "invalid-parameter", message: .badParameter(name, expected: expected))
    }
}

/// JSON responses, keys sorted so answers are stable.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Runs long registry work (imports, audits, bcrypt, writes that wait for
/// the writer) on NIO's thread pool, off Swift's cooperative threads; point
/// reads (a lookup, a match) run in place, where a hop would cost more than
/// the read.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await NIOThreadPool.singleton.runIfActive(work)
}
