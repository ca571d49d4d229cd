import Foundation
import Normalization

/// A table on disk that can be read from its start again and again, a run
/// of rows at a time, so that a large one is never held whole: a CSV
/// (`CSVFileStream`) or one sheet of a workbook (`XLSXSheetStream`).
public protocol TableStream: Sendable {
    var file: String { get }
    var sheet: String? { get }
    /// Reads the table from its start, calling `part` with each run of up to
    /// `rows` data rows, in order, as a table with the header; a header
    /// with no data rows gives one empty run.
    func read(rows: Int, _ part: (CSVTable) throws -> Void) throws
}

extension TableStream {
    /// `file › sheet`, as messages name the table.
    public var label: String { sheet.map { "\(file) › \($0)" } ?? file }
}

/// One sheet of an .xlsx workbook on disk, read a run of rows at a time:
/// its XML is inflated and scanned again on each reading, its shared
/// strings (read once, when the workbook is opened) are kept.
public struct XLSXSheetStream: TableStream {
    let url: URL
    let limits: IntakeLimits
    public let file: String
    public let sheet: String?
    let path: String
    let shared: [String]

    /// The sheets of the workbook that are teacher lists (a header row with
    /// a name column in their first 30 rows), in workbook order.
    public static func sheets(of url: URL, limits: IntakeLimits = .standard) throws -> [XLSXSheetStream] {
        var package = try ZipPackage(url: url, limits: limits)
        let shared = try XLSXReader.sharedStrings(&package, limits: limits)
        var streams: [XLSXSheetStream] = []
        for (name, path) in try XLSXReader.sheets(&package) {
            // Read up to the header only.
            do {
                _ = try XLSXReader.streamSheet(&package, name: name, path: path, shared: shared, limits: limits,
                                               header: { _ in throw HeaderFound() }, row: { _ in })
            } catch is HeaderFound {
                streams.append(XLSXSheetStream(url: url, limits: limits, file: package.name, sheet: name, path: path, shared: shared))
            }
        }
        guard !streams.isEmpty else { throw XLSXReader.noTeacherList(package.name) }
        return streams
    }

    private struct HeaderFound: Error {}

    /// The sheet's header and the 1-based row it stands on, read up to the first data row.
    public func header() throws -> (header: [String], row: Int) {
        var found: (header: [String], row: Int)?
        do {
            try read(rows: 1) { part in
                found = (part.header, part.headerRow)
                throw HeaderFound()
            }
        } catch is HeaderFound {}
        guard let found else { preconditionFailure("a table stream gives at least one part") }
        return found
    }

    public func read(rows: Int, _ part: (CSVTable) throws -> Void) throws {
        precondition(rows > 0)
        var package = try ZipPackage(url: url, limits: limits)
        var header: [String] = []
        var run: [CSVTable.Row] = []
        var delivered = false
        func deliver() throws {
            try part(CSVTable(file: file, sheet: sheet, header: header, rows: run))
            run.removeAll(keepingCapacity: true)
            delivered = true
        }
        let found = try XLSXReader.streamSheet(&package, name: sheet ?? "", path: path, shared: shared, limits: limits,
                                               header: { header = $0 }, row: { row in
            run.append(row)
            if run.count == rows { try deliver() }
        })
        guard found != nil else { throw IntakeError(file: file, location: sheet, .headerGone) }
        if !run.isEmpty || !delivered { try deliver() }
    }
}
