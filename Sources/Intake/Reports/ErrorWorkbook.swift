import Foundation
import Normalization
import ZIPFoundation

/// A copy of a school's workbook with every cell that has a problem filled
/// red and a 问题说明 column that explains each row's problems: the school
/// fixes its own file and sends it back. Everything else in the package is
/// copied unchanged.
///
/// Sheets are rewritten as they are inflated, a piece of rows at a time,
/// and every part goes through a temporary file: what is held is a piece,
/// never a sheet, however large the workbook.
public enum ErrorWorkbook {
    /// Writes the annotated copy of `original` (an .xlsx) to `destination`.
    /// `problems` are those of the workbook's teacher lists; each list's
    /// header is read again from the workbook (up to its first row), so no
    /// caller needs to hold the rows.
    public static func write(original: URL, problems: [ValidationProblem], to destination: URL) throws {
        let name = original.lastPathComponent
        let source: Archive
        do { source = try Archive(url: original, accessMode: .read) } catch {
            throw IntakeError(file: name, .cannotOpenForCopy("\(error)"))
        }
        var package = try ZipPackage(url: original)
        let sheets = try XLSXReader.sheets(&package)

        var styles: Data?
        var highlight: Int?
        if package.contains("xl/styles.xml"), let text = String(data: try package.part("xl/styles.xml"), encoding: .utf8),
           let (updated, style) = addFillStyle(text) {
            styles = Data(updated.utf8)
            highlight = style
        }
        var marks: [String: RowMarks] = [:]
        for list in try XLSXSheetStream.sheets(of: original) {
            guard let sheet = list.sheet, let path = sheets.first(where: { $0.0 == sheet })?.1 else { continue }
            let own = problems.filter { $0.sheet == sheet }
            guard !own.isEmpty else { continue }
            let (header, headerRow) = try list.header()
            marks[path] = RowMarks(header: header, headerRow: headerRow, problems: own, style: highlight)
        }

        try? FileManager.default.removeItem(at: destination)
        let target: Archive
        do { target = try Archive(url: destination, accessMode: .create) } catch {
            throw IntakeError(file: destination.lastPathComponent, .cannotCreate("\(error)"))
        }
        // Beside the destination, never in a shared temporary folder: the parts hold the school's rows.
        let scratch = destination.deletingLastPathComponent().appendingPathComponent(".error-workbook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: scratch) }
        for (index, entry) in source.enumerated() where entry.type == .file {
            if entry.path == "xl/styles.xml", let styles {
                try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(styles.count), compressionMethod: .deflate) {
                    position, size in styles.subdata(in: Int(position)..<Int(position) + size)
                }
                continue
            }
            let part = scratch.appendingPathComponent("\(index)")
            guard FileManager.default.createFile(atPath: part.path, contents: nil) else {
                throw IntakeError(file: destination.lastPathComponent, .noTemporaryFile)
            }
            let output = try FileHandle(forWritingTo: part)
            do {
                if let rows = marks[entry.path] {
                    try annotate(entry, of: source, with: rows, into: output)
                } else {
                    _ = try source.extract(entry) { try output.write(contentsOf: $0) }
                }
                try output.close()
            } catch {
                try? output.close()
                throw error
            }
            try target.addEntry(with: entry.path, fileURL: part, compressionMethod: .deflate)
            try FileManager.default.removeItem(at: part)
        }
    }

    /// Rewrites a sheet as it is inflated, `bufferSize` bytes at a time: each
    /// piece handed to `RowMarks` ends after a row's closing tag, so no row
    /// (and, the tag being ASCII, no character) is split between two.
    static func annotate(_ entry: Entry, of archive: Archive, with marks: RowMarks, into output: FileHandle,
                         bufferSize: Int = 64 * 1024) throws {
        var pending = Data()
        _ = try archive.extract(entry, bufferSize: bufferSize) { chunk in
            // What was pending holds no whole `</row>`: only the new bytes, and the tag's start just before them, are searched.
            let searchFrom = max(0, pending.count - rowClose.count + 1)
            pending.append(chunk)
            guard let end = endOfLastRow(in: pending, from: searchFrom) else { return }
            try output.write(contentsOf: Data(marks.annotate(String(decoding: pending[..<end], as: UTF8.self)).utf8))
            pending = Data(pending[end...])
        }
        try output.write(contentsOf: Data(marks.annotate(String(decoding: pending, as: UTF8.self)).utf8))
    }

