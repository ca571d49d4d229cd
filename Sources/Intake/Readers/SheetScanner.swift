import Foundation
import Normalization

/// Reads a worksheet's rows straight from its UTF-8 bytes, fed in chunks as
/// the part inflates, so the sheet's XML is never held whole: only a tag or
/// a cell's text cut by a chunk's end waits for the next chunk. A sheet is
/// a long, flat run of `<row>`, `<c>`, `<v>` and `<is><t>` elements, and the
/// general XML parser spent most of its time building strings for element
/// names and attribute dictionaries; this scanner builds only cell values.
/// It accepts namespace prefixes, self-closing elements, CDATA and the five
/// named and numeric character references, and refuses DTDs and entity
/// declarations. The shared-strings part has the same shape (`<si>` with
/// `<t>` runs, phonetic `<rPh>` left out) and streams through the same
/// scanner, one string per `<si>`.
struct SheetScanner {
    let shared: [String]
    /// Reading `xl/sharedStrings.xml`: each `<si>` is a one-cell row.
    private var readsSharedStrings = false
    let limits: IntakeLimits
    let file: String
    let sheet: String
    /// Bytes of a construct the last chunk cut off.
    private var carry: [UInt8] = []
    private var cells: [String] = []
    private var rowNumber = 0, column = 0, rowCount = 0
    private var type: [UInt8] = []
    private var value: [UInt8] = []
    private var text: [UInt8] = []
    private var inCell = false
    private var phonetic = 0

    init(shared: [String], limits: IntakeLimits, file: String, sheet: String) {
        self.shared = shared
        self.limits = limits
        self.file = file
        self.sheet = sheet
    }

    /// A scanner of `xl/sharedStrings.xml`.
    static func sharedStrings(limits: IntakeLimits, file: String) -> SheetScanner {
        var scanner = SheetScanner(shared: [], limits: limits, file: file, sheet: "xl/sharedStrings.xml")
        scanner.readsSharedStrings = true
        return scanner
    }

    /// Every row of a sheet held in memory (tests, small parts).
    func rows(_ data: Data) throws -> [CSVTable.Row] {
        var scanner = self
        var rows: [CSVTable.Row] = []
        try scanner.feed(data) { rows.append($0) }
        try scanner.finish { rows.append($0) }
        return rows
    }

    /// Scans the next bytes of the sheet; `row` receives each row as its `</row>` is read.
    mutating func feed(_ chunk: Data, row: (CSVTable.Row) throws -> Void) throws {
        if carry.isEmpty {
            let consumed = try chunk.withUnsafeBytes { try scan($0.bindMemory(to: UInt8.self), final: false, row: row) }
            carry = Array(chunk.dropFirst(consumed))
        } else {
            carry.append(contentsOf: chunk)
            let pending = carry
            let consumed = try pending.withUnsafeBufferPointer { try scan($0, final: false, row: row) }
            carry = Array(pending[consumed...])
        }
        guard carry.count <= limits.maximumCellCharacters * 4 + 4096 else {
            throw fail(.rowCellTooLong(rowNumber, characters: limits.maximumCellCharacters))
        }
    }

    /// Scans what the last chunk left; the sheet must end here.
    mutating func finish(row: (CSVTable.Row) throws -> Void) throws {
        let pending = carry
        carry = []
        _ = try pending.withUnsafeBufferPointer { try scan($0, final: true, row: row) }
    }

    private func fail(_ reason: Text) -> IntakeError { IntakeError(file: file, location: sheet, reason) }

