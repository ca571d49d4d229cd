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
    /// The row as stored: stable JSON of every cell, keys sorted, absent
    /// cells left out (what `JSONEncoder` with `.sortedKeys` writes of `SourceCells`).
    public var sourceJSON: String {
        let i = identity
        let cells: [(String, String?)] = [
            ("birth_date", i.birthDate), ("cert_number", certNumber), ("county_code", countyCode), ("ethnicity", ethnicity),
            ("former_name", i.formerName), ("gender", i.gender), ("hire_date", hireDate), ("id_number", i.documentNumber),
            ("id_type", i.documentType), ("name", i.name), ("phone", phone), ("record_id", recordID), ("school_code", schoolCode),
        ]
        var output = "{"
        output.reserveCapacity(320)
        for (key, value) in cells {
            guard let value else { continue }
            if output.utf8.count > 1 { output += "," }
            output += "\"" + key + "\":"
            JSONText.quote(value, into: &output)
        }
        return output + "}"
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
