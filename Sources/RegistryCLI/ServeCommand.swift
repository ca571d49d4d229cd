import Normalization
import ArgumentParser
import Foundation
import Logging
import Registry
import RegistryServer
import RegistryService

/// `serve`: the registry as an HTTP service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the registry over HTTP (JSON API, OpenAPI at /openapi.json, metrics at /metrics). SIGTERM/SIGINT stop it cleanly.")

    @Option(help: "The registry's SQLite file.")
    var db: String
    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"
    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080
    @Option(name: .customLong("upload-limit-mb"), help: "Largest upload accepted, in MiB.")
    var uploadLimitMB = 64
    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"
    @Flag(name: .customLong("secure-cookies"), help: "Mark the pages' session cookie Secure (sent over HTTPS only): use it behind a TLS proxy.")
    var secureCookies = false
    @Option(name: .customLong("tls-cert"), help: "PEM certificate chain: serve HTTPS only (with --tls-key); session cookies become Secure.")
    var tlsCert: String?
    @Option(name: .customLong("tls-key"), help: "PEM private key of --tls-cert.")
    var tlsKey: String?
    @Option(name: .customLong("backup-dir"), help: "Take online backups into this folder (with --backup-every).")
    var backupDir: String?
    @Option(name: .customLong("backup-every"), help: "How often: a number and s, m, h or d (24h).")
    var backupEvery: Interval = Interval(seconds: 86_400)
    @Option(help: "How many backups to keep, newest first.")
    var keep = 14
    @Option(name: .customLong("metrics-token-file"),
            help: "A file holding the bearer token /metrics asks for (or TEACHER_REGISTRY_METRICS_TOKEN); without one, /metrics is off.")
    var metricsTokenFile: String?
    @OptionGroup var text: LanguageOption

    func run() async throws {
        let language = text.language
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError(Text.unknownLogLevel(logLevel)(language)) }
        let database: RegistryDatabase
        let service: RegistryService
        do {
            database = try openRegistry(db, language: language)
            service = try RegistryService(database: database, uploadLimit: uploadLimitMB << 20)
        } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError(Text.registryUnreadable(db, "\(error)")(language))
        }
        var logger = Logger(label: "teacher-registry")
        logger.logLevel = level
        let host = self.host
        var metricsToken = ProcessInfo.processInfo.environment["TEACHER_REGISTRY_METRICS_TOKEN"]
        if let metricsTokenFile {
            do { metricsToken = try String(contentsOfFile: metricsTokenFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) } catch {
                throw ValidationError(Text.unreadableFile(metricsTokenFile)(language))
            }
        }
        if let token = metricsToken, token.utf8.count < 16 { throw ValidationError(Text.metricsTokenShort(language)) }
        guard (tlsCert == nil) == (tlsKey == nil) else { throw ValidationError(Text.tlsTogether(language)) }
        guard keep >= 1 else { throw ValidationError(Text.atLeastOne("--keep")(language)) }
        var configuration = RegistryServer.Configuration(host: host, port: port, secureCookies: secureCookies, metricsToken: metricsToken,
                                                         tls: tlsCert.flatMap { cert in tlsKey.map { (cert, $0) } })
        if let backupDir { configuration.backups = (backupDir, .seconds(backupEvery.seconds), keep) }
        let scheme = configuration.tls == nil ? "http" : "https"
        do {
            try await RegistryServer.run(service: service, configuration: configuration, logger: logger) { bound in
                FileHandle.standardOutput.print(Text.listening("\(scheme)://\(host):\(bound)")(language))
            }
        } catch let error as RegistryServer.TLSFilesError {
            throw ValidationError(error.reason)
        }
        try database.close()
        logger.info("\(Text.stopped(language))")
    }
}

