import ArgumentParser
import Foundation
import Intake
import Matching
import Normalization
import Registry

/// `import`: school files into the registry, each file all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate and import school files (CSV, .xlsx, county ZIP) into the registry, each file all or nothing.")

    @OptionGroup var options: RegistryOptions
    @Option(help: "Write problems.json and summary.json into this folder.")
    var report: String?
    @Flag(help: "Import the valid rows of a file with errors instead of rejecting the file.")
    var partial = false
    @Argument(help: "Files or ZIPs.")
    var files: [String]

    struct Tally {
        var files = 0, rows = 0, imported = 0, newNumbers = 0, attached = 0, review = 0, rejected = 0, unchanged = 0, outOfScope = 0
    }

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file") }
    }

    func run() throws {
        let database = try options.open()
        _ = try database.province()  // refuses an uninitialised registry early
        let validator = try TemplateValidator()
        let registrar = Registrar(database: database, normalizer: try IdentityNormalizer.standard())
        var tally = Tally()
        var problems: [ValidationProblem] = []
        var missing: [(school: String, number: String, name: String)] = []
        for path in files {
            let tables: [CSVTable]
            do { tables = try TeacherFiles.read(contentsOf: URL(fileURLWithPath: path)) } catch {
                FileHandle.standardError.print("\(error)")
                tally.files += 1
                continue
            }
            for table in tables {
                tally.files += 1
                tally.rows += table.rows.count
                var found = validator.validate(table)
                let name = SchoolFileName(table.file)
                if let name, let problem = name.codeProblem {
                    found.append(ValidationProblem(file: table.file, sheet: table.sheet, row: 1, column: "文件名",
                                                   rule: .fileName, message: problem, messageEnglish: problem))
                } else if let name, let problem = name.templateProblem ?? mixedTemplates(name, in: tables) {
                    found.append(ValidationProblem(file: table.file, sheet: table.sheet, row: 1, column: "文件名",
                                                   rule: .templateKind, message: problem, messageEnglish: problem))
                } else if name == nil, table.file.lowercased().hasSuffix(".xlsx") {
                    found.append(ValidationProblem(file: table.file, sheet: table.sheet, row: 1, column: "文件名", rule: .fileNameForm,
                                                   message: ValidationRule.fileNameForm.chinese, messageEnglish: ValidationRule.fileNameForm.english))
                }
                problems += found
                let errorRows = Set(found.filter { $0.rule.severity == .error }.map(\.row))
                let outOfScope = Set(found.filter { $0.rule == .outOfScope }.map(\.row))
                let fileLevelError = found.contains {
                    $0.rule.severity == .error && [.missingColumn, .fileName, .templateKind].contains($0.rule)
                }
                if fileLevelError || (!errorRows.isEmpty && !partial) {
                    tally.rejected += table.rows.count
                    progress("\(table.label): rejected, \(found.filter { $0.rule.severity == .error }.count) errors to fix")
                    continue
                }
                let rows = table.rows.filter { !errorRows.contains($0.line) && !outOfScope.contains($0.line) }
                tally.rejected += table.rows.count - rows.count - outOfScope.count
                tally.outOfScope += outOfScope.count
                let columns = try TeacherColumns(header: table.header, file: table.label)
                let cells = rows.map { columns.cells(of: $0.cells, fallbackID: "\(table.label)#\($0.line)") }
                let sources = zip(rows, cells).map { row, cell in
                    SourceRow(file: table.file, sheet: table.sheet, row: row.line, raw: cell.sourceJSON)
                }
                let school = name?.schoolCode
                let hash = Self.contentHash(table)
                let outcomes: [Registrar.Outcome]?
                do {
                    let meter = ProgressMeter(label: table.label, total: cells.count)
                    outcomes = try registrar.registerBatch(cells, sources: sources, actor: options.who,
                                                           batch: (table.label, hash, school), progress: meter.update)
                    meter.finish()
                } catch let error as RegistryError {
                    tally.rejected += rows.count
                    progress("\(table.label): rejected: \(error.message)")
                    continue
                }
                guard let outcomes else {
                    tally.unchanged += table.rows.count
                    progress("\(table.label): imported before with the same content, nothing changed")
                    continue
                }
                var present = Set<String>()
                for outcome in outcomes {
                    switch outcome {
                    case .registered(let number): tally.newNumbers += 1; tally.imported += 1; present.insert(number.text)
                    case .existing(let number, _): tally.attached += 1; tally.imported += 1; present.insert(number.text)
                    case .needsReview: tally.review += 1
                    }
                }
                if let school, !partial {
                    let gone = try database.read { try $0.missing(from: school, present: present) }
                    missing += gone.map { (school, $0.number, $0.name) }
                }
                progress("\(table.label): \(outcomes.count) rows imported or queued")
            }
        }
        for entry in missing {
            print("missing from \(entry.school)'s file: \(entry.number) \(entry.name) (left? transferred? nothing was deleted)")
        }
        let summary = """
            files \(tally.files), rows \(tally.rows), imported \(tally.imported) (new numbers \(tally.newNumbers), \
            attached \(tally.attached)), queued for review \(tally.review), rejected \(tally.rejected), \
            out of scope \(tally.outOfScope), unchanged \(tally.unchanged)
            """
        if let report {
            try FileManager.default.createDirectory(atPath: report, withIntermediateDirectories: true)
            let json = JSONValue.array(problems.map {
                .object([("file", .string($0.file)), ("sheet", .optional($0.sheet)), ("row", .number(Double($0.row))),
                         ("column", .string($0.column)), ("rule", .string($0.rule.id)), ("severity", .string($0.rule.severity.rawValue)),
                         ("message", .string($0.message))])
            })
            try json.serialized.write(toFile: report + "/problems.json", atomically: true, encoding: .utf8)
        }
        if options.json {
            print(JSONValue.object([
                ("files", .number(Double(tally.files))), ("rows", .number(Double(tally.rows))),
                ("imported", .number(Double(tally.imported))), ("newNumbers", .number(Double(tally.newNumbers))),
                ("attached", .number(Double(tally.attached))), ("queuedForReview", .number(Double(tally.review))),
                ("rejected", .number(Double(tally.rejected))), ("outOfScope", .number(Double(tally.outOfScope))),
                ("unchanged", .number(Double(tally.unchanged))), ("report", .optional(report.map { $0 + "/problems.json" })),
                ("missing", .array(missing.map { .object([("school", .string($0.school)), ("number", .string($0.number))]) })),
            ]).serialized)
        } else {
            print(summary + (report.map { "; problems in \($0)/problems.json" } ?? ""))
        }
        if tally.rejected > 0 { throw ExitCode(1) }
    }

    /// A batch (one ZIP) must not mix template kinds.
    private func mixedTemplates(_ name: SchoolFileName, in tables: [CSVTable]) -> String? {
        let kinds = Set(tables.compactMap { SchoolFileName($0.file)?.templateKind })
        return kinds.count > 1 ? "同一批次混用了\(kinds.sorted().joined(separator: "、"))模板" : nil
    }

    /// Plain progress lines on standard error (a log when not on a terminal).
    private func progress(_ line: String) { FileHandle.standardError.print(line) }

    /// A stable hash of the header and cells: the same content read again has the same hash.
    static func contentHash(_ table: CSVTable) -> String {
        var value = StableHash.of(table.header.joined(separator: "\u{1F}"))
        for row in table.rows { value = StableHash.combine(value, StableHash.of(row.cells.joined(separator: "\u{1F}"))) }
        return String(value, radix: 16)
    }
}

/// Import progress: a bar redrawn in place on a terminal, a plain line at
/// every tenth of the rows when standard error is a file or a pipe.
final class ProgressMeter {
    let label: String
    let total: Int
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastTenth = -1

    init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    func update(_ done: Int) {
        guard total > 0 else { return }
        if terminal {
            let width = 30, filled = done * width / total
            FileHandle.standardError.write(Data("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)".utf8))
        } else {
            let tenth = done * 10 / total
            if tenth > lastTenth {
                lastTenth = tenth
                FileHandle.standardError.print("\(label): \(done)/\(total) rows")
            }
        }
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
