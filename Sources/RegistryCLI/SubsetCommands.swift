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
                sub-set with refused rows. Rules SS-001 … SS-010 (docs/import.md). Exit status: 0 every row taken, 1 rows \
                refused (--partial), 2 the file refused.
                """)
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Flag(help: "Write the rows without errors even when other rows have errors.")
        var partial = false
        @Flag(help: "Messages in English.")
        var english = false
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
                FileHandle.standardError.print("\(english ? "error" : "错误") (\(error.code.rawValue)): \(error.message)")
                throw ExitCode(2)
            }
            if let report, !summary.problems.isEmpty, url.pathExtension.lowercased() == "xlsx" {
                do {
                    try FileManager.default.createDirectory(atPath: report, withIntermediateDirectories: true)
                    let copy = URL(fileURLWithPath: report).appendingPathComponent(url.deletingPathExtension().lastPathComponent + "_问题说明.xlsx")
                    try ErrorWorkbook.write(original: url, problems: summary.problems, to: copy)
                    FileHandle.standardError.print((english ? "marked copy: " : "标注问题的副本：") + copy.path)
                } catch {
                    FileHandle.standardError.print("\(english ? "error" : "错误"): \(error)")
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
                    ("problems", .array(summary.problems.map { IntakeReport.json($0, english: english) })),
                ]).serialized)
            } else {
                IntakeReport.printProblems(summary.problems, file: summary.file, english: english)
                let unwritten = IntakeReport.unwritten(written: summary.written, refused: summary.refused, partial: partial, english: english)
                let change = summary.change
                if english {
                    print("\(summary.file) (\(summary.subsets.joined(separator: ", "))): \(summary.rows) rows of \(summary.teachers) teachers; "
                          + "\(change.added) added, \(change.changed) changed, \(change.removed) removed, \(change.unchanged) unchanged, "
                          + "\(summary.refused) rows refused" + unwritten)
                } else {
                    print("\(summary.file)（\(labels.joined(separator: "、"))）：\(summary.rows) 行，教师 \(summary.teachers) 人；新增 \(change.added) 条，"
                          + "更新 \(change.changed) 条，删除 \(change.removed) 条，未变 \(change.unchanged) 条，未导入的行 \(summary.refused)" + unwritten)
                }
            }
            try IntakeReport.exit(written: summary.written, problems: summary.problems.count, refused: summary.refused)
        }
    }
}
