import Foundation
import Normalization

/// A school directory (学校名录) as counties keep it: one row per school with
/// 学校标识码, 学校名称, 所在县区代码 and, where known, 办学类型, 城乡分类, 办别,
/// 举办者 and 在校生数 — read from CSV (UTF-8 or GBK) or .xlsx (title rows above
/// the header allowed) and parsed into typed `SchoolDescription`s. A row with
/// any error is not taken; every problem names the file, row, column and rule.
public struct SchoolDirectory: Sendable {
    /// One column of the directory.
    public struct Column: Sendable {
        public let key: String
        public let header: String
        public let aliases: [String]
        public let required: Bool
    }

    /// The directory's columns, in the order a directory lists them.
    public static let columns: [Column] = [
        Column(key: "code", header: "学校标识码", aliases: ["学校代码", "学校(机构)标识码", "学校（机构）标识码", "school_code"], required: true),
        Column(key: "name", header: "学校名称", aliases: ["学校(机构)名称", "学校（机构）名称", "school_name"], required: true),
        Column(key: "county", header: "所在县区代码", aliases: ["县区代码", "所在地区代码", "行政区划代码", "所在地行政区划代码", "county_code"],
               required: true),
        Column(key: "schoolType", header: "办学类型", aliases: ["学校类型", "school_type"], required: false),
        Column(key: "urbanRural", header: "城乡分类", aliases: ["城乡分类代码", "城乡类型", "urban_rural"], required: false),
        Column(key: "sponsorship", header: "办别", aliases: ["公办民办", "sponsorship"], required: false),
        Column(key: "sponsor", header: "举办者", aliases: ["举办者类型", "sponsor"], required: false),
        Column(key: "students", header: "在校生数", aliases: ["学生数", "在校学生数", "students"], required: false),
    ]

    /// A row taken: its row number (as Excel shows it; for CSV the line) and its typed value.
    public struct Entry: Sendable, Equatable {
        public let row: Int
        public let school: SchoolDescription
    }

    /// What a directory file holds: the rows taken and the problems of the others.
    public struct Reading: Sendable {
        public let file: String
        public var entries: [Entry]
        public var problems: [ValidationProblem]
        /// Data rows read (taken or not).
        public let rows: Int
    }

    public let province: Int
    public let regions: RegionTable

    public init(province: Int, regions: RegionTable) {
        self.province = province
        self.regions = regions
    }

    // MARK: - Reading files

