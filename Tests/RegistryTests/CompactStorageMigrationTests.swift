import Foundation
import GRDB
import Matching
import Normalization
import Testing
@testable import Registry

/// A registry written before `v8-compact-storage` (numbers with a rowid,
/// 64-bit blocking keys, source rows as objects) keeps every fact and keeps
/// recognising its teachers once migrated.
@Suite struct CompactStorageMigrationTests {
    let cells = TeacherCells(recordID: "R7", schoolCode: "2136010102", countyCode: "360102",
                             identity: IdentityCells(name: "買買提·艾力", formerName: "", gender: "男", birthDate: "1979/5/1",
                                                     documentType: "1", documentNumber: "650102197905010037"),
                             ethnicity: "05-维吾尔族", certNumber: "", phone: nil, hireDate: "2001-9")
    /// The row as the object form stored it: keys sorted, absent cells left out.
    let objectForm = #"{"birth_date":"1979/5/1","cert_number":"","county_code":"360102","ethnicity":"05-维吾尔族","former_name":"","gender":"男","hire_date":"2001-9","id_number":"650102197905010037","id_type":"1","name":"買買提·艾力","record_id":"R7","school_code":"2136010102"}"#

    @Test func aRegistryWrittenBeforeTheCompactFormsKeepsFindingItsTeachers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("registry.sqlite").path
        let number = TeacherNumber(province: 36, permuted: 4_242_424).text
        let record = MatchRecord.normalizeAll([cells], normalizer: try IdentityNormalizer.standard())[0]
        let keys = PairMatcher.blockingKeys(record)
        #expect(!keys.isEmpty && keys.allSatisfy { Int64(Int32.min)...Int64(Int32.max) ~= $0 })

        // The registry as the previous migrations left it, with one teacher.
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v7-change-requests")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO teacher (id, number, name, name_key, gender, birth_date) VALUES (1, ?, '买买提·艾力', '买买提艾力', '1', '1979-05-01');
                INSERT INTO teacher_number (number, teacher_id, issued_at) VALUES (?, 1, '2026-01-05T02:00:00.000Z');
                INSERT INTO document (teacher_id, kind, number, current) VALUES (1, 'resident', '650102197905010037', 1);
                INSERT INTO school (code, county_code) VALUES ('2136010102', '360102');
                INSERT INTO source_record (teacher_id, file, row, raw, received_at, submitted_by, row_hash)
                    VALUES (1, '育才小学.xlsx', 5, ?, '2026-01-05T02:00:00.000Z', 'clerk', ?);
                INSERT INTO review_item (row_hash, raw, file, row, candidates, created_at, created_by)
                    VALUES (?, ?, '育才小学.xlsx', 6, ?, '2026-01-05T02:00:00.000Z', 'clerk');
                """, arguments: [number, number, objectForm, SourceRow.hash(of: objectForm), SourceRow.hash(of: objectForm), objectForm, number])
            // 64-bit keys whose low 32 bits are today's keys.
            for key in keys {
                try db.execute(sql: "INSERT INTO match_key (key, teacher_id) VALUES (?, 1)",
                               arguments: [Int64(bitPattern: 0x7F3A_0000_0000_0000 | UInt64(UInt32(truncatingIfNeeded: key)))])
            }
        }
        try queue.close()

        let database = try RegistryDatabase(path: path)
        try database.initialise(province: 36)
        try database.read { (reader: RegistryReader) throws -> Void in
            let db = reader.db
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            #expect(try Int64.fetchAll(db, sql: "SELECT key FROM match_key ORDER BY key") == keys.sorted())
            #expect(Set(try Registrar.candidateIDs(keys, reader: reader)) == [1])
            #expect(try String.fetchOne(db, sql: "SELECT raw FROM source_record") == cells.sourceJSON)
            #expect(try String.fetchOne(db, sql: "SELECT row_hash FROM review_item") == SourceRow.hash(of: cells.sourceJSON))
            #expect(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE name = 'teacher_number'")?.contains("WITHOUT ROWID") == true)
            #expect(try reader.teacher(number: number)?.id == 1)
        }
        // Numbers still can be neither deleted nor reassigned.
        #expect(throws: (any Error).self) {
            try database.change(TemporaryRegistry.clerk) { try $0.db.execute(sql: "DELETE FROM teacher_number") }
        }
        #expect(throws: (any Error).self) {
            try database.change(TemporaryRegistry.clerk) { try $0.db.execute(sql: "UPDATE teacher_number SET number = '3600000000000'") }
        }

        // The same row submitted again is recognised as the row stored before the migration.
        let registrar = Registrar(database: database, normalizer: try IdentityNormalizer.standard())
        let again = try registrar.registerBatch([cells], sources: [SourceRow(file: "育才小学.xlsx", row: 5, raw: cells.sourceJSON)],
                                                actor: TemporaryRegistry.clerk)
        #expect(again == [.existing(try TeacherNumber(validating: number, provinces: [36]), evidence: "the same row as before")])
        #expect(try database.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM teacher") } == 1)
    }
}