    /// Scans whole constructs and returns how many bytes were consumed; a
    /// construct cut off by the end is left for the next chunk (or, when
    /// `final`, is an error).
    private mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool,
                               row emit: (CSVTable.Row) throws -> Void) throws -> Int {
        var index = 0
        let count = bytes.count
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else { index += 1; continue }
            let tagStart = index
            if Self.startsWith(bytes, index, "<!") {
                if Self.startsWith(bytes, index, "<!DOCTYPE") || Self.startsWith(bytes, index, "<!ENTITY") {
                    throw IntakeError(file: file, location: sheet, .declaresDTD)
                }
                if count - index < 9, !final { return tagStart }
            }
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
            guard tagEnd < count else {
                if final { throw fail(.endsInsideTag) }
                return tagStart
            }
            let selfClosing = bytes[tagEnd - 1] == UInt8(ascii: "/")
            let attributes = UnsafeBufferPointer(rebasing: bytes[nameEnd..<tagEnd])
            index = tagEnd + 1

            if readsSharedStrings, Self.equals(name, "si") {
                if closing || selfClosing {
                    if selfClosing { value.removeAll(keepingCapacity: true) }
                    guard rowCount < limits.maximumRows * 4 else { throw fail(.tooManyStrings(limits.maximumRows * 4)) }
                    rowCount += 1
                    try emit(CSVTable.Row(line: rowCount, cells: [String(decoding: value, as: UTF8.self)]))
                    inCell = false
                } else {
                    value.removeAll(keepingCapacity: true)
                    inCell = true
                }
            } else if Self.equals(name, "row") {
                if closing {
                    try emitRow(emit)
                } else {
                    rowNumber = Self.attribute(attributes, "r").flatMap { Int(String(decoding: $0, as: UTF8.self)) } ?? rowNumber + 1
                    cells = []
                    column = 0
                    if selfClosing { try emitRow(emit) }
                }
            } else if Self.equals(name, "c") {
                if closing {
                    if inCell { try commit() }
                    inCell = false
                } else {
                    column = Self.attribute(attributes, "r").map { Self.columnIndex(String(decoding: $0, as: UTF8.self)) } ?? column
                    guard column < limits.maximumColumns else {
                        throw fail(.rowTooManyColumns(rowNumber, columns: limits.maximumColumns))
                    }
                    type = Self.attribute(attributes, "t").map(Array.init) ?? []
                    value.removeAll(keepingCapacity: true)
                    if selfClosing { column += 1 } else { inCell = true }  // an empty cell holds only a style
                }
            } else if Self.equals(name, "rPh") {
                if !selfClosing { phonetic += closing ? -1 : 1 }
            } else if !closing, !selfClosing, inCell, phonetic == 0, Self.equals(name, "v") || Self.equals(name, "t") {
                // Text up to the next tag (or a CDATA section); cut off, the element is read again with the next chunk.
                text.removeAll(keepingCapacity: true)
                var complete = false
                while index < count {
                    if bytes[index] == UInt8(ascii: "<") {
                        if Self.startsWith(bytes, index, "<![CDATA[") {
                            var end = index + 9
                            while end + 2 < count, !(bytes[end] == 93 && bytes[end + 1] == 93 && bytes[end + 2] == 62) { end += 1 }
                            guard end + 2 < count else { break }
                            text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(index + 9)..<end]))
                            index = end + 3
                            continue
                        }
                        if count - index < 9, !final, Self.couldStartCDATA(bytes, index) { break }
                        complete = true
                        break
                    }
                    if bytes[index] == UInt8(ascii: "&") {
                        guard let next = Self.reference(bytes, index, into: &text, final: final) else { break }
                        index = next
                        continue
                    }
                    text.append(bytes[index])
                    index += 1
                }
                guard complete || final else { return tagStart }
                value.append(contentsOf: text)
                guard value.count <= limits.maximumCellCharacters * 4 else {
                    throw fail(.rowCellTooLong(rowNumber, characters: limits.maximumCellCharacters))
                }
            }
        }
        return count
    }

    private mutating func emitRow(_ emit: (CSVTable.Row) throws -> Void) throws {
        guard rowCount < limits.maximumRows else { throw fail(.tooManyRows(limits.maximumRows)) }
        rowCount += 1
        try emit(CSVTable.Row(line: rowNumber, cells: cells))
        cells = []
    }

    private mutating func commit() throws {
        defer { column += 1 }
        var text = String(decoding: value, as: UTF8.self)
        guard text.count <= limits.maximumCellCharacters else {
            throw fail(.rowCellTooLong(rowNumber, characters: limits.maximumCellCharacters))
        }
        if type == Array("s".utf8) {
            text = Int(text).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
        } else if type == Array("b".utf8) {
            text = text == "1" ? "TRUE" : "FALSE"
        }
        while cells.count < column { cells.append("") }
        if cells.count == column { cells.append(text) } else { cells[column] = text }
    }

    /// Whether the bytes from `index` to the end are a prefix of `<![CDATA[`.
    static func couldStartCDATA(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let marker = Array("<![CDATA[".utf8)
        for offset in 0..<(bytes.count - index) where offset >= marker.count || bytes[index + offset] != marker[offset] { return false }
        return true
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

    /// Decodes `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#N;`, `&#xH;`;
    /// returns the index after it, or nil when the bytes end inside it and more may come.
    static func reference(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, into value: inout [UInt8], final: Bool = true) -> Int? {
        var end = start + 1
        while end < bytes.count, end - start < 12, bytes[end] != UInt8(ascii: ";") { end += 1 }
        if end == bytes.count, !final { return nil }
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
