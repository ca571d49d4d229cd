import Foundation
import Testing
@testable import Intake
import Normalization

/// A seeded random harness over the file readers: the samples in `Data/`
/// (a CSV, a GBK CSV, a workbook, a county ZIP) with bytes flipped, runs
/// inserted, deleted and repeated, cut short. Every mutant is read (and
/// checked when it reads) to an answer or a clear error: nothing traps.
@Suite struct ReaderFuzzTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/samples")

    static let insertions: [[UInt8]] = [[0x22], [0x2C], [0x0A], [0x0D], [0x00], [0xFF, 0xFE], [0xE4, 0xB8], [0xEF, 0xBB, 0xBF], Array("\"\"".utf8),
                                        Array("=1+1".utf8), Array("<x>".utf8), Array("&#0;".utf8), [0x50, 0x4B, 0x03, 0x04]]

    static func mutate(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...8, using: &random) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: bytes[at] ^= UInt8.random(in: 1...255, using: &random)
            case 1: bytes.insert(contentsOf: insertions.randomElement(using: &random) ?? [], at: at)
            case 2: bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...64, using: &random)))
            case 3: bytes = Array(bytes.prefix(at))
            case 4:
                let end = min(bytes.count, at + Int.random(in: 1...32, using: &random))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            default: bytes[at] = 0x30 + UInt8.random(in: 0...9, using: &random)
            }
        }
        return bytes
    }

    func readEverything(_ url: URL, validator: TemplateValidator) {
        do {
            let batch = try TeacherFiles.open(url)
            for entry in batch.entries {
                do {
                    for table in try entry.read() { _ = validator.validate(table) }
                    for stream in entry.streams ?? [] { try stream.read(rows: 7) { _ = validator.validate($0) } }
                } catch is IntakeError {}
            }
        } catch is IntakeError {
        } catch {
            // Any other error is an answer too; only a trap would fail (and end) the run.
        }
    }

    @Test(arguments: ["county/teachers.csv", "county-upload/2136010102_南昌市育才小学_GBK.csv",
                      "2136010102_南昌市育才小学_中小学教职工基本信息.xlsx", "county-upload.zip"])
    func mutatedSamplesAreReadOrRefusedNeverTrap(_ sample: String) throws {
        let original = [UInt8](try Data(contentsOf: Self.samples.appendingPathComponent(sample)))
        // Large samples: their first 64 KB (the header, rows, and for an archive its first entries) and their end.
        let source = original.count > 200_000 && !sample.hasSuffix(".zip") && !sample.hasSuffix(".xlsx") ? Array(original.prefix(65_536)) : original
        let validator = try TemplateValidator()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var random = SplitMix64(seed: UInt64(truncatingIfNeeded: sample.utf8.reduce(20_261_207) { $0 &* 31 &+ Int($1) }))
        let rounds = sample.hasSuffix(".csv") ? 150 : 60
        for round in 0..<rounds {
            let url = directory.appendingPathComponent("\(round)-" + (sample.split(separator: "/").last.map(String.init) ?? sample))
            try Data(Self.mutate(source, &random)).write(to: url)
            readEverything(url, validator: validator)
            try? FileManager.default.removeItem(at: url)
        }
    }

    /// The sample school directory, mutated, read as a directory: rows typed or refused with their rules, or the file refused.
    @Test func mutatedSchoolDirectoriesAreReadOrRefusedNeverTrap() throws {
        let source = [UInt8](try Data(contentsOf: Self.samples.appendingPathComponent("schools/学校名录.csv")))
        let reader = SchoolDirectory(province: 36, regions: try RegionTable.shipped())
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-schools-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var random = SplitMix64(seed: 2_026_120_736)
        var taken = 0
        for round in 0..<200 {
            let url = directory.appendingPathComponent("\(round)-学校名录.csv")
            try Data(Self.mutate(source, &random)).write(to: url)
            if let reading = try? reader.read(url) {
                taken += reading.entries.count
                #expect(reading.entries.allSatisfy { $0.school.code.utf8.count == 10 && ($0.school.students ?? 0) <= 200_000 })
            }
        }
        #expect(taken > 0)
    }

    /// Sub-set rows (年度考核), mutated: typed or refused with their rules, never a trap.
    @Test func mutatedSubsetFilesAreReadOrRefusedNeverTrap() throws {
        let text = "姓名,身份证件号,教师编号,考核年度,考核结果,考核单位名称\n李秀英,360102680405002,,2024年度,1-优秀,南昌市育才小学\n"
            + "阿依古丽·买买提,,3640241620142,2025,合格,\n陳建國,\(ResidentIDNumber(body: 360_102_1979_1123_011).fullNumber),,2023,称职,东湖区教育体育局\n"
        let source = [UInt8](text.utf8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fuzz-subsets-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var random = SplitMix64(seed: 2_026_120_737)
        var taken = 0
        for round in 0..<300 {
            let url = directory.appendingPathComponent("\(round)_年度考核.csv")
            try Data(Self.mutate(source, &random)).write(to: url)
            if let reading = try? SubsetFile.read(url) {
                taken += reading.rows.count
                #expect(reading.rows.allSatisfy { $0.values["year"].map { $0.utf8.count == 4 } ?? false })
            }
        }
        #expect(taken > 0)
    }
}
