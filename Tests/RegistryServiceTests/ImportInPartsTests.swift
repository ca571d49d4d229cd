import Foundation
import GRDB
import Intake
import Normalization
@testable import Registry
import RegistryService
import Testing

/// A table registered a part at a time gives what it gives registered whole.
@Suite struct ImportInPartsTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/samples")
    static let clerk = Actor(user: "county-clerk", role: "county")

    /// A registry in a temporary SQLite file, removed when released.
    final class Registry {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("import-in-parts-\(UUID())")
        let database: RegistryDatabase
        let pipeline: ImportPipeline

        init(partRows: Int) throws {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            database = try RegistryDatabase(path: directory.appendingPathComponent("registry.sqlite").path)
            try database.initialise(province: 36)
            var pipeline = ImportPipeline(registrar: Registrar(database: database, normalizer: try IdentityNormalizer.standard()),
                                          validator: try TemplateValidator())
            pipeline.partRows = partRows
            self.pipeline = pipeline
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        func importFile(_ url: URL, partial: Bool = true, limits: IntakeLimits = .standard,
                        progress: ((String, Int, Int) -> Void)? = nil) throws -> ImportPipeline.Result {
            try pipeline.run(TeacherFiles.open(url, limits: limits), actor: ImportInPartsTests.clerk, partial: partial, progress: progress)
        }

        /// The registered rows (by file and row) grouped by teacher (numbers are drawn at random: two
        /// registries give one person different numbers); and the rows waiting for review.
        func rowsByTeacher() throws -> (teachers: Set<Set<String>>, review: Int) {
            try database.read { reader in
                let rows = try Row.fetchAll(reader.db, sql: "SELECT file, row, teacher_id FROM source_record")
                let teachers = Dictionary(grouping: rows, by: { $0["teacher_id"] as Int64 })
                    .values.map { Set($0.map { "\($0["file"] as String)#\($0["row"] as Int)" }) }
                return (Set(teachers), try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM review_item WHERE resolved_at IS NULL") ?? 0)
            }
        }
    }

    func counts(_ result: ImportPipeline.Result) -> [String] {
        result.files.map { "\($0.file) \($0.state) \($0.validRows) \($0.newNumbers) \($0.attached) \($0.queuedForReview)" }
    }

    @Test func aCountyFileWithKnownDuplicatesInPartsGroupsItsRowsIntoTheTeachersItDoesWhole() throws {
        // 2,000 rows of 1,752 people: traditional characters, 15-digit IDs, typos; parts of 150 rows split many of them.
        let file = Self.samples.appendingPathComponent("county/teachers.csv")
        let whole = try Registry(partRows: 1_000_000), inParts = try Registry(partRows: 150)
        let wholeResult = try whole.importFile(file), partsResult = try inParts.importFile(file)
        #expect(wholeResult.files.first?.newNumbers ?? 0 > 1_500)
        #expect(counts(partsResult) == counts(wholeResult))
        let expected = try whole.rowsByTeacher(), found = try inParts.rowsByTeacher()
        #expect(expected.teachers.count == wholeResult.files.first?.newNumbers)
        #expect(found.teachers.symmetricDifference(expected.teachers).isEmpty)
        #expect(found.review == expected.review)
        #expect(try inParts.database.integrityProblems().isEmpty)
    }

    @Test func aCountyZIPOfSchoolWorkbooksInPartsGroupsItsRowsAsItDoesWhole() throws {
        // Each school's workbook is registered in parts of three rows, between the group's commits.
        let zip = Self.samples.appendingPathComponent("county-upload.zip")
        let whole = try Registry(partRows: 1_000_000), inParts = try Registry(partRows: 3)
        _ = try whole.importFile(Self.samples.appendingPathComponent("county/teachers.csv"))
        _ = try inParts.importFile(Self.samples.appendingPathComponent("county/teachers.csv"))
        let wholeResult = try whole.importFile(zip), partsResult = try inParts.importFile(zip)
        #expect(wholeResult.files.contains { $0.state == .imported && $0.validRows > 3 })
        #expect(counts(partsResult) == counts(wholeResult))
        #expect(partsResult.files.map(\.missing) == wholeResult.files.map(\.missing))
        #expect(try inParts.rowsByTeacher().teachers.symmetricDifference(whole.rowsByTeacher().teachers).isEmpty)
    }

    @Test func theSameFileInPartsImportedAgainChangesNothing() throws {
        let file = Self.samples.appendingPathComponent("county/teachers.csv")
        let registry = try Registry(partRows: 400)
        let first = try registry.importFile(file)
        let before = try registry.rowsByTeacher()
        let again = try registry.importFile(file)
        #expect(first.files.first?.state == .imported)
        #expect(again.files.first?.state == .unchanged)
        #expect(try registry.rowsByTeacher().teachers == before.teachers)
    }

    func problemPlaces(_ result: ImportPipeline.Result) -> [String] {
        result.problems.map { "\($0.file) \($0.row) \($0.column) \($0.rule.id)" }
    }

    @Test func aLargeCSVWithErrorsInLaterPartsIsRefusedWholeWithTheProblemsFoundWholeAndStoresNothing() throws {
        // Read twice a part of 150 rows at a time, never whole: its errors are spread over all its parts.
        let file = Self.samples.appendingPathComponent("county/teachers.csv")
        let whole = try Registry(partRows: 1_000_000), inParts = try Registry(partRows: 150)
        let wholeResult = try whole.importFile(file, partial: false), partsResult = try inParts.importFile(file, partial: false)
        #expect(partsResult.files.map(\.state) == [.rejected])
        #expect(partsResult.files.first?.reason == wholeResult.files.first?.reason)
        #expect(partsResult.files.first?.validRows == wholeResult.files.first?.validRows)
        #expect(partsResult.problems.contains { $0.row > 1_900 })
        #expect(problemPlaces(partsResult) == problemPlaces(wholeResult))
        #expect(try inParts.rowsByTeacher().teachers.isEmpty)
    }

    @Test func aLargeCSVThatChangesWhileItIsRegisteredIsRolledBackAndSaysSo() throws {
        let registry = try Registry(partRows: 150)
        let copy = registry.directory.appendingPathComponent("teachers.csv")
        try FileManager.default.copyItem(at: Self.samples.appendingPathComponent("county/teachers.csv"), to: copy)
        var changed = false
        var checked: [Int] = []
        // Read from disk 4 KB at a time, the end of the file is read after its first part is registered.
        var limits = IntakeLimits()
        limits.csvBlockBytes = 4_096
        let result = try registry.importFile(copy, limits: limits) { label, done, total in
            // The first reading tells the rows checked (no total yet).
            guard total > 0 else {
                #expect(label == "checking teachers.csv")
                checked.append(done)
                return
            }
            // Once the first part is being registered, a digit near the end of the file is overwritten in place.
            guard !changed, let handle = try? FileHandle(forUpdating: copy), let size = try? handle.seekToEnd() else { return }
            changed = true
            try? handle.seek(toOffset: size - 2)
            let byte = (try? handle.read(upToCount: 1))?.first ?? 0
            try? handle.seek(toOffset: size - 2)
            try? handle.write(contentsOf: [byte == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")])
            try? handle.close()
        }
        #expect(changed)
        #expect(checked.last == 2_000 && checked == checked.sorted())
        #expect(result.files.map(\.state) == [.rejected])
        #expect(result.files.first?.reason?.contains("导入过程中文件被改动") == true)
        #expect(try registry.rowsByTeacher().teachers.isEmpty)
        #expect(try registry.database.integrityProblems().isEmpty)
        // Nothing of it was stored, so the file as it now is imports.
        #expect(try registry.importFile(copy).files.map(\.state) == [.imported])
    }

    @Test func aSchoolWorkbookReadAndRegisteredARowAtATimeGivesWhatItGivesWhole() throws {
        // Its sheet is read twice, a row at a time, and each row registered as a part of its own.
        let workbook = Self.samples.appendingPathComponent("2136010102_南昌市育才小学_中小学教职工基本信息.xlsx")
        let whole = try Registry(partRows: 1_000_000), inParts = try Registry(partRows: 1)
        for registry in [whole, inParts] { _ = try registry.importFile(Self.samples.appendingPathComponent("county/teachers.csv")) }
        let wholeResult = try whole.importFile(workbook), partsResult = try inParts.importFile(workbook)
        #expect(wholeResult.files.first?.state == .imported)
        #expect(counts(partsResult) == counts(wholeResult))
        #expect(problemPlaces(partsResult) == problemPlaces(wholeResult))
        #expect(partsResult.files.map(\.missing) == wholeResult.files.map(\.missing))
        #expect(try inParts.rowsByTeacher().teachers.symmetricDifference(whole.rowsByTeacher().teachers).isEmpty)
    }
}
