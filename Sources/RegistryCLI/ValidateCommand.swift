import ArgumentParser
import Foundation
import Intake
import Normalization

/// `validate`: checks files without a database and says what to fix.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check school files (CSV, .xlsx, ZIP) against the template rules: exit 0 when clean, 1 on any problem, 2 when a file cannot be read.")

    @Flag(help: "Print one JSON array of problems (file, sheet, row, column, rule, severity, message).")
    var json = false
    @Option(help: "Also write problems.json, and for each workbook a marked copy (bad cells red, a 问题说明 column), into this folder.")
    var report: String?
    @OptionGroup var text: LanguageOption
    @OptionGroup var configuration: ConfigurationOptions
    @Argument(help: "Files to check.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError(Text.giveAFile(text.language)) }
    }

    func run() throws {
        let validator = try TemplateValidator(regions: try RegionsCommand.loadedTable(configuration, language: text.language))
        var problems: [ValidationProblem] = []
        let language = text.language
        var unreadable: [Text] = []
        var copies: [String] = []
        // Files checked: a ZIP counts the workbooks and CSVs inside it.
        var checkedFiles = 0
        for path in files {
            let url = URL(fileURLWithPath: path)
            let batch: TeacherFileBatch
            do { batch = try TeacherFiles.open(url) } catch let error as IntakeError {
                unreadable.append(error.text)
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
                                if meter == nil { meter = ProgressMeter(label: Text.checking(stream.label)(language), total: 0, language: language) }
                                meter?.update(checked)
                            }
                            meter?.finish()
                        }
                    } else {
                        found += try entry.read().flatMap(validator.validate)
                    }
                } catch let error as IntakeError {
                    unreadable.append(error.text)
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
                } catch let error as IntakeError {
                    unreadable.append(error.text)
                }
            }
        }
        let objects = problems.map { problem in
            JSONValue.object([
                ("file", .string(problem.file)), ("sheet", .optional(problem.sheet)), ("row", .number(Double(problem.row))),
                ("column", .string(problem.column)), ("rule", .string(problem.rule.id)),
                ("severity", .string(problem.rule.severity.rawValue)),
                ("message", .string(problem.text(language))),
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
                print(Text.problemLine(severityError: problem.rule.severity == .error, rule: problem.rule.id, place: problem.place,
                                       message: problem.text)(language))
            }
            let errors = problems.filter { $0.rule.severity == .error }.count
            print(Text.validated(files: checkedFiles, errors: errors, warnings: problems.count - errors)(language))
            for copy in copies { print(Text.markedCopyForSchool(copy)(language)) }
        }
        for line in unreadable { FileHandle.standardError.print(line(language)) }
        if !unreadable.isEmpty { throw ExitCode(2) }
        if !problems.isEmpty { throw ExitCode(1) }
    }
}
