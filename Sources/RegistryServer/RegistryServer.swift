import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import RegistryService
import ServiceLifecycle
import UnixSignals

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
        /// PEM files of the certificate chain and its private key: the server speaks HTTPS only (and cookies are Secure).
        public var tls: (certificateChain: String, privateKey: String)?
        /// Online backups: into `directory` every `every`, the newest `keep` kept.
        public var backups: (directory: String, every: Duration, keep: Int)?

        public init(host: String = "127.0.0.1", port: Int = 8080, sessionLifetime: Duration = .seconds(8 * 3600), secureCookies: Bool = false,
                    metricsToken: String? = nil, tls: (certificateChain: String, privateKey: String)? = nil) {
            self.host = host
            self.port = port
            self.sessionLifetime = sessionLifetime
            self.secureCookies = secureCookies || tls != nil
            self.metricsToken = metricsToken
            self.tls = tls
        }
    }

    /// The application; `onRunning` receives the bound port (useful with port 0).
    /// Throws when the TLS files cannot be read.
    public static func application(service: RegistryService, configuration: Configuration, logger: Logger,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) throws -> some ApplicationProtocol {
        let router = makeRouter(service: service, configuration: configuration)
        var server: HTTPServerBuilder = .http1()
        if let tls = configuration.tls {
            let chain: [NIOSSLCertificate], key: NIOSSLPrivateKey
            do {
                chain = try NIOSSLCertificate.fromPEMFile(tls.certificateChain)
                key = try NIOSSLPrivateKey(file: tls.privateKey, format: .pem)
            } catch {
                throw TLSFilesError(reason: "the TLS certificate or key cannot be read as PEM: \(error)")
            }
            var settings = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            settings.minimumTLSVersion = .tlsv12
            server = try .tls(.http1(), tlsConfiguration: settings)
        }
        service.warmMatchIndex()
        return Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "TeacherRegistry"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// The TLS files given could not be used.
    public struct TLSFilesError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
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
    /// With `configuration.backups`, backups are taken beside it on their schedule.
    public static func run(service: RegistryService, configuration: Configuration, logger: Logger,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var services: [any Service] = [try application(service: service, configuration: configuration, logger: logger, onRunning: onRunning)]
        if let backups = configuration.backups {
            services.append(BackupSchedule(service: service, directory: URL(fileURLWithPath: backups.directory), every: backups.every,
                                           keep: backups.keep, logger: logger))
        }
        let group = ServiceGroup(configuration: .init(services: services.map { .init(service: $0) },
                                                      gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Takes an online backup every `every` until the server stops.
struct BackupSchedule: Service {
    let service: RegistryService
    let directory: URL
    let every: Duration
    let keep: Int
    let logger: Logger

    func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: every) }
            } catch {
                return  // shutting down
            }
            do {
                let file = try await blocking { [service, directory, keep] in try service.backup(into: directory, keep: keep) }
                logger.info("backup written", metadata: ["file": "\(file.lastPathComponent)"])
            } catch {
                logger.error("backup failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
