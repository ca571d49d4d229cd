extension String {
    /// Trims ASCII and Unicode white space, including U+3000 and NBSP.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        if let first = scalars.first, let last = scalars.last,
           !first.isWhitespaceQuickly, !last.isWhitespaceQuickly {
            return self
        }
        guard let start = scalars.firstIndex(where: { !$0.isWhitespaceQuickly }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.isWhitespaceQuickly })!
        return String(scalars[start...end])
    }

    /// True when nothing but white space is left after trimming.
    public var isBlank: Bool { unicodeScalars.allSatisfy(\.isWhitespaceQuickly) }
}

extension Unicode.Scalar {
    /// `properties.isWhitespace`, answered without the property tables for
    /// ASCII and the ideographs that fill most cells.
    var isWhitespaceQuickly: Bool {
        switch value {
        case 0x09...0x0D, 0x20: true
        case 0x21...0x7F, 0x3400...0x9FFF: false
        default: properties.isWhitespace
        }
    }
}
