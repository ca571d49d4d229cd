import Foundation
import Normalization
import Testing
@testable import Registry

/// The text forms the registry stores: rows must keep their hash across
/// versions, and history written by earlier versions must still read.
@Suite struct StoredFormTests {
    @Test func aRowIsStoredExactlyAsFoundationsSortedEncoderWritesIt() throws {
        let rows = [
            TeacherCells(recordID: "R1", schoolCode: "2136010102", countyCode: "360102",
                         identity: IdentityCells(name: "買買提·艾力", formerName: "", gender: "男", birthDate: "1979/5/1",
                                                 documentType: "1", documentNumber: "650102790501003"),
                         ethnicity: "05-维吾尔族", certNumber: "20193601", phone: "138 0000 0000", hireDate: "2001-9"),
            // Quotes, backslashes, control characters, a rare character outside the BMP, a slash.
            TeacherCells(recordID: "tab\there", schoolCode: nil,
                         identity: IdentityCells(name: "𠀀\"王\\五\u{1}\u{8}\u{C}\r\n/", gender: nil, birthDate: nil,
                                                 documentType: nil, documentNumber: nil)),
            TeacherCells(recordID: "", identity: IdentityCells(name: "")),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for row in rows {
            let i = row.identity
            let expected = SourceCells(record_id: row.recordID, school_code: row.schoolCode, county_code: row.countyCode, name: i.name,
                                       former_name: i.formerName, gender: i.gender, birth_date: i.birthDate, id_type: i.documentType,
                                       id_number: i.documentNumber, ethnicity: row.ethnicity, cert_number: row.certNumber,
                                       phone: row.phone, hire_date: row.hireDate)
            #expect(row.sourceJSON == String(decoding: try encoder.encode(expected), as: UTF8.self))
            #expect(TeacherCells(sourceJSON: row.sourceJSON)?.sourceJSON == row.sourceJSON)
        }
    }

    @Test func historyReadsBothTheCompactFormAndTheObjectsWrittenBefore() throws {
        let changes = [FieldChange(field: "name", before: nil, after: "張\"偉\""), FieldChange(field: "phone", before: "1\n2", after: nil)]
        let compact = FieldChange.json(changes)
        #expect(compact == #"[["name",null,"張\"偉\""],["phone","1\n2",null]]"#)
        #expect(try JSONDecoder().decode([FieldChange].self, from: Data(compact.utf8)) == changes)
        let older = #"[{"field":"name","before":null,"after":"張\"偉\""},{"field":"phone","before":"1\n2","after":null}]"#
        #expect(try JSONDecoder().decode([FieldChange].self, from: Data(older.utf8)) == changes)
    }
}
