import ArgumentParser
import Foundation
import Intake
import Matching
import Normalization
import Registry
import RegistryService

/// `import`: school files into the registry, each file all or nothing.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate and import school files (CSV, .xlsx, county ZIP) into the registry, each file all or nothing.",
        discussion: """
            Exit status: 0 every file was written (with --partial, the rows without errors; the refused rows are listed \
            and counted); 1 rows were refused, so their file was not written (without --partial); 2 a file was refused \
            as a whole (unreadable, not a template, a required column missing).
            """)

    @OptionGroup var options: RegistryOptions
    @OptionGroup var acting: ActorOptions
    @Option(help: "Write problems.json and summary.json into this folder.")
    var report: String?
    @Flag(help: "Import the valid rows of a file with errors instead of rejecting the file.")
    var partial = false
    @Option(help: "Create the registry for this province (2 digits) when the database is new.")
    var create: Int?
    @Option(help: "Read a file of more rows than this (and register one of this many valid rows or more) this many at a time, still all or nothing (fewer: less memory; default \(ImportPipeline.defaultPartRows)).")
    var partRows: Int?
    @Option(help: "Afterwards, audit the province (duplicates and the submission gate) and write the HTML report here.")
    var audit: String?
    @Argument(help: "Files or ZIPs.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError(Text.giveAFile(options.language)) }
        if let partRows, partRows < 1 { throw ValidationError(Text.atLeastOne("--part-rows")(options.language)) }
    }

    func run() throws {
        if let create {
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: options.db).deletingLastPathComponent(), withIntermediateDirectories: true)
            let database = try options.open(creating: true)
            if (try? database.province()) == nil { try database.initialise(province: create) }
        }
        let database = try options.open()
        let province = try database.province()  // refuses an uninitialised registry early
        let registrar = Registrar(database: database, normalizer: try IdentityNormalizer.standard())
        var pipeline = ImportPipeline(registrar: registrar, validator: try TemplateValidator())
        if let partRows { pipeline.partRows = partRows }
        var outcomes: [ImportPipeline.FileOutcome] = []
        var problems: [ValidationProblem] = []
        let language = options.language
        var unreadable = 0
        // The files of every path share one group: the counties of a province share candidates.
        try database.group { group in
            for path in files {
                // A ZIP's workbooks are read and imported one at a time.
                let batch: TeacherFileBatch
                do { batch = try TeacherFiles.open(URL(fileURLWithPath: path)) } catch let error as IntakeError {
                    options.note(error.text)
                    unreadable += 1
                    continue
                }
                var meter: ProgressMeter?
                let result = try pipeline.run(batch, actor: acting.who, partial: partial, in: group, progress: { label, done, total in
                    if meter?.label != label {
                        meter?.finish()
                        meter = ProgressMeter(label: label, total: total, language: language)
                    }
                    meter?.update(done)
                })
                meter?.finish()
                for file in result.files { options.note(Self.describe(file)) }
                outcomes += result.files
                problems += result.problems
                try group.change(acting.who, reason: "import from the command line") { change in
                    let id = try change.recordUpload(file: (path as NSString).lastPathComponent, jurisdiction: String(province),
                                                     region: String(province), summary: try Self.json(result.files),
                                                     problems: try Self.json(result.problems.map(ProblemView.init)), errorWorkbook: nil)
                    try change.linkImports(toUpload: id, validRows: result.validRowsByHash)
                }
            }
        }
        // A large import leaves a large WAL: fold it into the database.
        if outcomes.reduce(0, { $0 + $1.validRows }) >= 10_000 { try database.checkpoint() }
        func total(_ value: (ImportPipeline.FileOutcome) -> Int) -> Int { outcomes.reduce(0) { $0 + value($1) } }
        let rows = total(\.rows)
        let newNumbers = total { $0.state == .imported ? $0.newNumbers : 0 }, attached = total { $0.state == .imported ? $0.attached : 0 }
        let review = total { $0.state == .imported ? $0.queuedForReview : 0 }
        let rejected = total {
            switch $0.state {
            case .rejected: $0.rows
            case .imported: $0.rows - $0.validRows - $0.outOfScope
            case .unchanged: 0
            }
        }
        let unchanged = total { $0.state == .unchanged ? $0.rows : 0 }
        let outOfScope = total { $0.state == .imported ? $0.outOfScope : 0 }
        let missing: [(school: String, number: String)] = outcomes.flatMap { file in
            file.missing.map { (school: file.schoolCode ?? "", number: $0) }
        }
        for entry in missing { options.say(.missingFromFile(school: entry.school, number: entry.number)) }
        if let report {
            try FileManager.default.createDirectory(atPath: report, withIntermediateDirectories: true)
            try Self.json(problems.map(ProblemView.init)).write(toFile: report + "/problems.json", atomically: true, encoding: .utf8)
        }
        if options.json {
            print(JSONValue.object([
                ("files", .number(Double(outcomes.count + unreadable))), ("rows", .number(Double(rows))),
                ("imported", .number(Double(newNumbers + attached))), ("newNumbers", .number(Double(newNumbers))),
                ("attached", .number(Double(attached))), ("queuedForReview", .number(Double(review))),
                ("rejected", .number(Double(rejected))), ("outOfScope", .number(Double(outOfScope))),
                ("unchanged", .number(Double(unchanged))), ("report", .optional(report.map { $0 + "/problems.json" })),
                ("missing", .array(missing.map { .object([("school", .string($0.school)), ("number", .string($0.number))]) })),
            ]).serialized)
        } else {
            print(Text.importSummary(files: outcomes.count + unreadable, rows: rows, imported: newNumbers + attached, newNumbers: newNumbers,
                                     attached: attached, review: review, refused: rejected, outOfScope: outOfScope, unchanged: unchanged)(language)
                  + (report.map { Text.problemsIn("\($0)/problems.json")(language) } ?? ""))
            if rejected > 0, report == nil { options.note(.refusedRowsHint(rejected)) }
        }
        if let audit { try Self.audit(database, province: province, actor: acting.actor, report: audit, options: options) }
        // A file refused as a whole: 2. Without --partial a row with errors refuses its file: 1. With it, such rows are
        // reported and the rest imported: 0.
        if unreadable > 0 || outcomes.contains(where: { $0.state == .rejected && $0.wholeFile }) { throw ExitCode(2) }
        if outcomes.contains(where: { $0.state == .rejected }) { throw ExitCode(1) }
    }

    /// The duplicate audit and the submission gate over the province, after an import.
    private static func audit(_ database: RegistryDatabase, province: Int, actor: String, report: String, options: RegistryOptions) throws {
        let service = try RegistryService(database: database)
        let principal = Principal(name: actor, role: .province, jurisdiction: String(province))
        do {
            let (view, html) = try service.audit(principal)
            let gate = try service.submissionGate(principal)
            try FileManager.default.createDirectory(at: URL(fileURLWithPath: report).deletingLastPathComponent(), withIntermediateDirectories: true)
            try html.write(toFile: report, atomically: true, encoding: .utf8)
            options.say(.auditSummary(province: province, teachers: view.teachers, certain: view.certain, possible: view.possible,
                                      review: view.openReviewItems, report: report))
            if gate.blocking {
                options.say(.beforeSubmission(gate.counts.sorted { $0.key < $1.key }.map { (code: $0.key, count: $0.value) }))
            } else {
                options.say(.nothingBlocks)
            }
        } catch let error as ServiceError {
            options.note(.auditFailed(error.text))
            throw ExitCode(1)
        }
    }

    private static func describe(_ file: ImportPipeline.FileOutcome) -> Text {
        let label = file.sheet.map { "\(file.file) › \($0)" } ?? file.file
        switch file.state {
        case .imported:
            return .importedFile(label, newNumbers: file.newNumbers, attached: file.attached, review: file.queuedForReview,
                                 refused: file.rows - file.validRows - file.outOfScope, outOfScope: file.outOfScope)
        case .unchanged: return .unchangedFile(label)
        case .rejected: return .refusedFile(label, reason: file.reason ?? "")
        }
    }

    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// Import progress: a bar redrawn in place on a terminal, a plain line at
/// every tenth of the rows when standard error is a file or a pipe. With no
/// total known (a large file's first reading), a count of the rows: redrawn
/// on a terminal, a line every `step` rows otherwise.
final class ProgressMeter {
    let label: String
    let total: Int
    let language: Language
    private let terminal = isatty(STDERR_FILENO) == 1
    private var lastStep = -1
    static let step = 100_000

    init(label: String, total: Int, language: Language) {
        self.label = label
        self.total = total
        self.language = language
    }

    func update(_ done: Int) {
        if total <= 0 {
            if terminal {
                FileHandle.standardError.write(Data(("\r" + Text.rowsSoFar(label, done: done)(language)).utf8))
            } else if done / Self.step > lastStep {
                lastStep = done / Self.step
                FileHandle.standardError.print(Text.rowsSoFar(label, done: done)(language))
            }
        } else if terminal {
            let width = 30, filled = min(width, done * width / total)
            FileHandle.standardError.write(Data("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)".utf8))
        } else {
            let tenth = done * 10 / total
            if tenth > lastStep {
                lastStep = tenth
                FileHandle.standardError.print(Text.rowsOf(label, done: done, total: total)(language))
            }
        }
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
