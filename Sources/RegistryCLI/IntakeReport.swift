import ArgumentParser
import Intake

/// What the directory and sub-set imports tell on the terminal, and their exit status, said once: each problem with
/// its rule, row and column; "nothing written" with what to do; exit 0 every row taken, 1 rows refused, 2 the file refused.
enum IntakeReport {
    static func json(_ problem: ValidationProblem, english: Bool) -> JSONValue {
        .object([("sheet", .optional(problem.sheet)), ("row", .number(Double(problem.row))), ("column", .string(problem.column)),
                 ("rule", .string(problem.rule.id)), ("message", .string(english ? problem.messageEnglish : problem.message))])
    }

    static func printProblems(_ problems: [ValidationProblem], file: String, english: Bool) {
        for problem in problems {
            let place = (problem.sheet.map { "\($0) " } ?? "") + (english ? "row \(problem.row), \(problem.column)" : "第\(problem.row)行 \(problem.column)")
            print("\(english ? "error" : "错误") \(problem.rule.id)  \(file) \(place)  \(english ? problem.messageEnglish : problem.message)")
        }
    }

    /// The end of the summary line when nothing was written.
    static func unwritten(written: Bool, refused: Int, partial: Bool, english: Bool) -> String {
        guard !written else { return "" }
        let hint = refused > 0 && !partial
        return english ? "; nothing written" + (hint ? " (fix the rows, or --partial)" : "")
                       : "；未写入任何数据" + (hint ? "（请改正上列各行，或加 --partial 只导入无误的行）" : "")
    }

    static func exit(written: Bool, problems: Int, refused: Int) throws {
        if !written && problems > 0 { throw ExitCode(2) }
        if refused > 0 { throw ExitCode(1) }
    }
}
