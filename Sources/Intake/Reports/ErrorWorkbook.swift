import Foundation
import ZIPFoundation

/// A copy of a school's workbook with every cell that has a problem filled
/// red and a 问题说明 column that explains each row's problems: the school
/// fixes its own file and sends it back. Everything else in the package is
/// copied unchanged.
public enum ErrorWorkbook {
    /// Writes the annotated copy of `original` (an .xlsx) to `destination`.
    /// `problems` are those of the workbook's teacher lists; each list's
    /// header is read again from the workbook (up to its first row), so no
    /// caller needs to hold the rows.
    public static func write(original: URL, problems: [ValidationProblem], to destination: URL) throws {
        let name = original.lastPathComponent
        let source: Archive
        do { source = try Archive(url: original, accessMode: .read) } catch {
            throw IntakeError(file: name, "cannot be opened to write the error copy: \(error)")
        }
        var package = try ZipPackage(url: original)
        let sheets = try XLSXReader.sheets(&package)
        var replaced: [String: Data] = [:]

        var highlight: Int?
        if package.contains("xl/styles.xml"), let styles = String(data: try package.part("xl/styles.xml"), encoding: .utf8),
           let (updated, style) = addFillStyle(styles) {
            replaced["xl/styles.xml"] = Data(updated.utf8)
            highlight = style
        }
        for list in try XLSXSheetStream.sheets(of: original) {
            guard let sheet = list.sheet, let path = sheets.first(where: { $0.0 == sheet })?.1 else { continue }
            let own = problems.filter { $0.sheet == sheet }
            guard !own.isEmpty, let xml = String(data: try package.part(path), encoding: .utf8) else { continue }
            let (header, headerRow) = try list.header()
            replaced[path] = Data(annotate(xml, header: header, headerRow: headerRow, problems: own, style: highlight).utf8)
        }

        try? FileManager.default.removeItem(at: destination)
        let target: Archive
        do { target = try Archive(url: destination, accessMode: .create) } catch {
            throw IntakeError(file: destination.lastPathComponent, "cannot be created: \(error)")
        }
        for entry in source where entry.type == .file {
            var data = Data()
            if let new = replaced[entry.path] {
                data = new
            } else {
                _ = try source.extract(entry) { data.append($0) }
            }
            let bytes = data
            try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) {
                position, size in bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
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

    /// Rewrites the rows that have problems: bad cells get the red style
    /// (empty bad cells are created, in column order), and the row gets its
    /// explanation in a new last column headed 问题说明.
    static func annotate(_ xml: String, header: [String], headerRow: Int, problems: [ValidationProblem], style: Int?) -> String {
        let noteColumn = header.count
        var cellsToMark: [Int: Set<Int>] = [:]
        var notes: [Int: [String]] = [:]
        for problem in problems {
            if let column = header.firstIndex(of: problem.column) { cellsToMark[problem.row, default: []].insert(column) }
            notes[problem.row, default: []].append("[\(problem.rule.id)] \(problem.column):\(problem.message)")
        }
        notes[headerRow] = ["问题说明"] + (notes[headerRow] ?? [])
        var output = ""
        var rest = xml[...]
        while let start = rest.range(of: "<row ") {
            output += rest[..<start.lowerBound]
            guard let tagEnd = rest[start.upperBound...].range(of: ">") else { break }
            let tag = String(rest[start.lowerBound..<tagEnd.upperBound])
            let number = Int(tag.firstMatch(of: /\br="(\d+)"/)?.1 ?? "") ?? 0
            let selfClosing = tag.hasSuffix("/>")
            var inner = ""
            var after = rest[tagEnd.upperBound...]
            if !selfClosing, let close = after.range(of: "</row>") {
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

    /// The `<c …>` elements of a row with their column indexes.
    static func split(cells inner: String) -> [(column: Int, xml: String)] {
        var cells: [(Int, String)] = []
        var rest = inner[...]
        while let start = rest.range(of: "<c ") ?? rest.range(of: "<c>") {
            guard let tagEnd = rest[start.upperBound...].range(of: ">") else { break }
            let selfClosing = rest[..<tagEnd.upperBound].hasSuffix("/>")
            let end: String.Index
            if selfClosing { end = tagEnd.upperBound } else if let close = rest[tagEnd.upperBound...].range(of: "</c>") {
                end = close.upperBound
            } else { break }
            let xml = String(rest[start.lowerBound..<end])
            let reference = xml.firstMatch(of: /\br="([A-Z]+)\d+"/)?.1 ?? ""
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

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
