import Foundation
import Normalization

/// Reads what schools and counties send: a CSV (UTF-8 or GBK), an .xlsx
/// workbook, or a ZIP of many (nested folders allowed) — into tables, each
/// named by its file (and sheet).
public enum TeacherFiles {
    /// Every table of the file, read at once.
    public static func read(contentsOf url: URL, limits: IntakeLimits = .standard) throws -> [CSVTable] {
        try open(url, limits: limits).entries.flatMap { try $0.read() }
    }

    /// The file's entries. A workbook or CSV is read here (a damaged one is
    /// an error); the entries of a ZIP are read only when asked, so a
    /// county's ZIP of workbooks is read one workbook at a time, never held
    /// whole. What can be checked of a ZIP without inflating anything (entry
    /// paths, declared sizes, compression ratios) is checked here, before
    /// any entry is read.
    public static func open(_ url: URL, limits: IntakeLimits = .standard) throws -> TeacherFileBatch {
        let name = url.lastPathComponent
        switch url.pathExtension.lowercased() {
        case "xlsx":
            // Its teacher lists found (and its shared strings read) here; their rows are read as the importer asks.
            let sheets = try XLSXSheetStream.sheets(of: url, limits: limits)
            return TeacherFileBatch(single: name, streams: sheets) { try XLSXReader.read(contentsOf: url, limits: limits) }
        case "zip": return try TeacherFileBatch(package: ZipPackage(url: url, limits: limits), limits: limits)
        case "xls": throw xlsError(name)
        default:
            // Read as the importer asks: whole, or (a large file) a run of rows at a time. What fails
            // at its start (cannot be opened, no header, not text) fails here, as for a workbook.
            var stream = CSVFileStream(url: url)
            stream.blockBytes = limits.csvBlockBytes
            stream.limits = limits
            do { try stream.read(rows: 1) { _ in throw StopReading() } } catch is StopReading {}
            return TeacherFileBatch(single: name, streams: [stream]) {
                let data: Data
                do { data = try Data(contentsOf: url) } catch {
                    throw IntakeError(file: name, .unreadable(error.localizedDescription))
                }
                return [try csv(data, file: name, limits: limits)]
            }
        }
    }

    private struct StopReading: Error {}

    /// A CSV read whole; what is wrong with it is said as for any file (file, line, reason).
    static func csv(_ data: Data, file: String, limits: IntakeLimits = .standard) throws -> CSVTable {
        do { return try CSVTable.parse(data: data, file: file, limits: limits) } catch let error as CSVTable.ReadError { throw IntakeError(error) }
    }

    static func xlsError(_ name: String) -> IntakeError {
        IntakeError(file: name, .oldExcel)
    }
}

/// The entries of one submitted file: itself, or the workbooks and CSVs of a
/// ZIP (nested folders allowed), in archive order. Each entry is read when
/// its `read` is called; an entry that cannot be read says why, and does not
/// keep the others from being read.
public struct TeacherFileBatch {
    public struct Entry {
        /// The entry as messages name it (`county.zip › path/file.xlsx`).
        public let label: String
        public let read: () throws -> [CSVTable]
        /// A file on disk, which the importer reads a run of rows at a time instead of whole: a CSV, or the teacher lists of a workbook.
        public var streams: [any TableStream]?
    }

    public let name: String
    public let entries: [Entry]

    init(single name: String, streams: [any TableStream]? = nil, read: @escaping () throws -> [CSVTable]) {
        self.name = name
        entries = [Entry(label: name, read: read, streams: streams)]
    }

    init(package: ZipPackage, limits: IntakeLimits) throws {
        name = package.name
        let archive = OpenArchive(package)
        var entries: [Entry] = []
        var declaredTotal = 0
        for path in package.paths {
            let components = path.split(separator: "/")
            guard !path.hasPrefix("/"), !components.contains("..") else {
                throw IntakeError(file: package.name, location: path, .entryOutside)
            }
            let base = components.last.map(String.init) ?? path
            if base.hasPrefix(".") || path.hasPrefix("__MACOSX/") { continue }
            let label = package.name + " › " + path
            let kind = (base as NSString).pathExtension.lowercased()
            switch kind {
            case "xlsx", "csv", "txt": break
            case "xls": throw TeacherFiles.xlsError(label)
            default: continue
            }
            declaredTotal += try package.checkDeclaredSize(path)
            if declaredTotal > limits.maximumTotalBytes {
                throw IntakeError(file: package.name, .inflatesBeyond(limits.maximumTotalBytes))
            }
            entries.append(Entry(label: label) {
                let data = try archive.part(path)
                return kind == "xlsx" ? try XLSXReader.read(data: data, name: label, limits: limits)
                                      : [try TeacherFiles.csv(data, file: label, limits: limits)]
            })
        }
        guard !entries.isEmpty else { throw IntakeError(file: package.name, .noTeacherFileInZip) }
        self.entries = entries
    }

    /// The archive the entries inflate from, shared by them: it counts what
    /// all of them inflate against the archive's limit.
    private final class OpenArchive {
        var package: ZipPackage
        init(_ package: ZipPackage) { self.package = package }
        func part(_ path: String) throws -> Data { try package.part(path) }
    }
}
