/// The fields compared for every candidate pair, each an ordered list of
/// levels: the first level that applies wins, and level 0 means data is
/// missing on one side, which is neutral evidence.
public enum Comparison: Int, CaseIterable, Codable, Sendable {
    case document, name, birthDate, gender, ethnicity, certificate, phone, school, hireDate

    public struct Level: Sendable, Hashable {
        /// Stable identifier, used in model files and pair explanations.
        public let id: String
        public let chinese: String
        public let english: String
    }

    public var id: String {
        switch self {
        case .document: "document"
        case .name: "name"
        case .birthDate: "birth_date"
        case .gender: "gender"
        case .ethnicity: "ethnicity"
        case .certificate: "certificate"
        case .phone: "phone"
        case .school: "school"
        case .hireDate: "hire_date"
        }
    }

    public var chinese: String {
        switch self {
        case .document: "证件号码"
        case .name: "姓名"
        case .birthDate: "出生日期"
        case .gender: "性别"
        case .ethnicity: "民族"
        case .certificate: "教师资格证号码"
        case .phone: "电话"
        case .school: "学校"
        case .hireDate: "参加工作年月"
        }
    }

    /// How the document's `same` level reads when one side was 15 digits.
    public static let sameAfterUpgrade = Level(id: "same_after_upgrade", chinese: "升位后同号",
                                               english: "same number once the 15-digit form is upgraded")

    public var levels: [Level] {
        let missing = Level(id: "missing", chinese: "缺失", english: "missing on one side")
        switch self {
        case .document:
            return [missing,
                    Level(id: "same", chinese: "同号", english: "same number (after clean-up and 15→18 upgrade)"),
                    Level(id: "check_digit_typo", chinese: "校验位纠错", english: "one typing error away, caught by the check digit"),
                    Level(id: "different_resident_ids", chinese: "身份证号不同", english: "two different valid ID numbers"),
                    Level(id: "different", chinese: "证件号不同", english: "different document numbers"),
                    Level(id: "unchecked_typo", chinese: "旧号一位之差",
                          english: "one typing error apart, in an old 15-digit number that has no check digit")]
        case .name:
            return [missing,
                    Level(id: "exact", chinese: "姓名相同", english: "same name"),
                    Level(id: "traditional_simplified", chinese: "繁简一致", english: "same name in simplified characters"),
                    Level(id: "dot_lost", chinese: "间隔号不同", english: "same name without its separator dot"),
                    Level(id: "former_name", chinese: "曾用名一致", english: "one name is the other's former name"),
                    Level(id: "homophone", chinese: "同音字", english: "same pinyin (homophone typing error)"),
                    Level(id: "one_character_differs", chinese: "一字之差", english: "one character differs"),
                    Level(id: "one_character_dropped", chinese: "少一字", english: "one name drops a character"),
                    Level(id: "different", chinese: "姓名不同", english: "different names")]
        case .birthDate:
            return [missing,
                    Level(id: "exact", chinese: "出生日期相同", english: "same birth date"),
                    Level(id: "day_month_swapped", chinese: "月日颠倒", english: "day and month swapped"),
                    Level(id: "within_60_days", chinese: "相差60天内", english: "within 60 days (lunar calendar)"),
                    Level(id: "same_month", chinese: "同年同月", english: "same year and month"),
                    Level(id: "same_year", chinese: "同年", english: "same year"),
                    Level(id: "different", chinese: "出生日期不同", english: "different birth dates")]
        case .gender:
            return [missing, Level(id: "same", chinese: "性别相同", english: "same sex"),
                    Level(id: "different", chinese: "性别不同", english: "different sex")]
        case .ethnicity:
            return [missing, Level(id: "same", chinese: "民族相同", english: "same ethnicity"),
                    Level(id: "different", chinese: "民族不同", english: "different ethnicity")]
        case .certificate:
            return [missing, Level(id: "same", chinese: "资格证号相同", english: "same qualification certificate"),
                    Level(id: "different", chinese: "资格证号不同", english: "different qualification certificates")]
        case .phone:
            return [missing, Level(id: "same", chinese: "电话相同", english: "same phone"),
                    Level(id: "different", chinese: "电话不同", english: "different phones")]
        case .school:
            return [missing, Level(id: "same_school", chinese: "同一学校", english: "same school"),
                    Level(id: "same_county", chinese: "同一县区", english: "same county"),
                    Level(id: "different", chinese: "不同学校", english: "different schools")]
        case .hireDate:
            return [missing, Level(id: "same_month", chinese: "参加工作年月相同", english: "same hire month"),
                    Level(id: "same_year", chinese: "参加工作同年", english: "same hire year"),
                    Level(id: "different", chinese: "参加工作年月不同", english: "different hire dates")]
        }
    }
}

/// The level of every comparison for one pair, 4 bits each.
public struct ComparisonVector: Hashable, Sendable {
    public let packed: UInt64

    init(packed: UInt64) { self.packed = packed }

    init(_ levels: [UInt8]) {
        var packed: UInt64 = 0
        for (index, level) in levels.enumerated() { packed |= UInt64(level) << (4 * index) }
        self.packed = packed
    }

    public subscript(_ comparison: Comparison) -> Int { Int((packed >> (4 * comparison.rawValue)) & 0xF) }
}
