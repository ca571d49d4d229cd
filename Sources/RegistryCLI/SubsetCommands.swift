import ArgumentParser
import Foundation
import Intake
import Normalization
import Registry
import RegistryService

/// `subset import`: the national sub-sets (学习经历, 工作经历, 岗位聘任, 专业技术职务聘任, 年度考核, 教师资格, 师德考核, 联系方式).
struct SubsetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subset", abstract: "The national sub-sets of the teacher record (学习经历, 年度考核, 教师资格 …).",
        subcommands: [Import.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import sub-set rows: a workbook with one sheet per sub-set, or a CSV or workbook named by its sub-set.",
            discussion: """
                Each row names its teacher by 身份证件号 (or 教师编号) and 姓名. A teacher's rows of a sub-set are the teacher's \
                whole list of it: stored rows the file does not hold are removed, each change kept in the teacher's history. \
                With any error nothing is written unless --partial, which writes the good rows and removes nothing from a \
                sub-set with refused rows. Rules SS-001 … SS-010 (docs/import.md). Exit status: 0 written (with --partial, \
                the good rows), 1 rows refused and nothing written, 2 the file refused.
                """)
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Flag(help: "Write the rows without errors even when other rows have errors.")
        var partial = false
        @Option(help: "A folder for the workbook's marked copy (bad cells highlighted, a 问题说明 column), when rows were refused.")
        var report: String?
        @Argument(help: "The sub-set file (.xlsx or .csv).")
        var file: String

        func run() throws {
            let service = try RegistryService(database: try options.open())
            let principal = Principal(name: acting.actor, role: .province, jurisdiction: String(service.province))
            let url = URL(fileURLWithPath: file)
            let summary: SubsetImportSummary
            do { summary = try service.importSubsets(principal, file: url, partial: partial) } catch {
                options.note(.errorLine(error.code.rawValue, error.text))
                throw ExitCode(2)
            }
            let language = options.language
            if let report, !summary.problems.isEmpty, url.pathExtension.lowercased() == "xlsx" {
                do {
                    try FileManager.default.createDirectory(atPath: report, withIntermediateDirectories: true)
                    let copy = URL(fileURLWithPath: report).appendingPathComponent(url.deletingPathExtension().lastPathComponent + "_问题说明.xlsx")
                    try ErrorWorkbook.write(original: url, problems: summary.problems, to: copy)
                    options.note(.markedCopy(copy.path))
                } catch let error as IntakeError {
                    options.note(.errorValue(error.text))
                }
            }
            let labels = summary.subsets.compactMap { TeacherSubset.subset(key: $0)?.label }
            if options.json {
                print(JSONValue.object([
                    ("file", .string(summary.file)), ("subsets", .array(summary.subsets.map(JSONValue.string))),
                    ("rows", .number(Double(summary.rows))), ("written", .bool(summary.written)), ("teachers", .number(Double(summary.teachers))),
                    ("added", .number(Double(summary.change.added))), ("changed", .number(Double(summary.change.changed))),
                    ("removed", .number(Double(summary.change.removed))), ("unchanged", .number(Double(summary.change.unchanged))),
                    ("refused", .number(Double(summary.refused))),
                    ("problems", .array(summary.problems.map { IntakeReport.json($0, language: language) })),
                ]).serialized)
            } else {
                IntakeReport.printProblems(summary.problems, file: summary.file, language: language)
                let unwritten = IntakeReport.unwritten(written: summary.written, refused: summary.refused, partial: partial, language: language)
                let change = summary.change
                print(Text.subsetSummary(file: summary.file, subsets: summary.subsets, labels: labels, rows: summary.rows, teachers: summary.teachers,
                                         added: change.added, changed: change.changed, removed: change.removed, unchanged: change.unchanged,
                                         refused: summary.refused)(language) + unwritten)
            }
            try IntakeReport.exit(written: summary.written, problems: summary.problems, refused: summary.refused)
        }
    }
}
