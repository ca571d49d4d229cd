import ArgumentParser
import Foundation
import Normalization
import Registry

struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Create, check and back up a registry database.",
        subcommands: [Initialise.self, Check.self, Backup.self])

    struct Initialise: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a registry for a province.")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "The province's two-digit code (GB/T 2260), e.g. 36.")
        var province: Int

        func run() throws {
            try registryAction(options.language) {
                let folder = URL(fileURLWithPath: options.db).deletingLastPathComponent()
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                let database = try options.open(creating: true)
                try database.initialise(province: province)
                options.say(.registryCreated(options.db, province: province))
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run SQLite's integrity and foreign-key checks: exit 1 on any problem.")
        @OptionGroup var options: RegistryOptions

        func run() throws {
            let problems = try options.open().integrityProblems()
            if options.json {
                print(JSONValue.object([("ok", .bool(problems.isEmpty)), ("problems", .array(problems.map(JSONValue.string)))]).serialized)
            } else {
                print(problems.isEmpty ? Text.integrityOK(options.language) : problems.joined(separator: "\n"))
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy the registry to a new file while it stays in use.")
        @OptionGroup var options: RegistryOptions
        @Option(help: "The backup file to create.")
        var to: String

        func run() throws {
            guard !FileManager.default.fileExists(atPath: to) else { throw ValidationError(Text.fileExists(to)(options.language)) }
            try options.open().backup(to: to)
            options.say(.backedUp(options.db, to: to))
        }
    }
}

struct NumberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "number", abstract: "Teacher numbers.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check teacher numbers: exit 0 when all are well-formed.")
        @Flag(help: "Print JSON.")
        var json = false
        @Argument(help: "Teacher numbers.")
        var values: [String]
        @OptionGroup var text: LanguageOption

        func run() throws {
            let provinces = Set(ProvinceCodes.standard.names.keys)
            var results: [(String, String?)] = []
            for value in values {
                do { _ = try TeacherNumber(validating: value, provinces: provinces); results.append((value, nil)) } catch {
                    results.append((value, error.description))
                }
            }
            if json {
                print(JSONValue.array(results.map { .object([("input", .string($0.0)), ("valid", .bool($0.1 == nil)),
                                                             ("error", .optional($0.1))]) }).serialized)
            } else {
                for (value, problem) in results { print("\(value)  \((problem.map { Text.invalid($0) } ?? .valid)(text.language))") }
            }
            if results.contains(where: { $0.1 != nil }) { throw ExitCode(1) }
        }
    }
}
