import Normalization
import Foundation
import Testing
import ZIPFoundation
@testable import Intake

@Suite struct ReaderTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Data/samples")

    @Test func workbookHeaderBelowATitleRowIsFoundAndCellsKeepTheirColumns() throws {
        let url = Self.samples.appendingPathComponent("county-upload/3136010001_南昌市第一中学_中小学教职工基本信息.xlsx")
        let tables = try TeacherFiles.read(contentsOf: url)
        #expect(tables.count == 1)
        let table = tables[0]
        #expect(table.sheet == "基本信息")
        #expect(table.label.hasSuffix("› 基本信息"))
        #expect(table.header.first == "*姓名")
        #expect(table.rows.map(\.line) == [3, 4, 5, 6])  // as Excel shows them
        #expect(table.rows[0].cells[0] == "張偉")
        #expect(table.rows[3].cells[0] == "𠮷田")
        // An ID Excel stored as a number comes out as Excel wrote it, digits lost.
        #expect(table.rows[2].cells[5].uppercased().contains("E+17"))
        // A date stored as a number is its serial.
        #expect(table.rows[2].cells[3] == "31634")
    }

    @Test func gbkCSVIsDecoded() throws {
        let url = Self.samples.appendingPathComponent("county-upload/2136010102_南昌市育才小学_GBK.csv")
        #expect(String(data: try Data(contentsOf: url), encoding: .utf8) == nil)
        let table = try TeacherFiles.read(contentsOf: url)[0]
        #expect(table.rows.contains { $0.cells.contains("張偉") })
        #expect(try TextDecoding.decode(try Data(contentsOf: url), file: "x").encoding == .gb18030)
    }

    @Test func countyZipYieldsEveryWorkbookAndCSV() throws {
        let tables = try TeacherFiles.read(contentsOf: Self.samples.appendingPathComponent("county-upload.zip"))
        #expect(tables.count == 2)
        #expect(tables.allSatisfy { $0.file.hasPrefix("county-upload.zip › ") })
    }

    @Test func oldXLSFilesGetInstructionsToConvert() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("old-\(UUID()).xls")
        try Data([0xD0, 0xCF, 0x11, 0xE0]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try TeacherFiles.read(contentsOf: url)
            Issue.record("an .xls file was read")
        } catch let error as IntakeError {
            #expect(error.reason.english.contains(".xlsx"))
        }
    }

    // MARK: - Hostile files

    func zip(_ entries: [(String, Data)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data!
    }

    @Test func zipBombIsRefusedBeforeItInflates() throws {
        let bomb = try zip([("bomb.csv", Data(repeating: 0x30, count: 20_000_000))])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bomb-\(UUID()).zip")
        try bomb.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: IntakeError.self) { try TeacherFiles.read(contentsOf: url) }
        // Refused from the archive's directory, before any entry is read.
        #expect(throws: IntakeError.self) { try TeacherFiles.open(url) }
    }

    @Test func aZipWhoseEntriesTogetherInflateBeyondTheLimitIsRefusedBeforeAnyIsRead() throws {
        // Rows that do not compress like a bomb: each with its own number.
        var generator = SystemRandomNumberGenerator()
        let rows = Data(("record_id,name,phone\n" + (0..<2_000).map { "R\($0),張偉,1\(UInt32.random(in: 0...UInt32.max, using: &generator))\n" }
            .joined()).utf8)
        let data = try zip([("一小_中小学.csv", rows), ("二小_中小学.csv", rows)])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("county-\(UUID()).zip")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        var limits = IntakeLimits()
        limits.maximumTotalBytes = rows.count + rows.count / 2
        do {
            _ = try TeacherFiles.open(url, limits: limits)
            Issue.record("a batch above the total limit was opened")
        } catch let error as IntakeError {
            #expect(error.file == url.lastPathComponent && error.reason.english.contains("\(limits.maximumTotalBytes)"))
        }
        #expect(try TeacherFiles.open(url).entries.count == 2)
    }

    @Test func aCountyZipIsReadOneEntryAtATimeAndABrokenWorkbookDoesNotStopTheOthers() throws {
        let data = try zip([
            ("青山湖区/2136010102_南昌市育才小学_中小学教职工基本信息.csv", Data("record_id,name,id_number\nR1,張偉,360102850307001\n".utf8)),
            ("3136010001_南昌市第一中学_中小学教职工基本信息.xlsx", Data("PK this is not a workbook".utf8)),
            ("填报说明.docx", Data("ignored".utf8)),
        ])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("青山湖区-\(UUID()).zip")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let batch = try TeacherFiles.open(url)
        #expect(batch.entries.map(\.label) == [url.lastPathComponent + " › 青山湖区/2136010102_南昌市育才小学_中小学教职工基本信息.csv",
                                               url.lastPathComponent + " › 3136010001_南昌市第一中学_中小学教职工基本信息.xlsx"])
        do {
            _ = try batch.entries[1].read()
            Issue.record("a broken workbook was read")
        } catch let error as IntakeError {
            #expect(error.file == batch.entries[1].label)
        }
        let tables = try batch.entries[0].read()
        #expect(tables.count == 1 && tables[0].rows.first?.cells == ["R1", "張偉", "360102850307001"])
    }

    @Test func aBrokenCSVInACountyZipIsAnIntakeErrorNamingItsEntryAndLine() throws {
        let data = try zip([("2136010102_南昌市育才小学_中小学教职工基本信息.csv", Data("name,note\n張偉,ok\n李静,\"never closed\n".utf8))])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("broken-csv-\(UUID()).zip")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let batch = try TeacherFiles.open(url)
        do {
            _ = try batch.entries[0].read()
            Issue.record("a broken CSV was read")
        } catch let error as IntakeError {
            #expect(error.file == batch.entries[0].label)
            #expect(error.location == .line(3))
            #expect(error.reason.english.contains("never closed"))
        }
    }

    @Test func entriesThatWouldEscapeTheArchiveAreRefused() throws {
        let data = try zip([("../../etc/teachers.csv", Data("name\n张伟\n".utf8))])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("slip-\(UUID()).zip")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try TeacherFiles.read(contentsOf: url)
            Issue.record("a zip-slip entry was read")
        } catch let error as IntakeError {
            #expect(error.reason.english.contains("inside the archive"))
        }
    }

    @Test func workbookPartsWithADTDAreRefused() throws {
        let workbook = Data("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><workbook/>".utf8)
        let data = try zip([("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", Data("<Relationships/>".utf8))])
        #expect(throws: IntakeError.self) { try XLSXReader.read(data: data, name: "evil.xlsx") }
    }

    @Test func tooManyColumnsIsAClearError() throws {
        var limits = IntakeLimits()
        limits.maximumColumns = 3
        let sheet = Data("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>姓名</t></is></c><c r=\"E1\"><v>1</v></c></row></sheetData></worksheet>".utf8)
        let data = try zip([
            ("xl/workbook.xml", Data("<workbook><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>".utf8)),
            ("xl/_rels/workbook.xml.rels", Data("<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>".utf8)),
            ("xl/worksheets/sheet1.xml", sheet),
        ])
        do {
            _ = try XLSXReader.read(data: data, name: "wide.xlsx", limits: limits)
            Issue.record("a sheet over the column limit was read")
        } catch let error as IntakeError {
            #expect(error.reason.english.contains("columns"))
        }
    }

    @Test func sheetScannerHandlesPrefixesEntitiesCDATAAndEmptyStyledCells() throws {
        let sheet = """
            <?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>\
            <x:row r="1" spans="1:4"><x:c r="A1" t="inlineStr"><x:is><x:t>姓名</x:t></x:is></x:c><x:c r="D1" t="s"><x:v>0</x:v></x:c></x:row>\
            <x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t xml:space="preserve">李&amp;&#x4E00;&lt;</x:t><x:rPh><x:t>リ</x:t></x:rPh></x:is></x:c>\
            <x:c r="B2" s="3"/><x:c r="C2" t="b"><x:v>1</x:v></x:c><x:c r="D2" t="str"><x:v><![CDATA[a<b]]></x:v></x:c></x:row>\
            <x:row r="4"/></x:sheetData></x:worksheet>
            """
        let data = try zip([
            ("xl/workbook.xml", Data("<workbook><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>".utf8)),
            ("xl/_rels/workbook.xml.rels", Data("<Relationships><Relationship Id=\"rId1\" Target=\"/xl/worksheets/s.xml\"/></Relationships>".utf8)),
            ("xl/sharedStrings.xml", Data("<sst><si><r><t>出生</t></r><r><t>日期</t></r></si></sst>".utf8)),
            ("xl/worksheets/s.xml", Data(sheet.utf8)),
        ])
        let table = try XLSXReader.read(data: data, name: "prefixed.xlsx")[0]
        #expect(table.header == ["姓名", "", "", "出生日期"])
        #expect(table.rows.count == 1)  // the empty row 4 is left out
        #expect(table.rows[0].line == 2)
        #expect(table.rows[0].cells == ["李&一<", "", "TRUE", "a<b"])
    }

    @Test func aSheetCutIntoChunksAnywhereReadsAsTheWholeSheet() throws {
        // Tags, references, CDATA and a four-byte character (𠀀) are cut at every possible place.
        let sheet = Data("""
            <?xml version="1.0"?><worksheet><sheetData>\
            <row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证件号</t></is></c></row>\
            <row r="2"><c r="A2" t="inlineStr"><is><t>𠀀&amp;買買提·艾力&#x4E00;</t></is></c><c r="B2"><v>650102790501003</v></c></row>\
            <row r="3"><c r="A3" t="str"><v><![CDATA[王<五>]]></v></c><c r="B3" s="2"/><c r="C3" t="b"><v>0</v></c></row>\
            </sheetData></worksheet>
            """.utf8)
        let scanner = SheetScanner(shared: [], limits: .standard, file: "chunks.xlsx", sheet: "S")
        let whole = try scanner.rows(sheet)
        #expect(whole.map(\.cells) == [["姓名", "身份证件号"], ["𠀀&買買提·艾力一", "650102790501003"], ["王<五>", "", "FALSE"]])
        for size in 1...23 {
            var chunked = scanner
            var rows: [CSVTable.Row] = []
            for start in stride(from: 0, to: sheet.count, by: size) {
                try chunked.feed(sheet.subdata(in: start..<min(start + size, sheet.count))) { rows.append($0) }
            }
            try chunked.finish { rows.append($0) }
            #expect(rows.map(\.cells) == whole.map(\.cells), "chunks of \(size) bytes")
            #expect(rows.map(\.line) == [1, 2, 3])
        }
    }

    @Test func aSheetThatDeclaresADTDIsRefusedWhileStreaming() throws {
        let sheet = Data("<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x \"y\">]><worksheet><sheetData/></worksheet>".utf8)
        #expect(throws: IntakeError.self) { try SheetScanner(shared: [], limits: .standard, file: "evil.xlsx", sheet: "S").rows(sheet) }
    }
}
