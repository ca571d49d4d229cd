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
    /// The message as API answers carry it.
    public let message: String
    /// The message in Chinese, where it was written in both.
    public var chinese: String?
    /// With `throttled`: whole seconds to wait before trying again.
    public var retryAfterSeconds: Int?

    public init(_ code: Code, _ message: String, chinese: String? = nil) {
        self.code = code
        self.message = message
        self.chinese = chinese
    }

    /// What an officer reads on a page: the Chinese message; one in Chinese already; else what the code means,
    /// with the message where it says what to fix (invalid values, conflicts).
    public var officerMessage: String {
        if let chinese { return chinese }
        if message.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) { return message }
        switch code {
        case .notFound: return "找不到所要的记录，或它不在您的管辖范围内"
        case .forbidden: return "您的角色或管辖范围不能进行此操作"
        case .invalid: return "提交的内容有误：" + message
        case .conflict: return "与当前状态冲突：" + message
        case .stale: return "该记录已被他人修改，请刷新后重试"
        case .unauthenticated: return "请先登录"
        case .throttled: return "尝试次数过多，请稍后再试"
        }
    }

    static func throttled(retryAfter: Duration, _ message: String) -> ServiceError {
        var error = ServiceError(.throttled, message)
        let seconds = retryAfter.components.seconds + (retryAfter.components.attoseconds > 0 ? 1 : 0)
        error.retryAfterSeconds = Int(max(1, seconds))
        return error
    }

    public var description: String { message }

    init(_ error: RegistryError) {
        switch error.code {
        case .notFound: self.init(.notFound, error.message)
        case .conflict: self.init(.conflict, error.message)
        case .invalid, .notInitialised: self.init(.invalid, error.message)
        case .stale: self.init(.stale, error.message)
        }
    }
}

/// Runs `body`, turning registry errors into service errors.
func serviceCall<T>(_ body: () throws -> T) throws(ServiceError) -> T {
    do { return try body() } catch let error as ServiceError { throw error } catch let error as RegistryError {
        throw ServiceError(error)
    } catch { throw ServiceError(.invalid, Redaction.paths(in: "\(error)")) }
}
