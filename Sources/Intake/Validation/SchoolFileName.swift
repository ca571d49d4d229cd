import Foundation
import Normalization

/// `10位学校标识码_学校名称_模板名称.xlsx`: the name schools must keep.
public struct SchoolFileName: Sendable, Equatable {
    public let schoolCode: String
    public let schoolName: String
    public let template: String

    /// School-type codes (学校(机构)代码管理办法): the first two digits.
    public static let schoolTypes: Set<String> = ["11", "21", "22", "31", "32", "33", "34", "35", "36", "37", "41", "42", "51",
                                                  "91", "92", "93"]

    /// Parses a file name; nil when it does not have the three parts.
    public init?(_ fileName: String) {
        // The file's own name: the last of a path (`folder/name.xlsx`) or of a label inside a ZIP (`county.zip › name.xlsx`).
        let entry = fileName.components(separatedBy: " › ").last ?? fileName
        let base = entry.split(separator: "/").last.map(String.init) ?? entry
        let stem = base.contains(".") ? String(base[..<base.lastIndex(of: ".")!]) : base
        let parts = stem.split(separator: "_", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0].count == 10, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber) else {
            return nil
        }
        schoolCode = parts[0]
        schoolName = parts[1]
        template = parts[2]
    }

    /// The national template kinds and the school types each serves.
    public static let templateKinds: [(kind: String, schoolTypes: Set<String>)] = [
        ("幼儿园", ["11"]),
        ("中小学", ["21", "22", "31", "32", "33", "34", "35", "37"]),
        ("中职", ["36", "93"]),
        ("特教", ["51"]),
        ("高校", ["41", "42", "91", "92"]),
    ]

    /// The template kind the name's third part names (中小学, 中职, 特教, 幼儿园, 高校).
    public var templateKind: String? {
        Self.templateKinds.first { template.contains($0.kind) }?.kind
    }

    /// Why the template does not fit the school type, or nil.
    public var templateProblem: String? {
        guard let kind = templateKind, let entry = Self.templateKinds.first(where: { $0.kind == kind }) else {
            return "模板名称“\(template)”不是中小学、中职、特教、幼儿园或高校模板"
        }
        let type = String(schoolCode.prefix(2))
        return entry.schoolTypes.contains(type) ? nil : "学校类型\(type)不应使用\(kind)模板"
    }

    /// Why the school code cannot be right, or nil.
    public var codeProblem: String? { Self.problem(ofSchoolCode: schoolCode) }

    /// Why `code` cannot be a 学校标识码 (ten ASCII digits: school type, province, …), or nil.
    public static func problem(ofSchoolCode code: String) -> String? {
        let digits = Array(code.utf8)
        guard digits.count == 10, digits.allSatisfy({ (48...57).contains($0) }) else { return "学校标识码应为10位数字" }
        let type = String(decoding: digits[0..<2], as: UTF8.self), provinceText = String(decoding: digits[2..<4], as: UTF8.self)
        if !schoolTypes.contains(type) { return "学校类型代码\(type)不存在" }
        if !ProvinceCodes.standard.contains(Int(provinceText) ?? 0) { return "省份代码\(provinceText)不存在" }
        return nil
    }
}
