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
        public let reason: Text
        public var description: String { "\(file) 第\(line)行：\(reason.chinese)" }
    }

    public let file: String
    /// The worksheet, for tables read from a workbook.
    public var sheet: String? = nil
    public let header: [String]
    public let rows: [Row]

    /// `file › sheet`, as messages name the table.
    public var label: String { sheet.map { "\(file) › \($0)" } ?? file }

    /// The 1-based row of the header (the row above the first data row; title rows may stand above it).
    public var headerRow: Int { max(1, (rows.first?.line ?? 2) - 1) }

    public static func read(contentsOf url: URL) throws -> CSVTable {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ReadError(file: url.lastPathComponent, line: 0, reason: .unreadable(error.localizedDescription))
        }
        return try parse(data: data, file: url.lastPathComponent)
    }

    /// Parses CSV bytes in UTF-8 or GB18030/GBK.
    public static func parse(data: Data, file: String, limits: IntakeLimits = .standard) throws -> CSVTable {
        let text: String
        do { text = try TextDecoding.decode(data, file: file).text } catch let error as IntakeError {
            throw ReadError(file: file, line: 1, reason: error.reason)
        }
        return try parse(text, file: file, limits: limits)
    }

    public static func parse(_ text: String, file: String, limits: IntakeLimits = .standard) throws -> CSVTable {
        var text = text
        return try text.withUTF8 { try parse(bytes: $0, file: file, limits: limits) }
    }

    /// Parses UTF-8 bytes in one pass; cells become strings only once.
    static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String, limits: IntakeLimits = .standard) throws -> CSVTable {
        var scanner = CSVScanner(file: file, limits: limits)
        var records: [Row] = []
        _ = try scanner.scan(bytes, final: true) { cells, line in
            // The header and the rows.
            guard records.count <= limits.maximumRows else {
                throw ReadError(file: file, line: line, reason: .tooManyRows(limits.maximumRows))
            }
            records.append(Row(line: line, cells: cells))
        }
        guard let header = records.first else { throw ReadError(file: file, line: 1, reason: .noHeaderRow) }
        return CSVTable(file: file, header: header.cells.map { $0.trimmingWhitespace() }, rows: Array(records.dropFirst()))
    }
}
