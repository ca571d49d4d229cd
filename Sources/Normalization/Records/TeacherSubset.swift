/// The national system's sub-sets (子集) beyond the basic-information sheet:
/// each a list of rows per teacher (a teacher's 学习经历, one row per stage of
/// study), with typed columns (`TeacherField`, whose `requiredInTemplate`
/// here means required in the sub-set's sheet) and the columns that tell one
/// row of a teacher from another (`rowKey`). The one table intake, the
/// registry, the service, the pages and the CLI consult. No official column
/// list of these sub-sets was found: the columns are those a provincial
/// officer expects, after the national field description's 教师资格 fields
/// (首次注册日期, 首次注册结论) and the assessment rules the results follow.
public struct TeacherSubset: Sendable, Hashable {
    /// Stable key (storage, JSON, history).
    public let key: String
    /// The sub-set's Chinese name: a workbook sheet or a file name carrying it is read as this sub-set.
    public let label: String
    public let aliases: [String]
    public let fields: [TeacherField]
    /// The field keys that identify a row among one teacher's rows (empty: one row per teacher).
    public let rowKey: [String]
    /// Pairs of (start, end) field keys whose end may not come before the start.
    public let spans: [(start: String, end: String)]

    public static func == (a: TeacherSubset, b: TeacherSubset) -> Bool { a.key == b.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    init(_ key: String, _ label: String, aliases: [String] = [], rowKey: [String], spans: [(String, String)] = [], _ fields: [TeacherField]) {
        self.key = key
        self.label = label
        self.aliases = aliases
        self.fields = fields
        self.rowKey = rowKey
        self.spans = spans.map { (start: $0.0, end: $0.1) }
    }

    public func field(key: String) -> TeacherField? { fields.first { $0.key == key } }

    /// The field a header of this sub-set's sheet names.
    public func field(header: String) -> TeacherField? {
        let cleaned = TeacherField.cleanedHeader(header)
        return fields.first { $0.headers.contains(cleaned) }
    }

    /// The sub-set a sheet or file name names (`学习经历`, `2136010102_育才小学_学习经历.csv`), the longest name first.
    public static func named(in text: String) -> TeacherSubset? {
        let candidates = all.flatMap { subset in ([subset.label] + subset.aliases).map { (subset, $0) } }.sorted { $0.1.count > $1.1.count }
        return candidates.first { text.contains($0.1) }?.0
    }

    public static func subset(key: String) -> TeacherSubset? { all.first { $0.key == key } }

    public static let all: [TeacherSubset] = [
        TeacherSubset("education", "学习经历", aliases: ["学历学位"], rowKey: ["start", "education"], spans: [("start", "end")], [
            TeacherField("start", "入学年月", .yearMonth),
            TeacherField("end", "毕业年月", .yearMonth, required: false, aliases: ["毕(结)业年月", "结业年月"]),
            TeacherField("education", "学历", .code("education"), aliases: ["获得学历"]),
            TeacherField("degree", "学位", .code("degree"), required: false, aliases: ["获得学位"]),
            TeacherField("institution", "毕业院校", .text(60), aliases: ["毕业学校", "学校名称"]),
            TeacherField("major", "所学专业", .text(60), required: false, aliases: ["专业"]),
            TeacherField("normal_major", "是否师范类专业", .flag, required: false),
            TeacherField("study_mode", "学习方式", .code("study-mode"), required: false),
        ]),
        TeacherSubset("work", "工作经历", rowKey: ["start", "employer"], spans: [("start", "end")], [
            TeacherField("start", "起始年月", .yearMonth, aliases: ["开始年月"]),
            TeacherField("end", "结束年月", .yearMonth, required: false, aliases: ["终止年月"]),
            TeacherField("employer", "工作单位", .text(60), aliases: ["单位名称"]),
            TeacherField("position", "担任职务", .text(30), required: false, aliases: ["职务"]),
        ]),
        TeacherSubset("post", "岗位聘任", rowKey: ["start", "post_category"], spans: [("start", "end")], [
            TeacherField("post_category", "岗位类别", .code("post-category")),
            TeacherField("post_level", "岗位等级", .code("post-level"), required: false),
            TeacherField("start", "聘任开始年月", .yearMonth, aliases: ["聘任起始年月"]),
            TeacherField("end", "聘任结束年月", .yearMonth, required: false),
            TeacherField("concurrent", "是否兼任其他岗位", .flag, required: false),
        ]),
        TeacherSubset("title", "专业技术职务聘任", aliases: ["职称聘任"], rowKey: ["start", "title"], spans: [("start", "end")], [
            TeacherField("title", "聘任专业技术职务", .code("title"), aliases: ["专业技术职务"]),
            TeacherField("start", "聘任开始年月", .yearMonth, aliases: ["聘任起始年月"]),
            TeacherField("end", "聘任结束年月", .yearMonth, required: false),
            TeacherField("employer", "聘任单位名称", .text(60), required: false, aliases: ["聘任单位"]),
        ]),
        TeacherSubset("assessment", "年度考核", rowKey: ["year"], [
            TeacherField("year", "考核年度", .year),
            TeacherField("result", "考核结果", .code("assessment-result")),
            TeacherField("assessor", "考核单位名称", .text(60), required: false, aliases: ["考核单位"]),
        ]),
        TeacherSubset("qualification", "教师资格", aliases: ["教师资格证"], rowKey: ["number"], [
            TeacherField("certificate_type", "教师资格种类", .code("certificate-type"), aliases: ["教师资格证种类"]),
            TeacherField("number", "教师资格证号码", .text(30), aliases: ["教师资格证书编号", "资格证书编号"]),
            TeacherField("subject", "任教学科", .code("subject"), required: false),
            TeacherField("issued", "证书颁发日期", .date, required: false),
            TeacherField("issuer", "颁发机构", .text(60), required: false),
            TeacherField("first_registered", "首次注册日期", .date, required: false),
            TeacherField("first_result", "首次注册结论", .code("registration-result"), required: false),
            TeacherField("renewed", "定期注册日期", .date, required: false),
            TeacherField("renewal_result", "定期注册结论", .code("registration-result"), required: false),
        ]),
        TeacherSubset("ethics", "师德考核", aliases: ["师德"], rowKey: ["year"], [
            TeacherField("year", "考核年度", .year),
            TeacherField("result", "考核结论", .code("ethics-result"), aliases: ["考核结果"]),
            TeacherField("assessor", "考核单位名称", .text(60), required: false, aliases: ["考核单位"]),
        ]),
        TeacherSubset("contact", "联系方式", rowKey: [], [
            TeacherField("address", "通信地址", .text(100), required: false, aliases: ["通讯地址"]),
            TeacherField("postcode", "邮政编码", .text(6), required: false),
            TeacherField("phone", "联系电话", .text(20), required: false, aliases: ["办公电话"]),
            TeacherField("mobile", "手机号码", .text(11), required: false, aliases: ["手机"]),
            TeacherField("email", "电子信箱", .text(60), required: false, aliases: ["电子邮箱", "email"]),
        ]),
    ]

    /// A row's key among the teacher's rows of this sub-set: its key fields' values joined (`2005-09|21`).
    public func rowKey(of values: [String: String]) -> String {
        rowKey.map { values[$0] ?? "" }.joined(separator: "|")
    }

    /// A row as officers read it in history: `2005-09 大学本科毕业` for a 学习经历 row.
    public func rowLabel(_ rowKey: String) -> String {
        let parts = rowKey.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        return zip(self.rowKey, parts).map { key, value in field(key: key)?.display(value) ?? value }.joined(separator: " ")
    }
}
