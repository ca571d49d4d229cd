extension String {
    /// Trims ASCII and Unicode white space, including U+3000 and NBSP.
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        if let first = scalars.first, let last = scalars.last,
           !first.properties.isWhitespace, !last.properties.isWhitespace {
            return self
        }
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[start...end])
    }
}
