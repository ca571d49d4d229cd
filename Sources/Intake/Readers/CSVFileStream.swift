import Foundation
import ICUShim
import Normalization

/// A CSV file read from disk a block at a time into runs of rows, so a
/// province's file of a million rows is never held whole: what is held is
/// one block and one run of rows. The encoding is decided by the first
/// block with a non-ASCII byte (ASCII reads the same in both): UTF-8 when
/// that block is valid UTF-8, else GB18030, decoded as it streams. Bytes
/// that are not valid in the encoding decided are an error naming the line.
public struct CSVFileStream: TableStream {
    public let url: URL
    /// The file as messages name it.
    public let file: String
    public var sheet: String? { nil }
    /// Bytes read from disk at a time.
    public var blockBytes = IntakeLimits.standard.csvBlockBytes
    /// Columns, cell length and rows: enforced as the file is read.
    public var limits = IntakeLimits.standard
    /// A record longer than this is an error (a quoted cell never closed would otherwise read the rest of the file).
    static let maximumRecordBytes = 64 << 20

    public init(url: URL, name: String? = nil) {
        self.url = url
        file = name ?? url.lastPathComponent
    }

    public func read(rows: Int, _ part: (CSVTable) throws -> Void) throws {
        precondition(rows > 0)
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw IntakeError(file: file, .cannotRead) }
        defer { try? handle.close() }
        var scanner = CSVScanner(file: file, limits: limits)
        let decoder = BlockDecoder(file: file)
        var rowCount = 0
        var pending: [UInt8] = []
        var header: [String]?
        var run: [CSVTable.Row] = []
        var delivered = false
        while true {
            let block: Data
            do { block = try handle.read(upToCount: blockBytes) ?? Data() } catch {
                throw IntakeError(file: file, line: scanner.line, .unreadable(error.localizedDescription))
            }
            let final = block.isEmpty
            try decoder.append(block, final: final, to: &pending, line: scanner.line)
            let consumed: Int
            do {
                consumed = try pending.withUnsafeBufferPointer { bytes in
                    try scanner.scan(bytes, final: final) { cells, line in
                        if header == nil { header = cells.map { $0.trimmingWhitespace() } } else {
                            rowCount += 1
                            guard rowCount <= limits.maximumStreamedRows else {
                                throw CSVTable.ReadError(file: file, line: line, reason: .tooManyRows(limits.maximumStreamedRows))
                            }
                            run.append(CSVTable.Row(line: line, cells: cells))
                        }
                    }
                }
            } catch let error as CSVTable.ReadError {
                throw IntakeError(error)
            }
            if decoder.checksUTF8 { try Self.checkUTF8(pending[..<consumed], file: file, endLine: scanner.line) }
            pending.removeFirst(consumed)
            guard pending.count <= Self.maximumRecordBytes else {
                throw IntakeError(file: file, line: scanner.line, .rowTooLong(megabytes: Self.maximumRecordBytes >> 20))
            }
            while run.count >= rows || (final && (!run.isEmpty || !delivered)) {
                guard let header else { throw IntakeError(file: file, line: 1, .noHeaderRow) }
                let taken = min(rows, run.count)
                try part(CSVTable(file: file, header: header, rows: Array(run[..<taken])))
                run.removeFirst(taken)
                delivered = true
            }
            if final { break }
        }
    }

    /// UTF-8 bytes that are whole records must be valid UTF-8; the error names the first line that is not.
    private static func checkUTF8(_ bytes: ArraySlice<UInt8>, file: String, endLine: Int) throws {
        guard bytes.contains(where: { $0 >= 0x80 }), String(validating: bytes, as: UTF8.self) == nil else { return }
        var line = endLine - bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        for text in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(validating: text, as: UTF8.self) == nil {
                throw IntakeError(file: file, line: line, .brokenUTF8)
            }
            line += 1
        }
    }

    /// Turns the file's blocks into UTF-8 bytes once the encoding is decided.
    private final class BlockDecoder {
        let file: String
        private var converter: OpaquePointer?
        private var decided = false
        /// Bytes read before the encoding is decided.
        private var undecided = Data()
        /// UTF-8 bytes pass through as read, checked once scanned into whole records.
        private(set) var checksUTF8 = false

        init(file: String) { self.file = file }
        deinit { if let converter { icushim_conv_close(converter) } }

        func append(_ block: Data, final: Bool, to bytes: inout [UInt8], line: Int) throws {
            var block = block
            if !decided {
                // Decided on whole lines: a block may end inside a character, a tiny one hold too little to tell.
                undecided += block
                guard let firstNonASCII = undecided.firstIndex(where: { $0 >= 0x80 }) else {
                    bytes.append(contentsOf: undecided)
                    undecided = Data()
                    return
                }
                let lineEnd = undecided.lastIndex(of: 0x0A).flatMap { $0 > firstNonASCII ? $0 + 1 : nil }
                guard final || lineEnd != nil || undecided.count > CSVFileStream.maximumRecordBytes else { return }
                decided = true
                checksUTF8 = String(validating: undecided.prefix(upTo: final ? undecided.endIndex : lineEnd ?? undecided.endIndex),
                                    as: UTF8.self) != nil
                if !checksUTF8 {
                    var status: Int32 = 0
                    converter = icushim_conv_open("GB18030", &status)
                    guard converter != nil, status <= 0 else {
                        throw IntakeError(file: file, .noConverter(status))
                    }
                }
                block = undecided
                undecided = Data()
            }
            guard let converter else { bytes.append(contentsOf: block); return }
            var units = [UInt16](repeating: 0, count: block.count + 4)
            var status: Int32 = 0
            let length = block.withUnsafeBytes { source in
                units.withUnsafeMutableBufferPointer { target in
                    icushim_conv_decode_next(converter, source.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(source.count),
                                             target.baseAddress, Int32(target.count), final ? 1 : 0, &status)
                }
            }
            guard status <= 0 else {
                throw IntakeError(file: file, line: line, .notUTF8OrGBK)
            }
            bytes.append(contentsOf: String(decoding: units[..<Int(length)], as: UTF16.self).utf8)
        }
    }
}
