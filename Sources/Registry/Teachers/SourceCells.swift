import Foundation
import Normalization

/// A submitted row's cells as stored in `source_record.raw` and
/// `review_item.raw`: every cell the matcher and the registry read, as
/// received, in a stable JSON form (sorted keys) so that the same row always
/// has the same text and hash.
struct SourceCells: Codable, Equatable {
    var record_id: String
    var school_code: String?
    var county_code: String?
    var name: String
    var former_name: String?
    var gender: String?
    var birth_date: String?
    var id_type: String?
    var id_number: String?
    var ethnicity: String?
    var cert_number: String?
    var phone: String?
    var hire_date: String?
}

extension TeacherCells {
    /// The row as stored: stable JSON of every cell.
    public var sourceJSON: String {
        let i = identity
        let cells = SourceCells(record_id: recordID, school_code: schoolCode, county_code: countyCode, name: i.name,
                                former_name: i.formerName, gender: i.gender, birth_date: i.birthDate, id_type: i.documentType,
                                id_number: i.documentNumber, ethnicity: ethnicity, cert_number: certNumber, phone: phone,
                                hire_date: hireDate)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(cells), as: UTF8.self)
    }

    /// A row back from its stored JSON; nil when the text is not such a row.
    public init?(sourceJSON text: String) {
        guard let cells = try? JSONDecoder().decode(SourceCells.self, from: Data(text.utf8)) else { return nil }
        self.init(recordID: cells.record_id, schoolCode: cells.school_code, countyCode: cells.county_code,
                  identity: IdentityCells(name: cells.name, formerName: cells.former_name, gender: cells.gender,
                                          birthDate: cells.birth_date, documentType: cells.id_type, documentNumber: cells.id_number),
                  ethnicity: cells.ethnicity, certNumber: cells.cert_number, phone: cells.phone, hireDate: cells.hire_date)
    }
}
