import Normalization

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

    /// A template's own required columns, from the one field table (`TeacherField`).
    private static func own(_ kind: String) -> [Column] {
        TeacherField.own(of: kind).filter(\.requiredInTemplate).map { Column(header: $0.label, table: $0.codeTable) }
    }

    static let all: [TemplateColumns] = [
        TemplateColumns(kind: "中小学", extra: own("中小学"), joinHeader: "进本校年月", healthRequired: false, specialEducationStart: false),
        TemplateColumns(kind: "中职", extra: own("中职"), joinHeader: "进本校年月", healthRequired: true, specialEducationStart: false),
        TemplateColumns(kind: "特教", extra: own("特教"), joinHeader: "进本校年月", healthRequired: true, specialEducationStart: true),
        TemplateColumns(kind: "幼儿园", extra: own("幼儿园"), joinHeader: "进本园年月", healthRequired: false, specialEducationStart: false),
        TemplateColumns(kind: "高校", extra: [], joinHeader: "进本校年月", healthRequired: false, specialEducationStart: false),
    ]

    /// A header as the columns are compared: `*`, spaces and quote marks of either width left out, brackets unified.
    static func cleaned(_ header: String) -> String { TeacherField.cleanedHeader(header) }
}
