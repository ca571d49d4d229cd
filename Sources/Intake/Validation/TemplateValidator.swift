import Foundation
import Normalization

/// Checks each row of a template table against the code tables and the
/// cross-field rules of `ValidationRule`, and says what to fix, where.
public struct TemplateValidator: Sendable {
    /// Template columns the rules read, by the header's text (`*` and spaces ignored).
    enum Field: String, CaseIterable {
        case name, gender, nationality, documentType, documentNumber, birthDate, ethnicity, political, marital, health
        case firstWork, joinSchool, onEstablishment, employmentForm, staffStatus, education, certificateType, subject
        case certificateDate, issuer

        var headers: [String] {
            switch self {
            case .name: ["姓名", "name"]
            case .gender: ["性别", "gender"]
            case .nationality: ["国籍/地区", "国籍", "国籍地区"]
            case .documentType: ["身份证件类型", "id_type"]
            case .documentNumber: ["身份证件号", "身份证件号码", "身份证号", "身份证号码", "id_number"]
            case .birthDate: ["出生日期", "birth_date"]
            case .ethnicity: ["民族", "ethnicity"]
            case .political: ["政治面貌"]
            case .marital: ["婚姻状况"]
            case .health: ["健康状况"]
            case .firstWork: ["参加工作年月", "hire_date"]
            case .joinSchool: ["进本校年月", "进本园年月"]
            case .onEstablishment: ["是否在编"]
            case .employmentForm: ["用人形式"]
            case .staffStatus: ["人员状态"]
            case .education: ["学历", "最高学历"]
            case .certificateType: ["教师资格", "教师资格证种类", "教师资格种类"]
            case .subject: ["任教学科"]
            case .certificateDate: ["证书颁发日期"]
            case .issuer: ["颁发机构"]
            }
        }

        /// The code table a field's cells must come from.
        var table: String? {
            switch self {
            case .gender: "gender"
            case .ethnicity: "ethnicity"
            case .political: "political-status"
            case .marital: "marital-status"
            case .health: "health"
            case .staffStatus: "staff-status"
            case .education: "education"
            case .onEstablishment: "yes-no"
            default: nil
            }
        }
    }

    /// Required in every file, template or not: without them a row cannot be told from another person.
    static let identity: [Field] = [.name, .gender, .birthDate, .documentType, .documentNumber]

    /// The longest cell a field takes, in characters (free text beyond it is refused, TR-022).
    static func maximumLength(_ header: String) -> Int {
        if let field = TeacherField.field(header: header), case .text(let maximum) = field.kind { return maximum }
        return switch header {
        case "姓名", "name", "曾用名", "former_name": 50
        case "身份证件号", "身份证件号码", "身份证号", "身份证号码", "id_number", "联系电话", "手机号码", "电话", "phone": 30
        default: 100
        }
    }

    /// Fields of `TeacherField` whose cells the rules below read and check themselves.
    static let checkedElsewhere: Set<String> = ["political_status", "marital_status", "health", "status", "education", "on_establishment",
                                                "first_work", "join_school", "special_start"]

    /// Columns whose cells may start with `+` (a phone number's country code).
    static let plusAllowed: Set<String> = ["联系电话", "手机号码", "电话", "phone"]

    /// Required in every K-12 template (domain §2.2), when the file is a template.
    static let required: [Field] = [.name, .gender, .nationality, .documentType, .documentNumber, .birthDate, .firstWork,
                                    .joinSchool, .onEstablishment, .staffStatus]

    let documents: DocumentValidator
    let names: NameNormalizer
    let documentTypes: [TemplateDocumentType]
    let tables: [String: CodeTable]
    let nationalities: CodeTable
    let today: CivilDate

    public init(regions: RegionTable? = nil, today: CivilDate = .todayInChina()) throws {
        documents = DocumentValidator(regions: regions, today: today)
        names = try .shared()
        documentTypes = try TemplateDocumentType.all()
        var tables: [String: CodeTable] = [:]
        for name in Set(Field.allCases.compactMap(\.table)) { tables[name] = try CodeTable(name: name) }
        self.tables = tables
        nationalities = try CodeTable(name: "nationality")
        self.today = today
    }

