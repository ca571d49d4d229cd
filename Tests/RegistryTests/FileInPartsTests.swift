import Foundation
import GRDB
import Normalization
import Testing
@testable import Registry

/// A large file registered a part at a time: one transaction, the parts
/// finding each other's teachers, all or nothing.
@Suite struct FileInPartsTests {
    static let school = "2136010102"

    func row(_ name: String, gender: String = "1", birth: String? = nil, id: String? = nil, phone: String? = nil,
             line: Int) -> (cells: TeacherCells, source: SourceRow) {
        let cells = TeacherCells(recordID: "r\(line)", schoolCode: Self.school, identity: IdentityCells(
            name: name, gender: gender, birthDate: birth, documentType: id == nil ? nil : "1", documentNumber: id), phone: phone)
        return (cells, SourceRow(file: "全省教师.csv", row: line, raw: cells.sourceJSON))
    }

    func record(rows: Int, hash: String = "全省教师") -> ImportBatchRecord {
        ImportBatchRecord(file: "全省教师.csv", contentHash: hash, school: nil, county: "360102", higherEducation: false, rows: rows)
    }

    /// Registers `parts` as one file in parts; the outcomes' numbers, part by part.
    func registerInParts(_ parts: [[(cells: TeacherCells, source: SourceRow)]], registry: TemporaryRegistry,
                         in group: ChangeGroup, hash: String = "全省教师") throws -> [[String?]]? {
        let file = Registrar.FileInParts(batch: record(rows: parts.joined().count, hash: hash), rows: parts.joined().count)
        return try group.changeInParts {
            var numbers: [[String?]] = []
            for part in parts {
                guard let outcomes = try registry.registrar.registerPart(part.map(\.cells), sources: part.map(\.source),
                                                                         actor: TemporaryRegistry.clerk, of: file, in: group)
                else { return nil }
                numbers.append(outcomes.map(\.number))
            }
            return numbers
        }
    }

    @Test func rowsOfOnePersonInDifferentPartsGetOneNumber() throws {
        let registry = try TemporaryRegistry()
        let id = ResidentIDNumberFixture.valid(region: 360102, birth: 19_800_101, sequence: 3)
        // The old 15-digit form of the same number: no century, no check character.
        let oldForm = String(id.prefix(6)) + String(id.dropFirst(8).prefix(9))
        let uyghur = ResidentIDNumberFixture.valid(region: 650102, birth: 19_790_501, sequence: 5)
        let parts = [
            [row("张伟", birth: "1980-01-01", id: id, line: 2), row("买买提·艾力", birth: "1979-05-01", id: uyghur, line: 3)],
            // 張偉 by his old ID; the Uyghur teacher without an ID, his name with another middle dot.
            [row("張偉", birth: "1980-01-01", id: oldForm, line: 4), row("𠀀明", gender: "2", birth: "1992-02-29", line: 5)],
            [row("买买提・艾力", birth: "1979-05-01", phone: "13800000000", line: 6)],
        ]
        let numbers = try registry.database.group { group in try registerInParts(parts, registry: registry, in: group) }
        let found = try #require(numbers)
        #expect(found[1][0] != nil && found[1][0] == found[0][0])
        #expect(found[2][0] != nil && found[2][0] == found[0][1])
        #expect(found[1][1] != nil && found[1][1] != found[0][0] && found[1][1] != found[0][1])
        try registry.database.read { (reader: RegistryReader) throws -> Void in
            #expect(try reader.teacherCount() == 3)
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM source_record") == 5)
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM import_batch") == 1)
            // Every new teacher's keys were written when the file committed.
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(DISTINCT teacher_id) FROM match_key") == 3)
        }
    }

    @Test func aFailingLaterPartUndoesTheWholeFileAndTheGroupGoesOn() throws {
        let registry = try TemporaryRegistry()
        let before = row("王芳", gender: "2", birth: "1987-11-02", line: 2)
        let parts = [
            [row("张伟", birth: "1980-01-01", line: 2), row("买买提·艾力", birth: "1979-05-01", line: 3)],
            // The last part has a row without a name: refused after two parts were registered.
            [row("李静", gender: "2", birth: "1990-08-12", line: 4), row("", line: 5)],
        ]
        var refusal: RegistryError?
        try registry.database.group { (group: ChangeGroup) throws -> Void in
            _ = try registry.registrar.registerBatch([before.cells], sources: [before.source], actor: TemporaryRegistry.clerk,
                                                     batch: record(rows: 1, hash: "王芳"), in: group)
            do { _ = try registerInParts(parts, registry: registry, in: group) } catch let error as RegistryError { refusal = error }
            #expect(try group.read { try $0.teacherCount() } == 1)
            // The same file corrected registers in full: the store is writable and the import was not recorded.
            let corrected = [parts[0], [parts[1][0], row("周杰", birth: "1985-06-15", line: 5)]]
            let numbers = try #require(try registerInParts(corrected, registry: registry, in: group))
            #expect(numbers.joined().allSatisfy { $0 != nil })
        }
        #expect(refusal?.message.contains("no name") == true)
        try registry.database.read { (reader: RegistryReader) throws -> Void in
            #expect(try reader.teacherCount() == 5)
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM import_batch") == 2)
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(DISTINCT teacher_id) FROM match_key") == 5)
            #expect(Set(try String.fetchAll(reader.db, sql: "SELECT number FROM teacher")).count == 5)
            #expect(try String.fetchOne(reader.db, sql: "PRAGMA integrity_check") == "ok")
        }
    }