    /// Reads a CSV or .xlsx directory; a file that cannot be read at all is an `IntakeError`.
    public func read(_ url: URL, limits: IntakeLimits = .standard) throws -> Reading {
        let name = url.lastPathComponent
        let tables: [CSVTable]
        switch url.pathExtension.lowercased() {
        case "xlsx":
            tables = try XLSXReader.read(contentsOf: url, limits: limits, headerHolds: { Self.column(forHeader: $0)?.key == "code" })
            guard !tables.isEmpty else { throw IntakeError(file: name, .noDirectoryHeader) }
        case "xls": throw TeacherFiles.xlsError(name)
        case "zip": throw IntakeError(file: name, .directoryNotZip)
        default:
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw IntakeError(file: name, .unreadable(error.localizedDescription))
            }
            tables = [try TeacherFiles.csv(data, file: name, limits: limits)]
        }
        var reading = Reading(file: name, entries: [], problems: [], rows: tables.reduce(0) { $0 + $1.rows.count })
        for table in tables {
            let part = parse(table)
            reading.entries += part.entries
            reading.problems += part.problems
        }
        return reading
    }

    /// The column a header names (`*` marks and spaces ignored).
    static func column(forHeader header: String) -> Column? {
        let cleaned = header.replacingOccurrences(of: "*", with: "").filter { !$0.isWhitespace }.lowercased()
        return columns.first { $0.header == cleaned || $0.aliases.contains(cleaned) }
    }

    // MARK: - Parsing rows

    /// Parses one table: every row into a typed school, or into problems.
    public func parse(_ table: CSVTable) -> Reading {
        var positions: [String: Int] = [:]
        for (index, header) in table.header.enumerated() {
            if let column = Self.column(forHeader: header), positions[column.key] == nil { positions[column.key] = index }
        }
        var reading = Reading(file: table.file, entries: [], problems: [], rows: table.rows.count)
        let missing = Self.columns.filter { $0.required && positions[$0.key] == nil }
        if !missing.isEmpty {
            for column in missing {
                reading.problems.append(problem(table, row: table.headerRow, column.header, .directoryColumn,
                                                "缺少“\(column.header)”列", "the column \(column.header) is missing"))
            }
            return reading
        }
        var seen: [String: (row: Int, school: SchoolDescription)] = [:]
        for row in table.rows {
            func cell(_ key: String) -> String? {
                guard let index = positions[key], index < row.cells.count else { return nil }
                let text = row.cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
                return text.isEmpty ? nil : text
            }
            var problems: [ValidationProblem] = []
            let school = parseRow(cell, report: { column, rule, chinese, english in
                problems.append(problem(table, row: row.line, column, rule, chinese, english))
            })
            if let school, problems.isEmpty {
                if let earlier = seen[school.code] {
                    if earlier.school != school {
                        reading.problems.append(problem(table, row: row.line, "学校标识码", .directoryDuplicate,
                            "学校标识码 \(school.code) 已在第\(earlier.row)行出现，内容不同",
                            "school \(school.code) is already on row \(earlier.row) with other values"))
                        reading.entries.removeAll { $0.school.code == school.code }
                    }
                    continue
                }
                seen[school.code] = (row.line, school)
                reading.entries.append(Entry(row: row.line, school: school))
            }
            reading.problems += problems
        }
        return reading
    }

    /// One row's typed value; each problem is reported as it is found (nil: the row has no usable school code).
    func parseRow(_ cell: (String) -> String?,
                  report: (_ column: String, ValidationRule, _ chinese: String, _ english: String) -> Void) -> SchoolDescription? {
        guard let code = cell("code") else {
            report("学校标识码", .directoryRequired, "学校标识码为空", "学校标识码 is empty")
            return nil
        }
        if let problem = SchoolFileName.problem(ofSchoolCode: code) {
            report("学校标识码", .directorySchoolCode, "学校标识码“\(Self.quoted(code))”：\(problem)", "school code \(Self.quoted(code)) is not valid")
            return nil
        }
        let provinceDigits = code.utf8.dropFirst(2).prefix(2)
        guard provinceDigits.elementsEqual(String(province).utf8) else {
            report("学校标识码", .directorySchoolCode, "学校标识码 \(code) 不属于本省（\(province)）", "school \(code) is not of province \(province)")
            return nil
        }
        var school = SchoolDescription(code: code)

        if let name = cell("name") {
            if let reason = Self.textProblem(name, maximum: SchoolDescription.maximumName) {
                report("学校名称", .directoryText, "学校名称\(reason)", "学校名称: \(reason)")
            } else {
                school.name = name
            }
        } else {
            report("学校名称", .directoryRequired, "学校名称为空", "学校名称 is empty")
        }

        if let county = cell("county") {
            // A 9- or 12-digit statistical code (统计用区划代码) begins with the county's six digits.
            let digits = county.utf8.allSatisfy { (48...57).contains($0) }
            let six = digits && [6, 9, 12].contains(county.utf8.count) ? String(county.prefix(6)) : county
            if digits, six.hasPrefix(String(province)), regions.isCounty(six) {
                school.county = six
            } else {
                report("所在县区代码", .directoryCounty, "“\(Self.quoted(county))”不是本省的县级行政区划代码（GB/T 2260）",
                       "\(Self.quoted(county)) is not a county code of province \(province)")
            }
        } else {
            report("所在县区代码", .directoryRequired, "所在县区代码为空", "所在县区代码 is empty")
        }

        if let type = cell("schoolType") {
            if let fine = (try? CodeTable.shared("school-type"))?.code(of: type) {
                school.schoolType = fine
                school.templateKind = (try? CodeTable.shared("school-type"))?.value("template", of: fine)
            } else if let kind = (try? CodeTable.shared("school-template"))?.code(of: type) {
                school.templateKind = kind
            } else {
                report("办学类型", .directoryCode, "办学类型“\(Self.quoted(type))”不在代码表中", "办学类型 \(Self.quoted(type)) is not in the table")
            }
            if let kind = school.templateKind,
               let expected = SchoolFileName.templateKinds.first(where: { $0.schoolTypes.contains(String(code.prefix(2))) })?.kind,
               expected != kind {
                report("办学类型", .directoryTemplate, "办学类型为\(kind)类，学校标识码的学校类型（\(code.prefix(2))）属\(expected)类",
                       "办学类型 is of kind \(kind), the school code's type digits (\(code.prefix(2))) are of kind \(expected)")
            }
        }
        for (key, header, table) in [("urbanRural", "城乡分类", "urban-rural"), ("sponsorship", "办别", "sponsorship")] {
            guard let text = cell(key) else { continue }
            guard let value = (try? CodeTable.shared(table))?.code(of: text) else {
                report(header, .directoryCode, "\(header)“\(Self.quoted(text))”不在代码表中", "\(header) \(Self.quoted(text)) is not in the table")
                continue
            }
            if key == "urbanRural" { school.urbanRural = value } else { school.sponsorship = value }
        }
        if let sponsor = cell("sponsor") {
            if let reason = Self.textProblem(sponsor, maximum: SchoolDescription.maximumSponsor) {
                report("举办者", .directoryText, "举办者\(reason)", "举办者: \(reason)")
            } else {
                school.sponsor = sponsor
            }
        }
        if let students = cell("students") {
            if let count = Self.count(students) {
                school.students = count
            } else {
                report("在校生数", .directoryNumber, "在校生数“\(Self.quoted(students))”不是0至\(SchoolDescription.maximumStudents)的整数",
                       "在校生数 \(Self.quoted(students)) is not a whole number from 0 to \(SchoolDescription.maximumStudents)")
            }
        }
        return school
    }

    /// A whole number written with ASCII digits (thousands separators and a `.0` a spreadsheet adds allowed), in range.
    static func count(_ text: String) -> Int? {
        var digits = Substring(text.replacingOccurrences(of: ",", with: ""))
        if digits.hasSuffix(".0") { digits = digits.dropLast(2) }
        guard !digits.isEmpty, digits.utf8.count <= 6, digits.utf8.allSatisfy({ (48...57).contains($0) }), let value = Int(digits),
              value <= SchoolDescription.maximumStudents else { return nil }
        return value
    }

    /// Why a text cell cannot be stored, or nil.
    public static func textProblem(_ text: String, maximum: Int) -> String? {
        if text.count > maximum { return "超过\(maximum)个字符" }
        if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { return "含控制字符" }
        if let first = text.first, "=+-@".contains(first) { return "以公式符号开头" }
        return nil
    }

    /// A cell as a message quotes it: at most 40 characters, so a pasted document number or essay is not echoed whole.
    static func quoted(_ text: String) -> String {
        text.count > 40 ? String(text.prefix(40)) + "…" : text
    }

    func problem(_ table: CSVTable, row: Int, _ column: String, _ rule: ValidationRule, _ chinese: String,
                 _ english: String) -> ValidationProblem {
        ValidationProblem(file: table.file, sheet: table.sheet, row: row, column: column, rule: rule, message: chinese,
                          messageEnglish: english)
    }
}
