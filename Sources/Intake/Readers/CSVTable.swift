import Foundation
import Normalization

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
    /// The worksheet, for tables read from a workbook.
    public var sheet: String? = nil
    public let header: [String]
    public let rows: [Row]

    /// `file › sheet`, as messages name the table.
    public var label: String { sheet.map { "\(file) › \($0)" } ?? file }

    public static func read(contentsOf url: URL) throws -> CSVTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReadError(file: url.lastPathComponent, line: 0, reason: "cannot be read: \(error.localizedDescription)")
        }
        return try parse(data: data, file: url.lastPathComponent)
    }

    /// Parses CSV bytes in UTF-8 or GB18030/GBK.
    public static func parse(data: Data, file: String) throws -> CSVTable {
        let text: String
        do { text = try TextDecoding.decode(data, file: file).text } catch let error as IntakeError {
            throw ReadError(file: file, line: 1, reason: error.reason)
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws -> CSVTable {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, file: file) }
    }

    /// Parses UTF-8 bytes in one pass; cells become strings only once.
    static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> CSVTable {
        var start = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")
        // The header line decides the delimiter: tab when it has tabs and no commas.
        var sawTab = false, sawComma = false
        var scan = start
        while scan < bytes.count, bytes[scan] != newline {
            if bytes[scan] == UInt8(ascii: "\t") { sawTab = true }
            if bytes[scan] == UInt8(ascii: ",") { sawComma = true }
            scan += 1
        }
        let delimiter = sawTab && !sawComma ? UInt8(ascii: "\t") : UInt8(ascii: ",")

        var records: [Row] = []
        var cells: [String] = []
        var line = 1, recordLine = 1
        var index = start
        var quotedBuffer: [UInt8] = []
        while index <= bytes.count {
            // One cell per iteration.
            if index < bytes.count, bytes[index] == quote {
                let openedAt = line
                quotedBuffer.removeAll(keepingCapacity: true)
                index += 1
                var closed = false
                while index < bytes.count {
                    let byte = bytes[index]
                    if byte == quote {
                        if index + 1 < bytes.count, bytes[index + 1] == quote { quotedBuffer.append(quote); index += 2; continue }
                        closed = true
                        index += 1
                        break
                    }
                    if byte == newline { line += 1 }
                    quotedBuffer.append(byte)
                    index += 1
                }
                guard closed else { throw ReadError(file: file, line: openedAt, reason: "a quoted cell is never closed") }
                // Anything between the closing quote and the delimiter is kept as written.
                let tailStart = index
                while index < bytes.count, bytes[index] != delimiter, bytes[index] != newline, bytes[index] != carriage { index += 1 }
                quotedBuffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart..<index]))
                cells.append(String(decoding: quotedBuffer, as: UTF8.self))
            } else {
                let cellStart = index
                while index < bytes.count, bytes[index] != delimiter, bytes[index] != newline { index += 1 }
                var cellEnd = index
                if cellEnd > cellStart, bytes[cellEnd - 1] == carriage { cellEnd -= 1 }
                cells.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[cellStart..<cellEnd]), as: UTF8.self))
            }
            if index < bytes.count, bytes[index] == carriage { index += 1 }
            if index < bytes.count, bytes[index] == delimiter { index += 1; continue }
            // End of a record (newline or end of input).
            if !(cells.count == 1 && cells[0].isEmpty) { records.append(Row(line: recordLine, cells: cells)) }
            cells = []
            if index >= bytes.count { break }
            index += 1
            line += 1
            recordLine = line
        }
        guard let header = records.first else { throw ReadError(file: file, line: 1, reason: "has no header row") }
        return CSVTable(file: file, header: header.cells.map { $0.trimmingWhitespace() }, rows: Array(records.dropFirst()))
    }
}