    @Test func theSameFileInPartsAgainRegistersNothing() throws {
        let registry = try TemporaryRegistry()
        let parts = [[row("张伟", birth: "1980-01-01", line: 2)], [row("買買提·艾力", birth: "1979-05-01", line: 3)]]
        let first = try registry.database.group { group in try registerInParts(parts, registry: registry, in: group) }
        let second = try registry.database.group { group in try registerInParts(parts, registry: registry, in: group) }
        #expect(first?.joined().count == 2)
        #expect(second == nil)
        #expect(try registry.database.read { try $0.teacherCount() } == 2)
    }

    @Test func pendingKeysGiveEachKeysHoldersInIdOrderAcrossRuns() throws {
        var keys = PendingKeys()
        // Keys span the 32-bit range, negative ones included; the teachers of a key arrive in several runs.
        let added: [[(key: Int64, teacher: Int64)]] = [
            [(-5, 1), (Int64(Int32.min), 1), (7, 1)],
            [(7, 2), (-5, 2)],
            [(Int64(Int32.max), 3), (-5, 3), (0, 3)],
            [(7, 4)],
            [(-5, 5), (0, 5)],
        ]
        for run in added { try keys.add(run) }
        #expect(keys.count == 11)
        #expect(try keys.holders(of: -5) == [1, 2, 3, 5])
        #expect(try keys.holders(of: 7) == [1, 2, 4])
        #expect(try keys.holders(of: 0) == [3, 5])
        #expect(try keys.holders(of: Int64(Int32.min)) == [1])
        #expect(try keys.holders(of: Int64(Int32.max)) == [3])
        #expect(try keys.holders(of: 8).isEmpty)
        let pairs = try keys.sortedPairs()
        #expect(pairs.map(\.key) == pairs.map(\.key).sorted())
        #expect(pairs.count == 11 && pairs.first! == (Int64(Int32.min), 1) && pairs.last! == (Int64(Int32.max), 3))
    }

    @Test func aKeySharingItsFilterBitWithAPendingKeyIsStillHeldByNoOne() throws {
        var keys = PendingKeys()
        let step = Int64(1) << PendingKeys.maximumFilterBits
        try keys.add([(5, 1), (-3, 2)])
        #expect(try keys.holders(of: 5) == [1])
        #expect(try keys.holders(of: -3) == [2])
        // Same low bits (the filter's bits are at most these), other keys: the filter lets them through, the runs say no one holds them.
        #expect(try keys.holders(of: 5 + step).isEmpty)
        #expect(try keys.holders(of: -3 - step).isEmpty)
        #expect(try keys.holders(of: 6).isEmpty)
        #expect(try PendingKeys().holders(of: 5).isEmpty)
    }

    @Test func pendingKeysOfAProvinceSizedPartAreFoundInTheirBucketsAsByASearchOfEveryPair() throws {
        // Runs large enough to be bucketed by their top bits; keys drawn at random over 32 bits, some shared.
        var keys = PendingKeys()
        var generator = SystemRandomNumberGenerator()
        var expected: [Int64: [Int64]] = [:]
        var teacher: Int64 = 0
        for _ in 0..<6 {
            var part: [(key: Int64, teacher: Int64)] = []
            for _ in 0..<20_000 {
                teacher += 1
                for _ in 0..<3 {
                    let key = Int64(Int32(truncatingIfNeeded: generator.next() % 40_000 == 0 ? 12_345 : generator.next()))
                    part.append((key, teacher))
                    expected[key, default: []].append(teacher)
                }
            }
            try keys.add(part)
        }
        for (key, holders) in expected.prefix(5_000) { #expect(try keys.holders(of: key) == holders.sorted()) }
        #expect(try keys.holders(of: 12_345) == expected[12_345, default: []].sorted())
        for _ in 0..<2_000 {
            let key = Int64(Int32(truncatingIfNeeded: generator.next()))
            #expect(try keys.holders(of: key) == expected[key, default: []].sorted())
        }
    }
}
