import ArgumentParser
import Intake
import Normalization

/// What the intake commands (teacher files, the school directory, sub-sets) tell on the terminal, and their exit
/// status, said once. Exit status: 0 what was asked was written (with --partial, the rows without errors; the refused
/// ones are listed and counted); 1 rows were refused, so their file was not written (without --partial); 2 a file was
/// refused as a whole (unreadable, not a template, a required column missing).
enum IntakeReport {
    static func json(_ problem: ValidationProblem, language: Language) -> JSONValue {
        .object([("sheet", .optional(problem.sheet)), ("row", .number(Double(problem.row))), ("column", .string(problem.column)),
                 ("rule", .string(problem.rule.id)), ("message", .string(problem.text(language)))])
    }

    static func printProblems(_ problems: [ValidationProblem], file: String, language: Language) {
        for problem in problems {
            let place = Text.place(file: file, sheet: problem.sheet, row: problem.row, column: problem.column)
            print(Text.problemLine(severityError: problem.rule.severity == .error, rule: problem.rule.id, place: place, message: problem.text)(language))
        }
    }

    /// The end of the summary line when nothing was written.
    static func unwritten(written: Bool, refused: Int, partial: Bool, language: Language) -> String {
        guard !written else { return "" }
        return Text.nothingWritten(hint: refused > 0 && !partial)(language)
    }

    /// The exit status of one file's import.
    static func exit(written: Bool, problems: [ValidationProblem], refused: Int) throws {
        if problems.contains(where: \.isFileLevel) { throw ExitCode(2) }
        if !written && refused > 0 { throw ExitCode(1) }
    }
}
