/// A record in the form the matcher compares, worked out once: comparing it
/// with many others then costs a few integer comparisons each, with no
/// hashing of names and no allocation per pair. It holds no strings, so a
/// file's or a cache's many records take a fraction of their `MatchRecord`s'
/// memory.
public struct ComparableRecord: Sendable, Equatable {
    /// The record's features (one), with the valid numbers one typing error
    /// away from an invalid ID that they refer to (usually none).
    let table: FeatureTable

    public init(_ record: MatchRecord) {
        var suggestions: [UInt64] = []
        let features = RecordFeatures(record, suggestions: &suggestions)
        table = FeatureTable(features: [features], suggestions: suggestions)
    }

    var features: RecordFeatures { table[0] }
}
