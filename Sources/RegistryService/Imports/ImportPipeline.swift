import Foundation
import Intake
import Matching
import Normalization
import Registry

/// School files into the registry: read, validate, and register each table
/// all or nothing (or, with `partial`, its valid rows). The one import path
/// of the CLI and the server.
public struct ImportPipeline: Sendable {
    /// What happened to one table (a CSV, or one sheet of a workbook).
    public struct FileOutcome: Sendable, Codable {
        public enum State: String, Sendable, Codable { case imported, rejected, unchanged }
        public var file: String
        public var sheet: String?
        public var schoolCode: String?
        public var state: State
        public var rows = 0, validRows = 0, newNumbers = 0, attached = 0, queuedForReview = 0, outOfScope = 0
        /// Why the whole table was refused, when it was.
        public var reason: String?
        /// Teachers with an open assignment at the school who are not in its file (reported, never deleted).
        public var missing: [String] = []
    }

    public struct Result: Sendable {
        public var files: [FileOutcome] = []
        public var problems: [ValidationProblem] = []
        /// Valid rows of each table imported, by content hash, to link them to an upload.
        public var validRowsByHash: [String: Int] = [:]
        public var rejectedRows: Int { files.reduce(0) { $0 + ($1.state == .rejected ? $1.rows : $1.rows - $1.validRows - $1.outOfScope) } }
    }

    public let registrar: Registrar
    public let validator: TemplateValidator

    public init(registrar: Registrar, validator: TemplateValidator) {
        self.registrar = registrar
        self.validator = validator
    }

    /// Imports the entries of `batch` (a file read by `TeacherFiles.open`)
    /// one at a time: what is held in memory is one entry's tables, however
    /// many entries the batch has. An entry that cannot be read is refused
    /// with the reason; the others go on.
    /// `schoolAllowed` is asked for every school code a file names (with the
    /// import's group, through which it reads and writes); a file
    /// for a school the caller may not change is rejected as a whole.
    /// `county` names the county the files belong to when a school's own county is unknown.
    /// With `group`, the batch's files join it (several batches of one
    /// import share what the group has read of the store); otherwise the
    /// batch is a group of its own.
    public func run(_ batch: TeacherFileBatch, actor: Actor, partial: Bool = false, county: String? = nil,
                    in group: ChangeGroup? = nil,
                    schoolAllowed: (String, ChangeGroup) throws -> String? = { _, _ in nil },
                    progress: ((String, Int, Int) -> Void)? = nil) throws -> Result {
        guard let group else {
            let result = try registrar.database.group { group in
                try run(batch, actor: actor, partial: partial, county: county, in: group, schoolAllowed: schoolAllowed, progress: progress)
            }
            // A large batch leaves a large WAL: fold it into the database.
            if result.files.reduce(0, { $0 + $1.validRows }) >= 10_000 { try registrar.database.checkpoint() }
            return result
        }
        let entries = batch.entries
        var result = Result()
        let kinds = Set(entries.compactMap { SchoolFileName($0.label)?.templateKind })
        // The files share transactions, each file a savepoint (see ChangeGroup).
        for entry in entries {
            let tables: [CSVTable]
            do { tables = try entry.read() } catch let error as IntakeError {
                var outcome = FileOutcome(file: entry.label, state: .rejected)
                let reason = error.file == entry.label ? [error.location, error.reason].compactMap { $0 }.joined(separator: ": ")
                                                       : error.description
                outcome.reason = Masking.maskNumbers(in: reason, minimumLength: 14)
                result.files.append(outcome)
                continue
            }
            for table in tables {
                try run(table, kinds: kinds, actor: actor, partial: partial, county: county, schoolAllowed: schoolAllowed,
                        progress: progress, in: group, into: &result)
            }
        }
        return result
    }

