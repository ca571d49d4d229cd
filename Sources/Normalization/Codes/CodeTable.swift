import Foundation
import ReferenceData
import Synchronization

/// One code table of the template (`Data/codes/NAME.csv`): cells may hold
/// the code (`01`), the label (`汉族`), `code-label` (`01-汉族`) or a former
/// label (`崩龙族`, now 德昂族).
public struct CodeTable: Sendable {
    public let name: String
    private let labelsByCode: [String: String]
    private let codeByLabel: [String: String]
    /// Every column of each code's row (`template` of a school type, `class` of an urban–rural code).
    private let rowsByCode: [String: [String: String]]

    public init(name: String) throws {
        self.name = name
        var labels: [String: String] = [:], codes: [String: String] = [:], rows: [String: [String: String]] = [:]
        for row in try ReferenceData.table(name) {
            guard let code = row["code"], let label = row["label"] else { continue }
            labels[code] = label
            codes[label] = code
            rows[code] = row
            if let former = row["former_label"], !former.isEmpty { codes[former] = code }
            // Other names officers write for it (`初中` for 初级中学), separated by `|`.
            for alias in (row["aliases"] ?? "").split(separator: "|") where !alias.isEmpty { codes[String(alias)] = code }
        }
        labelsByCode = labels
        codeByLabel = codes
        rowsByCode = rows
    }

    /// The code a cell means, or nil when it is not in the table.
    public func code(of cell: String) -> String? {
        let text = cell.trimmingWhitespace()
        if labelsByCode[text] != nil { return text }
        if let code = codeByLabel[text] { return code }
        if let dash = text.firstIndex(of: "-") {
            let code = String(text[..<dash]), label = String(text[text.index(after: dash)...])
            // `code-label` whose label names another code (`3-学士`: 3 is 硕士学位) is no value of the table.
            if labelsByCode[code] != nil { return codeByLabel[label].map { $0 == code ? code : nil } ?? code }
            if let found = codeByLabel[label] { return found }
        }
        return nil
    }

    public func label(of code: String) -> String? { labelsByCode[code] }

    /// Every code of the table, sorted.
    public var codes: [String] { labelsByCode.keys.sorted() }

    /// Another column of a code's row (nil: no such code or column, or an empty cell).
    public func value(_ column: String, of code: String) -> String? {
        guard let value = rowsByCode[code]?[column], !value.isEmpty else { return nil }
        return value
    }

    /// The table of that name, read once per process (the shipped tables never change while it runs).
    public static func shared(_ name: String) throws -> CodeTable {
        if let table = cache.withLock({ $0[name] }) { return table }
        let table = try CodeTable(name: name)
        cache.withLock { $0[name] = table }
        return table
    }

    private static let cache = Mutex<[String: CodeTable]>([:])
}
