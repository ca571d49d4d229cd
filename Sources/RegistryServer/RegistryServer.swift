import Foundation
import Hummingbird
import Logging
import NIOCore
import RegistryService

/// The HTTP server: routes, sign-in sessions, logs and metrics around a
/// `RegistryService`. Run it with `runService()`: SIGTERM and SIGINT let
/// in-flight requests finish before it returns.
public enum RegistryServer {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var sessionLifetime: Duration
        /// Session cookies only over HTTPS (`Secure`): on whenever TLS is.
        public var secureCookies: Bool
        /// The bearer token `/metrics` asks for; nil: metrics are not served.
        public var metricsToken: String?

        public init(host: String = "127.0.0.1", port: Int = 8080, sessionLifetime: Duration = .seconds(8 * 3600), secureCookies: Bool = false,
                    metricsToken: String? = nil) {
            self.host = host
            self.port = port
            self.sessionLifetime = sessionLifetime
            self.secureCookies = secureCookies
            self.metricsToken = metricsToken
        }
    }

    /// The application; `onRunning` receives the bound port (useful with port 0).
    public static func application(service: RegistryService, configuration: Configuration, logger: Logger,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = makeRouter(service: service, configuration: configuration)
        service.warmMatchIndex()
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "TeacherRegistry"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}

extension RegistryServer {
    static func makeRouter(service: RegistryService, configuration: Configuration) -> Router<RegistryRequestContext> {
        let router = Router(context: RegistryRequestContext.self)
        let metrics = ServerMetrics()
        router.add(middleware: ObservabilityMiddleware(metrics: metrics))
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AuthenticationMiddleware(service: service))
        Routes(service: service, sessionLifetime: configuration.sessionLifetime, metrics: metrics, metricsToken: configuration.metricsToken)
            .register(on: router)
        PageRoutes(service: service, sessionLifetime: configuration.sessionLifetime, secureCookies: configuration.secureCookies).register(on: router)
        return router
    }

    /// Every route the server answers, as "METHOD /path/{parameter}", for
    /// checking the OpenAPI document against the server.
    public static func routes(service: RegistryService) -> [String] {
        makeRouter(service: service, configuration: Configuration(sessionLifetime: .seconds(1))).routes.map { "\($0.method.rawValue) \($0.path)" }
    }

    /// Runs the server until SIGTERM or SIGINT; in-flight requests finish first.
    public static func run(service: RegistryService, configuration: Configuration, logger: Logger,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(service: service, configuration: configuration, logger: logger, onRunning: onRunning).runService()
    }
}
