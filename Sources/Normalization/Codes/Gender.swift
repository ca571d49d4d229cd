/// Sex as the documents record it (GB/T 2261.1 codes 1 and 2).
public enum Gender: String, Sendable, Hashable, Codable {
    case male
    case female

    /// GB/T 2261.1 code.
    public var code: String { self == .male ? "1" : "2" }
    public var label: String { self == .male ? "男" : "女" }

    /// Reads a template cell: a code (`1`), a label (`男`), `code-label`
    /// (`1-男`) or English. Nil for blank, unknown (`0`, `9`) or unreadable.
    public init?(cell: String) {
        // The forms nearly every cell takes, compared as bytes.
        var utf8 = cell.utf8.makeIterator()
        if cell.utf8.count == 1, let byte = utf8.next() {
            if byte == UInt8(ascii: "1") { self = .male; return }
            if byte == UInt8(ascii: "2") { self = .female; return }
        }
        switch cell {
        case "男", "1-男": self = .male; return
        case "女", "2-女": self = .female; return
        default: break
        }
        let text = cell.trimmingWhitespace()
        let parts = text.split(separator: "-", maxSplits: 1).map(String.init)
        let candidates = parts.count == 2 ? [parts[0], parts[1]] : [text]
        for candidate in candidates {
            switch candidate.lowercased() {
            case "1", "男", "男性", "m", "male": self = .male; return
            case "2", "女", "女性", "f", "female": self = .female; return
            default: continue
            }
        }
        return nil
    }
}
