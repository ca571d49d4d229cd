import Normalization
/// Every validation rule, with a stable id that reports, tests and schools
/// refer to. One table, so the rules are documented in one place.
public struct ValidationRule: Sendable, Hashable {
    public enum Severity: String, Sendable { case error, warning }

    public let id: String
    public let severity: Severity
    public let chinese: String
    public let english: String

    public static let missingColumn = ValidationRule(id: "TR-000", severity: .error,
        chinese: "模板缺少必填列", english: "the template lacks a required column")
    public static let required = ValidationRule(id: "TR-001", severity: .error,
        chinese: "必填项为空", english: "a required cell is empty")
    public static let code = ValidationRule(id: "TR-002", severity: .error,
        chinese: "不在代码表中", english: "the value is not in the code table")
    public static let document = ValidationRule(id: "TR-003", severity: .error,
        chinese: "证件号码有误", english: "the document number is not valid")
    public static let documentType = ValidationRule(id: "TR-004", severity: .error,
        chinese: "证件类型不在代码表中", english: "the document type is not in the code table")
    public static let date = ValidationRule(id: "TR-005", severity: .error,
        chinese: "日期无法识别", english: "the date cannot be read")
    public static let birthDateMismatch = ValidationRule(id: "TR-006", severity: .error,
        chinese: "出生日期与身份证号不一致", english: "the birth date differs from the ID number's")
    public static let genderMismatch = ValidationRule(id: "TR-007", severity: .error,
        chinese: "性别与身份证号不一致", english: "the sex differs from the ID number's")
    public static let workTooEarly = ValidationRule(id: "TR-008", severity: .error,
        chinese: "参加工作年月早于16周岁", english: "first employment is before the 16th birthday")
    public static let workAfterSchool = ValidationRule(id: "TR-009", severity: .error,
        chinese: "参加工作年月晚于进本校年月", english: "first employment is after joining this school")
    public static let schoolInFuture = ValidationRule(id: "TR-010", severity: .error,
        chinese: "进本校年月晚于今天", english: "joining this school lies in the future")
    public static let employmentForm = ValidationRule(id: "TR-011", severity: .error,
        chinese: "用人形式仅在“是否在编”为否时填写", english: "用人形式 is filled only when 是否在编 is 否")
    public static let nationalityFields = ValidationRule(id: "TR-012", severity: .error,
        chinese: "国籍为中国时民族、政治面貌必填,否则须为空", english: "民族 and 政治面貌 are required for Chinese nationals and empty otherwise")
    public static let certificateFields = ValidationRule(id: "TR-013", severity: .error,
        chinese: "教师资格为“无”时资格证相关项须为空", english: "certificate fields stay empty when 教师资格 is 无")
    public static let outOfScope = ValidationRule(id: "TR-014", severity: .warning,
        chinese: "不在采集范围(退休、代课等),不予导入", english: "out of scope (retired, substitute …): reported, not imported")
    public static let nameCharacters = ValidationRule(id: "TR-015", severity: .warning,
        chinese: "姓名含无法映射的自造字,请人工核对", english: "the name has an unmapped private-use character")
    public static let unknownRegion = ValidationRule(id: "TR-016", severity: .warning,
        chinese: "身份证号的县级区划代码不在区划表中", english: "the ID's county code is not in the region table")

    public static let fileName = ValidationRule(id: "TR-017", severity: .error,
        chinese: "文件名中的学校标识码无效", english: "the school code in the file name is not valid")
    public static let fileNameForm = ValidationRule(id: "TR-018", severity: .warning,
        chinese: "文件名不是“学校标识码_学校名称_模板名称”格式", english: "the file name is not 学校标识码_学校名称_模板名称")

    public static let templateKind = ValidationRule(id: "TR-019", severity: .error,
        chinese: "模板类型与学校类型不符,或批次中混用了不同模板", english: "the template does not fit the school type, or templates are mixed in one batch")

    public static let specialEducationAfterSchool = ValidationRule(id: "TR-020", severity: .error,
        chinese: "从事特教起始年月晚于进本校年月", english: "special education started after joining this school")

    public static let registeredElsewhere = ValidationRule(id: "TR-021", severity: .warning,
        chinese: "该身份证件已在其他单位登记，请通过调动办理", english: "this ID is registered at another unit: handle it as a transfer")

