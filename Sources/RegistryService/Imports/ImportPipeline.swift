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
        /// Rows naming a teacher registered outside the submitter's jurisdiction: held for a level covering both.
        public var heldElsewhere = 0
        /// Why the whole table was refused, when it was.
        public var reason: String?
        /// Refused as a whole for its form (unreadable, its name, a column missing), not for the errors of its rows
        /// (the importer's exit status; not stored).
        public var wholeFile = false

        enum CodingKeys: String, CodingKey {
            case file, sheet, schoolCode, state, rows, validRows, newNumbers, attached, queuedForReview, outOfScope, heldElsewhere, reason, missing
        }
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
    /// A table with this many valid rows or more is registered a part of
    /// this many rows at a time (still all or nothing, see `registerInParts`):
    /// what is held in memory of its rows is two parts' worth (the one
    /// registered and the next, prepared meanwhile), besides the table
    /// itself unless it is on disk, where one of more rows than this is read
    /// a part at a time (see `survey`).
    public var partRows = Self.defaultPartRows
    public static let defaultPartRows = TemplateValidator.defaultPartRows

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
    /// `mayAttach` limits the stored teachers rows may join: a row naming
    /// another is held for review, reported as such (see `Registrar.AttachCheck`).
    /// `county` names the county the files belong to when a school's own county is unknown.
    /// With `group`, the batch's files join it (several batches of one
    /// import share what the group has read of the store); otherwise the
    /// batch is a group of its own.
    /// `progress` is told (table, rows done, rows in all): rows registered,
    /// or, with 0 in all, rows checked in a large file's first reading.
    public func run(_ batch: TeacherFileBatch, actor: Actor, partial: Bool = false, county: String? = nil,
                    in group: ChangeGroup? = nil,
                    schoolAllowed: (String, ChangeGroup) throws -> String? = { _, _ in nil },
                    mayAttach: Registrar.AttachCheck? = nil,
                    progress: ((String, Int, Int) -> Void)? = nil) throws -> Result {
        guard let group else {
            let result = try registrar.database.group { group in
                try run(batch, actor: actor, partial: partial, county: county, in: group, schoolAllowed: schoolAllowed,
                        mayAttach: mayAttach, progress: progress)
            }
            // A large batch leaves a large WAL: fold it into the database.
            if result.files.reduce(0, { $0 + $1.validRows }) >= 10_000 { try registrar.database.checkpoint() }
            return result
        }
        let entries = batch.entries
        var result = Result()
        let kinds = Set(entries.compactMap { SchoolFileName($0.label)?.templateKind })
        // The files share transactions, each file a savepoint (see ChangeGroup). Each table is read,
        // checked and normalised, and its stored candidates start being fetched on the other core,
        // before the table ahead of it is registered; a large table is registered before the next is read.
        var waiting: PreparedTable?
        func registerWaiting(unlessSmall: Bool = false) throws {
            guard let table = waiting, !unlessSmall || table.rowCount >= group.aloneFrom else { return }
            waiting = nil
            try register(table, actor: actor, partial: partial, county: county, schoolAllowed: schoolAllowed,
                         mayAttach: mayAttach, progress: progress, in: group, into: &result)
        }
        for entry in entries {
            try registerWaiting(unlessSmall: true)
            var tables: [CSVTable] = []
            do {
                // A table on disk of more than a part's rows is read twice, a part at a time, never whole (see `survey`).
                if let streams = entry.streams {
                    for stream in streams {
                        let checking = "checking " + stream.label
                        switch try survey(stream, kinds: kinds, partial: partial, progress: { progress?(checking, $0, 0) }) {
                        case .small(let table): tables.append(table)
                        case .large(let prepared):
                            try registerWaiting()
                            try register(prepared, actor: actor, partial: partial, county: county, schoolAllowed: schoolAllowed,
                                         mayAttach: mayAttach, progress: progress, in: group, into: &result)
                        }
                    }
                } else {
                    tables = try entry.read()
                }
            } catch let error as IntakeError {
                try registerWaiting()
                var outcome = FileOutcome(file: entry.label, state: .rejected)
                outcome.wholeFile = true
                let reason = error.file == entry.label ? error.placeAndReason.chinese : error.description
                outcome.reason = Masking.maskNumbers(in: reason, minimumLength: 14)
                result.files.append(outcome)
                continue
            }
            for table in tables {
                try registerWaiting(unlessSmall: true)
                var next = prepare(table, kinds: kinds, partial: partial)
                if let rows = next.whole?.rows { next.whole?.prefetch = registrar.prefetchCandidates(rows, in: group) }
                try registerWaiting()
                waiting = next
            }
        }
        try registerWaiting()
        return result
    }

    /// A table read, checked and normalised: what registering it needs of no database.
    struct PreparedTable {
        let file: String
        let sheet: String?
        let header: [String]
        /// Its rows: held, or (a large CSV) on disk, to be read again a part at a time.
        let rows: TableRows
        let rowCount: Int
        var outcome: FileOutcome
        var found: [ValidationProblem]
        let name: SchoolFileName?
        /// The school codes the file and its rows name, in order.
        let schools: [String]
        let columns: TeacherColumns?
        let contentHash: String
        /// How many rows to register, when the file is not refused for its problems.
        var rowsToRegister: Int?
        /// Those rows prepared, unless there are `partRows` or more: they are prepared a part at a time.
        var whole: TablePart?

        var label: String { sheet.map { "\(file) › \($0)" } ?? file }
    }

    enum TableRows {
        case held(CSVTable)
        case streamed(any TableStream)
    }

    /// Rows of a table as registering them needs them, and their stored candidates when fetched ahead.
    struct TablePart {
        let cells: [TeacherCells]
        let sources: [SourceRow]
        let rows: Registrar.PreparedRows
        var prefetch: CandidatePrefetch?
    }

    private func prepare(_ table: CSVTable, kinds: Set<String>, partial: Bool) -> PreparedTable {
        var outcome = FileOutcome(file: table.file, sheet: table.sheet, state: .rejected)
        outcome.rows = table.rows.count
        var found = validator.validate(table)
        found += fileNameProblems(file: table.file, sheet: table.sheet, kinds: kinds)
        let name = SchoolFileName(table.file)
        outcome.schoolCode = name?.schoolCode
        var columns = try? TeacherColumns(header: table.header, file: table.label)
        columns?.defaultSchool = name?.schoolCode
        var schools = Set([name?.schoolCode].compactMap { $0 })
        if let columns { Self.addSchools(of: table, columns: columns, to: &schools) }
        var prepared = PreparedTable(file: table.file, sheet: table.sheet, header: table.header, rows: .held(table), rowCount: table.rows.count,
                                     outcome: outcome, found: found, name: name, schools: schools.sorted(), columns: columns,
                                     contentHash: Self.contentHash(table))
        if let columns, let valid = Self.validRows(table, Self.verdict(found, partial: partial)) {
            prepared.rowsToRegister = valid.count
            if valid.count < partRows { prepared.whole = preparePart(table, rows: valid[...], columns: columns) }
        }
        return prepared
    }

    static func addSchools(of table: CSVTable, columns: TeacherColumns, to schools: inout Set<String>) {
        for row in table.rows {
            if let code = columns.cell(.schoolCode, of: row.cells), !code.isBlank { schools.insert(code) }
        }
    }

    /// Rows of `table` (by index) prepared for registering: cells, sources, records and keys, on both cores.
    func preparePart(_ table: CSVTable, rows: ArraySlice<Int>, columns: TeacherColumns) -> TablePart {
        let indices = Array(rows)
        let cells = parallelMap(indices.count) { columns.cells(of: table.rows[indices[$0]].cells, fallbackID: "\(table.label)#\(table.rows[indices[$0]].line)") }
        let sources = parallelMap(indices.count) {
            SourceRow(file: table.file, sheet: table.sheet, row: table.rows[indices[$0]].line, raw: cells[$0].sourceJSON)
        }
        return TablePart(cells: cells, sources: sources, rows: registrar.prepare(cells))
    }

    /// What a table's problems decide: why it is refused as a whole, if it
    /// is, and whether for its name or columns (`fileLevel`) rather than its
    /// rows' errors; the rows (by line) with errors and out of scope, which are never registered.
    struct Verdict {
        var refusal: String?
        var fileLevel = false
        var errorRows: Set<Int>
        var outOfScope: Set<Int>
        func registers(line: Int) -> Bool { !errorRows.contains(line) && !outOfScope.contains(line) }
    }

    static func verdict(_ found: [ValidationProblem], partial: Bool) -> Verdict {
        var verdict = Verdict(errorRows: Set(found.filter { $0.rule.severity == .error }.map(\.row)),
                              outOfScope: Set(found.filter { $0.rule == .outOfScope }.map(\.row)))
        if let fileLevel = found.first(where: \.isFileLevel) {
            verdict.refusal = fileLevel.message
            verdict.fileLevel = true
        } else if !verdict.errorRows.isEmpty && !partial {
            verdict.refusal = "\(found.filter { $0.rule.severity == .error }.count) 处错误需要修改后重新提交"
        }
        return verdict
    }

    /// The rows of `table` to register (by index), nil when it is refused as a whole.
    private static func validRows(_ table: CSVTable, _ verdict: Verdict) -> [Int]? {
        verdict.refusal == nil ? table.rows.indices.filter { verdict.registers(line: table.rows[$0].line) } : nil
    }

    /// Registers one prepared table, adding its outcome and problems to `result`.
    private func register(_ prepared: PreparedTable, actor: Actor, partial: Bool, county: String?,
                          schoolAllowed: (String, ChangeGroup) throws -> String?, mayAttach: Registrar.AttachCheck?,
                          progress: ((String, Int, Int) -> Void)?,
                          in group: ChangeGroup, into result: inout Result) throws {
        let name = prepared.name, label = prepared.label
        var outcome = prepared.outcome
        var found = prepared.found
        if let refusal = try prepared.schools.lazy.compactMap({ try schoolAllowed($0, group) }).first {
            found.append(ValidationProblem(file: prepared.file, sheet: prepared.sheet, row: 1, column: "学校标识码", rule: .fileName,
                                           message: refusal, messageEnglish: refusal))
        }
        result.problems += found
        let verdict = Self.verdict(found, partial: partial)
        var refusal = verdict.refusal
        outcome.wholeFile = verdict.fileLevel
        if refusal == nil, prepared.columns == nil {
            // Validation refuses a file without the columns; should it not, the reason is the columns' own.
            do { _ = try TeacherColumns(header: prepared.header, file: label) } catch { refusal = "\(error)"; outcome.wholeFile = true }
        }
        guard refusal == nil, let valid = prepared.rowsToRegister, let columns = prepared.columns else {
            outcome.reason = refusal
            // Refused for its errors (not for its name or columns), it says how many rows were good.
            if !verdict.fileLevel {
                outcome.validRows = prepared.rowCount - verdict.errorRows.count - verdict.outOfScope.count
            }
            result.files.append(outcome)
            return
        }
        outcome.validRows = valid
        outcome.outOfScope = verdict.outOfScope.count
        let hash = prepared.contentHash
        // The teachers the rows name, to report those of the school who are missing (a school's file only).
        var present: Set<String>? = name != nil && !partial ? [] : nil
        // Rows of a school's file that joined a teacher already registered, by number: one at another school is told.
        var attachedRows: [String: Int] = [:]
        func tally(_ outcomes: [Registrar.Outcome], _ sources: [SourceRow]) {
            for (registered, source) in zip(outcomes, sources) {
                switch registered {
                case .registered(let number): outcome.newNumbers += 1; present?.insert(number.text)
                case .existing(let number, _):
                    outcome.attached += 1
                    present?.insert(number.text)
                    if name != nil { attachedRows[number.text] = source.row }
                case .needsReview: outcome.queuedForReview += 1
                case .heldElsewhere:
                    outcome.heldElsewhere += 1
                    result.problems.append(ValidationProblem(file: prepared.file, sheet: prepared.sheet, row: source.row, column: "身份证件号",
                                                             rule: .registeredElsewhere, message: ValidationRule.registeredElsewhere.chinese,
                                                             messageEnglish: ValidationRule.registeredElsewhere.english))
                }
            }
        }
        let imported: Bool
        do {
            let schoolCounty = try name.flatMap { file in try group.read { try $0.school(file.schoolCode)?.countyCode } }
            let record = ImportBatchRecord(file: label, contentHash: hash, school: name?.schoolCode, county: schoolCounty ?? county,
                                           higherEducation: name?.templateKind == "高校", rows: prepared.rowCount)
            let progress: (Int) -> Void = { done in progress?(label, done, valid) }
            if let whole = prepared.whole {
                let outcomes = try registrar.registerBatch(whole.cells, sources: whole.sources, actor: actor, batch: record, in: group,
                                                           prepared: whole.rows, prefetch: whole.prefetch, mayAttach: mayAttach,
                                                           progress: progress)
                if let outcomes { tally(outcomes, whole.sources) }
                imported = outcomes != nil
            } else {
                imported = try registerInParts(prepared, verdict: verdict, columns: columns, batch: record, actor: actor, in: group,
                                               mayAttach: mayAttach, progress: progress, tally: tally)
            }
        } catch let error as RegistryError {
            outcome.reason = error.text.chinese
            result.files.append(outcome)
            return
        } catch let error as IntakeError {
            // Read again to be registered, a large file failed (or changed): nothing of it is stored.
            outcome.reason = Masking.maskNumbers(in: error.placeAndReason.chinese, minimumLength: 14)
            outcome.wholeFile = true
            result.files.append(outcome)
            return
        }
        guard imported else {
            outcome.state = .unchanged
            result.files.append(outcome)
            return
        }
        outcome.state = .imported
        result.validRowsByHash[hash] = outcome.validRows
        // A school the directory has not named takes the name its file carries (学校标识码_学校名称_模板名称).
        if let name, !name.schoolName.isEmpty, SchoolDirectory.textProblem(name.schoolName, maximum: SchoolDescription.maximumName) == nil,
           try group.read({ try $0.school(name.schoolCode)?.name }) == nil {
            try group.change(actor, reason: "school named by its file \(prepared.file)") {
                _ = try $0.describeSchool(SchoolDescription(code: name.schoolCode, name: name.schoolName))
            }
        }
        if let school = name?.schoolCode, let present {
            outcome.missing = try group.read { try $0.missing(from: school, present: present) }.map(\.number)
        }
        // No silent move: a teacher of this school's file who works at another school stays there until a transfer.
        if let school = name?.schoolCode, !attachedRows.isEmpty {
            let elsewhere = try group.read { try $0.openRegularSchools(numbers: Array(attachedRows.keys)) }.filter { $0.value != school }
            let names = try group.read { try $0.schoolNames(elsewhere.values) }
            for (number, other) in elsewhere.sorted(by: { (attachedRows[$0.key] ?? 0) < (attachedRows[$1.key] ?? 0) }) {
                // Said by the school's name (messages mask long digit runs, codes and numbers alike).
                let place = names[other] ?? "另一所学校"
                result.problems.append(ValidationProblem(
                    file: prepared.file, sheet: prepared.sheet, row: attachedRows[number] ?? 0, column: "身份证件号", rule: .registeredElsewhere,
                    message: "该教师在\(place)任职；本行已并入其档案，任职未改变。如已调入本校，请办理调动",
                    messageEnglish: "the teacher works at \(names[other] ?? "another school"); the row joined the record, the assignment is unchanged: request a transfer if they moved"))
            }
        }
        result.files.append(outcome)
    }

    /// The file name's problems: form, school code, template kind, templates mixed in one batch.
    func fileNameProblems(file: String, sheet: String?, kinds: Set<String>) -> [ValidationProblem] {
        func problem(_ rule: ValidationRule, _ message: String, _ english: String) -> ValidationProblem {
            ValidationProblem(file: file, sheet: sheet, row: 1, column: "文件名", rule: rule, message: message, messageEnglish: english)
        }
        guard let name = SchoolFileName(file) else {
            return file.lowercased().hasSuffix(".xlsx")
                ? [problem(.fileNameForm, ValidationRule.fileNameForm.chinese, ValidationRule.fileNameForm.english)] : []
        }
        if let codeProblem = name.codeProblem { return [problem(.fileName, codeProblem, codeProblem)] }
        // A third part that names no template is a name not in the form (a warning, as for any other name); a
        // template that does not fit the school's type is an error.
        if name.templateKind == nil {
            return [problem(.fileNameForm, "文件名的第三部分“\(name.template)”不是模板名称（中小学、中职、特教、幼儿园或高校）",
                            "the file name's third part \(name.template) names no template (中小学, 中职, 特教, 幼儿园 or 高校)")]
        }
        if let templateProblem = name.templateProblem { return [problem(.templateKind, templateProblem, templateProblem)] }
        if kinds.count > 1 {
            let message = "同一批次混用了\(kinds.sorted().joined(separator: "、"))模板"
            return [problem(.templateKind, message, "one batch mixes the templates \(kinds.sorted().joined(separator: ", "))")]
        }
        return []
    }

    /// A stable hash of the header and cells: the same content read again has the same hash.
    public static func contentHash(_ table: CSVTable) -> String {
        String(hashing(table.rows, after: StableHash.of(table.header.joined(separator: "\u{1F}"))), radix: 16)
    }

    /// `hash` (of the header and the rows before) followed by `rows`: a table read in runs hashes as when read whole.
    static func hashing(_ rows: [CSVTable.Row], after hash: UInt64) -> UInt64 {
        parallelMap(rows.count) { StableHash.of(rows[$0].cells.joined(separator: "\u{1F}")) }.reduce(hash, StableHash.combine)
    }
}
