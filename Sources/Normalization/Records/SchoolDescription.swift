/// What the school directory (学校名录) says of one school, typed: codes from
/// the tables in `Data/codes`, the county a GB/T 2260 code, the student count
/// a bounded number. A nil field is "not stated": a directory row that leaves
/// a cell empty keeps what the registry knew.
public struct SchoolDescription: Sendable, Equatable, Codable {
    /// 学校标识码: ten digits (school type, province, …).
    public var code: String
    /// 学校名称, at most `maximumName` characters.
    public var name: String?
    /// 所在县区代码: a county-level GB/T 2260 code of the province.
    public var county: String?
    /// 办学类型: a code of `school-type.csv` (小学 211, 初级中学 311, …).
    public var schoolType: String?
    /// The national template the school fills (中小学, 幼儿园, 中职, 特教, 高校): from the 办学类型, or stated alone.
    public var templateKind: String?
    /// 城乡分类: a code of `urban-rural.csv` (城区/镇区/乡村, or the statistical 111…220).
    public var urbanRural: String?
    /// 办别: a code of `sponsorship.csv` (1 公办, 2 民办).
    public var sponsorship: String?
    /// 举办者 (the body that runs the school), at most `maximumSponsor` characters.
    public var sponsor: String?
    /// 在校生数, 0 … `maximumStudents`.
    public var students: Int?

    public static let maximumName = 100
    public static let maximumSponsor = 60
    public static let maximumStudents = 200_000

    public init(code: String, name: String? = nil, county: String? = nil, schoolType: String? = nil, templateKind: String? = nil,
                urbanRural: String? = nil, sponsorship: String? = nil, sponsor: String? = nil, students: Int? = nil) {
        self.code = code
        self.name = name
        self.county = county
        self.schoolType = schoolType
        self.templateKind = templateKind
        self.urbanRural = urbanRural
        self.sponsorship = sponsorship
        self.sponsor = sponsor
        self.students = students
    }

    /// The stored fields in directory order: key (stored column and history field), Chinese label, value, code table.
    public var fields: [(key: String, label: String, value: String?, table: String?)] {
        [("name", "学校名称", name, nil), ("county_code", "所在县区", county, nil),
         ("school_type", "办学类型", schoolType, "school-type"), ("template_kind", "模板类别", templateKind, nil),
         ("urban_rural", "城乡分类", urbanRural, "urban-rural"), ("sponsorship", "办别", sponsorship, "sponsorship"),
         ("sponsor", "举办者", sponsor, nil), ("students", "在校生数", students.map(String.init), nil)]
    }

    /// The Chinese label of a stored school field (history shows these).
    public static func label(ofField key: String) -> String? {
        SchoolDescription(code: "").fields.first { $0.key == key }?.label
    }

    /// 城区, 镇区 or 乡村 (code 1, 2, 3) of an urban–rural code, fine or broad.
    public static func urbanRuralClass(of code: String) -> String? {
        (try? CodeTable.shared("urban-rural"))?.value("class", of: code)
    }
}
