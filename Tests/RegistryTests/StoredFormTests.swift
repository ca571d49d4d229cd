import Foundation
import Normalization
import Testing
@testable import Registry

/// The text forms the registry stores: rows must keep their hash across
/// versions, and history written by earlier versions must still read.
@Suite struct StoredFormTests {
    @Test func aRowIsStoredAsTheArrayOfItsCellsExactlyAsFoundationsEncoderWritesIt() throws {
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
        encoder.outputFormatting = [.withoutEscapingSlashes]
        for row in rows {
            let i = row.identity
            let cells: [String?] = [row.recordID, row.schoolCode, row.countyCode, i.name, i.formerName, i.gender, i.birthDate,
                                    i.documentType, i.documentNumber, row.ethnicity, row.certNumber, row.phone, row.hireDate]
            #expect(cells.count == SourceCells.order.count)
            #expect(row.sourceJSON == String(decoding: try encoder.encode(cells), as: UTF8.self))
            #expect(TeacherCells(sourceJSON: row.sourceJSON)?.sourceJSON == row.sourceJSON)
        }
    }

    @Test func aRowStoredAsAnObjectBeforeTheArrayStillReads() throws {
        let object = #"{"birth_date":"1979/5/1","county_code":"360102","id_number":"650102790501003","id_type":"1","name":"𠀀王","record_id":"R1"}"#
        let cells = try #require(TeacherCells(sourceJSON: object))
        #expect(cells.sourceJSON == #"["R1",null,"360102","𠀀王",null,null,"1979/5/1","1","650102790501003",null,null,null,null]"#)
        // Neither form: refused rather than guessed.
        #expect(TeacherCells(sourceJSON: #"["R1","𠀀王"]"#) == nil)
        #expect(TeacherCells(sourceJSON: "row 5") == nil)
    }

    @Test func historyReadsBothTheCompactFormAndTheObjectsWrittenBefore() throws {
        let changes = [FieldChange(field: "name", before: nil, after: "張\"偉\""), FieldChange(field: "phone", before: "1\n2", after: nil),
                       FieldChange(field: "former_name", before: nil, after: nil)]
        let compact = FieldChange.json(changes)
        #expect(compact == #"[["name","張\"偉\""],["phone","1\n2",null],["former_name",null,null]]"#)
        #expect(try JSONDecoder().decode([FieldChange].self, from: Data(compact.utf8)) == changes)
        let threeValues = #"[["name",null,"張\"偉\""],["phone","1\n2",null],["former_name",null,null]]"#
        #expect(try JSONDecoder().decode([FieldChange].self, from: Data(threeValues.utf8)) == changes)
        let older = #"[{"field":"name","before":null,"after":"張\"偉\""},{"field":"phone","before":"1\n2","after":null},{"field":"former_name"}]"#
        #expect(try JSONDecoder().decode([FieldChange].self, from: Data(older.utf8)) == changes)
    }
}
