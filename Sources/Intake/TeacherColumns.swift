import Foundation
import Normalization

/// Where a teacher table's columns are, by the English names of the
/// matching contract or the national template's Chinese headers (`*`
/// marks and spaces ignored). Only the name column is required.
public struct TeacherColumns: Sendable {
    public enum Field: String, CaseIterable, Sendable {
        case recordID = "record_id", schoolCode = "school_code", schoolName = "school_name", countyCode = "county_code"
        case name, formerName = "former_name", gender, birthDate = "birth_date", documentType = "id_type"
        case documentNumber = "id_number", ethnicity, certificate = "cert_number", phone, hireDate = "hire_date"

        /// Headers that name this field.
        var headers: [String] {
            switch self {
            case .recordID: ["record_id"]
            case .schoolCode: ["school_code", "学校标识码", "学校代码"]
            case .schoolName: ["school_name", "学校名称"]
            case .countyCode: ["county_code", "县区代码", "所在县区代码", "行政区划代码"]
            case .name: ["name", "姓名"]
            case .formerName: ["former_name", "曾用名"]
            case .gender: ["gender", "性别"]
            case .birthDate: ["birth_date", "出生日期"]
            case .documentType: ["id_type", "身份证件类型"]
            case .documentNumber: ["id_number", "身份证件号", "身份证件号码", "身份证号", "身份证号码"]
            case .ethnicity: ["ethnicity", "民族"]
            case .certificate: ["cert_number", "教师资格证号码", "教师资格证书号码", "资格证书编号"]
            case .phone: ["phone", "联系电话", "手机号码", "电话"]
            case .hireDate: ["hire_date", "参加工作年月"]
            }
        }
    }

    public struct MissingColumn: Error, CustomStringConvertible {
        public let file: String
        public var text: Text { .noNameColumn(file) }
        public var description: String { text.chinese }
    }

    private let positions: [Field: Int]
    /// Where the header has the columns of the field table (`TeacherField`).
    private let recordPositions: [(key: String, index: Int)]
    /// The school of rows without a 学校标识码 cell: the file name's.
    public var defaultSchool: String?

    public init(header: [String], file: String) throws {
        let cleaned = header.map { $0.replacingOccurrences(of: "*", with: "").filter { !$0.isWhitespace }.lowercased() }
        var positions: [Field: Int] = [:]
        for field in Field.allCases {
            if let index = cleaned.firstIndex(where: field.headers.contains) { positions[field] = index }
        }
        guard positions[.name] != nil else { throw MissingColumn(file: file) }
        self.positions = positions
        var seen = Set<String>(), record: [(String, Int)] = []
        for (index, text) in header.enumerated() {
            if let field = TeacherField.field(header: text), seen.insert(field.key).inserted { record.append((field.key, index)) }
        }
        recordPositions = record
    }

    public func has(_ field: Field) -> Bool { positions[field] != nil }

    /// The template's Chinese header for a column of the matching contract's English headers (`id_number` → 身份证件号),
    /// for pages that name a file's columns to officers; nil for any other header.
    public static func chineseHeader(for header: String) -> String? {
        let cleaned = header.trimmingCharacters(in: .whitespaces).lowercased()
        guard let field = Field.allCases.first(where: { $0.rawValue == cleaned }) else { return nil }
        return field.headers.first { $0.unicodeScalars.contains { $0.value >= 0x4E00 } }
    }

    public func cell(_ field: Field, of row: [String]) -> String? {
        guard let index = positions[field], index < row.count else { return nil }
        return row[index]
    }

    /// The row's cells; without a record_id column, `fallbackID` (the row number).
    public func cells(of row: [String], fallbackID: String) -> TeacherCells {
        var cells = TeacherCells(
            recordID: cell(.recordID, of: row).flatMap { $0.isEmpty ? nil : $0 } ?? fallbackID,
            schoolCode: cell(.schoolCode, of: row).flatMap { $0.isBlank ? nil : $0 } ?? defaultSchool, countyCode: cell(.countyCode, of: row),
            identity: identityCells(of: row),
            ethnicity: cell(.ethnicity, of: row), certNumber: cell(.certificate, of: row),
            phone: cell(.phone, of: row), hireDate: cell(.hireDate, of: row))
        for (key, index) in recordPositions where index < row.count {
            let text = row[index].trimmingWhitespace()
            if !text.isEmpty { cells.record[key] = text }
        }
        return cells
    }

    public func identityCells(of row: [String]) -> IdentityCells {
        IdentityCells(name: cell(.name, of: row) ?? "", formerName: cell(.formerName, of: row),
                      gender: cell(.gender, of: row), birthDate: cell(.birthDate, of: row),
                      documentType: cell(.documentType, of: row), documentNumber: cell(.documentNumber, of: row))
    }
}
