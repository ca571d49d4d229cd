import Foundation
import ReferenceData

/// County-level and higher GB/T 2260 codes a deployment has loaded, every
/// code ever valid included: an ID keeps the region code of its issue date,
/// so abolished codes (110103 崇文区) are still good evidence.
public struct RegionTable: Sendable, Codable, Equatable {
    public struct Entry: Sendable, Codable, Equatable {
        public let code: Int
        public let name: String
        public let level: String?
        public let firstYear: Int?
        public let lastYear: Int?
    }

    public let entries: [Int: Entry]

    public init(entries: [Entry]) {
        var byCode: [Int: Entry] = [:]
        for entry in entries {
            // A code listed twice (renamed) keeps its widest span of years and its latest name (the one in use, if any).
            if let old = byCode[entry.code] {
                let newer = entry.lastYear == nil || (old.lastYear != nil && (entry.firstYear ?? 0) >= (old.firstYear ?? 0))
                byCode[entry.code] = Entry(
                    code: entry.code, name: newer ? entry.name : old.name, level: entry.level ?? old.level,
                    firstYear: [old.firstYear, entry.firstYear].compactMap { $0 }.min(),
                    lastYear: old.lastYear == nil || entry.lastYear == nil ? nil : max(old.lastYear!, entry.lastYear!))
            } else {
                byCode[entry.code] = entry
            }
        }
        self.entries = byCode
    }

    public func contains(_ code: Int) -> Bool { entries[code] != nil }

    /// The table shipped in `Data/regions/regions.csv`: every code since 1980, read once per process (it never
    /// changes while the process runs).
    public static func shipped() throws -> RegionTable { try shippedTable.get() }

    private static let shippedTable = Result {
        let data = try ReferenceData.data("regions", extension: "csv", subdirectory: "regions")
        return try parse(officialList: String(decoding: data, as: UTF8.self), file: "regions.csv")
    }

    /// Whether `code` is a county-level code (six ASCII digits, not ending in 00) that was ever in use.
    public func isCounty(_ code: String) -> Bool {
        guard code.utf8.count == 6, code.utf8.allSatisfy({ (48...57).contains($0) }), !code.hasSuffix("00"),
              let entry = entries[Int(code) ?? 0] else { return false }
        return entry.level.map { $0 == "县级" || $0 == "county" } ?? true
    }
    public func entry(_ code: Int) -> Entry? { entries[code] }
    public var count: Int { entries.count }
}

// MARK: - Reading the official list

extension RegionTable {
    public struct FormatError: Error, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let reason: Text
        public var text: Text { .regionFileProblem(file: file, line: line, reason: reason) }
        public var description: String { text.chinese }
    }

    static let codeHeaders: Set<String> = ["code", "代码", "区划代码", "行政区划代码"]
    static let nameHeaders: Set<String> = ["name", "名称", "单位名称", "区划名称"]
    static let levelHeaders: Set<String> = ["level", "级别"]
    static let firstYearHeaders: Set<String> = ["start", "first_year", "启用时间", "启用年份"]
    static let lastYearHeaders: Set<String> = ["end", "last_year", "弃用时间", "变更/弃用时间", "停用时间"]

    /// Parses the official list as CSV or TSV with a header row naming at
    /// least the code and name columns (English or Chinese headers).
    public static func parse(officialList text: String, file: String) throws -> RegionTable {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        guard let headerLine = lines.first else { throw FormatError(file: file, line: 1, reason: .emptyFile) }
        let separator: Character = headerLine.contains("\t") ? "\t" : ","
        let header = headerLine.split(separator: separator, omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{FEFF}", with: "").lowercased()
        }
        func column(_ names: Set<String>) -> Int? { header.firstIndex(where: names.contains) }
        guard let codeColumn = column(codeHeaders), let nameColumn = column(nameHeaders) else {
            throw FormatError(file: file, line: 1, reason: .regionHeader)
        }
        let levelColumn = column(levelHeaders)
        let firstColumn = column(firstYearHeaders)
        let lastColumn = column(lastYearHeaders)
        var entries: [Entry] = []
        for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let cells = line.split(separator: separator, omittingEmptySubsequences: false).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            func cell(_ index: Int?) -> String? {
                guard let index, index < cells.count, !cells[index].isEmpty else { return nil }
                return cells[index]
            }
            func year(_ index: Int?) throws -> Int? {
                guard let text = cell(index) else { return nil }
                guard let value = Int(text.prefix(4)), (1949...2100).contains(value) else {
                    throw FormatError(file: file, line: offset + 1, reason: .notAYear(text))
                }
                return value
            }
            guard let codeText = cell(codeColumn), codeText.count == 6, let code = Int(codeText),
                  codeText.allSatisfy(\.isASCII) else {
                throw FormatError(file: file, line: offset + 1, reason: .regionCodeForm(cell(codeColumn) ?? ""))
            }
            guard let name = cell(nameColumn) else {
                throw FormatError(file: file, line: offset + 1, reason: .regionUnnamed(codeText))
            }
            entries.append(Entry(code: code, name: name, level: cell(levelColumn),
                                 firstYear: try year(firstColumn), lastYear: try year(lastColumn)))
        }
        guard !entries.isEmpty else { throw FormatError(file: file, line: 2, reason: .noRegions) }
        return RegionTable(entries: entries)
    }
}

// MARK: - Stored form

extension RegionTable {
    /// Writes the table as JSON, atomically: a failed write leaves the old one.
    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let sorted = entries.values.sorted { $0.code < $1.code }
        try encoder.encode(sorted).write(to: url, options: .atomic)
    }

    public static func load(from url: URL) throws -> RegionTable {
        RegionTable(entries: try JSONDecoder().decode([Entry].self, from: Data(contentsOf: url)))
    }
}
