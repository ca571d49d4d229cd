import Foundation
import GRDB
import Matching
import Testing
@testable import Registry

/// What a file in parts would hold for as long as it takes (its teachers,
/// their keys) goes to disk beside the registry, and is found there as it
/// would have been in memory.
extension FileInPartsTests {
    /// A directory of its own, removed afterwards; `body` is given its path.
    func inTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spill-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        return try body(directory.path)
    }

    @Test func pendingKeysOnDiskGiveTheHoldersAndTheOrderOfPendingKeysInMemory() throws {
        try inTemporaryDirectory { directory in
            var onDisk = PendingKeys(spillingBeside: directory, from: 2_000)
            var inMemory = PendingKeys()
            var generator = SystemRandomNumberGenerator()
            var teacher: Int64 = 0
            for _ in 0..<12 {
                var part: [(key: Int64, teacher: Int64)] = []
                for _ in 0..<1_000 {
                    teacher += 1
                    // Some keys held by many (a common name and birth year), the rest at random over 32 bits, negative ones too.
                    for key in [Int64(generator.next() % 50 == 0 ? -12_345 : 7), Int64(Int32(truncatingIfNeeded: generator.next()))] {
                        part.append((key, teacher))
                    }
                }
                try onDisk.add(part)
                try inMemory.add(part)
            }
            #expect(onDisk.runsOnDisk >= 1)
            #expect(onDisk.count == 24_000)
            let pairs = try inMemory.sortedPairs()
            #expect(try onDisk.sortedPairs().elementsEqual(pairs, by: { $0 == $1 }))
            for key in Set(pairs.map(\.key)).prefix(3_000) + [-12_345, 7, 8] {
                #expect(try onDisk.holders(of: key) == inMemory.holders(of: key))
            }
            // Each file was unlinked as soon as it was made: nothing is left to clean up, even by a killed process.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
        }
    }

    @Test func teachersOfSealedPartsAreReadBackFromDiskAsTheyWereRegistered() throws {
        let registry = try TemporaryRegistry()
        let id = ResidentIDNumberFixture.valid(region: 110101, birth: 19_850_315, sequence: 12)
        // The check character mistyped: the record carries the valid numbers one typing error away.
        let typo = String(id.dropLast()) + (id.last == "1" ? "2" : "1")
        let rows = [row("欧阳娜娜", gender: "2", birth: "1985-03-15", id: typo, line: 2), row("阿依古丽·吐尔逊", gender: "2", line: 3),
                    row("𠮷田", birth: "1979-12-01", line: 4)]
        let comparables = registry.registrar.prepare(rows.map(\.cells)).comparables
        #expect(!comparables[0].suggestionWords.isEmpty)
        try inTemporaryDirectory { directory in
            let teachers = FileTeachers()
            // Ids with a gap (another file's teacher in between), sealed in two parts.
            teachers.add(.init(id: 40, number: "3600000000401", comparable: comparables[0]), keys: [1, 2])
            teachers.add(.init(id: 41, number: "3600000000412", comparable: comparables[1]), keys: [2])
            try teachers.seal(spillingBeside: directory)
            teachers.add(.init(id: 43, number: "3600000000433", comparable: comparables[2]), keys: [2, 3])
            try teachers.seal(spillingBeside: directory)
            let sealed: [Int64: [Int64]] = [1: [40], 2: [40, 41, 43], 3: [43]]
            #expect(try teachers.holders(of: 2, cap: 5, sealedHolders: { sealed[$0] ?? [] }) == [40, 41, 43])
            let read = try [40, 41, 43].map { try teachers.teacher($0) }
            #expect(read.map(\.id) == [40, 41, 43])
            #expect(read.map(\.number) == ["3600000000401", "3600000000412", "3600000000433"])
            #expect(read.map(\.comparable) == comparables)
            #expect(try teachers.holders(of: 2, cap: 2, sealedHolders: { sealed[$0] ?? [] }).isEmpty)
            // The part being registered is found in memory, after the sealed ones.
            teachers.add(.init(id: 44, number: "3600000000444", comparable: comparables[1]), keys: [3])
            #expect(try teachers.holders(of: 3, cap: 5, sealedHolders: { sealed[$0] ?? [] }) == [43, 44])
            #expect(try teachers.teacher(44).number == "3600000000444")
        }
    }

    @Test func aFileInPartsWithItsKeysOnDiskRegistersWhatItWouldWithThemInMemory() throws {
        let id = ResidentIDNumberFixture.valid(region: 360102, birth: 19_800_101, sequence: 3)
        let typo = String(id.dropLast()) + (id.last == "1" ? "2" : "1")
        let oldForm = String(id.prefix(6)) + String(id.dropFirst(8).prefix(9))
        let parts = [
            [row("张伟", birth: "1980-01-01", id: typo, line: 2), row("买买提·艾力", birth: "1979-05-01", line: 3),
             row("李静", gender: "2", birth: "1990-08-12", line: 4)],
            [row("張偉", birth: "1980-01-01", id: oldForm, line: 5), row("𠀀明", gender: "2", birth: "1992-02-29", line: 6)],
            [row("买买提・艾力", birth: "1979-05-01", phone: "13800000000", line: 7), row("张伟", birth: "1980-01-01", id: id, line: 8),
             row("李静", gender: "2", birth: "1990-08-12", phone: "13900000000", line: 9)],
        ]
        func registered(pendingPairsInMemory: Int) throws -> (numbers: [[String?]], keys: [[Int64]]) {
            let registry = try TemporaryRegistry()
            let numbers = try registry.database.group(pendingPairsInMemory: pendingPairsInMemory) { group in
                try #require(try registerInParts(parts, registry: registry, in: group))
            }
            let keys = try registry.database.read { reader in
                try Row.fetchAll(reader.db, sql: "SELECT key, teacher_id FROM match_key ORDER BY key, teacher_id").map { [$0[0], $0[1]] as [Int64] }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: registry.directory.path).allSatisfy { !$0.hasPrefix(".teacher-registry") })
            return (numbers, keys)
        }
        let onDisk = try registered(pendingPairsInMemory: 4)
        let inMemory = try registered(pendingPairsInMemory: Int.max)
        // Numbers are drawn at random: the same rows share a number in both, or none does.
        func people(_ numbers: [[String?]]) -> [Int?] {
            let all = Array(numbers.joined())
            return all.map { number in number.flatMap { number in all.firstIndex(of: number) } }
        }
        #expect(people(onDisk.numbers) == people(inMemory.numbers))
        #expect(onDisk.keys == inMemory.keys && !onDisk.keys.isEmpty)
        // The later parts found the teachers of the first on disk: one number for each person.
        let numbers = onDisk.numbers
        #expect(numbers[1][0] != nil && numbers[1][0] == numbers[0][0] && numbers[2][1] == numbers[0][0])
        #expect(numbers[2][0] == numbers[0][1] && numbers[2][2] == numbers[0][2])
        #expect(Set(numbers.joined().compactMap { $0 }).count == 4)
    }
}

