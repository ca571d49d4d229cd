import Foundation
import Normalization

/// Where the identity columns are in a table, by English name or by the
/// national template's Chinese header (`*` marks and spaces ignored).
public struct IdentityColumns: Sendable {
    public let recordID: Int?
    public let schoolCode: Int?
    public let name: Int
    public let formerName: Int?
    public let gender: Int?
    public let birthDate: Int?
    public let documentType: Int?
    public let documentNumber: Int?

    static let aliases: [String: [String]] = [
        "record_id": ["record_id"],
        "school_code": ["school_code", "学校标识码"],
        "name": ["name", "姓名"],
        "former_name": ["former_name", "曾用名"],
        "gender": ["gender", "性别"],
        "birth_date": ["birth_date", "出生日期"],
        "id_type": ["id_type", "身份证件类型"],
        "id_number": ["id_number", "身份证件号", "身份证件号码", "身份证号", "身份证号码"],
    ]

    public struct MissingColumn: Error, CustomStringConvertible {
        public let file: String
        public var description: String { "\(file): the header has no name column (name or 姓名)" }
    }

    public init(header: [String], file: String) throws {
        let cleaned = header.map { $0.replacingOccurrences(of: "*", with: "").filter { !$0.isWhitespace }.lowercased() }
        func column(_ field: String) -> Int? { cleaned.firstIndex { Self.aliases[field]!.contains($0) } }
        guard let name = column("name") else { throw MissingColumn(file: file) }
        self.name = name
        recordID = column("record_id")
        schoolCode = column("school_code")
        formerName = column("former_name")
        gender = column("gender")
        birthDate = column("birth_date")
        documentType = column("id_type")
        documentNumber = column("id_number")
    }

    public func cells(of row: [String]) -> IdentityCells {
        func cell(_ index: Int?) -> String? { index.flatMap { $0 < row.count ? row[$0] : nil } }
        return IdentityCells(name: cell(name) ?? "", formerName: cell(formerName), gender: cell(gender),
                             birthDate: cell(birthDate), documentType: cell(documentType),
                             documentNumber: cell(documentNumber))
    }
}
