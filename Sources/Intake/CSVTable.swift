import Foundation

/// A CSV file read whole: a header row and data rows, with the file and
/// line each row came from. UTF-8 with or without BOM; `,` or tab; quoted
/// fields with doubled quotes and line breaks inside.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        /// 1-based line of the row's first character, as an editor shows it.
        public let line: Int
        public let cells: [String]
    }

    public struct ReadError: Error, CustomStringConvertible, Sendable {
        public let file: String
        public let line: Int
        public let reason: String
        public var description: String { "\(file), line \(line): \(reason)" }
    }

    public let file: String
    public let header: [String]
    public let rows: [Row]

    public static func read(contentsOf url: URL) throws -> CSVTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReadError(file: url.lastPathComponent, line: 0, reason: "cannot be read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ReadError(file: url.lastPathComponent, line: 1, reason: "is not UTF-8 text")
        }
        return try parse(text, file: url.lastPathComponent)
    }

    public static func parse(_ text: String, file: String) throws -> CSVTable {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        let firstLine = scalars.prefix { $0 != "\n" }
        let separator: Unicode.Scalar = firstLine.contains("\t") && !firstLine.contains(",") ? "\t" : ","

        var records: [Row] = []
        var cells: [String] = []
        var cell = String.UnicodeScalarView()
        var line = 1, recordLine = 1
        var quoted = false, quoteOpenedAt = 0
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endRecord() {
            cells.append(String(cell)); cell = .init()
            if !(cells.count == 1 && cells[0].isEmpty) { records.append(Row(line: recordLine, cells: cells)) }
            cells = []
        }
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" { cell.append("\"") } else { quoted = false; pending = next }
                } else {
                    if scalar == "\n" { line += 1 }
                    cell.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where cell.isEmpty: quoted = true; quoteOpenedAt = line
            case separator: cells.append(String(cell)); cell = .init()
            case "\r": continue
            case "\n": endRecord(); line += 1; recordLine = line
            default: cell.append(scalar)
            }
        }
        if quoted { throw ReadError(file: file, line: quoteOpenedAt, reason: "a quoted cell is never closed") }
        if !cell.isEmpty || !cells.isEmpty { endRecord() }
        guard let header = records.first else { throw ReadError(file: file, line: 1, reason: "has no header row") }
        return CSVTable(file: file, header: header.cells.map { $0.trimmingCharacters(in: .whitespaces) },
                        rows: Array(records.dropFirst()))
    }
}
