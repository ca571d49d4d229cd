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

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel) else { throw ValidationError("unknown log level \(logLevel)") }
        let database: RegistryDatabase
        let service: RegistryService
        do {
            database = try RegistryDatabase(path: db)
            service = try RegistryService(database: database, uploadLimit: uploadLimitMB << 20)
        } catch {
            throw ValidationError("\(db): \(error)")
        }
        var logger = Logger(label: "teacher-registry")
        logger.logLevel = level
        let host = self.host
        try await RegistryServer.run(service: service, configuration: .init(host: host, port: port), logger: logger) { bound in
            FileHandle.standardOutput.print("listening on http://\(host):\(bound)")
        }
        try database.close()
        logger.info("stopped; the database is closed")
    }
}

/// `user add`: users of the service.
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage the service's users.", subcommands: [Add.self])

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

        func run() throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("unknown role \(role)") }
            let password = ProcessInfo.processInfo.environment["TEACHER_REGISTRY_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            let service = try RegistryService(database: try RegistryDatabase(path: db))
            do {
                try service.addUser(name: name, password: password, role: role, jurisdiction: jurisdiction, fullView: fullView, by: nil, cost: cost)
            } catch {
                FileHandle.standardError.print("error (\(error.code.rawValue)): \(error.message)")
                throw ExitCode(1)
            }
            print("added \(role.rawValue) user \(name) (\(jurisdiction.isEmpty ? "全国" : jurisdiction))")
        }
    }
}

/// `school add`: a school's name and county, which place it in a jurisdiction.
struct SchoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "school", abstract: "Describe schools.", subcommands: [Add.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Name a school and place it in its county.")
        @OptionGroup var options: RegistryOptions
        @Option(help: "The school's 6-digit county code.")
        var county: String
        @Option(help: "The school's name.")
        var name: String?
        @Argument(help: "The 10-digit school code.")
        var code: String

        func run() throws {
            let service = try RegistryService(database: try options.open())
            let operator_ = Principal(name: options.actor, role: .province, jurisdiction: String(service.province))
            do { try service.describeSchool(operator_, code: code, name: name, county: county) } catch {
                FileHandle.standardError.print("error (\(error.code.rawValue)): \(error.message)")
                throw ExitCode(1)
            }
            print("school \(code) in county \(county)")
        }
    }
}