    public func validate(_ table: CSVTable) -> [ValidationProblem] {
        let cleaned = table.header.map { $0.replacingOccurrences(of: "*", with: "").filter { !$0.isWhitespace }.lowercased() }
        var position: [Field: Int] = [:]
        for field in Field.allCases {
            if let index = cleaned.firstIndex(where: field.headers.contains) { position[field] = index }
        }
        let headerRow = table.headerRow
        var problems: [ValidationProblem] = []
        func report(_ rule: ValidationRule, row: Int, column: String, _ chinese: String, _ english: String) {
            problems.append(ValidationProblem(file: table.file, sheet: table.sheet, row: row, column: column, rule: rule,
                                              message: chinese, messageEnglish: english))
        }
        // A national template (several of its columns) must have all required ones, its own included.
        let isTemplate = cleaned.contains("姓名") && position.count >= 6
        let template = isTemplate ? TemplateColumns.of(file: table.file) : nil
        func missing(_ header: String) {
            report(.missingColumn, row: headerRow, column: header, "缺少必填列“\(header)”", "the required column \(header) is missing")
        }
        if isTemplate {
            for field in Self.required where position[field] == nil && field != .joinSchool { missing(field.headers[0]) }
        } else {
            for field in Self.identity where position[field] == nil { missing(field.headers[0]) }
        }
        let templateHeaders = table.header.map(TemplateColumns.cleaned)
        var extra = TemplateChecks()
        // A row's school is the file's: a 学校标识码 cell naming another school contradicts the file name.
        extra.fileSchool = SchoolFileName(table.file)?.schoolCode
        extra.schoolColumn = cleaned.firstIndex(where: TeacherColumns.Field.schoolCode.headers.contains)
        var seen = Set<String>()
        for (index, text) in table.header.enumerated() {
            if let field = TeacherField.field(header: text), seen.insert(field.key).inserted { extra.fields.append((field, index)) }
        }
        if let template {
            if !templateHeaders.contains(TemplateColumns.cleaned(template.joinHeader)) { missing(template.joinHeader) }
            for column in template.extra {
                if let index = templateHeaders.firstIndex(of: TemplateColumns.cleaned(column.header)) {
                    extra.columns.append((column, index))
                } else {
                    missing(column.header)
                }
            }
            if template.healthRequired, position[.health] == nil { missing("健康状况") }
            extra.healthRequired = template.healthRequired
            if template.specialEducationStart {
                extra.specialEducationStart = templateHeaders.firstIndex(of: "从事特教起始年月")
                if extra.specialEducationStart == nil { missing("从事特教起始年月") }
            }
        } else if isTemplate, position[.joinSchool] == nil {
            missing(Field.joinSchool.headers[0])
        }
        // Rows are independent: a large table is checked in chunks on every core, its problems kept in row order.
        let chunks = stride(from: 0, to: table.rows.count, by: rowsPerChunk).map { $0..<min($0 + rowsPerChunk, table.rows.count) }
        let found = ChunkResults(count: chunks.count)
        let (positions, checks) = (position, extra)
        DispatchQueue.concurrentPerform(iterations: chunks.count) { chunk in
            var problems: [ValidationProblem] = []
            for row in table.rows[chunks[chunk]] {
                validate(row, position: positions, header: table.header, isTemplate: isTemplate, extra: checks) { rule, row, column, chinese, english in
                    problems.append(ValidationProblem(file: table.file, sheet: table.sheet, row: row, column: column, rule: rule,
                                                      message: chinese, messageEnglish: english))
                }
            }
            found.set(chunk, problems)
        }
        return problems + found.joined
    }

    /// Rows checked together on one core.
    public var rowsPerChunk = 8_192

    /// One problem list per chunk, each written by one thread, read after all are done.
    private final class ChunkResults: @unchecked Sendable {
        private var lists: [[ValidationProblem]]
        private let lock = NSLock()

        init(count: Int) { lists = Array(repeating: [], count: count) }

        func set(_ index: Int, _ problems: [ValidationProblem]) {
            lock.lock()
            lists[index] = problems
            lock.unlock()
        }

        var joined: [ValidationProblem] { lists.flatMap { $0 } }
    }

    /// The checks a file's own template adds (`TemplateColumns`), with the columns' positions.
    struct TemplateChecks {
        var columns: [(column: TemplateColumns.Column, index: Int)] = []
        var fileSchool: String?
        var schoolColumn: Int?
        /// The columns of the field table the header has.
        var fields: [(field: TeacherField, index: Int)] = []
        var healthRequired = false
        var specialEducationStart: Int?
    }

