import ArgumentParser
import Foundation
import Intake
import Normalization
import Registry
import RegistryService

/// `school add|import|list|show`: the school directory (学校名录).
struct SchoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "school", abstract: "The school directory (学校名录): import, list, show, add one school.",
        subcommands: [Import.self, List.self, Show.self, Add.self])

    /// The CLI acts for the province (it runs beside the registry file).
    static func principal(_ name: String, _ service: RegistryService) -> Principal {
        Principal(name: name, role: .province, jurisdiction: String(service.province))
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a school directory (CSV or .xlsx): 学校标识码, 学校名称, 所在县区代码, and 办学类型, 城乡分类, 办别, 举办者, 在校生数 where known.",
            discussion: """
                Every row is checked (rules SD-001 … SD-010); with any error nothing is written unless --partial, which \
                writes the good rows. A stated cell replaces the stored value and is kept in the school's history; an \
                empty cell keeps it. Exit status: 0 written (with --partial, the good rows), 1 rows refused and nothing written, 2 the file refused.
                """)
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Flag(help: "Write the rows without errors even when other rows have errors.")
        var partial = false
        @Argument(help: "The directory file (.csv in UTF-8 or GBK, or .xlsx).")
        var file: String

        func run() throws {
            let service = try RegistryService(database: try options.open())
            let summary: SchoolImportSummary
            do {
                summary = try service.importSchoolDirectory(SchoolCommand.principal(acting.actor, service), file: URL(fileURLWithPath: file),
                                                            partial: partial)
            } catch {
                options.note(.errorLine(error.code.rawValue, error.text))
                throw ExitCode(2)
            }
            let language = options.language
            if options.json {
                print(JSONValue.object([
                    ("file", .string(summary.file)), ("rows", .number(Double(summary.rows))), ("written", .bool(summary.written)),
                    ("added", .number(Double(summary.added))), ("changed", .number(Double(summary.changed))),
                    ("unchanged", .number(Double(summary.unchanged))), ("refused", .number(Double(summary.refused))),
                    ("problems", .array(summary.problems.map { IntakeReport.json($0, language: language) })),
                ]).serialized)
            } else {
                IntakeReport.printProblems(summary.problems, file: summary.file, language: language)
                let unwritten = IntakeReport.unwritten(written: summary.written, refused: summary.refused, partial: partial, language: language)
                print(Text.directorySummary(file: summary.file, rows: summary.rows, added: summary.added, changed: summary.changed,
                                            unchanged: summary.unchanged, refused: summary.refused)(language) + unwritten)
            }
            try IntakeReport.exit(written: summary.written, problems: summary.problems, refused: summary.refused)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the schools of a region with their names, types and teachers.")
        @OptionGroup var options: RegistryOptions
        @Option(help: "A county (6 digits), city (4) or province (2) code; default the whole province.")
        var region: String?

        func run() throws {
            let service = try RegistryService(database: try options.open())
            let schools = try registryAction(options.language) { try service.schools(SchoolCommand.principal(options.reader, service), region: region) }
            if options.json {
                print(JSONValue.array(schools.map(SchoolCommand.json)).serialized)
                return
            }
            let language = options.language
            options.say(.directoryColumns)
            for view in schools {
                let school = view.school
                print([school.code, school.name ?? Text.unnamed(language), SchoolCommand.place(view.countyName, school.county),
                       view.schoolTypeLabel ?? "", view.urbanRuralLabel ?? "", view.sponsorshipLabel ?? "",
                       school.students.map(String.init) ?? "", String(view.teachers)].joined(separator: "\t"))
            }
            options.say(.schoolCount(schools.count))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One school's directory entry and its history.")
        @OptionGroup var options: RegistryOptions
        @Argument(help: "The 10-digit school code (学校标识码).")
        var code: String

        func run() throws {
            let service = try RegistryService(database: try options.open())
            let (view, history) = try registryAction(options.language) { try service.school(SchoolCommand.principal(options.reader, service), code: code) }
            if options.json {
                guard case .object(var pairs) = SchoolCommand.json(view) else { return }
                pairs.append(("history", .array(history.map { entry in
                    .object([("at", .string(entry.at)), ("kind", .string(entry.kind)), ("actor", .string(entry.actor)),
                             ("changes", .array(entry.changes.map { .object([("field", .string($0.field)), ("before", .optional($0.before)),
                                                                             ("after", .optional($0.after))]) }))])
                })))
                print(JSONValue.object(pairs).serialized)
                return
            }
            let school = view.school
            let language = options.language
            let rows: [(Text, String)] = [
                (.schoolCode, school.code), (.schoolName, school.name ?? Text.unnamed(language)),
                (.countyLabel, SchoolCommand.place(view.countyName, school.county)), (.cityLabel, SchoolCommand.place(view.cityName, view.cityCode)),
                (.schoolTypeLabel, view.schoolTypeLabel ?? ""), (.urbanRuralLabel, view.urbanRuralLabel ?? ""), (.sponsorshipLabel, view.sponsorshipLabel ?? ""),
                (.sponsorLabel, school.sponsor ?? ""), (.studentsLabel, school.students.map(String.init) ?? ""), (.teachersOnStaffLabel, String(view.teachers)),
            ]
            for (label, value) in rows { print("\(label(language))：\(value)") }
            if !history.isEmpty { options.say(.changeLog) }
            for entry in history {
                let changes = entry.shown.map { "\($0.label)：\($0.before ?? "—") → \($0.after ?? "—")" }.joined(separator: "；")
                print("  \(BeijingTime.labelled(utc: entry.at))  \(EventKind(rawValue: entry.kind)?.label ?? entry.kind)  \(entry.actor)  \(changes)")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Name one school and place it in its county.")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "The school's 6-digit county code.")
        var county: String
        @Option(help: "The school's name.")
        var name: String?
        @Argument(help: "The 10-digit school code.")
        var code: String

        func run() throws {
            let service = try RegistryService(database: try options.open())
            try registryAction(options.language) {
                try service.describeSchool(SchoolCommand.principal(acting.actor, service), code: code, name: name, county: county)
            }
            options.say(.schoolPlaced(code, name: name, county: county))
        }
    }

    /// `东湖区（360102）`, the code alone when unnamed, empty when unknown.
    static func place(_ name: String?, _ code: String?) -> String {
        guard let code else { return "" }
        return name.map { "\($0)（\(code)）" } ?? code
    }

    static func json(_ view: SchoolView) -> JSONValue {
        let school = view.school
        return .object([
            ("code", .string(school.code)), ("name", .optional(school.name)), ("county", .optional(school.county)),
            ("countyName", .optional(view.countyName)), ("city", .optional(view.cityCode)), ("cityName", .optional(view.cityName)),
            ("schoolType", .optional(school.schoolType)), ("schoolTypeLabel", .optional(view.schoolTypeLabel)),
            ("templateKind", .optional(school.templateKind)), ("urbanRural", .optional(school.urbanRural)),
            ("urbanRuralLabel", .optional(view.urbanRuralLabel)), ("urbanRuralClass", .optional(view.urbanRuralClassLabel)),
            ("sponsorship", .optional(school.sponsorship)), ("sponsorshipLabel", .optional(view.sponsorshipLabel)),
            ("sponsor", .optional(school.sponsor)), ("students", school.students.map { .number(Double($0)) } ?? .null),
            ("teachers", .number(Double(view.teachers))),
        ])
    }
}
