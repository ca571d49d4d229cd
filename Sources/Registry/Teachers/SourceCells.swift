import Foundation
import Normalization

/// A submitted row's cells as stored in `source_record.raw` and
/// `review_item.raw`, as received: one JSON array of the cells in the fixed
/// order of `SourceCells.order`, an absent cell as `null`. The same row
/// always has the same text and hash. A row with other template cells
/// (`TeacherField`) carries them after the cells, as one object by field key. Registries written before
/// `v8-compact-storage` held one object per row (keys sorted); the
/// migration rewrote them, and such text still reads.
enum SourceCells {
    /// The cells of the stored array, in order. Never reorder: append.
    static let order = ["record_id", "school_code", "county_code", "name", "former_name", "gender", "birth_date",
                        "id_type", "id_number", "ethnicity", "cert_number", "phone", "hire_date"]

    /// The object form written before the array: keys sorted, absent cells left out.
    struct Keyed: Decodable {
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

        var cells: [String?] {
            [record_id, school_code, county_code, name, former_name, gender, birth_date, id_type, id_number, ethnicity,
             cert_number, phone, hire_date]
        }
    }

    /// The cells of either stored form, in `order`; nil when the text is neither.
    static func decode(_ text: String) -> [String?]? { decodeWithRecord(text)?.cells }

    /// The cells, and the template's other cells by field key (`TeacherField`) when the row had any: the array's
    /// element after the cells, an object.
    static func decodeWithRecord(_ text: String) -> (cells: [String?], record: [String: String])? {
        let data = Data(text.utf8)
        if text.hasPrefix("[") {
            if let cells = try? JSONDecoder().decode([String?].self, from: data) {
                guard cells.count == order.count, cells[0] != nil, cells[3] != nil else { return nil }
                return (cells, [:])
            }
            guard let items = try? JSONSerialization.jsonObject(with: data) as? [Any], items.count == order.count + 1,
                  let record = items[order.count] as? [String: String] else { return nil }
            let cells = items.prefix(order.count).map { $0 as? String }
            guard cells[0] != nil, cells[3] != nil else { return nil }
            return (cells, record)
        }
        return (try? JSONDecoder().decode(Keyed.self, from: data)).map { ($0.cells, [:]) }
    }
}

extension TeacherCells {
    /// The row as stored: a JSON array of its cells in `SourceCells.order`.
    /// Written by hand: Foundation's encoder costs more than the rest of a
    /// registration, and an object repeats thirteen keys on every row (more
    /// than half of the text).
    public var sourceJSON: String {
        let i = identity
        let cells: [String?] = [recordID, schoolCode, countyCode, i.name, i.formerName, i.gender, i.birthDate, i.documentType,
                                i.documentNumber, ethnicity, certNumber, phone, hireDate]
        var output = "["
        output.reserveCapacity(160)
        for (index, value) in cells.enumerated() {
            if index > 0 { output += "," }
            if let value { JSONText.quote(value, into: &output) } else { output += "null" }
        }
        if !record.isEmpty { output += "," + TeacherRecordValues.json(record) }
        return output + "]"
    }

    /// A row back from its stored text (either form); nil when the text is not such a row.
    public init?(sourceJSON text: String) {
        guard let (c, record) = SourceCells.decodeWithRecord(text), let recordID = c[0], let name = c[3] else { return nil }
        self.init(recordID: recordID, schoolCode: c[1], countyCode: c[2],
                  identity: IdentityCells(name: name, formerName: c[4], gender: c[5], birthDate: c[6], documentType: c[7],
                                          documentNumber: c[8]),
                  ethnicity: c[9], certNumber: c[10], phone: c[11], hireDate: c[12])
        self.record = record
    }
}
