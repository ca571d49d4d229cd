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
        let base = fileName.split(separator: "/").last.map(String.init) ?? fileName
        let stem = base.contains(".") ? String(base[..<base.lastIndex(of: ".")!]) : base
        let parts = stem.split(separator: "_", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0].count == 10, parts[0].allSatisfy(\.isASCII), parts[0].allSatisfy(\.isNumber) else {
            return nil
        }
        schoolCode = parts[0]
        schoolName = parts[1]
        template = parts[2]
    }

    /// Why the school code cannot be right, or nil.
    public var codeProblem: String? {
        let type = String(schoolCode.prefix(2)), province = Int(schoolCode.dropFirst(2).prefix(2)) ?? 0
        if !Self.schoolTypes.contains(type) { return "学校类型代码\(type)不存在" }
        if !ProvinceCodes.standard.contains(province) { return "省份代码\(String(schoolCode.dropFirst(2).prefix(2)))不存在" }
        return nil
    }
}
