/// What each national template adds to the columns common to all (domain
/// §2.2): its own required columns, the code table their cells come from,
/// and the name of its join-date column. The template comes from the file
/// name (`学校标识码_学校名称_模板名称`); a file without one is checked
/// against the common columns only. No column list of the 高校 template was
/// found, so it has the common columns only.
struct TemplateColumns: Sendable {
    struct Column: Sendable {
        let header: String
        /// The code table of its cells, when it has one.
        let table: String?
    }

    let kind: String
    let extra: [Column]
    /// 进本校年月, or 进本园年月 in the kindergarten template.
    let joinHeader: String
    /// 健康状况 is required in the vocational and special-education templates.
    let healthRequired: Bool
    /// 从事特教起始年月 (special education): required, and not after joining the school.
    let specialEducationStart: Bool

    static func of(file: String) -> TemplateColumns? {
        SchoolFileName(file)?.templateKind.flatMap { kind in all.first { $0.kind == kind } }
    }

    private static func yesNo(_ headers: String...) -> [Column] { headers.map { Column(header: $0, table: "yes-no") } }

    /// The 中小学 items; `training` are its two special-education items, which the kindergarten template replaces.
    private static func schoolItems(training: [Column]) -> [Column] {
        yesNo("是否全日制师范类专业毕业") + training + [Column(header: "信息技术应用能力", table: nil)]
            + yesNo("是否属于免费(公费)师范生", "是否参加基层服务项目", "是否是特级教师", "是否是县级及以上骨干教师", "是否心理健康教育教师")
    }
    private static let primaryAndSecondary = schoolItems(training: yesNo("是否受过特教专业培养培训", "是否有特殊教育从业证书"))

    static let all: [TemplateColumns] = [
        TemplateColumns(kind: "中小学", extra: primaryAndSecondary, joinHeader: "进本校年月", healthRequired: false, specialEducationStart: false),
        TemplateColumns(kind: "中职", extra: [Column(header: "信息技术应用能力", table: nil)]
                            + yesNo("是否是特级教师", "是否是\"双师型\"教师", "是否具备职业技能等级证书")
                            + [Column(header: "企业工作(实践)时长", table: nil)],
                        joinHeader: "进本校年月", healthRequired: true, specialEducationStart: false),
        TemplateColumns(kind: "特教", extra: primaryAndSecondary + yesNo("是否全日制特殊教育专业毕业"),
                        joinHeader: "进本校年月", healthRequired: true, specialEducationStart: true),
        TemplateColumns(kind: "幼儿园", extra: schoolItems(training: yesNo("是否全日制学前教育专业毕业", "是否受过学前教育专业培养培训")),
                        joinHeader: "进本园年月", healthRequired: false, specialEducationStart: false),
        TemplateColumns(kind: "高校", extra: [], joinHeader: "进本校年月", healthRequired: false, specialEducationStart: false),
    ]

    /// A header as the columns are compared: `*`, spaces and quote marks of either width left out, brackets unified.
    static func cleaned(_ header: String) -> String {
        String(header.filter { !$0.isWhitespace && !"*\"“”".contains($0) }.map { $0 == "（" ? "(" : $0 == "）" ? ")" : $0 }).lowercased()
    }
}
