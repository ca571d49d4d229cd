/// Why a document number is not valid. The codes are a stable contract
/// (CLI JSON, API answers, intake rule ids).
public enum DocumentErrorCode: String, Sendable, Hashable, Codable, CaseIterable {
    /// Wrong number of characters for its layout.
    case length
    /// A character that no document number contains.
    case character
    /// The embedded birth date is not a real date, or lies in the future.
    case date
    /// The MOD 11-2 check character does not match.
    case checksum
    /// Fits no document layout (or a layout part such as the province is wrong).
    case format
    /// Excel kept only 15 significant digits (scientific notation, or 18
    /// digits ending in `000` that fail the check).
    case excelMangled = "excel-mangled"
}

/// A specific, safe-to-print explanation: it never quotes the full number.
public struct DocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    public let code: DocumentErrorCode
    /// English detail.
    public let detail: String
    /// Chinese detail, for data officers.
    public let detailChinese: String

    public init(_ code: DocumentErrorCode, _ detail: String, chinese: String) {
        self.code = code
        self.detail = detail
        self.detailChinese = chinese
    }

    public var description: String { "\(code.rawValue): \(detail)" }

    /// The explanation in both languages.
    public var text: Text { Text(detailChinese, detail) }
}

/// Notes on a valid number that a reviewer may want to know.
public enum DocumentWarning: String, Sendable, Hashable, Codable {
    /// A 15-digit number, upgraded to 18 digits.
    case upgradedFrom15Digits = "upgraded-from-15-digits"
    /// The county-level region code is not in the loaded region table.
    case unknownRegionCode = "unknown-region-code"
    /// A travel-permit number carried its 2-digit issue count, dropped.
    case issueCountDropped = "issue-count-dropped"
}
