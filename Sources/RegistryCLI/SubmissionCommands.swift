import ArgumentParser
import Foundation
import Normalization
import Registry
import RegistryService

/// The operator's view of a region: a province principal narrowed to `scope`.
func operatorPrincipal(_ name: String, scope: String?, service: RegistryService) throws -> Principal {
    let scope = scope ?? String(service.province)
    let role: Role
    switch scope.count {
    case 2: role = .province
    case 4: role = .city
    case 6: role = .county
    default: throw ValidationError("--scope is a region code: province (2 digits), city (4) or county (6)")
    }
    guard scope.hasPrefix(String(service.province)) else { throw ValidationError("--scope \(scope) is outside province \(service.province)") }
    return Principal(name: name, role: role, jurisdiction: scope, fullView: true)
}

/// `audit`: the national submission gate over a region.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "List what blocks the national submission in a region: duplicates, open reviews, bad IDs, private-use characters, teachers without a school, unapproved batches.")

    @OptionGroup var options: RegistryOptions
    @Option(help: "Region code (province 2, city 4 or county 6 digits); default: the registry's province.")
    var scope: String?

    func run() throws {
        let service = try RegistryService(database: try options.open())
        let principal = try operatorPrincipal(options.reader, scope: scope, service: service)
        let report: GateReport
        do { report = try service.submissionGate(principal) } catch {
            FileHandle.standardError.print("error (\(error.code.rawValue)): \(error.message)")
            throw ExitCode(1)
        }
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.blocking ? "\(report.scope): \(report.items.count) blocking items" : "\(report.scope): nothing blocks the submission")
            for county in report.counties {
                print("  \(county.county.isEmpty ? "(no county)" : county.county): "
                      + county.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            }
            for item in report.items.prefix(200) {
                let label = GateReport.Code(rawValue: item.code)?.chinese ?? item.code
                print("\(item.code)\t\(item.county)\t\(item.subject)\t\(label)\t\(item.detail)")
            }
            if report.items.count > 200 { print("… \(report.items.count - 200) more (--json lists all)") }
        }
        if report.blocking { throw ExitCode(1) }
    }
}

/// `export`: the national submission files.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the national core fields of a province as of a day (or the changes since an earlier day) as CSV and .xlsx with a manifest.")

    @OptionGroup var options: RegistryOptions
    @OptionGroup var acting: ActorOptions
    @Option(help: "The province code.")
    var scope: String?
    @Option(name: .customLong("as-of"), help: "The day (YYYY-MM-DD) whose state is exported; today's export is gated by the audit.")
    var asOf: CivilDate
    @Option(help: "Only teachers changed after this day (a delta submission).")
    var since: CivilDate?
    @Option(help: "Folder for the files.")
    var out: String

    func run() throws {
        let service = try RegistryService(database: try options.open())
        let principal = try operatorPrincipal(acting.actor, scope: scope, service: service)
        guard principal.role == .province else { throw ValidationError("--scope must be the province: the province submits") }
        let export: NationalExport
        do { export = try service.nationalExport(principal, asOf: asOf, since: since) } catch {
            FileHandle.standardError.print("error (\(error.code.rawValue)): \(error.message)")
            throw ExitCode(1)
        }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for file in export.files { try file.data.write(to: URL(fileURLWithPath: out).appendingPathComponent(file.name)) }
        print("\(export.manifest.teachers) teachers as of \(asOf)\(since.map { " changed since \($0)" } ?? ""); content hash \(export.manifest.contentHash)")
        for file in export.files { print("  \(out)/\(file.name)") }
    }
}

/// `progress`: the weekly progress report.
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress",
        abstract: "Submission and review progress per county and school, as a table, JSON, CSV or an HTML page with a bar chart.")

    @OptionGroup var options: RegistryOptions
    @Option(help: "Region code; default: the registry's province.")
    var scope: String?
    @Option(help: "table, csv or html.")
    var format = "table"

    func run() throws {
        let service = try RegistryService(database: try options.open())
        let principal = try operatorPrincipal(options.reader, scope: scope, service: service)
        let report: ProgressReport
        do { report = try service.progressReport(principal) } catch {
            FileHandle.standardError.print("error (\(error.code.rawValue)): \(error.message)")
            throw ExitCode(1)
        }
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        switch format {
        case "csv": print(report.csv, terminator: "")
        case "html": print(report.html)
        case "table":
            print(report.table, terminator: "")
        default: throw ValidationError("--format is table, csv or html")
        }
    }
}

/// `batch`: the review chain of imported files from the command line.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "batch", abstract: "List, approve or return imported files (the review chain).",
                                                    subcommands: [List.self, Approve.self, Reject.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Batches in a region, newest first.")
        @OptionGroup var options: RegistryOptions
        @Option(help: "Region code (province 2, city 4 or county 6 digits); default: the registry's province.")
        var scope: String?

        func run() throws {
            let service = try RegistryService(database: try options.open())
            let principal = try operatorPrincipal(options.reader, scope: scope, service: service)
            let batches = try BatchCommand.call({ try service.batches(principal) })
            let places = service.placeLabels(schools: batches.compactMap(\.school))
            let states = BatchText.states, levels = BatchText.levels
            for batch in batches {
                print("#\(batch.id)\t\(states[batch.state] ?? batch.state)\(batch.awaiting.map { "（待\(levels[$0] ?? $0)审核）" } ?? "")\t"
                      + "\(batch.school.map { places.school($0) } ?? "-")\t\(batch.rows) 行\t\(batch.file)")
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a batch at the level of --scope (county 6, city 4, province 2 digits).")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "The reviewing level's region code.")
        var scope: String
        @Argument(help: "The batch's number (from `batch list`).") var id: Int64

        func run() throws {
            let service = try RegistryService(database: try options.open())
            let principal = try operatorPrincipal(acting.actor, scope: scope, service: service)
            let batch = try BatchCommand.call { try service.decideBatch(principal, id: id, approve: true, reason: nil) }
            print("batch #\(batch.id): \(batch.state)")
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Return a batch (or some of its rows) to the county, with a reason.")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "The reviewing level's region code.")
        var scope: String
        @Option(help: "The reason, for the school.")
        var reason: String
        @Option(parsing: .upToNextOption, help: "Row numbers to reject (default: the whole file).")
        var rows: [Int] = []
        @Argument(help: "The batch's number (from `batch list`).") var id: Int64

        func run() throws {
            let service = try RegistryService(database: try options.open())
            let principal = try operatorPrincipal(acting.actor, scope: scope, service: service)
            let batch = try BatchCommand.call { try service.decideBatch(principal, id: id, approve: false, rows: rows, reason: reason) }
            print("batch #\(batch.id): \(batch.state)")
        }
    }

    static func call<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let error as ServiceError {
            FileHandle.standardError.print("error (\(error.code.rawValue)): \(error.message)")
            throw ExitCode(1)
        }
    }
}