    /// Validates and registers one table, adding its outcome and problems to `result`.
    private func run(_ table: CSVTable, kinds: Set<String>, actor: Actor, partial: Bool, county: String?,
                     schoolAllowed: (String, ChangeGroup) throws -> String?, progress: ((String, Int, Int) -> Void)?, in group: ChangeGroup,
                     into result: inout Result) throws {
        var outcome = FileOutcome(file: table.file, sheet: table.sheet, state: .rejected)
        outcome.rows = table.rows.count
        var found = validator.validate(table)
        found += fileNameProblems(table, kinds: kinds)
        let name = SchoolFileName(table.file)
        outcome.schoolCode = name?.schoolCode
        var schools = Set([name?.schoolCode].compactMap { $0 })
        // Every row's cells, on both cores: they name the schools to check, and the valid ones are registered.
        let columns = try? TeacherColumns(header: table.header, file: table.label)
        let allCells = columns.map { columns in
            parallelMap(table.rows.count) { columns.cells(of: table.rows[$0].cells, fallbackID: "\(table.label)#\(table.rows[$0].line)") }
        } ?? []
        for cells in allCells {
            if let code = cells.schoolCode, !code.isBlank { schools.insert(code) }
        }
        if let refusal = try schools.sorted().lazy.compactMap({ try schoolAllowed($0, group) }).first {
            found.append(ValidationProblem(file: table.file, sheet: table.sheet, row: 1, column: "学校标识码", rule: .fileName,
                                           message: refusal, messageEnglish: refusal))
        }
        result.problems += found
        let errorRows = Set(found.filter { $0.rule.severity == .error }.map(\.row))
        let outOfScope = Set(found.filter { $0.rule == .outOfScope }.map(\.row))
        let fileLevel = found.first { $0.rule.severity == .error && [.missingColumn, .fileName, .templateKind, .fileNameForm].contains($0.rule) }
        if let fileLevel {
            outcome.reason = fileLevel.message
            result.files.append(outcome)
            return
        }
        if !errorRows.isEmpty && !partial {
            outcome.reason = "\(found.filter { $0.rule.severity == .error }.count) 处错误需要修改后重新提交"
            outcome.validRows = table.rows.count - errorRows.count - outOfScope.count
            result.files.append(outcome)
            return
        }
        let valid = table.rows.indices.filter { !errorRows.contains(table.rows[$0].line) && !outOfScope.contains(table.rows[$0].line) }
        outcome.validRows = valid.count
        outcome.outOfScope = outOfScope.count
        // Validation refuses a file without the columns; should it not, the reason is the columns' own.
        _ = try columns ?? TeacherColumns(header: table.header, file: table.label)
        let cells = valid.map { allCells[$0] }
        let sources = parallelMap(valid.count) {
            SourceRow(file: table.file, sheet: table.sheet, row: table.rows[valid[$0]].line, raw: cells[$0].sourceJSON)
        }
        let hash = Self.contentHash(table)
        let outcomes: [Registrar.Outcome]?
        do {
            let schoolCounty = try name.flatMap { file in try group.read { try $0.school(file.schoolCode)?.countyCode } }
            let record = ImportBatchRecord(file: table.label, contentHash: hash, school: name?.schoolCode, county: schoolCounty ?? county,
                                           higherEducation: name?.templateKind == "高校", rows: table.rows.count)
            outcomes = try registrar.registerBatch(cells, sources: sources, actor: actor, batch: record, in: group,
                                                   progress: { progress?(table.label, $0, cells.count) })
        } catch let error as RegistryError {
            outcome.reason = error.message
            result.files.append(outcome)
            return
        }
        guard let outcomes else {
            outcome.state = .unchanged
            result.files.append(outcome)
            return
        }
        outcome.state = .imported
        result.validRowsByHash[hash] = outcome.validRows
        var present = Set<String>()
        for registered in outcomes {
            switch registered {
            case .registered(let number): outcome.newNumbers += 1; present.insert(number.text)
            case .existing(let number, _): outcome.attached += 1; present.insert(number.text)
            case .needsReview: outcome.queuedForReview += 1
            }
        }
        if let school = name?.schoolCode, !partial {
            outcome.missing = try group.read { try $0.missing(from: school, present: present) }.map(\.number)
        }
        result.files.append(outcome)
    }

    /// The file name's problems: form, school code, template kind, templates mixed in one batch.
    private func fileNameProblems(_ table: CSVTable, kinds: Set<String>) -> [ValidationProblem] {
        func problem(_ rule: ValidationRule, _ message: String, _ english: String) -> ValidationProblem {
            ValidationProblem(file: table.file, sheet: table.sheet, row: 1, column: "文件名", rule: rule, message: message, messageEnglish: english)
        }
        guard let name = SchoolFileName(table.file) else {
            return table.file.lowercased().hasSuffix(".xlsx")
                ? [problem(.fileNameForm, ValidationRule.fileNameForm.chinese, ValidationRule.fileNameForm.english)] : []
        }
        if let codeProblem = name.codeProblem { return [problem(.fileName, codeProblem, codeProblem)] }
        if let templateProblem = name.templateProblem { return [problem(.templateKind, templateProblem, templateProblem)] }
        if kinds.count > 1 {
            let message = "同一批次混用了\(kinds.sorted().joined(separator: "、"))模板"
            return [problem(.templateKind, message, "one batch mixes the templates \(kinds.sorted().joined(separator: ", "))")]
        }
        return []
    }

    /// A stable hash of the header and cells: the same content read again has the same hash.
    public static func contentHash(_ table: CSVTable) -> String {
        let rows = parallelMap(table.rows.count) { StableHash.of(table.rows[$0].cells.joined(separator: "\u{1F}")) }
        return String(rows.reduce(StableHash.of(table.header.joined(separator: "\u{1F}")), StableHash.combine), radix: 16)
    }
}