    public static let tooLong = ValidationRule(id: "TR-022", severity: .error,
        chinese: "内容超过该项允许的长度", english: "the cell is longer than its field allows")
    public static let formulaStart = ValidationRule(id: "TR-023", severity: .error,
        chinese: "内容以 = + - @ 开头（电子表格会当作公式）", english: "the cell starts with = + - @ (a spreadsheet would run it as a formula)")

    public static let schoolConflict = ValidationRule(id: "TR-024", severity: .error,
        chinese: "学校标识码与文件名中的学校标识码不一致", english: "the school code differs from the one in the file name")

    public static let all: [ValidationRule] = [
        missingColumn, required, code, document, documentType, date, birthDateMismatch, genderMismatch, workTooEarly,
        workAfterSchool, schoolInFuture, employmentForm, nationalityFields, certificateFields, outOfScope, nameCharacters,
        unknownRegion, fileName, fileNameForm, templateKind, specialEducationAfterSchool, registeredElsewhere, tooLong, formulaStart,
        schoolConflict,
    ]
}

/// One problem a school must fix (or know about).
public struct ValidationProblem: Sendable, Hashable {
    public let file: String
    public let sheet: String?
    /// 1-based, as Excel shows it (for CSV: the line).
    public let row: Int
    /// The header text of the column.
    public let column: String
    public let rule: ValidationRule
    /// Chinese; the value quoted is masked when it is a document number.
    public let message: String
    public let messageEnglish: String

    public init(file: String, sheet: String?, row: Int, column: String, rule: ValidationRule, message: String,
                messageEnglish: String) {
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.rule = rule
        self.message = message
        self.messageEnglish = messageEnglish
    }
}

/// The school directory's rules (学校名录), in the same form as the template's.
extension ValidationRule {
    public static let directoryColumn = ValidationRule(id: "SD-001", severity: .error,
        chinese: "学校名录缺少必填列", english: "the school directory lacks a required column")
    public static let directoryRequired = ValidationRule(id: "SD-002", severity: .error,
        chinese: "必填项为空", english: "a required cell is empty")
    public static let directorySchoolCode = ValidationRule(id: "SD-003", severity: .error,
        chinese: "学校标识码无效或不属于本省", english: "the school code is not valid or not of this province")
    public static let directoryCounty = ValidationRule(id: "SD-004", severity: .error,
        chinese: "县区代码不是本省的县级行政区划代码", english: "the county code is not a county of this province")
    public static let directoryCode = ValidationRule(id: "SD-005", severity: .error,
        chinese: "不在代码表中", english: "the value is not in the code table")
    public static let directoryNumber = ValidationRule(id: "SD-006", severity: .error,
        chinese: "在校生数应为0至200000的整数", english: "在校生数 is a whole number from 0 to 200000")
    public static let directoryText = ValidationRule(id: "SD-007", severity: .error,
        chinese: "内容过长、含控制字符或以公式符号开头", english: "the text is too long, holds control characters or starts like a formula")
    public static let directoryDuplicate = ValidationRule(id: "SD-008", severity: .error,
        chinese: "同一学校标识码在名录中出现多次且内容不同", english: "the school code appears twice with different values")
    public static let directoryJurisdiction = ValidationRule(id: "SD-009", severity: .error,
        chinese: "学校或县区不在您的管辖范围内", english: "the school or county is outside your jurisdiction")
    public static let directoryTemplate = ValidationRule(id: "SD-010", severity: .error,
        chinese: "办学类型与学校标识码的学校类型不符", english: "the 办学类型 does not fit the school code's type digits")

    public static let directory: [ValidationRule] = [
        directoryColumn, directoryRequired, directorySchoolCode, directoryCounty, directoryCode, directoryNumber, directoryText,
        directoryDuplicate, directoryJurisdiction, directoryTemplate,
    ]
}

extension ValidationProblem {
    /// The message in both languages.
    public var text: Text { Text(message, messageEnglish) }
    /// Where: file, sheet, row and column.
    public var place: Text { .place(file: file, sheet: sheet, row: row, column: column) }
    /// Whether the problem refuses the file as a whole (a column or the file's name), not one of its rows.
    public var isFileLevel: Bool {
        rule.severity == .error && [.missingColumn, .fileName, .templateKind, .fileNameForm, .directoryColumn, .subsetColumn].contains(rule)
    }
}
