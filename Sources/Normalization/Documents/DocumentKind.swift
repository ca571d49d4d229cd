/// The kinds of identity document a teacher's record can carry (domain §4).
public enum DocumentKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// 居民身份证, GB 11643-1999 (18 digits, or the old 15).
    case resident = "resident"
    /// 港澳台居民居住证: the resident-ID layout with region 810000/820000/830000.
    case residencePermit = "residence-permit"
    /// 外国人永久居留身份证: 2023 (18 digits starting with 9) or 2017 (3 letters + 12 digits).
    case foreignPermanent = "foreign-permanent"
    /// 港澳居民来往内地通行证: H or M + 8 digits.
    case hkMacauPermit = "hk-macau-permit"
    /// 台湾居民来往大陆通行证: 8 digits.
    case taiwanPermit = "taiwan-permit"
    /// Passports, Chinese or foreign: upper-case letters and digits.
    case passport = "passport"
    /// Any other document the template names (军官证, 户口簿 …), compared as text.
    case other = "other"

    public var label: String {
        switch self {
        case .resident: "居民身份证"
        case .residencePermit: "港澳台居民居住证"
        case .foreignPermanent: "外国人永久居留身份证"
        case .hkMacauPermit: "港澳居民来往内地通行证"
        case .taiwanPermit: "台湾居民来往大陆通行证"
        case .passport: "护照"
        case .other: "其他证件"
        }
    }

    /// The 身份证件类型 code of the national template (`Data/codes/document-types.csv`) a document of this kind is
    /// submitted under: a residence permit under 1 (it has the resident-ID layout and no code of its own), a Hong Kong
    /// permit (H…) under 6 and a Macau one (M…) under 7, a kind the registry does not tell apart under Z.
    public func nationalCode(number: String) -> String {
        switch self {
        case .resident, .residencePermit: "1"
        case .hkMacauPermit: number.uppercased().hasPrefix("M") ? "7" : "6"
        case .taiwanPermit: "8"
        case .foreignPermanent: "9"
        case .passport: "A"
        case .other: "Z"
        }
    }
}
