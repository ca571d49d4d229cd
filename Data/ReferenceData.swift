import Foundation

/// Access to the reference tables in `Data/codes/`, shipped as resources.
///
/// The tables are small CSV files with a header row; every cell is trimmed.
public enum ReferenceData {
    public enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case malformed(file: String, line: Int, reason: String)

        public var description: String {
            switch self {
            case .missing(let name): "reference table \(name) is missing from the installation"
            case .malformed(let file, let line, let reason): "\(file) line \(line): \(reason)"
            }
        }
    }

    /// The bytes of `SUBDIRECTORY/NAME.EXTENSION`.
    public static func data(_ name: String, extension: String, subdirectory: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: `extension`, subdirectory: subdirectory) else {
            throw LoadError.missing("\(subdirectory)/\(name).\(`extension`)")
        }
        return try Data(contentsOf: url)
    }

    /// Rows of `codes/NAME.csv` as dictionaries keyed by the header's names.
    public static func table(_ name: String) throws -> [[String: String]] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "csv", subdirectory: "codes") else {
            throw LoadError.missing("codes/\(name).csv")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard !lines.isEmpty else { throw LoadError.malformed(file: "\(name).csv", line: 1, reason: "no header") }
        let header = lines.removeFirst().split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return try lines.enumerated().map { index, line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == header.count else {
                throw LoadError.malformed(
                    file: "\(name).csv", line: index + 2,
                    reason: "expected \(header.count) cells, found \(cells.count)")
            }
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }
}