extension FileInPartsTests {
    @Test func aFileInPartsThatCannotWriteBesideTheRegistryIsRefusedWholeAndStoresNothing() throws {
        let registry = try TemporaryRegistry()
        let parts = [[row("张伟", birth: "1980-01-01", line: 2), row("買買提·艾力", birth: "1979-05-01", line: 3)],
                     [row("𠀀明", gender: "2", birth: "1992-02-29", line: 4)]]
        let missing = registry.directory.appendingPathComponent("removed").path
        // The first part is registered; sealing it needs a file where there is no directory.
        #expect {
            try registry.database.group(pendingPairsInMemory: 4, spillDirectory: missing) { group in
                try registerInParts(parts, registry: registry, in: group)
            }
        } throws: { error in
            "\(error)".contains("could not create a temporary file beside the registry in \(missing)")
        }
        try registry.database.read { (reader: RegistryReader) throws -> Void in
            #expect(try reader.teacherCount() == 0)
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM import_batch") == 0)
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM match_key") == 0)
        }
        // The same file, once it can be written, registers in full.
        let numbers = try registry.database.group { group in try registerInParts(parts, registry: registry, in: group) }
        #expect(numbers?.joined().allSatisfy { $0 != nil } == true)
        #expect(try registry.database.read { try $0.teacherCount() } == 3)
    }
}
