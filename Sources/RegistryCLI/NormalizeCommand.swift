import ArgumentParser
import Foundation
import Intake
import Normalization

/// Reads a CSV of teachers and reports, row by row, the canonical identity
/// fields and every problem a school must fix.
struct NormalizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Check the identity fields of a teacher CSV: exit 0 when every row is clean, 1 when any has a problem.")

    @Flag(help: "Print one JSON array, one object per row.")
    var json = false
    @Flag(name: .customLong("show-full"), help: "Show full document numbers.")
    var showFull = false
    @OptionGroup var configuration: ConfigurationOptions
    @OptionGroup var text: LanguageOption
    @Argument(help: "CSV (UTF-8 or GBK), .xlsx or ZIP files with a header row (English column names or the template's Chinese headers).")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError(Text.giveACSV(text.language)) }
    }

    func run() throws {
        let language = text.language
        let normalizer = try IdentityNormalizer.standard(regions: try RegionsCommand.loadedTable(configuration, language: language))
        var reports: [JSONValue] = []
        var anyProblem = false
        for path in files {
            let tables: [CSVTable]
            do {
                tables = try TeacherFiles.read(contentsOf: URL(fileURLWithPath: path))
            } catch let error as IntakeError {
                throw ValidationError(error.text(language))
            }
            for table in tables {
                let columns: TeacherColumns
                do { columns = try TeacherColumns(header: table.header, file: table.label) } catch let error as TeacherColumns.MissingColumn {
                    throw ValidationError(error.text(language))
                }
                var problemRows = 0
                for row in table.rows {
                    let identity = normalizer.normalize(columns.identityCells(of: row.cells))
                    let recordID = columns.cell(.recordID, of: row.cells) ?? "row \(row.line)"
                    if !identity.problems.isEmpty { problemRows += 1 }
                    if json {
                        reports.append(report(identity, file: table.label, line: row.line, recordID: recordID))
                    } else if !identity.problems.isEmpty {
                        for problem in identity.problems {
                            print(Text.rowProblem(file: table.label, line: row.line, record: recordID, name: identity.name.key,
                                                  field: problem.field.rawValue, message: Text(problem.messageChinese, problem.message))(language))
                        }
                    }
                }
                anyProblem = anyProblem || problemRows > 0
                if !json {
                    print(Text.normalizeSummary(file: table.label, rows: table.rows.count, clean: table.rows.count - problemRows,
                                                problems: problemRows)(language))
                }
            }
        }
        if json { print(JSONValue.array(reports).serialized) }
        if anyProblem { throw ExitCode(1) }
    }

    private func report(_ identity: NormalizedIdentity, file: String, line: Int, recordID: String) -> JSONValue {
        let document = identity.document?.document
        return .object([
            ("file", .string(file)),
            ("row", .number(Double(line))),
            ("recordId", .string(recordID)),
            ("nameKey", .string(identity.name.key)),
            ("simplifiedKey", .string(identity.name.simplifiedKey)),
            ("pinyin", .string(identity.name.pinyin)),
            ("documentType", .optional(document?.kind.rawValue)),
            ("document", .optional(document.map { showFull ? $0.canonical : $0.masked })),
            ("birthDate", .optional(identity.effectiveBirthDate?.description)),
            ("gender", .optional(identity.effectiveGender?.rawValue)),
            ("problems", .array(identity.problems.map {
                .object([("field", .string($0.field.rawValue)), ("code", .string($0.code)),
                         ("message", .string($0.message)), ("messageChinese", .string($0.messageChinese))])
            })),
        ])
    }
}