    private func validate(_ row: CSVTable.Row, position: [Field: Int], header: [String], isTemplate: Bool, extra: TemplateChecks,
                          report: (ValidationRule, Int, String, String, String) -> Void) {
        func cell(_ field: Field) -> String? {
            guard let index = position[field], index < row.cells.count else { return nil }
            let text = row.cells[index].trimmingWhitespace()
            return text.isEmpty ? nil : text
        }
        func column(_ field: Field) -> String { position[field].map { header[$0] } ?? field.headers[0] }
        func problem(_ rule: ValidationRule, _ field: Field, _ chinese: String, _ english: String) {
            report(rule, row.line, column(field), chinese, english)
        }

        // Every cell: not longer than its field, and nothing a spreadsheet would run as a formula.
        for (index, raw) in row.cells.enumerated() where !raw.isEmpty {
            let name = index < header.count ? header[index] : "第\(index + 1)列"
            let key = TemplateColumns.cleaned(name)
            if raw.count > Self.maximumLength(key) {
                report(.tooLong, row.line, name, "“\(name)”超过\(Self.maximumLength(key))个字符", "\(name) is longer than \(Self.maximumLength(key)) characters")
            }
            if let first = raw.trimmingWhitespace().unicodeScalars.first, "=+-@".unicodeScalars.contains(first),
               !(first == "+" && Self.plusAllowed.contains(key)) {
                report(.formulaStart, row.line, name, "“\(name)”以“\(first)”开头，不能作为公式导入", "\(name) starts with \(first)")
            }
        }
        if isTemplate {
            for field in Self.required where position[field] != nil && cell(field) == nil {
                // 民族 and 政治面貌 are conditional (TR-012); 出生日期 may come from the ID.
                problem(.required, field, "“\(column(field))”为必填项", "\(column(field)) is required")
            }
        }
        func text(at index: Int) -> String? {
            guard index < row.cells.count else { return nil }
            let text = row.cells[index].trimmingWhitespace()
            return text.isEmpty ? nil : text
        }
        for (_, index) in extra.columns {
            // Required here; their values are checked with every other field below.
            if text(at: index) == nil {
                report(.required, row.line, header[index], "“\(header[index])”为必填项", "\(header[index]) is required")
            }
        }
        if let school = extra.fileSchool, let index = extra.schoolColumn, let text = text(at: index), text != school {
            // No codes in the message: messages are masked for logs, and the cell itself is marked in the workbook.
            report(.schoolConflict, row.line, header[index], ValidationRule.schoolConflict.chinese, ValidationRule.schoolConflict.english)
        }
        // Every other column of the field table: a value of its type (codes from their tables, months, days).
        for (field, index) in extra.fields where !Self.checkedElsewhere.contains(field.key) {
            guard let text = text(at: index), case .failure(let why)? = field.parse(text) else { continue }
            switch why {
            case .notInTable:
                report(.code, row.line, header[index], "“\(text)”不在\(header[index])代码表中", "\"\(text)\" is not a code of \(header[index])")
            case .notADate(let chinese, let english):
                report(.date, row.line, header[index], "\(header[index]):\(chinese)", english)
            case .tooLong:
                break  // reported for every cell above
            }
        }
        if extra.healthRequired, position[.health] != nil, cell(.health) == nil {
            problem(.required, .health, "“\(column(.health))”为必填项", "\(column(.health)) is required")
        }
        var codes: [Field: String] = [:]
        for field in Field.allCases {
            guard let tableName = field.table, let text = cell(field) else { continue }
            if let code = tables[tableName]?.code(of: text) { codes[field] = code } else {
                problem(.code, field, "“\(text)”不在\(column(field))代码表中", "\"\(text)\" is not a code of \(column(field))")
            }
        }
        if let text = cell(.name) {
            let keys = names.keys(for: text)
            if keys.flags.contains(.privateUse) {
                problem(.nameCharacters, .name, "姓名“\(text)”含无法映射的自造字,请人工核对", "the name has an unmapped private-use character")
            }
        }
        // Document, birth date and sex, and how they agree.
        var declared: TemplateDocumentType?
        if let text = cell(.documentType) {
            declared = TemplateDocumentType.parse(text, from: documentTypes)
            if declared == nil { problem(.documentType, .documentType, "证件类型“\(text)”不在代码表中", "\"\(text)\" is not a document type") }
        }
        var document: IdentityDocument?
        if let text = cell(.documentNumber) {
            let check = documents.check(text, declared: declared)
            if let error = check.error {
                problem(.document, .documentNumber, "证件号码\(Masking.maskNumbers(in: text))有误:\(error.detailChinese)",
                        "document number \(Masking.maskNumbers(in: text)): \(error.detail)")
            }
            if check.warnings.contains(.unknownRegionCode) {
                problem(.unknownRegion, .documentNumber, "身份证号的县级区划代码不在区划表中", "the ID's county code is not in the region table")
            }
            document = check.document
        }
        var birth: PartialDate?
        if let text = cell(.birthDate) {
            switch DateParser.parse(text) {
            case .success(let date):
                birth = date
                if let document, case .disagrees(let says) = document.crossCheck(birthDate: date) {
                    // Year and month only: beside the masked number, a full date would give back its hidden digits.
                    let shown = Masking.birthDate(date.description), idShown = Masking.birthDate(says.description)
                    problem(.birthDateMismatch, .birthDate, "出生日期（\(shown)）与证件号码中的出生日期（\(idShown)）不一致",
                            "birth date (\(shown)) differs from the document's (\(idShown))")
                }
            case .failure(let error): problem(.date, .birthDate, error.messageChinese, error.message)
            }
        }
        if let code = codes[.gender], let gender = Gender(cell: code), let document,
           case .disagrees(let says) = document.crossCheck(gender: gender) {
            problem(.genderMismatch, .gender, "性别\(gender.label)与证件号码显示的\(says)不一致", "sex differs from the document's")
        }
        // Employment dates.
        func date(_ field: Field) -> PartialDate? {
            guard let text = cell(field) else { return nil }
            switch DateParser.parse(text) {
            case .success(let date): return date
            case .failure(let error): problem(.date, field, "\(column(field)):\(error.messageChinese)", error.message); return nil
            }
        }
        let firstWork = date(.firstWork), joined = date(.joinSchool)
        let born = birth ?? document?.birthDate.map(PartialDate.init)
        if let firstWork, let born, Self.months(firstWork) < Self.months(born) + 16 * 12 {
            problem(.workTooEarly, .firstWork, "参加工作年月\(firstWork)早于16周岁(出生于\(Masking.birthDate(born.description)))",
                    "first employment \(firstWork) is before the 16th birthday")
        }
        if let firstWork, let joined, Self.months(firstWork) > Self.months(joined) {
            problem(.workAfterSchool, .firstWork, "参加工作年月\(firstWork)晚于进本校年月\(joined)", "first employment is after joining this school")
        }
        if let index = extra.specialEducationStart {
            if let text = text(at: index) {
                switch DateParser.parse(text) {
                case .success(let start):
                    if let joined, Self.months(start) > Self.months(joined) {
                        report(.specialEducationAfterSchool, row.line, header[index], "从事特教起始年月\(start)晚于进本校年月\(joined)",
                               "special education started after joining this school")
                    }
                case .failure(let error): report(.date, row.line, header[index], "\(header[index]):\(error.messageChinese)", error.message)
                }
            } else {
                report(.required, row.line, header[index], "“\(header[index])”为必填项", "\(header[index]) is required")
            }
        }
        if let joined, Self.months(joined) > Self.months(PartialDate(today)) {
            problem(.schoolInFuture, .joinSchool, "进本校年月\(joined)晚于今天", "joining this school lies in the future")
        }
        // Conditional blanks.
        if position[.employmentForm] != nil, let establishment = codes[.onEstablishment] {
            if establishment == "1", cell(.employmentForm) != nil {
                problem(.employmentForm, .employmentForm, "“是否在编”为是时,用人形式应为空", "用人形式 must be empty for staff on the establishment")
            } else if establishment == "0", cell(.employmentForm) == nil {
                problem(.employmentForm, .employmentForm, "“是否在编”为否时,用人形式必填", "用人形式 is required for staff not on the establishment")
            }
        }
        if let nationality = cell(.nationality) {
            let isChinese = nationalities.code(of: nationality) == "156"
            for field in [Field.ethnicity, .political] where position[field] != nil {
                if isChinese, cell(field) == nil {
                    problem(.nationalityFields, field, "国籍为中国时“\(column(field))”必填", "\(column(field)) is required for Chinese nationals")
                } else if !isChinese, cell(field) != nil {
                    problem(.nationalityFields, field, "国籍不是中国时“\(column(field))”应为空", "\(column(field)) must be empty for other nationalities")
                }
            }
        }
        if let certificate = cell(.certificateType), certificate == "0" || certificate.hasPrefix("0-") || certificate == "无" {
            for field in [Field.subject, .certificateDate, .issuer] where cell(field) != nil {
                problem(.certificateFields, field, "教师资格为“无”时“\(column(field))”应为空", "\(column(field)) must be empty without a certificate")
            }
        }
        // Scope: retirees and substitute teachers are reported, not imported.
        if let status = codes[.staffStatus], let known = StaffStatus(code: status), StaffStatus.retired.contains(known) {
            problem(.outOfScope, .staffStatus, "人员状态为\(tables["staff-status"]?.label(of: status) ?? status),不在采集范围,不予导入",
                    "retired staff are out of scope: reported, not imported")
        } else if let form = cell(.employmentForm), form.contains("代课") {
            problem(.outOfScope, .employmentForm, "代课教师不在采集范围,不予导入", "substitute teachers are out of scope")
        }
    }

    static func months(_ date: PartialDate) -> Int { date.year * 12 + (date.month ?? 1) - 1 }
}
