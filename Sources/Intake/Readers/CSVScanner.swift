import Normalization
/// Splits UTF-8 CSV bytes into records, whole or a buffer at a time: fed a
/// buffer that ends inside a record, it stops at that record's start and
/// says how far it got, so a file can be read in blocks and only the cut
/// record waits for the next one. `,` or tab (the header line decides);
/// quoted fields with doubled quotes and line breaks inside; a BOM at the
/// start is skipped; blank lines are not records. A record of more than
/// `limits.maximumColumns` cells, or a cell of more than
/// `limits.maximumCellCharacters` × 4 bytes, is an error as it is met: no
/// hostile cell is ever collected whole.
struct CSVScanner {
    let file: String
    let maximumColumns: Int
    let maximumCellBytes: Int
    /// Decided by the header line: tab when it has tabs and no commas.
    private var delimiter: UInt8?
    /// 1-based line of the next byte to scan.
    private(set) var line = 1

    init(file: String, limits: IntakeLimits = .standard) {
        self.file = file
        maximumColumns = limits.maximumColumns
        maximumCellBytes = limits.maximumCellCharacters * 4
    }

    private func tooLong(_ line: Int) -> CSVTable.ReadError {
        CSVTable.ReadError(file: file, line: line, reason: .cellTooLong(maximumCellBytes / 4))
    }

    private static let quote = UInt8(ascii: "\""), newline = UInt8(ascii: "\n"), carriage = UInt8(ascii: "\r")

    /// Scans the records of `bytes` (what the last call did not consume,
    /// then what follows it), passing each with its first line to `record`.
    /// Returns how many bytes were consumed: all of them when `final`,
    /// else up to the start of a record the buffer cuts off.
    mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool,
                       record: ([String], Int) throws -> Void) throws -> Int {
        var index = 0
        if delimiter == nil {
            // The header line must be whole to decide the delimiter (and a BOM whole to skip it).
            guard let end = bytes.firstIndex(of: Self.newline) ?? (final ? bytes.count : nil) else { return 0 }
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
            let header = bytes[index..<max(index, end)]
            delimiter = header.contains(UInt8(ascii: "\t")) && !header.contains(UInt8(ascii: ",")) ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        }
        let delimiter = delimiter!
        var cells: [String] = []
        var quoted: [UInt8] = []
        while index < bytes.count {
            let recordStart = index, recordLine = line
            cells.removeAll(keepingCapacity: true)
            // One cell per iteration, until the record's newline (or, when final, the end of input).
            while true {
                guard cells.count < maximumColumns else {
                    throw CSVTable.ReadError(file: file, line: recordLine, reason: .tooManyColumns(maximumColumns))
                }
                if index < bytes.count, bytes[index] == Self.quote {
                    let openedAt = line
                    quoted.removeAll(keepingCapacity: true)
                    index += 1
                    var closed = false
                    while index < bytes.count {
                        let byte = bytes[index]
                        if byte == Self.quote {
                            if index + 1 < bytes.count, bytes[index + 1] == Self.quote { quoted.append(Self.quote); index += 2; continue }
                            // A quote last in a buffer may be the first of a doubled pair.
                            if index + 1 == bytes.count, !final { break }
                            closed = true
                            index += 1
                            break
                        }
                        if byte == Self.newline { line += 1 }
                        quoted.append(byte)
                        index += 1
                        if quoted.count > maximumCellBytes { throw tooLong(openedAt) }
                    }
                    guard closed else {
                        if !final { line = recordLine; return recordStart }
                        throw CSVTable.ReadError(file: file, line: openedAt, reason: .quoteNeverClosed)
                    }
                    // Anything between the closing quote and the delimiter is kept as written.
                    let tailStart = index
                    while index < bytes.count, bytes[index] != delimiter, bytes[index] != Self.newline, bytes[index] != Self.carriage { index += 1 }
                    quoted.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart..<index]))
                    cells.append(String(decoding: quoted, as: UTF8.self))
                } else {
                    let cellStart = index
                    while index < bytes.count, bytes[index] != delimiter, bytes[index] != Self.newline {
                        index += 1
                        if index - cellStart > maximumCellBytes { throw tooLong(recordLine) }
                    }
                    var cellEnd = index
                    if cellEnd > cellStart, bytes[cellEnd - 1] == Self.carriage { cellEnd -= 1 }
                    cells.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[cellStart..<cellEnd]), as: UTF8.self))
                }
                if index < bytes.count, bytes[index] == Self.carriage { index += 1 }
                if index == bytes.count, !final { line = recordLine; return recordStart }
                if index < bytes.count, bytes[index] == delimiter { index += 1; continue }
                break
            }
            if !(cells.count == 1 && cells[0].isEmpty) { try record(cells, recordLine) }
            if index < bytes.count { index += 1; line += 1 }
        }
        return index
    }
}
