import Benchmark
import Foundation
import Intake
import Matching
import Normalization
import ZIPFoundation

/// Read + validate throughput of school files: a 100,000-row workbook written
/// the way Excel writes it (shared strings) and the same rows as CSV.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .peakMemoryResident],
        timeUnits: .milliseconds,
        maxDuration: .seconds(30),
        maxIterations: 5
    )

    Benchmark("Read + validate .xlsx, 100k rows") { benchmark, fixture in
        for _ in benchmark.scaledIterations {
            let tables = try TeacherFiles.read(contentsOf: fixture.workbook)
            blackHole(tables.flatMap(fixture.validator.validate).count)
        }
    } setup: {
        try Fixture(rows: 100_000)
    }

    Benchmark("Read + validate CSV, 100k rows") { benchmark, fixture in
        for _ in benchmark.scaledIterations {
            let tables = try TeacherFiles.read(contentsOf: fixture.csv)
            blackHole(tables.flatMap(fixture.validator.validate).count)
        }
    } setup: {
        try Fixture(rows: 100_000)
    }
}

struct Fixture: Sendable {
    let workbook: URL
    let csv: URL
    let validator: TemplateValidator

    static let header = ["*姓名", "曾用名", "*性别", "*国籍/地区", "*身份证件类型", "*身份证件号", "*出生日期", "*民族", "*政治面貌",
                         "*参加工作年月", "*进本校年月", "*是否在编", "*用人形式", "*人员状态"]

    init(rows count: Int) throws {
        validator = try TemplateValidator()
        let data = SyntheticTeachers(count: count, seed: 17)
        let rows: [[String]] = data.rows.map { row in
            let i = row.cells.identity
            return [i.name, i.formerName ?? "", i.gender ?? "", "156-中国", i.documentType ?? "1", i.documentNumber ?? "",
                    i.birthDate ?? "", "01-汉族", "13-群众", "2008-09", "2012-09", "1-是", "", "11-在职"]
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("intake-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        csv = directory.appendingPathComponent("2136010102_学校_中小学.csv")
        var text = Self.header.joined(separator: ",") + "\n"
        for row in rows { text += row.joined(separator: ",") + "\n" }
        try text.write(to: csv, atomically: true, encoding: .utf8)
        workbook = directory.appendingPathComponent("2136010102_学校_中小学.xlsx")
        try Self.writeWorkbook(rows: [Self.header] + rows, to: workbook)
    }

    /// A minimal package as Excel lays it out: workbook, relationships, shared strings, one sheet.
    static func writeWorkbook(rows: [[String]], to url: URL) throws {
        var strings: [String] = [], index: [String: Int] = [:]
        var sheet = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
        for (r, row) in rows.enumerated() {
            sheet += "<row r=\"\(r + 1)\">"
            for (c, value) in row.enumerated() where !value.isEmpty {
                let id = index[value] ?? { strings.append(value); index[value] = strings.count - 1; return strings.count - 1 }()
                sheet += "<c r=\"\(column(c))\(r + 1)\" t=\"s\"><v>\(id)</v></c>"
            }
            sheet += "</row>"
        }
        sheet += "</sheetData></worksheet>"
        var shared = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        for string in strings { shared += "<si><t>\(string.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;"))</t></si>" }
        shared += "</sst>"
        let parts: [(String, String)] = [
            ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"),
            ("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
            ("xl/sharedStrings.xml", shared),
            ("xl/worksheets/sheet1.xml", sheet),
        ]
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in parts {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    static func column(_ index: Int) -> String {
        var value = index + 1, text = ""
        while value > 0 { text = String(UnicodeScalar(65 + (value - 1) % 26)!) + text; value = (value - 1) / 26 }
        return text
    }
}
