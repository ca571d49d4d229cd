import Normalization
/// Limits that keep a hostile or broken file from exhausting the machine.
/// Each breach is a clear error naming the file and the limit.
public struct IntakeLimits: Sendable {
    /// Entries in one ZIP (a county batch or an .xlsx package).
    public var maximumEntries = 10_000
    /// Bytes one part may inflate to (a worksheet of a few hundred thousand rows fits).
    public var maximumPartBytes = 512 << 20
    /// Bytes all parts of one archive may inflate to.
    public var maximumTotalBytes = 2 << 30
    /// Inflated size over compressed size: above this, a zip bomb.
    public var maximumCompressionRatio = 200
    /// Rows per sheet or CSV read whole (Excel itself holds 1,048,576), and cells per row.
    public var maximumRows = 1_100_000
    /// Rows of a CSV read from disk a run of rows at a time, whose memory does not grow with its length: a province's
    /// batch of a few million rows.
    public var maximumStreamedRows = 10_000_000
    public var maximumColumns = 500
    /// Characters in one cell.
    public var maximumCellCharacters = 32_767
    /// Bytes of a CSV read from disk at a time, when it is read a run of rows at a time.
    public var csvBlockBytes = 4 << 20

    public init() {}
    public static let standard = IntakeLimits()
}

/// Why a file could not be read. `file` names it (inside a ZIP, the path
/// of the entry), `location` says where when known.
public struct IntakeError: Error, Sendable, CustomStringConvertible, Equatable {
    public let file: String
    /// Where in the file: a sheet, an entry of a ZIP, a line.
    public let location: Text?
    /// Why it cannot be read, in both languages.
    public let reason: Text

    public init(file: String, location: String? = nil, _ reason: Text) {
        self.file = file
        self.location = location.map(Text.verbatim)
        self.reason = reason
    }

    public init(file: String, line: Int, _ reason: Text) {
        self.file = file
        self.location = .line(line)
        self.reason = reason
    }

    /// Where and why, without the file name.
    public var placeAndReason: Text {
        guard let location else { return reason }
        return Text("\(location.chinese)：\(reason.chinese)", "\(location.english): \(reason.english)")
    }

    /// The file, where and why.
    public var text: Text { Text("\(file)：\(placeAndReason.chinese)", "\(file): \(placeAndReason.english)") }

    public var description: String { text.chinese }
}

extension IntakeError {
    /// A CSV's read error, said as for any file (file, line, reason).
    public init(_ error: CSVTable.ReadError) {
        self.init(file: error.file, line: error.line, error.reason)
    }
}
