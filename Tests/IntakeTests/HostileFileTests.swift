import Normalization
import Foundation
import Testing
import ZIPFoundation
@testable import Intake

/// Files built to exhaust the machine: every limit holds on the bytes
/// actually read, whatever the headers declare, for CSV and ZIP alike.
@Suite struct HostileFileTests {
    static func zip(_ entries: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    /// The archive with every declared uncompressed size set to `declared`: the headers lie.
    static func lying(_ data: Data, declared: UInt32) -> Data {
        var bytes = [UInt8](data)
        func put(_ offset: Int) {
            for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: declared >> (8 * index)) }
        }
        var index = 0
        while index + 46 <= bytes.count {
            let signature = UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24
            if signature == 0x0403_4B50 { put(index + 22) }  // local header
            if signature == 0x0201_4B50 { put(index + 24) }  // central directory
            index += 1
        }
        return Data(bytes)
    }

    func temporary(_ data: Data, _ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID())-\(name)")
        try data.write(to: url)
        return url
    }

    @Test func aZipWhoseHeadersUnderstateAHugeCellIsRefusedWhileInflating() throws {
        let csv = Data(("record_id,name,id_number\nR1," + String(repeating: "张", count: 3_000_000) + ",360102850307001\n").utf8)
        let url = try temporary(Self.lying(try Self.zip([("2136010102_育才小学_中小学教职工基本信息.csv", csv)]), declared: 4_000),
                                "county.zip")
        defer { try? FileManager.default.removeItem(at: url) }
        // Its directory looks harmless, so it opens; reading the entry stops at the real ratio.
        let batch = try TeacherFiles.open(url)
        do {
            _ = try batch.entries[0].read()
            Issue.record("a lying bomb was read")
        } catch let error as IntakeError {
            #expect(error.reason.english.contains("zip bomb") || error.reason.english.contains("limit"), "\(error)")
        }
    }

    @Test func aCSVCellLongerThanTheLimitIsRefusedAsItIsRead() throws {
        var generator = SystemRandomNumberGenerator()
        // Random digits: no compression trick, only length.
        let cell = String((0..<200_000).map { _ in Character(String(UInt8.random(in: 0...9, using: &generator))) })
        let csv = Data("record_id,name,id_number\nR1,\(cell),360102850307001\n".utf8)
        for (name, data) in [("teachers.csv", csv), ("county.zip", try Self.zip([("teachers.csv", csv)]))] {
            let url = try temporary(data, name)
            defer { try? FileManager.default.removeItem(at: url) }
            do {
                _ = try TeacherFiles.read(contentsOf: url)
                Issue.record("\(name): a 200,000-character cell was read")
            } catch let error as IntakeError {
                #expect(error.reason.english.contains("longer than 32767"), "\(name): \(error)")
                #expect(error.location == .line(2) || error.text.english.contains("line 2"), "\(name): \(error)")
            }
        }
    }

    @Test func aCSVWithMoreColumnsOrRowsThanTheLimitsIsRefused() throws {
        let wide = Data(((0...600).map { "c\($0)" }.joined(separator: ",") + "\n").utf8)
        let url = try temporary(wide, "wide.csv")
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: IntakeError.self) { try TeacherFiles.read(contentsOf: url) }

        // Read whole, a CSV has at most `maximumRows`; read from disk a run at a time (memory independent of its
        // length), at most `maximumStreamedRows`.
        var limits = IntakeLimits()
        limits.maximumRows = 10
        let long = Data(("record_id,name\n" + (0..<11).map { "R\($0),張偉\n" }.joined()).utf8)
        let rows = try temporary(long, "rows.csv")
        defer { try? FileManager.default.removeItem(at: rows) }
        #expect(throws: CSVTable.ReadError.self) { try CSVTable.parse(String(decoding: long, as: UTF8.self), file: "rows.csv", limits: limits) }
        var streamed = 0
        try TeacherFiles.open(rows, limits: limits).entries[0].streams?[0].read(rows: 100) { streamed += $0.rows.count }
        #expect(streamed == 11)
        limits.maximumStreamedRows = 10
        do {
            _ = try TeacherFiles.open(rows, limits: limits).entries[0].streams?[0].read(rows: 100) { _ in }
            Issue.record("11 rows were streamed under a limit of 10")
        } catch let error as IntakeError {
            #expect(error.reason.english.contains("more than 10 rows") && error.location == .line(12), "\(error)")
        }
    }

    @Test func everyFileNeedsTheIdentityColumnsAndCellsNeitherTooLongNorFormulas() throws {
        let validator = try TemplateValidator()
        let onlyNames = try CSVTable.parse("姓名\n张伟\n李娜\n", file: "2136010102_育才小学_中小学教职工基本信息.csv")
        let missing = validator.validate(onlyNames).filter { $0.rule == .missingColumn }.map(\.column)
        #expect(Set(missing) == ["性别", "出生日期", "身份证件类型", "身份证件号"])

        let hostile = try CSVTable.parse("""
            姓名,性别,出生日期,身份证件类型,身份证件号,联系电话
            =HYPERLINK("http://example.invalid"),男,1985-03-07,1,360102850307001,+8613912345678
            \(String(repeating: "阿", count: 60)),男,1985-03-07,1,360102850307001,13912345678
            @SUM(1),男,1985-03-07,1,360102850307001,-1
            """, file: "teachers.csv")
        let found = validator.validate(hostile)
        #expect(found.contains { $0.rule == .formulaStart && $0.row == 2 && $0.column == "姓名" })
        #expect(!found.contains { $0.rule == .formulaStart && $0.row == 2 && $0.column == "联系电话" })
        #expect(found.contains { $0.rule == .tooLong && $0.row == 3 })
        #expect(found.contains { $0.rule == .formulaStart && $0.row == 4 && $0.column == "姓名" })
        #expect(found.contains { $0.rule == .formulaStart && $0.row == 4 && $0.column == "联系电话" })
        #expect(found.filter { $0.rule.severity == .error }.allSatisfy { $0.row >= 2 })
    }
}
