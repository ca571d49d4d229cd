import Foundation
import GRDB
import Testing
@testable import Registry

/// The set lookups of a batch (its row hashes, its documents) find every
/// stored row once, however many values are asked and however they fall
/// into statements.
struct InListQueryTests {
    @Test func everyRowOfTheValuesAskedIsFoundOnceAcrossStatementsAndNoOtherRow() throws {
        let registry = try TemporaryRegistry()
        let stored = (0..<1_203).map { String(format: "%016llx", UInt64($0) &* 0x9E37_79B9_7F4A_7C15) } + ["", "𠮷田·阿依古丽"]
        try registry.database.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TEMP TABLE probe (value TEXT NOT NULL, teacher INTEGER NOT NULL)")
            for (index, value) in stored.enumerated() {
                try db.execute(sql: "INSERT INTO probe VALUES (?, ?)", arguments: [value, index])
            }
            // A value stored twice gives both rows.
            try db.execute(sql: "INSERT INTO probe VALUES (?, ?)", arguments: [stored[7], 9_999])
        }
        // Three statements' worth (the last one filled by repeating its last value), an empty text, a name outside the BMP,
        // and values stored nowhere.
        let asked = Array(stored[0..<1_100]) + ["", "𠮷田·阿依古丽", "ffffffffffffffff", "不存在"]
        #expect(asked.count > 2 * InListQuery.valuesPerStatement)
        var found: [(value: String, teacher: Int64)] = []
        try registry.database.writeWithoutTransaction { db in
            try InListQuery.forEach(db, values: asked.sorted(), sql: { "SELECT value, teacher FROM probe WHERE value IN (\($0))" }) {
                found.append(($0.text(0) ?? "<null>", $0.integer(1)))
            }
        }
        let expected: [String] = (0..<1_100).map { "\(stored[$0])#\($0)" } + ["\(stored[7])#9999", "#1203", "𠮷田·阿依古丽#1204"]
        #expect(found.count == expected.count)
        #expect(Set(found.map { "\($0.value)#\($0.teacher)" }) == Set(expected))
    }

    @Test func aLookupStoppedByAnErrorLeavesItsStatementReadyForTheNextBatch() throws {
        struct Stop: Error {}
        let registry = try TemporaryRegistry()
        let values = (0..<600).map { "校\($0)" }
        try registry.database.writeWithoutTransaction { db in
            try db.execute(sql: "CREATE TEMP TABLE probe (value TEXT NOT NULL)")
            for value in values { try db.execute(sql: "INSERT INTO probe VALUES (?)", arguments: [value]) }
            let sql: (String) -> String = { "SELECT value FROM probe WHERE value IN (\($0))" }
            var seen = 0
            #expect(throws: Stop.self) {
                try InListQuery.forEach(db, values: values, sql: sql) { _ in
                    seen += 1
                    if seen == 3 { throw Stop() }
                }
            }
            // The cached statement was reset on the way out: the next batch asks through it from the start.
            var found: [String] = []
            try InListQuery.forEach(db, values: values, sql: sql) { found.append($0.text(0) ?? "") }
            #expect(found.sorted() == values.sorted())
        }
    }

    @Test func noValuesAskNothing() throws {
        let registry = try TemporaryRegistry()
        var rows = 0
        try registry.database.writeWithoutTransaction { db in
            try InListQuery.forEach(db, values: [], sql: { "SELECT number FROM teacher WHERE number IN (\($0))" }) { _ in rows += 1 }
        }
        #expect(rows == 0)
    }
}
