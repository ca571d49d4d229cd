import Foundation
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

    public static func read(data: Data, name: String, limits: IntakeLimits = .standard) throws -> [CSVTable] {
        var package = try ZipPackage(data: data, name: name, limits: limits)
        return try read(&package, limits: limits)
    }

    static func read(_ package: inout ZipPackage, limits: IntakeLimits) throws -> [CSVTable] {
        let file = package.name
        let sheets = try Self.sheets(&package)
        let shared = package.contains("xl/sharedStrings.xml")
            ? try SharedStringsParser.parse(try xml(&package, "xl/sharedStrings.xml"), file: file) : []
        var tables: [CSVTable] = []
        for (sheetName, path) in sheets {
            let rows = try SheetScanner(shared: shared, limits: limits).rows(try xml(&package, path), file: file, sheet: sheetName)
            guard let headerIndex = rows.prefix(30).firstIndex(where: { row in row.cells.contains(where: Self.isNameHeader) }) else {
                continue
            }
            let header = rows[headerIndex].cells.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let body = rows[(headerIndex + 1)...].filter { $0.cells.contains { !$0.isEmpty } }
            tables.append(CSVTable(file: file, sheet: sheetName, header: header, rows: Array(body)))
        }
        guard !tables.isEmpty else {
            throw IntakeError(file: file, "no sheet has a header row with a name column (姓名 or name)")
        }
        return tables
    }

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
            throw IntakeError(file: package.name, location: path, "declares a DTD or entities, which a workbook never does")
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
        throw IntakeError(file: file, location: part, "is not well-formed XML (line \(parser.lineNumber))")
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

/// `xl/sharedStrings.xml`: each `<si>`'s text, phonetic runs (`<rPh>`) left out.
final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0

    static func parse(_ data: Data, file: String) throws -> [String] {
        let parser = SharedStringsParser()
        try parseXML(data, delegate: parser, file: file, part: "xl/sharedStrings.xml")
        return parser.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "si": current = ""
        case "rPh": phonetic += 1
        case "t": inText = phonetic == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(current)
        case "rPh": phonetic -= 1
        case "t": inText = false
        default: break
        }
    }
}
