import ArgumentParser
import Foundation
import Normalization
import Registry
import RegistryService

/// The operator's view of a region: a province principal narrowed to `scope`.
func operatorPrincipal(_ name: String, scope: String?, service: RegistryService, language: Language) throws -> Principal {
    let scope = scope ?? String(service.province)
    let role: Role
    switch scope.count {
    case 2: role = .province
    case 4: role = .city
    case 6: role = .county
    default: throw ValidationError(Text.scopeForm(language))
    }
    guard scope.hasPrefix(String(service.province)) else { throw ValidationError(Text.scopeOutsideProvince(scope, province: service.province)(language)) }
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
        let principal = try operatorPrincipal(options.reader, scope: scope, service: service, language: options.language)
        let report = try registryAction(options.language) { try service.submissionGate(principal) }
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            let language = options.language
            options.say(report.blocking ? .gateBlocking(report.scope, items: report.items.count) : .gateClear(report.scope))
            let places = service.placeLabels(schools: [String](), regions: report.counties.map(\.county) + report.items.map(\.county))
            for county in report.counties {
                print("  \(county.county.isEmpty ? Text.noCounty(language) : places.region(county.county))："
                      + county.counts.sorted { $0.key < $1.key }.map { "\(Text.gateCode($0.key)(language)) \($0.value)" }.joined(separator: "，"))
            }
            for item in report.items.prefix(200) {
                print("\(item.code)\t\(item.county.isEmpty ? "-" : places.region(item.county))\t\(item.subject)\t\(Text.gateCode(item.code)(language))\t\(item.detail)")
            }
            if report.items.count > 200 { options.say(.moreItems(report.items.count - 200)) }
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
        let principal = try operatorPrincipal(acting.actor, scope: scope, service: service, language: options.language)
        guard principal.role == .province else { throw ValidationError(Text.scopeMustBeProvince(options.language)) }
        let export = try registryAction(options.language) { try service.nationalExport(principal, asOf: asOf, since: since) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for file in export.files { try file.data.write(to: URL(fileURLWithPath: out).appendingPathComponent(file.name)) }
        options.say(.exported(teachers: export.manifest.teachers, asOf: "\(asOf)", since: since.map { "\($0)" }, hash: export.manifest.contentHash))
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
        let principal = try operatorPrincipal(options.reader, scope: scope, service: service, language: options.language)
        let report = try registryAction(options.language) { try service.progressReport(principal) }
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
        default: throw ValidationError(Text.formatChoice(options.language))
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
            let principal = try operatorPrincipal(options.reader, scope: scope, service: service, language: options.language)
            let batches = try registryAction(options.language) { try service.batches(principal) }
            let places = service.placeLabels(schools: batches.compactMap(\.school))
            for batch in batches {
                print("#\(batch.id)\t\(Text.batchLine(state: batch.state, awaiting: batch.awaiting)(options.language))\t"
                      + "\(batch.school.map { places.school($0) } ?? "-")\t\(Text.rowCount(batch.rows)(options.language))\t\(batch.file)")
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
            let principal = try operatorPrincipal(acting.actor, scope: scope, service: service, language: options.language)
            let batch = try registryAction(options.language) { try service.decideBatch(principal, id: id, approve: true, reason: nil) }
            options.say(.batchState(batch.id, state: batch.state))
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
            let principal = try operatorPrincipal(acting.actor, scope: scope, service: service, language: options.language)
            let batch = try registryAction(options.language) { try service.decideBatch(principal, id: id, approve: false, rows: rows, reason: reason) }
            options.say(.batchState(batch.id, state: batch.state))
        }
    }
}
