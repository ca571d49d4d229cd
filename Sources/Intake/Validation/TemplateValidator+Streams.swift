import Foundation

extension TemplateValidator {
    /// Rows of a table on disk read at a time, by `validate` and by the
    /// importer: a part's rows are what is held of a large file.
    public static let defaultPartRows = 50_000

    /// Checks one part of a table that is read a part at a time: the
    /// header's problems (TR-000) are reported with the first part only, so
    /// that a file in parts gives the problems it gives whole.
    public func validate(part: CSVTable, isFirst: Bool) -> [ValidationProblem] {
        var found = validate(part)
        if !isFirst { found.removeAll { $0.rule == .missingColumn } }
        return found
    }

    /// Checks a table on disk `rows` rows at a time, never holding it whole.
    /// `progress` is told how many rows have been checked so far.
    public func validate(_ stream: any TableStream, rows: Int = defaultPartRows, progress: (Int) -> Void = { _ in }) throws -> [ValidationProblem] {
        var problems: [ValidationProblem] = []
        var checked = 0, parts = 0
        try stream.read(rows: max(1, rows)) { part in
            problems += validate(part: part, isFirst: parts == 0)
            parts += 1
            checked += part.rows.count
            progress(checked)
        }
        return problems
    }
}
