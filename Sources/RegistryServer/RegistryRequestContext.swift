import Normalization
import Hummingbird
import RegistryService

/// Per-request state: who is asking, once the bearer token is checked.
public struct RegistryRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    /// For pages: the session's CSRF token, which every form must carry back.
    var csrf: String?
    /// The bearer token or session cookie the request was signed in with.
    var token: String?
    /// The peer's IP address, for throttling and the access log.
    let address: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress
    }

    /// JSON bodies are small; uploads collect their own body up to the service's limit.
    public var maxUploadSize: Int { 1 << 20 }

    /// The signed-in user, or a 401.
    func requirePrincipal() throws -> Principal {
        guard let principal else { throw ServiceError(.unauthenticated, .signInFirst) }
        return principal
    }
}
