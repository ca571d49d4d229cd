import Normalization
import Foundation
import Testing
@testable import Intake

/// A CSV read from disk a block and a run of rows at a time reads as it does whole.
@Suite struct CSVFileStreamTests {
    /// A file in a temporary folder, removed when released.
    final class TemporaryFile {
        let url: URL
        init(_ name: String, _ bytes: Data) throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("csv-stream-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            url = folder.appendingPathComponent(name)
            try bytes.write(to: url)
        }
        deinit { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
    }

    /// Every run read with blocks of `blockBytes`, and the runs' rows joined.
    func streamed(_ url: URL, blockBytes: Int, rows: Int) throws -> (runs: [CSVTable], rows: [CSVTable.Row]) {
        var stream = CSVFileStream(url: url)
        stream.blockBytes = blockBytes
        var runs: [CSVTable] = []
        try stream.read(rows: rows) { runs.append($0) }
        return (runs, runs.flatMap(\.rows))
    }

    func expectSameRows(_ a: [CSVTable.Row], _ b: [CSVTable.Row]) {
        #expect(a.map(\.line) == b.map(\.line))
        #expect(a.map(\.cells) == b.map(\.cells))
    }

    @Test func blocksCuttingQuotesLineBreaksAndCharactersGiveTheRowsOfTheWholeFile() throws {
        // A BOM, CRLF, a doubled quote last before a cut, a line break inside a cell, a blank line,
        // a name with a middle dot and a character outside the BMP: every block size cuts somewhere else.
        let text = "\u{FEFF}姓名,身份证件号,备注\r\n張偉,110105194912310021,\"他说\"\"好\"\"\"\r\n\r\n"
            + "阿依古丽·买买提,\"65010219800101002X\",\"多\n行\"\n𠮷田,110105491231002,x\n歐陽修,,\"\"\"\"\n"
        let file = try TemporaryFile("teachers.csv", Data(text.utf8))
        let whole = try TeacherFiles.read(contentsOf: file.url)[0]
        #expect(whole.rows.count == 4)
        for blockBytes in 1...12 {
            let (runs, rows) = try streamed(file.url, blockBytes: blockBytes, rows: 3)
            #expect(runs.map(\.rows.count) == [3, 1])
            #expect(runs.allSatisfy { $0.header == whole.header && $0.file == "teachers.csv" })
            expectSameRows(rows, whole.rows)
        }
    }

    @Test func aGBKFileIsDecodedAsItStreamsWhateverItsBlocksCut() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/samples")
        let url = samples.appendingPathComponent("county-upload/2136010102_南昌市育才小学_GBK.csv")
        let whole = try TeacherFiles.read(contentsOf: url)[0]
        for blockBytes in [1, 2, 3, 5, 64, 1 << 20] {
            let (runs, rows) = try streamed(url, blockBytes: blockBytes, rows: 4)
            #expect(runs.first?.header == whole.header)
            expectSameRows(rows, whole.rows)
        }
        #expect(whole.rows.contains { $0.cells.contains("張偉") })
    }

    @Test func aHeaderWithoutRowsIsOneEmptyRunAndAnEmptyFileHasNoHeader() throws {
        let header = try TemporaryFile("header.csv", Data("姓名,性别\n".utf8))
        let runs = try streamed(header.url, blockBytes: 4, rows: 10).runs
        #expect(runs.count == 1 && runs[0].rows.isEmpty && runs[0].header == ["姓名", "性别"])
        let empty = try TemporaryFile("empty.csv", Data())
        #expect(throws: IntakeError(file: "empty.csv", line: 1, .noHeaderRow)) {
            try streamed(empty.url, blockBytes: 4, rows: 10)
        }
    }

    @Test func bytesThatAreNotUTF8AfterAUTF8StartNameTheirLine() throws {
        var bytes = Data("姓名,备注\n張偉,ok\n李静,ok\n".utf8)
        bytes += Data([0xD5, 0xC5]) + Data(",gbk\n".utf8)  // 张 in GBK, in a file that began as UTF-8
        let file = try TemporaryFile("mixed.csv", bytes)
        do {
            _ = try streamed(file.url, blockBytes: 8, rows: 100)
            Issue.record("read a file mixing encodings")
        } catch let error as IntakeError {
            #expect(error.location == .line(4))
            #expect(error.reason.english.contains("UTF-8"))
        }
    }

    @Test func bytesInNeitherUTF8NorGB18030AreAnErrorNotReplacedCharacters() throws {
        // 张伟 in GBK on line 2, then bytes no encoding the file could be in has.
        let bytes = Data("name,note\n".utf8) + Data([0xD5, 0xC5, 0xCE, 0xB0]) + Data(",ok\n".utf8) + Data([0x81, 0x20, 0xFF]) + Data(",x\n".utf8)
        let file = try TemporaryFile("neither.csv", bytes)
        do {
            _ = try streamed(file.url, blockBytes: 4, rows: 100)
            Issue.record("read bytes in no encoding")
        } catch let error as IntakeError {
            #expect(error.file == "neither.csv")
            #expect(error.reason.english.contains("neither UTF-8 nor GB18030"))
        }
    }

    @Test func aQuoteNeverClosedNamesTheLineItOpensOn() throws {
        let file = try TemporaryFile("broken.csv", Data("name,note\n張偉,ok\n李静,\"never closed\nmore\n".utf8))
        do {
            _ = try streamed(file.url, blockBytes: 5, rows: 100)
            Issue.record("read a broken file")
        } catch let error as IntakeError {
            #expect(error.file == "broken.csv")
            #expect(error.location == .line(3))
        }
    }

    @Test func aWorkbookSheetReadInRunsGivesTheRowsOfTheWholeSheet() throws {
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/samples")
        // Title rows above the header, traditional characters and 𠮷 outside the BMP, an ID stored as a number.
        let url = samples.appendingPathComponent("county-upload/3136010001_南昌市第一中学_中小学教职工基本信息.xlsx")
        let whole = try TeacherFiles.read(contentsOf: url)
        let sheets = try XLSXSheetStream.sheets(of: url)
        #expect(sheets.map(\.sheet) == whole.map(\.sheet))
        for rows in [1, 3, 100] {
            var runs: [CSVTable] = []
            try sheets[0].read(rows: rows) { runs.append($0) }
            #expect(runs.allSatisfy { $0.header == whole[0].header && $0.label == whole[0].label })
            #expect(runs.count == (whole[0].rows.count + rows - 1) / rows)
            expectSameRows(runs.flatMap(\.rows), whole[0].rows)
        }
    }
}
