import Foundation
import Normalization
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the sheets of an .xlsx workbook (Office Open XML) as tables:
/// shared and inline strings, numbers (ID numbers Excel stored as numbers
/// come out as Excel wrote them, so the document check can say digits were
/// lost), booleans, dates as serial numbers, several sheets, a header row
/// below title rows. Each part is parsed as a stream of XML events; no DTD
/// or entity is accepted.
public enum XLSXReader {
    /// Tables of the sheets whose header names a teacher's name, in workbook order.
    public static func read(contentsOf url: URL, limits: IntakeLimits = .standard) throws -> [CSVTable] {
        var package = try ZipPackage(url: url, limits: limits)
        return try read(&package, limits: limits)
    }

    /// Tables of the sheets with a header row (below any title rows) holding a cell `isHeader` accepts,
    /// in workbook order; nil when no sheet has one. For lists other than teachers' (a school directory).
    public static func read(contentsOf url: URL, limits: IntakeLimits = .standard,
                            headerHolds isHeader: (String) -> Bool) throws -> [CSVTable] {
        var package = try ZipPackage(url: url, limits: limits)
        return try tables(&package, limits: limits, isHeader: isHeader)
    }

    public static func read(data: Data, name: String, limits: IntakeLimits = .standard) throws -> [CSVTable] {
        var package = try ZipPackage(data: data, name: name, limits: limits)
        return try read(&package, limits: limits)
    }

    static func read(_ package: inout ZipPackage, limits: IntakeLimits) throws -> [CSVTable] {
        let tables = try tables(&package, limits: limits, isHeader: isNameHeader)
        guard !tables.isEmpty else { throw noTeacherList(package.name) }
        return tables
    }

    /// The sheets whose header row (below any title rows) holds a cell `isHeader` accepts, read whole, in workbook order.
    static func tables(_ package: inout ZipPackage, limits: IntakeLimits, isHeader: (String) -> Bool) throws -> [CSVTable] {
        let sheets = try Self.sheets(&package)
        let shared = try sharedStrings(&package, limits: limits)
        var tables: [CSVTable] = []
        for (sheetName, path) in sheets {
            var body: [CSVTable.Row] = []
            guard let header = try streamSheet(&package, name: sheetName, path: path, shared: shared, limits: limits,
                                               isHeader: isHeader, row: { body.append($0) }) else { continue }
            tables.append(CSVTable(file: package.name, sheet: sheetName, header: header, rows: body))
        }
        return tables
    }

    static func noTeacherList(_ file: String) -> IntakeError {
        IntakeError(file: file, .noNameHeader)
    }

    static func sharedStrings(_ package: inout ZipPackage, limits: IntakeLimits) throws -> [String] {
        var shared: [String] = []
        if package.contains("xl/sharedStrings.xml") {
            var scanner = SheetScanner.sharedStrings(limits: limits, file: package.name)
            try package.stream("xl/sharedStrings.xml") { try scanner.feed($0) { shared.append($0.cells[0]) } }
            try scanner.finish { shared.append($0.cells[0]) }
        }
        return shared
    }

    /// Streams a sheet's XML through the scanner, passing each non-empty row
    /// below its header to `row`; returns the header (nil: not a teacher
    /// list). `header` is told the header when it is found.
    static func streamSheet(_ package: inout ZipPackage, name sheetName: String, path: String, shared: [String], limits: IntakeLimits,
                            isHeader: (String) -> Bool = isNameHeader,
                            header found: ([String]) throws -> Void = { _ in }, row: (CSVTable.Row) throws -> Void) throws -> [String]? {
        var scanner = SheetScanner(shared: shared, limits: limits, file: package.name, sheet: sheetName)
        var above = 0
        var header: [String]?
        func take(_ next: CSVTable.Row) throws {
            if header != nil {
                if next.cells.contains(where: { !$0.isEmpty }) { try row(next) }
            } else if next.cells.contains(where: isHeader) {
                header = next.cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                try found(header!)
            } else {
                above += 1
            }
        }
        do {
            try package.stream(path) { chunk in
                try scanner.feed(chunk, row: take)
                // Title rows, then the header within the first 30 rows: a sheet without one is not a teacher list.
                if header == nil, above >= 30 { throw NotATeacherList() }
            }
            try scanner.finish(row: take)
        } catch is NotATeacherList {
            return nil
        }
        return header
    }

    /// Stops reading a sheet with no header row in its first 30 rows.
    private struct NotATeacherList: Error {}

    static func isNameHeader(_ cell: String) -> Bool {
        let cleaned = cell.replacingOccurrences(of: "*", with: "").filter { !$0.isWhitespace }.lowercased()
        return cleaned == "姓名" || cleaned == "name"
    }

    /// (sheet name, part path) in workbook order, resolved through the relationships.
    static func sheets(_ package: inout ZipPackage) throws -> [(String, String)] {
        let workbook = try AttributeCollector.collect(try xml(&package, "xl/workbook.xml"), element: "sheet", file: package.name)
        let relations = try AttributeCollector.collect(try xml(&package, "xl/_rels/workbook.xml.rels"), element: "Relationship",
                                                       file: package.name)
        var targets: [String: String] = [:]
        for relation in relations {
            guard let id = relation["Id"], let target = relation["Target"] else { continue }
            targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        return workbook.compactMap { sheet in
            guard let name = sheet["name"], let id = sheet["r:id"] ?? sheet["id"], let path = targets[id] else { return nil }
            return (name, path)
        }
    }

    static func xml(_ package: inout ZipPackage, _ path: String) throws -> Data {
        let data = try package.part(path)
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw IntakeError(file: package.name, location: path, .declaresDTD)
        }
        return data
    }
}

/// Runs an `XMLParser` over data as a stream (`XMLParser(data:)` fails on
/// parts of 10 MB and more) and reports a failure with its line.
func parseXML(_ data: Data, delegate: some XMLParserDelegate, file: String, part: String) throws {
    let parser = XMLParser(stream: InputStream(data: data))
    parser.shouldResolveExternalEntities = false
    parser.delegate = delegate
    guard parser.parse() else {
        throw IntakeError(file: file, location: part, .malformedXML(line: parser.lineNumber))
    }
}

/// Attributes of every element with a given name.
final class AttributeCollector: NSObject, XMLParserDelegate {
    let element: String
    var found: [[String: String]] = []
    init(element: String) { self.element = element }

    static func collect(_ data: Data, element: String, file: String) throws -> [[String: String]] {
        let collector = AttributeCollector(element: element)
        try parseXML(data, delegate: collector, file: file, part: element)
        return collector.found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        if name == element || name.hasSuffix(":" + element) { found.append(attributes) }
    }
}
