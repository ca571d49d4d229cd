/// A record in the form the matcher compares, worked out once: comparing it
/// with many others then costs a few integer comparisons each, with no
/// hashing of names and no allocation per pair. Its features are held
/// inline (176 bytes, no strings), so a file's or a cache's many records take
/// a fraction of their `MatchRecord`s' memory.
public struct ComparableRecord: Sendable, Equatable {
    let features: RecordFeatures
    /// The valid numbers one typing error away from an invalid ID, which
    /// `features` refers to (usually none).
    let suggestions: [UInt64]

    public init(_ record: MatchRecord) {
        var suggestions: [UInt64] = []
        features = RecordFeatures(record, suggestions: &suggestions)
        self.suggestions = suggestions
    }

    /// The table `features` looks up its suggestions in: one shared empty
    /// table for the records that have none.
    var table: FeatureTable {
        suggestions.isEmpty ? Self.noSuggestions : FeatureTable(features: [], suggestions: suggestions)
    }

    private static let noSuggestions = FeatureTable(features: [], suggestions: [])
}
