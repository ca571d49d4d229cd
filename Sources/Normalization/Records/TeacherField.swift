import Foundation

/// One column of the national templates' basic-information sheet beyond the
/// identity cells (domain §2.2): its stable key (JSON, storage, history), its
/// Chinese header and the other headers that name it, the type of its values
/// and the templates that carry it. The one table intake, validation, the
/// registry, the service and the pages consult.
public struct TeacherField: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A code of `Data/codes/NAME.csv`: stored as the code.
        case code(String)
        /// A day: stored `YYYY-MM-DD`.
        case date
        /// A month (`年月`): stored `YYYY-MM`; a cell known to the day keeps its month.
        case yearMonth
        /// 是/否: stored `1` or `0`.
        case flag
        /// Free text of at most this many characters.
        case text(Int)
        /// A year (考核年度): stored `YYYY`, 1949 … 2100; `2024年`, `2024年度` read too.
        case year
    }

    public let key: String
    /// The header of the national template (Chinese).
    public let label: String
    public let kind: Kind
    /// The templates whose own columns it is (`中小学`, `中职`, `特教`, `幼儿园`); nil: common to all.
    public let templates: Set<String>?
    /// Required in those templates (template columns only; the common columns' rules live in the validator).
    public let requiredInTemplate: Bool
    /// Other headers schools write for it.
    public let aliases: [String]
    /// The teacher column that holds it, when the registry keeps it there (searched, matched or exported often).
    public let column: String?

    init(_ key: String, _ label: String, _ kind: Kind, templates: Set<String>? = nil, required: Bool = true, aliases: [String] = [],
         column: String? = nil) {
        self.key = key
        self.label = label
        self.kind = kind
        self.templates = templates
        self.requiredInTemplate = required
        self.aliases = aliases
        self.column = column
    }

    /// The code table of a coded field.
    public var codeTable: String? {
        switch kind {
        case .code(let name): name
        case .flag: "yes-no"
        default: nil
        }
    }

    /// Every header that names the field, as `cleanedHeader` writes them.
    public var headers: [String] { ([label] + aliases).map(Self.cleanedHeader) }

    private static let k12: Set<String> = ["中小学", "特教", "幼儿园"]
    private static let schools: Set<String> = ["中小学", "特教"]
    private static let withIT: Set<String> = ["中小学", "中职", "特教", "幼儿园"]

    /// In template order: the common columns, then each template's own.
    public static let all: [TeacherField] = [
        TeacherField("staff_number", "教职工号", .text(30)),
        TeacherField("nationality", "国籍/地区", .code("nationality"), aliases: ["国籍", "国籍地区"], column: "nationality"),
        TeacherField("native_place", "籍贯", .text(50)),
        TeacherField("birth_place", "出生地", .text(50)),
        TeacherField("political_status", "政治面貌", .code("political-status"), column: "political_status"),
        TeacherField("marital_status", "婚姻状况", .code("marital-status")),
        TeacherField("health", "健康状况", .code("health")),
        TeacherField("first_work", "参加工作年月", .yearMonth, aliases: ["hire_date"], column: "hire_date"),
        TeacherField("join_school", "进本校年月", .yearMonth, aliases: ["进本园年月"]),
        TeacherField("staff_source", "教职工来源", .code("staff-source")),
        TeacherField("staff_category", "教职工类别", .code("staff-category")),
        TeacherField("on_establishment", "是否在编", .flag),
        TeacherField("employment_form", "用人形式", .code("employment-form")),
        TeacherField("contract", "签订合同情况", .code("contract")),
        TeacherField("education", "学历", .code("education"), aliases: ["最高学历"]),
        TeacherField("degree", "学位", .code("degree"), aliases: ["最高学位"]),
        TeacherField("certificate_type", "教师资格种类", .code("certificate-type"), aliases: ["教师资格", "教师资格证种类"]),
        TeacherField("subject", "任教学科", .code("subject"), aliases: ["教师资格任教学科"]),
        TeacherField("certificate_date", "证书颁发日期", .date),
        TeacherField("issuer", "颁发机构", .text(100)),
        TeacherField("title", "专业技术职务", .code("title")),
        TeacherField("post_category", "岗位类别", .code("post-category")),
        TeacherField("post_level", "岗位等级", .code("post-level")),
        TeacherField("status", "人员状态", .code("staff-status"), column: "status"),
        TeacherField("remark", "备注", .text(200)),
        // The templates' own columns.
        TeacherField("normal_graduate", "是否全日制师范类专业毕业", .flag, templates: k12),
        TeacherField("special_training", "是否受过特教专业培养培训", .flag, templates: schools),
        TeacherField("special_certificate", "是否有特殊教育从业证书", .flag, templates: schools),
        TeacherField("preschool_graduate", "是否全日制学前教育专业毕业", .flag, templates: ["幼儿园"]),
        TeacherField("preschool_training", "是否受过学前教育专业培养培训", .flag, templates: ["幼儿园"]),
        TeacherField("special_graduate", "是否全日制特殊教育专业毕业", .flag, templates: ["特教"]),
        TeacherField("special_start", "从事特教起始年月", .yearMonth, templates: ["特教"], required: false),
        TeacherField("it_ability", "信息技术应用能力", .code("it-ability"), templates: withIT),
        TeacherField("free_normal", "是否属于免费(公费)师范生", .flag, templates: k12),
        TeacherField("grassroots", "是否参加基层服务项目", .flag, templates: k12),
        TeacherField("grassroots_start", "参加基层服务项目起始年月", .yearMonth, templates: k12, required: false),
        TeacherField("grassroots_end", "参加基层服务项目结束年月", .yearMonth, templates: k12, required: false),
        TeacherField("special_grade", "是否是特级教师", .flag, templates: withIT, aliases: ["是否特级教师"]),
        TeacherField("dual_qualified", "是否是\"双师型\"教师", .flag, templates: ["中职"], aliases: ["是否双师型教师"]),
        TeacherField("skill_certificate", "是否具备职业技能等级证书", .flag, templates: ["中职"]),
        TeacherField("enterprise_months", "企业工作(实践)时长", .text(20), templates: ["中职"]),
        TeacherField("backbone", "是否是县级及以上骨干教师", .flag, templates: k12, aliases: ["是否县级及以上骨干教师"]),
        TeacherField("mental_health", "是否心理健康教育教师", .flag, templates: k12, aliases: ["是否心里健康教育教师"]),
    ]

    /// The code tables of the fields, read once (a table missing from the installation leaves its field unreadable).
    private static let tables: [String: CodeTable] = {
        var tables: [String: CodeTable] = [:]
        for name in Set(all.compactMap(\.codeTable)) { tables[name] = try? CodeTable.shared(name) }
        return tables
    }()

    private static let byKey: [String: TeacherField] = Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
    private static let byHeader: [String: TeacherField] = {
        var result: [String: TeacherField] = [:]
        for field in all { for header in field.headers where result[header] == nil { result[header] = field } }
        return result
    }()

    public static func field(key: String) -> TeacherField? { byKey[key] }

    /// The field a header names (`*`, spaces, quotes and bracket widths ignored).
    public static func field(header: String) -> TeacherField? { byHeader[cleanedHeader(header)] }

    /// The columns a template has of its own, in order.
    public static func own(of template: String) -> [TeacherField] { all.filter { $0.templates?.contains(template) == true } }

    /// A header as columns are compared: `*`, spaces and quote marks of either width left out, brackets unified.
    public static func cleanedHeader(_ header: String) -> String {
        String(header.filter { !$0.isWhitespace && !"*\"“”".contains($0) }.map { $0 == "（" ? "(" : $0 == "）" ? ")" : $0 }).lowercased()
    }

    /// Why a cell is not a value of its field.
    public enum Problem: Error, Sendable, Equatable {
        case notInTable(table: String)
        case notADate(chinese: String, english: String)
        case tooLong(maximum: Int)
    }

    /// A cell in its stored form: the code, `YYYY-MM-DD`, `YYYY-MM`, `1`/`0` or the trimmed text; nil for a blank cell.
    public func parse(_ cell: String) -> Result<String, Problem>? {
        let text = cell.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        switch kind {
        case .code, .flag:
            return parseCode(text)
        case .date, .yearMonth:
            switch DateParser.parse(text) {
            case .success(let date):
                if kind == .date {
                    guard let day = date.civilDate else {
                        return .failure(.notADate(chinese: "“\(text)”不是完整的日期（年-月-日）", english: "\"\(text)\" is not a full date"))
                    }
                    return .success(day.description)
                }
                guard let month = date.month else {
                    return .failure(.notADate(chinese: "“\(text)”缺少月份", english: "\"\(text)\" has no month"))
                }
                return .success(ResidentIDNumber.padded(date.year, width: 4) + (month < 10 ? "-0" : "-") + String(month))
            case .failure(let error):
                return .failure(.notADate(chinese: error.messageChinese, english: error.message))
            }
        case .text(let maximum):
            return text.count > maximum ? .failure(.tooLong(maximum: maximum)) : .success(text)
        case .year:
            var digits = Substring(text)
            for suffix in ["年度", "年"] where digits.hasSuffix(suffix) { digits = digits.dropLast(suffix.count) }
            guard digits.utf8.count == 4, digits.utf8.allSatisfy({ (48...57).contains($0) }), let year = Int(digits),
                  (1949...2100).contains(year) else {
                return .failure(.notADate(chinese: "“\(text)”不是年份（如 2025）", english: "\"\(text)\" is not a year (e.g. 2025)"))
            }
            return .success(String(digits))
        }
    }

    private func parseCode(_ text: String) -> Result<String, Problem> {
        guard let name = codeTable, let table = Self.tables[name] ?? (try? CodeTable.shared(name)) else {
            return .failure(.notInTable(table: codeTable ?? key))
        }
        if let code = table.code(of: text) { return .success(code) }
        // GB/T 2659's numeric codes (ISO 3166-1): the shipped table names the common ones; any three-digit code reads.
        if name == "nationality" {
            let code = text.split(separator: "-", maxSplits: 1).first.map(String.init) ?? text
            if code.count == 3, code.allSatisfy({ $0.isASCII && $0.isNumber }) { return .success(code) }
        }
        // 是/否 also as Y/N, true/false and √/×, as spreadsheets write them.
        if case .flag = kind {
            switch text.lowercased() {
            case "y", "yes", "true", "√", "有": return .success("1")
            case "n", "no", "false", "×", "无": return .success("0")
            default: break
            }
        }
        return .failure(.notInTable(table: name))
    }

    /// A stored value as an officer reads it: the code's label, 是/否, or the value itself.
    public func display(_ stored: String) -> String {
        guard let name = codeTable, let label = (Self.tables[name] ?? (try? CodeTable.shared(name)))?.label(of: stored) else { return stored }
        return label
    }
}