/// `user add|list|disable|enable|reset-password`: users of the service, as the operator with the database file.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage the service's users.",
                                                    subcommands: [Add.self, List.self, Disable.self, Enable.self, ResetPassword.self])

    /// The password from TEACHER_REGISTRY_PASSWORD or one line of standard input.
    static func readPassword() -> String {
        ProcessInfo.processInfo.environment["TEACHER_REGISTRY_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
    }

    static func service(_ db: String, language: Language) throws -> RegistryService {
        do { return try RegistryService(database: try openRegistry(db, language: language)) } catch let error as ValidationError {
            throw error
        } catch {
            throw ValidationError(Text.registryUnreadable(db, "\(error)")(language))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users with their state (disabled, locked, failed sign-ins).")
        @Option(help: "The registry's SQLite file.") var db: String
        @Flag(help: "Print JSON.") var json = false
        @OptionGroup var text: LanguageOption

        func run() throws {
            let service = try UserCommand.service(db, language: text.language)
            try registryAction(text.language) {
                let users = try service.users(nil)
                if json {
                    print(JSONValue.array(users.map { user in
                        .object([("name", .string(user.name)), ("role", .string(user.role)), ("jurisdiction", .string(user.jurisdiction)),
                                 ("fullView", .bool(user.fullView)), ("disabled", .bool(user.disabled)), ("locked", .bool(user.locked)),
                                 ("failedSignIns", .number(Double(user.failedSignIns)))])
                    }).serialized)
                    return
                }
                for user in users {
                    let language = text.language
                    let state: Text = user.disabled ? .userDisabled : user.locked ? .userLocked : .userActive
                    print("\(user.name)\t\(Text.role(user.role)(language))\t\(user.jurisdiction.isEmpty ? Text.nationwide(language) : user.jurisdiction)"
                          + "\t\(state(language))\t\(Text.failedInARow(user.failedSignIns)(language))")
                }
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user: no sign-in, and every session of theirs ends at once (also in a running server).")
        @Option(help: "The registry's SQLite file.") var db: String
        @Option(help: "User name.") var name: String
        @OptionGroup var text: LanguageOption

        func run() throws {
            let service = try UserCommand.service(db, language: text.language)
            try registryAction(text.language) { try service.setUser(nil, name: name, disabled: true) }
            print(Text.disabledUser(name)(text.language))
        }
    }

    struct Enable: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a user again; this also lifts a lockout after failed sign-ins.")
        @Option(help: "The registry's SQLite file.") var db: String
        @Option(help: "User name.") var name: String
        @OptionGroup var text: LanguageOption

        func run() throws {
            let service = try UserCommand.service(db, language: text.language)
            try registryAction(text.language) { try service.setUser(nil, name: name, disabled: false) }
            print(Text.enabledUser(name)(text.language))
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-password",
            abstract: "Set a new password (from standard input or TEACHER_REGISTRY_PASSWORD); the user's sessions end and a lockout is lifted.")
        @Option(help: "The registry's SQLite file.") var db: String
        @Option(help: "User name.") var name: String
        @Option(help: "bcrypt cost (work factor); default: that of the stored passwords.") var cost: UInt8?
        @OptionGroup var text: LanguageOption

        func run() async throws {
            let service = try UserCommand.service(db, language: text.language)
            let password = UserCommand.readPassword()
            do { try await service.resetPassword(nil, name: name, password: password, cost: cost) } catch {
                FileHandle.standardError.print(Text.errorLine(error.code.rawValue, error.text)(text.language))
                throw ExitCode(1)
            }
            print(Text.passwordReset(name)(text.language))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user; the password is read from standard input (one line) or TEACHER_REGISTRY_PASSWORD.")
        @Option(help: "The registry's SQLite file.")
        var db: String
        @Option(help: "User name.")
        var name: String
        @Option(help: "ministry, province, city, county or school.")
        var role: String
        @Option(help: "Region code (province 2, city 4, county 6 digits), a school's 10-digit code, or nothing for the ministry.")
        var jurisdiction = ""
        @Flag(name: .customLong("full-view"), help: "May ask for full document numbers (province and county only; each view is logged).")
        var fullView = false
        @Option(help: "bcrypt cost (work factor).")
        var cost: UInt8 = Passwords.standardCost
        @OptionGroup var text: LanguageOption

        func run() throws {
            let language = text.language
            guard let role = Role(rawValue: role) else { throw ValidationError(Text.unknownRole(role)(language)) }
            let password = UserCommand.readPassword()
            let service = try UserCommand.service(db, language: language)
            try registryAction(language) {
                try service.addUser(name: name, password: password, role: role, jurisdiction: jurisdiction, fullView: fullView, by: nil, cost: cost)
            }
            print(Text.addedUser(name, role: role.rawValue, jurisdiction: jurisdiction)(language))
        }
    }
}

/// A period on the command line: a whole number and s, m, h or d (`30m`, `24h`), one second to a year.
struct Interval: ExpressibleByArgument, CustomStringConvertible, Sendable {
    let seconds: Int64

    var description: String {
        seconds % 86_400 == 0 ? "\(seconds / 86_400)d" : seconds % 3600 == 0 ? "\(seconds / 3600)h"
            : seconds % 60 == 0 ? "\(seconds / 60)m" : "\(seconds)s"
    }

    init(seconds: Int64) { self.seconds = seconds }

    init?(argument: String) {
        guard let unit = argument.last, let count = Int64(argument.dropLast()), count > 0, count <= 366 * 86_400 else { return nil }
        let scale: Int64
        switch unit {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        case "d": scale = 86_400
        default: return nil
        }
        let (total, overflow) = count.multipliedReportingOverflow(by: scale)
        guard !overflow, total <= 366 * 86_400 else { return nil }
        seconds = total
    }
}
