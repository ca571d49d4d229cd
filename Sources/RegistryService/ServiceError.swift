import Normalization
import Registry

/// A refusal of the service, with a stable code and a message for the user.
/// Out-of-jurisdiction resources are `notFound`: their existence does not leak.
public struct ServiceError: Error, Sendable, CustomStringConvertible, Equatable {
    public enum Code: String, Sendable {
        case notFound = "not-found", forbidden, invalid, conflict, stale, unauthenticated
        /// Too many attempts: try again after `retryAfterSeconds`.
        case throttled = "too-many-requests"
    }
    public let code: Code
    /// What went wrong, in both languages (from the message table).
    public let text: Text
    /// With `throttled`: whole seconds to wait before trying again.
    public var retryAfterSeconds: Int?

    public init(_ code: Code, _ text: Text) {
        self.code = code
        self.text = text
    }

    /// The English message, for logs.
    public var message: String { text.english }

    static func throttled(retryAfter: Duration, _ text: Text) -> ServiceError {
        var error = ServiceError(.throttled, text)
        let seconds = retryAfter.components.seconds + (retryAfter.components.attoseconds > 0 ? 1 : 0)
        error.retryAfterSeconds = Int(max(1, seconds))
        return error
    }

    public var description: String { text.chinese }

    init(_ error: RegistryError) {
        switch error.code {
        case .notFound: self.init(.notFound, error.text)
        case .conflict: self.init(.conflict, error.text)
        case .invalid, .notInitialised: self.init(.invalid, error.text)
        case .stale: self.init(.stale, error.text)
        }
    }
}

/// Runs `body`, turning registry errors into service errors.
func serviceCall<T>(_ body: () throws -> T) throws(ServiceError) -> T {
    do { return try body() } catch let error as ServiceError { throw error } catch let error as RegistryError {
        throw ServiceError(error)
    } catch { throw ServiceError(.invalid, .verbatim(Redaction.paths(in: "\(error)"))) }
}
