extension ComparableRecord {
    /// The bytes of a record's fixed part, its features: a large file's
    /// teachers are kept on disk while the file registers and read back by
    /// the same process (never stored: the layout is this build's).
    public static var fixedByteCount: Int { MemoryLayout<RecordFeatures>.size }

    public func withFixedBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(of: features, body)
    }

    /// The typing-error suggestions the features refer to (usually none).
    public var suggestionWords: [UInt64] { suggestions }

    /// The record whose `withFixedBytes` gave `fixedBytes`, and its `suggestionWords`.
    public init(fixedBytes: UnsafeRawBufferPointer, suggestions: [UInt64]) {
        precondition(fixedBytes.count >= Self.fixedByteCount)
        features = fixedBytes.loadUnaligned(as: RecordFeatures.self)
        precondition(features.suggestionStart == 0 && Int(features.suggestionCount) == suggestions.count,
                     "a record's own suggestions begin its table")
        self.suggestions = suggestions
    }
}
