import Foundation
import Normalization

/// The rule ids of sub-set files (学习经历, 年度考核 …), in the form of the template's.
extension ValidationRule {
    public static let subsetColumn = ValidationRule(id: "SS-001", severity: .error,
        chinese: "子集表缺少必填列", english: "the sub-set sheet lacks a required column")
    public static let subsetRequired = ValidationRule(id: "SS-002", severity: .error,
        chinese: "必填项为空", english: "a required cell is empty")
    public static let subsetCode = ValidationRule(id: "SS-003", severity: .error,
        chinese: "不在代码表中", english: "the value is not in the code table")
    public static let subsetDate = ValidationRule(id: "SS-004", severity: .error,
        chinese: "日期或年份无法识别", english: "the date or year cannot be read")
    public static let subsetText = ValidationRule(id: "SS-005", severity: .error,
        chinese: "内容过长、含控制字符或以公式符号开头", english: "the text is too long, holds control characters or starts like a formula")
    public static let subsetIdentity = ValidationRule(id: "SS-006", severity: .error,
        chinese: "身份证件号或教师编号缺失或无效", english: "the document number or teacher number is missing or not valid")
    public static let subsetTeacher = ValidationRule(id: "SS-007", severity: .error,
        chinese: "找不到该教师，或姓名与登记不一致", english: "no such teacher, or the name differs from the registered one")
    public static let subsetDuplicate = ValidationRule(id: "SS-008", severity: .error,
        chinese: "同一教师的同一条记录出现多次且内容不同", english: "the same row of a teacher appears twice with different values")
    public static let subsetJurisdiction = ValidationRule(id: "SS-009", severity: .error,
        chinese: "该教师不在您的管辖范围内", english: "the teacher is outside your jurisdiction")
    public static let subsetSpan = ValidationRule(id: "SS-010", severity: .error,
        chinese: "结束年月早于开始年月", english: "the end comes before the start")

    public static let subsets: [ValidationRule] = [
        subsetColumn, subsetRequired, subsetCode, subsetDate, subsetText, subsetIdentity, subsetTeacher, subsetDuplicate,
        subsetJurisdiction, subsetSpan,
    ]
}

/// A file of sub-set rows: a workbook whose sheets are named by their sub-set (学习经历, 工作经历 …; title rows above
/// the header allowed), or a CSV or single-sheet workbook whose file name names it
/// (`2136010102_南昌市育才小学_学习经历.csv`). Each row names its teacher by 身份证件号 (any form the registry reads,
/// 15-digit IDs included) or 教师编号, and 姓名; its cells are typed by the sub-set's fields.
public enum SubsetFile {
    /// One row, typed.
    public struct Row: Sendable, Equatable {
        public let subset: String
        public let file: String
        public let sheet: String?
        public let line: Int
        public let name: String
        /// The canonical document number, when the row gives one.
        public let document: String?
        /// The teacher number, when the row gives one (upper-case, as written).
        public let teacherNumber: String?
        /// Stored values by field key.
        public let values: [String: String]
    }

    public struct Reading: Sendable {
        public var rows: [Row] = []
        public var problems: [ValidationProblem] = []
        /// Data rows read, taken or not.
        public var rowCount = 0
        /// Sheets or files read as sub-sets, by sub-set key.
        public var subsets: [String] = []
        /// The sub-sets of which some row (or the header) was refused.
        public var withProblems: Set<String> = []
    }

    static let nameHeaders: Set<String> = ["姓名", "name"]
    static let documentHeaders: Set<String> = ["身份证件号", "身份证件号码", "身份证号", "身份证号码", "证件号码", "id_number"]
    static let typeHeaders: Set<String> = ["身份证件类型", "证件类型", "id_type"]
    static let numberHeaders: Set<String> = ["教师编号", "teacher_number"]

