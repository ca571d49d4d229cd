import ReferenceData

/// A 身份证件类型 code of the national template (`Data/codes/document-types.csv`).
public struct TemplateDocumentType: Sendable, Hashable {
    public let code: String
    public let label: String

    /// The document kinds a number entered under this code may have.
    /// Residence permits are accepted under 1 and the HK/Macau/Taiwan codes,
    /// because schools enter them there for want of a code of their own.
    public var acceptedKinds: Set<DocumentKind> {
        switch code {
        case "1": [.resident, .residencePermit]
        case "6", "7": [.hkMacauPermit, .residencePermit, .passport]
        case "8": [.taiwanPermit, .residencePermit]
        case "9": [.foreignPermanent]
        case "A": [.passport]
        default: [.other]
        }
    }

    /// All codes, in the table's order.
    public static func all() throws -> [TemplateDocumentType] {
        try ReferenceData.table("document-types").map { TemplateDocumentType(code: $0["code"]!, label: $0["label"]!) }
    }

    /// Reads a cell: `1`, `居民身份证`, `1-居民身份证`, or a lower-case letter code.
    public static func parse(_ cell: String, from table: [TemplateDocumentType]) -> TemplateDocumentType? {
        if cell.utf8.count == 1, let exact = table.first(where: { $0.code.utf8.first == cell.utf8.first }) { return exact }
        let text = cell.trimmingWhitespace()
        let parts = text.split(separator: "-", maxSplits: 1).map(String.init)
        for candidate in parts + [text] {
            if let found = table.first(where: { $0.code == candidate.uppercased() || $0.label == candidate }) {
                return found
            }
        }
        return nil
    }
}
