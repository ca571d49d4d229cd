import ArgumentParser
import Foundation
import Intake
import Normalization

/// `validate`: checks files without a database and says what to fix.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check school files (CSV, .xlsx, ZIP) against the template rules: exit 0 when clean, 1 on any problem.")

    @Flag(help: "Print one JSON array of problems (file, sheet, row, column, rule, severity, message).")
    var json = false
    @Option(help: "Also write problems.json, and for each workbook a marked copy (bad cells red, a 问题说明 column), into this folder.")
    var report: String?
    @Flag(help: "Messages in English instead of Chinese.")
    var english = false
    @OptionGroup var configuration: ConfigurationOptions
    @Argument(help: "Files to check.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file") }
    }

    func run() throws {
        let validator = try TemplateValidator(regions: try RegionsCommand.loadedTable(configuration))
        var problems: [ValidationProblem] = []
        var unreadable: [String] = []
        var copies: [String] = []
        // Files checked: a ZIP counts the workbooks and CSVs inside it.
        var checkedFiles = 0
        for path in files {
            let url = URL(fileURLWithPath: path)
            let batch: TeacherFileBatch
            do { batch = try TeacherFiles.open(url) } catch {
                unreadable.append("\(error)")
                continue
            }
            var found: [ValidationProblem] = []
            checkedFiles += batch.entries.count
            // A CSV or workbook on disk is checked a part at a time; the workbooks of a ZIP one at a time.
            for entry in batch.entries {
                do {
                    if let streams = entry.streams {
                        for stream in streams {
                            var meter: ProgressMeter?
                            found += try validator.validate(stream) { checked in
                                // A count only for a file of more than one part.
                                guard checked >= TemplateValidator.defaultPartRows || meter != nil else { return }
                                if meter == nil { meter = ProgressMeter(label: "checking " + stream.label, total: 0) }
                                meter?.update(checked)
                            }
                            meter?.finish()
                        }
                    } else {
                        found += try entry.read().flatMap(validator.validate)
                    }
                } catch {
                    unreadable.append("\(error)")
                }
            }
            problems += found
            // The school's own workbook, with bad cells red and a 问题说明 column.
            if let report, url.pathExtension.lowercased() == "xlsx", !found.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: report, withIntermediateDirectories: true)
                    let copy = URL(fileURLWithPath: report).appendingPathComponent(url.deletingPathExtension().lastPathComponent + "_问题说明.xlsx")
                    try ErrorWorkbook.write(original: url, problems: found, to: copy)
                    copies.append(copy.path)
                } catch {
                    unreadable.append("\(error)")
                }
            }
        }
        let objects = problems.map { problem in
            JSONValue.object([
                ("file", .string(problem.file)), ("sheet", .optional(problem.sheet)), ("row", .number(Double(problem.row))),
                ("column", .string(problem.column)), ("rule", .string(problem.rule.id)),
                ("severity", .string(problem.rule.severity.rawValue)),
                ("message", .string(english ? problem.messageEnglish : problem.message)),
            ])
        }
        if let report {
            try FileManager.default.createDirectory(atPath: report, withIntermediateDirectories: true)
            try JSONValue.array(objects).serialized.write(toFile: report + "/problems.json", atomically: true, encoding: .utf8)
        }
        if json {
            print(JSONValue.array(objects).serialized)
        } else {
            for problem in problems {
                let place = [problem.file, problem.sheet, "第\(problem.row)行", problem.column].compactMap { $0 }.joined(separator: " › ")
                print("\(problem.rule.severity == .error ? "错误" : "提示") \(problem.rule.id)  \(place)  \(english ? problem.messageEnglish : problem.message)")
            }
            let errors = problems.filter { $0.rule.severity == .error }.count
            print(english ? "\(checkedFiles) files: \(errors) errors, \(problems.count - errors) warnings"
                          : "共 \(checkedFiles) 个文件：错误 \(errors) 处，提示 \(problems.count - errors) 处")
            for copy in copies { print((english ? "marked copy for the school: " : "标注问题的副本（发给学校）：") + copy) }
        }
        for line in unreadable { FileHandle.standardError.print(line) }
        if !problems.isEmpty || !unreadable.isEmpty { throw ExitCode(1) }
    }
}
