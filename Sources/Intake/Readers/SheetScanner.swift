import Foundation

/// Reads a worksheet's rows straight from its UTF-8 bytes. A sheet is a
/// long, flat run of `<row>`, `<c>`, `<v>` and `<is><t>` elements, and the
/// general XML parser spent most of its time building strings for element
/// names and attribute dictionaries; this scanner builds only cell values.
/// It accepts namespace prefixes, self-closing elements, CDATA and the five
/// named and numeric character references; DTDs were refused before.
struct SheetScanner {
    let shared: [String]
    let limits: IntakeLimits

    func rows(_ data: Data, file: String, sheet: String) throws -> [CSVTable.Row] {
        try data.withUnsafeBytes { raw in
            try rows(raw.bindMemory(to: UInt8.self), file: file, sheet: sheet)
        }
    }

    private func rows(_ bytes: UnsafeBufferPointer<UInt8>, file: String, sheet: String) throws -> [CSVTable.Row] {
        var rows: [CSVTable.Row] = []
        var cells: [String] = []
        var rowNumber = 0, column = 0
        var type: [UInt8] = []
        var value: [UInt8] = []
        var inCell = false
        var phonetic = 0
        var index = 0
        let count = bytes.count
        func fail(_ reason: String) -> IntakeError { IntakeError(file: file, location: sheet, reason) }

        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            // Tag name, without a namespace prefix.
            var nameStart = index + 1
            let closing = nameStart < count && bytes[nameStart] == UInt8(ascii: "/")
            if closing { nameStart += 1 }
            var nameEnd = nameStart
            while nameEnd < count, !Self.isNameEnd(bytes[nameEnd]) { nameEnd += 1 }
            var localStart = nameStart
            for position in nameStart..<nameEnd where bytes[position] == UInt8(ascii: ":") { localStart = position + 1 }
            let name = UnsafeBufferPointer(rebasing: bytes[localStart..<nameEnd])
            var tagEnd = nameEnd
            while tagEnd < count, bytes[tagEnd] != UInt8(ascii: ">") { tagEnd += 1 }
            guard tagEnd < count else { throw fail("ends inside a tag") }
            let selfClosing = bytes[tagEnd - 1] == UInt8(ascii: "/")
            let attributes = UnsafeBufferPointer(rebasing: bytes[nameEnd..<tagEnd])
            index = tagEnd + 1

            if Self.equals(name, "row") {
                if closing {
                    guard rows.count < limits.maximumRows else { throw fail("has more than \(limits.maximumRows) rows") }
                    rows.append(CSVTable.Row(line: rowNumber, cells: cells))
                } else {
                    rowNumber = Self.attribute(attributes, "r").flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? rowNumber + 1
                    cells = []
                    column = 0
                    if selfClosing { rows.append(CSVTable.Row(line: rowNumber, cells: [])) }
                }
            } else if Self.equals(name, "c") {
                if closing {
                    if inCell { try commit() }
                    inCell = false
                } else {
                    column = Self.attribute(attributes, "r").map { Self.columnIndex(String(decoding: $0, as: UTF8.self)) } ?? column
                    guard column < limits.maximumColumns else {
                        throw fail("row \(rowNumber) has more than \(limits.maximumColumns) columns")
                    }
                    type = Self.attribute(attributes, "t").map(Array.init) ?? []
                    value.removeAll(keepingCapacity: true)
                    if selfClosing { column += 1 } else { inCell = true }  // an empty cell holds only a style
                }
            } else if Self.equals(name, "rPh") {
                if !selfClosing { phonetic += closing ? -1 : 1 }
            } else if !closing, !selfClosing, inCell, phonetic == 0, Self.equals(name, "v") || Self.equals(name, "t") {
                // Text up to the next tag (or a CDATA section).
                while index < count {
                    if bytes[index] == UInt8(ascii: "<") {
                        if Self.startsWith(bytes, index, "<![CDATA[") {
                            var end = index + 9
                            while end + 2 < count, !(bytes[end] == 93 && bytes[end + 1] == 93 && bytes[end + 2] == 62) { end += 1 }
                            value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(index + 9)..<end]))
                            index = end + 3
                            continue
                        }
                        break
                    }
                    if bytes[index] == UInt8(ascii: "&") { index = Self.reference(bytes, index, into: &value); continue }
                    value.append(bytes[index])
                    index += 1
                }
                guard value.count <= limits.maximumCellCharacters * 4 else {
                    throw fail("row \(rowNumber) has a cell longer than \(limits.maximumCellCharacters) characters")
                }
            }
        }
        return rows

        func commit() throws {
            defer { column += 1 }
            var text = String(decoding: value, as: UTF8.self)
            guard text.count <= limits.maximumCellCharacters else {
                throw fail("row \(rowNumber) has a cell longer than \(limits.maximumCellCharacters) characters")
            }
            if type == Array("s".utf8) {
                text = Int(text).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
            } else if type == Array("b".utf8) {
                text = text == "1" ? "TRUE" : "FALSE"
            }
            while cells.count < column { cells.append("") }
            if cells.count == column { cells.append(text) } else { cells[column] = text }
        }
    }

    /// `B12` → 1.
    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for scalar in reference.unicodeScalars {
            guard scalar.value >= 65, scalar.value <= 90 else { break }
            index = index * 26 + Int(scalar.value - 64)
        }
        return max(0, index - 1)
    }

    static func isNameEnd(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    static func equals(_ name: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard name.count == text.utf8CodeUnitCount else { return false }
        let pointer = text.utf8Start
        for index in 0..<name.count where name[index] != pointer[index] { return false }
        return true
    }

    static func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, _ text: StaticString) -> Bool {
        guard index + text.utf8CodeUnitCount <= bytes.count else { return false }
        let pointer = text.utf8Start
        for offset in 0..<text.utf8CodeUnitCount where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    /// The value of attribute `name` (` name="…"`), quotes excluded.
    static func attribute(_ attributes: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        let length = name.utf8CodeUnitCount, pointer = name.utf8Start
        var index = 0
        while index + length + 2 < attributes.count {
            let before = attributes[index]
            if before == 0x20 || before == 0x09 || before == 0x0A || before == 0x0D {
                var matches = true
                for offset in 0..<length where attributes[index + 1 + offset] != pointer[offset] { matches = false; break }
                let equals = index + 1 + length
                if matches, attributes[equals] == UInt8(ascii: "="), equals + 1 < attributes.count {
                    let quote = attributes[equals + 1]
                    var end = equals + 2
                    while end < attributes.count, attributes[end] != quote { end += 1 }
                    return UnsafeBufferPointer(rebasing: attributes[(equals + 2)..<end])
                }
            }
            index += 1
        }
        return nil
    }

    /// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#N;`, `&#xH;`; returns the index after it.
    static func reference(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, into value: inout [UInt8]) -> Int {
        var end = start + 1
        while end < bytes.count, end - start < 12, bytes[end] != UInt8(ascii: ";") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: ";") else { value.append(bytes[start]); return start + 1 }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end]), as: UTF8.self)
        let scalar: Unicode.Scalar? =
            switch name {
            case "amp": "&"
            case "lt": "<"
            case "gt": ">"
            case "quot": "\""
            case "apos": "'"
            default:
                name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                    : name.hasPrefix("#") ? UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init) : nil
            }
        guard let scalar else { value.append(bytes[start]); return start + 1 }
        value.append(contentsOf: String(scalar).utf8)
        return end + 1
    }
}