    /// The value of attribute `name` in an element's opening tag (the first
    /// occurrence of ` name="`): a regular expression per row took most of
    /// the time of a large sheet.
    static func attribute(_ name: String, of tag: String) -> Substring? {
        guard let start = tag.firstRange(of: " \(name)=\""), let end = tag[start.upperBound...].firstIndex(of: "\"") else { return nil }
        return tag[start.upperBound..<end]
    }

    private static let rowClose = Array("</row>".utf8)

    /// Where the last `</row>` that begins at byte `from` or later ends (an
    /// index of `data`), searched from the end.
    static func endOfLastRow(in data: Data, from: Int = 0) -> Data.Index? {
        data.withUnsafeBytes { bytes -> Int? in
            var start = bytes.count - rowClose.count
            while start >= from {
                if bytes[start..<(start + rowClose.count)].elementsEqual(rowClose) { return start + rowClose.count }
                start -= 1
            }
            return nil
        }.map { data.startIndex + $0 }
    }

    /// Adds a red solid fill and a cell format using it; returns the new
    /// styles and the format's index.
    static func addFillStyle(_ styles: String) -> (String, Int)? {
        guard let fillsOpen = styles.range(of: #"<fills count="(\d+)""#, options: .regularExpression),
              styles.range(of: "</fills>") != nil,
              let xfsOpen = styles.range(of: #"<cellXfs count="(\d+)""#, options: .regularExpression),
              let xfsClose = styles.range(of: "</cellXfs>") else { return nil }
        let fillCount = Int(styles[fillsOpen].filter(\.isNumber)) ?? 0
        let xfCount = Int(styles[xfsOpen].filter(\.isNumber)) ?? 0
        var result = styles
        // Edit from the end so earlier ranges stay valid.
        result.replaceSubrange(xfsClose, with: "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"\(fillCount)\" borderId=\"0\" applyFill=\"1\"/></cellXfs>")
        result.replaceSubrange(xfsOpen, with: "<cellXfs count=\"\(xfCount + 1)\"")
        let closeFills = result.range(of: "</fills>")!
        result.replaceSubrange(closeFills, with: "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFFFC7CE\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>")
        let openFills = result.range(of: #"<fills count="(\d+)""#, options: .regularExpression)!
        result.replaceSubrange(openFills, with: "<fills count=\"\(fillCount + 1)\"")
        return (result, xfCount)
    }

    /// What to change in a sheet's rows, worked out once from its problems:
    /// bad cells get the red style (empty bad cells are created, in column
    /// order), and each row with problems its explanation in a new last
    /// column headed 问题说明.
    struct RowMarks {
        let noteColumn: Int
        let style: Int?
        private var cellsToMark: [Int: Set<Int>] = [:]
        private var notes: [Int: [String]] = [:]

        init(header: [String], headerRow: Int, problems: [ValidationProblem], style: Int?) {
            noteColumn = header.count
            self.style = style
            for problem in problems {
                if let column = header.firstIndex(of: problem.column) { cellsToMark[problem.row, default: []].insert(column) }
                notes[problem.row, default: []].append("[\(problem.rule.id)] \(problem.column):\(problem.message)")
            }
            notes[headerRow] = ["问题说明"] + (notes[headerRow] ?? [])
        }

        /// Rewrites the rows in `xml` that have problems; rows are taken whole
        /// (a row cut off at the end is copied as it is), text between them copied.
        /// Searches with the standard library's `firstRange`: Foundation's
        /// `range(of:)` on a substring copies all of it at each call, which
        /// made a 200,000-row sheet take more than ten minutes.
        func annotate(_ xml: String) -> String {
            var output = ""
            var rest = xml[...]
            while let start = rest.firstRange(of: "<row ") {
                output += rest[..<start.lowerBound]
                rest = rest[start.lowerBound...]
                guard let tagEnd = rest.firstIndex(of: ">") else { break }
                let tag = String(rest[...tagEnd])
                let number = Int(ErrorWorkbook.attribute("r", of: tag) ?? "") ?? 0
                let selfClosing = tag.hasSuffix("/>")
                var inner = ""
                var after = rest[rest.index(after: tagEnd)...]
                if !selfClosing {
                    guard let close = after.firstRange(of: "</row>") else { break }
                    inner = String(after[..<close.lowerBound])
                    after = after[close.upperBound...]
                }
                guard notes[number] != nil || cellsToMark[number] != nil else {
                    output += tag + (selfClosing ? "" : inner + "</row>")
                    rest = after
                    continue
                }
                var cells = split(cells: inner)
                let marked = cellsToMark[number] ?? []
                if let style {
                    for column in marked {
                        if let index = cells.firstIndex(where: { $0.column == column }) {
                            cells[index].xml = styled(cells[index].xml, style: style)
                        } else {
                            cells.append((column, "<c r=\"\(letters(column))\(number)\" s=\"\(style)\"/>"))
                        }
                    }
                }
                if let text = notes[number] {
                    cells.removeAll { $0.column == noteColumn }
                    cells.append((noteColumn, "<c r=\"\(letters(noteColumn))\(number)\" t=\"inlineStr\"><is><t>\(escape(text.joined(separator: ";")))</t></is></c>"))
                }
                cells.sort { $0.column < $1.column }
                let openTag = selfClosing ? String(tag.dropLast(2)) + ">" : tag
                output += openTag.replacingOccurrences(of: #" spans="[^"]*""#, with: "", options: .regularExpression)
                    + cells.map(\.xml).joined() + "</row>"
                rest = after
            }
            return output + rest
        }
    }

    /// The `<c …>` elements of a row with their column indexes.
    static func split(cells inner: String) -> [(column: Int, xml: String)] {
        var cells: [(Int, String)] = []
        var rest = inner[...]
        while let start = rest.firstRange(of: "<c ") ?? rest.firstRange(of: "<c>") {
            guard let tagEnd = rest[start.upperBound...].firstRange(of: ">") else { break }
            let selfClosing = rest[..<tagEnd.upperBound].hasSuffix("/>")
            let end: String.Index
            if selfClosing { end = tagEnd.upperBound } else if let close = rest[tagEnd.upperBound...].firstRange(of: "</c>") {
                end = close.upperBound
            } else { break }
            let xml = String(rest[start.lowerBound..<end])
            let reference = (attribute("r", of: String(rest[start.lowerBound..<tagEnd.upperBound])) ?? "").prefix { $0.isASCII && $0.isUppercase }
            cells.append((SheetScanner.columnIndex(String(reference)), xml))
            rest = rest[end...]
        }
        return cells
    }

    static func styled(_ cell: String, style: Int) -> String {
        if cell.firstMatch(of: /\bs="\d+"/) != nil {
            return cell.replacingOccurrences(of: #"\bs="\d+""#, with: "s=\"\(style)\"", options: .regularExpression)
        }
        return cell.replacingOccurrences(of: "<c ", with: "<c s=\"\(style)\" ", options: .anchored)
    }

    /// 0 → A, 27 → AB.
    static func letters(_ column: Int) -> String {
        var value = column + 1, text = ""
        while value > 0 {
            let remainder = (value - 1) % 26
            text = String(UnicodeScalar(65 + remainder)!) + text
            value = (value - 1) / 26
        }
        return text
    }

    static func escape(_ text: String) -> String { Markup.escape(text) }
}