    /// Reads a file; one that cannot be read at all, or names no sub-set, is an `IntakeError`.
    public static func read(_ url: URL, limits: IntakeLimits = .standard) throws -> Reading {
        let name = url.lastPathComponent
        var tables: [(TeacherSubset, CSVTable)] = []
        switch url.pathExtension.lowercased() {
        case "xlsx":
            let sheets = try XLSXReader.read(contentsOf: url, limits: limits, headerHolds: XLSXReader.isNameHeader)
            for table in sheets {
                if let subset = TeacherSubset.named(in: table.sheet ?? "") ?? (sheets.count == 1 ? TeacherSubset.named(in: name) : nil) {
                    tables.append((subset, table))
                }
            }
        case "xls": throw TeacherFiles.xlsError(name)
        case "zip": throw IntakeError(file: name, .subsetsNotZip)
        default:
            guard let subset = TeacherSubset.named(in: name) else { break }
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw IntakeError(file: name, .unreadable(error.localizedDescription))
            }
            tables = [(subset, try TeacherFiles.csv(data, file: name, limits: limits))]
        }
        guard !tables.isEmpty else {
            let names = TeacherSubset.all.map(\.label).joined(separator: "、")
            throw IntakeError(file: name, .noSubsetNamed(names))
        }
        var reading = Reading()
        for (subset, table) in tables {
            reading.subsets.append(subset.key)
            let part = parse(table, as: subset)
            reading.rows += part.rows
            reading.problems += part.problems
            reading.rowCount += part.rowCount
            reading.withProblems.formUnion(part.withProblems)
        }
        return reading
    }

    /// Parses one table of a sub-set: every row typed, or its problems.
    public static func parse(_ table: CSVTable, as subset: TeacherSubset, validator: DocumentValidator = DocumentValidator()) -> Reading {
        var reading = Reading(rowCount: table.rows.count, subsets: [subset.key])
        func problem(_ line: Int, _ column: String, _ rule: ValidationRule, _ chinese: String, _ english: String) -> ValidationProblem {
            ValidationProblem(file: table.file, sheet: table.sheet, row: line, column: column, rule: rule, message: chinese, messageEnglish: english)
        }
        let cleaned = table.header.map(TeacherField.cleanedHeader)
        func position(_ headers: Set<String>) -> Int? { cleaned.firstIndex(where: headers.contains) }
        var positions: [String: Int] = [:]
        for (index, header) in table.header.enumerated() {
            if let field = subset.field(header: header), positions[field.key] == nil { positions[field.key] = index }
        }
        let namePosition = position(nameHeaders), documentPosition = position(documentHeaders)
        let typePosition = position(typeHeaders), numberPosition = position(numberHeaders)
        let missing = (namePosition == nil ? ["姓名"] : []) + (documentPosition == nil && numberPosition == nil ? ["身份证件号（或教师编号）"] : [])
            + subset.fields.filter { $0.requiredInTemplate && positions[$0.key] == nil }.map(\.label)
        if !missing.isEmpty {
            reading.problems = missing.map {
                problem(table.headerRow, $0, .subsetColumn, "\(subset.label)缺少“\($0)”列", "\(subset.label) lacks the column \($0)")
            }
            reading.withProblems.insert(subset.key)
            return reading
        }
        let types = (try? TemplateDocumentType.all()) ?? []
        var seen: [String: (line: Int, values: [String: String])] = [:]
        var duplicated = Set<String>()
        for row in table.rows {
            func cell(_ index: Int?) -> String? {
                guard let index, index < row.cells.count else { return nil }
                let text = row.cells[index].trimmingWhitespace()
                return text.isEmpty ? nil : text
            }
            var problems: [ValidationProblem] = []
            let name = cell(namePosition)
            if name == nil { problems.append(problem(row.line, "姓名", .subsetRequired, "姓名为空", "姓名 is empty")) }
            var document: String?, number: String?
            if let raw = cell(documentPosition) {
                let declared = cell(typePosition).flatMap { TemplateDocumentType.parse($0, from: types) }
                if let canonical = validator.check(raw, declared: declared).document?.canonical {
                    document = canonical
                } else {
                    problems.append(problem(row.line, "身份证件号", .subsetIdentity, "身份证件号“\(Masking.maskNumbers(in: raw))”无效",
                                            "the document number \(Masking.maskNumbers(in: raw)) is not valid"))
                }
            }
            if let raw = cell(numberPosition) {
                let cleaned = raw.uppercased().filter { $0 != " " && $0 != "-" }
                if cleaned.utf8.count == 13, cleaned.utf8.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) }) {
                    number = cleaned
                } else if document == nil {
                    problems.append(problem(row.line, "教师编号", .subsetIdentity, "教师编号“\(SchoolDirectory.quoted(raw))”无效",
                                            "the teacher number \(SchoolDirectory.quoted(raw)) is not valid"))
                }
            }
            if document == nil && number == nil && cell(documentPosition) == nil && cell(numberPosition) == nil {
                problems.append(problem(row.line, "身份证件号", .subsetIdentity, "身份证件号和教师编号都为空", "neither a document number nor a teacher number"))
            }
            var values: [String: String] = [:]
            for field in subset.fields {
                guard let text = cell(positions[field.key]) else {
                    if field.requiredInTemplate {
                        problems.append(problem(row.line, field.label, .subsetRequired, "\(field.label)为空", "\(field.label) is empty"))
                    }
                    continue
                }
                if let first = text.first, "=+-@".contains(first) {
                    problems.append(problem(row.line, field.label, .subsetText, "\(field.label)以公式符号开头", "\(field.label) starts like a formula"))
                    continue
                }
                if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    problems.append(problem(row.line, field.label, .subsetText, "\(field.label)含控制字符", "\(field.label) holds control characters"))
                    continue
                }
                switch field.parse(text) {
                case .success(let value): values[field.key] = value
                case .failure(.notInTable(let table)):
                    problems.append(problem(row.line, field.label, .subsetCode, "\(field.label)“\(SchoolDirectory.quoted(text))”不在代码表（\(table)）中",
                                            "\(field.label) \(SchoolDirectory.quoted(text)) is not in the table \(table)"))
                case .failure(.notADate(let chinese, let english)):
                    problems.append(problem(row.line, field.label, .subsetDate, "\(field.label)：\(chinese)", "\(field.label): \(english)"))
                case .failure(.tooLong(let maximum)):
                    problems.append(problem(row.line, field.label, .subsetText, "\(field.label)超过\(maximum)个字符", "\(field.label) is longer than \(maximum)"))
                case nil: break
                }
            }
            for span in subset.spans {
                if let start = values[span.start], let end = values[span.end], end < start {
                    let label = subset.field(key: span.end)?.label ?? span.end
                    problems.append(problem(row.line, label, .subsetSpan, "\(label)（\(end)）早于\(subset.field(key: span.start)?.label ?? span.start)（\(start)）",
                                            "\(label) (\(end)) comes before the start (\(start))"))
                }
            }
            guard problems.isEmpty, let name else {
                reading.problems += problems
                continue
            }
            // The same row of one teacher twice: once is kept when identical; different values refuse both.
            let identity = (document ?? number ?? "") + "#" + subset.rowKey(of: values)
            if let earlier = seen[identity] {
                if earlier.values != values {
                    reading.problems.append(problem(row.line, subset.rowKey.first.flatMap { subset.field(key: $0)?.label } ?? "姓名", .subsetDuplicate,
                                                    "与第\(earlier.line)行是同一教师的同一条记录，内容不同", "the same row as row \(earlier.line) with other values"))
                    duplicated.insert(identity)
                }
                continue
            }
            seen[identity] = (row.line, values)
            reading.rows.append(Row(subset: subset.key, file: table.file, sheet: table.sheet, line: row.line, name: name, document: document,
                                    teacherNumber: number, values: values))
        }
        if !reading.problems.isEmpty { reading.withProblems.insert(subset.key) }
        if !duplicated.isEmpty {
            reading.rows.removeAll { duplicated.contains(($0.document ?? $0.teacherNumber ?? "") + "#" + subset.rowKey(of: $0.values)) }
        }
        return reading
    }
}
