/// Scores one pair of records outside an audit or an index: for a store
/// that keeps its own candidates (the registry keeps blocking keys in
/// SQLite) and asks only "is this the same person?".
public struct PairMatcher: Sendable {
    private let scorer: PairScorer

    /// - Parameter population: records in the store, for the prior.
    public init(model: MatchModel, population: Int) {
        let empty = FeatureTable(features: [], suggestions: [])
        scorer = PairScorer(model: model, features: empty, priorRecordCount: max(2, population))
    }

    /// The blocking keys of a record; records sharing a key are candidates.
    /// Each key is 32 bits (sign-extended into an `Int64`): a store keeps a
    /// dozen keys a teacher, and SQLite stores such an integer in four bytes
    /// instead of eight. Among a province's ~24 M keys a stray collision
    /// only brings the scorer one more candidate to turn down.
    public static func blockingKeys(_ record: MatchRecord) -> [Int64] {
        var suggestions: [UInt64] = []
        let feature = RecordFeatures(record, suggestions: &suggestions)
        let table = FeatureTable(features: [feature], suggestions: suggestions)
        var keys: [(BlockingRule, UInt64)] = []
        BlockingRule.keys(feature, in: table, into: &keys)
        // The rule goes into the key, so the same hash under two rules stays apart.
        return Array(Set(keys.map { Int64(Int32(truncatingIfNeeded: StableHash.combine($0.1, UInt64($0.0.rawValue)))) }))
    }

    /// The pair's score and its explanation.
    public func score(_ a: MatchRecord, _ b: MatchRecord) -> (score: PairScore, evidence: [EvidenceLine]) {
        let (score, features) = scoreOnly(a, b)
        return (score, scorer.explain(score, features))
    }

    /// The pair's score without its explanation (which costs more than the
    /// score): for ranking many candidates, explaining only the chosen one.
    public func decide(_ a: MatchRecord, _ b: MatchRecord) -> PairScore {
        scoreOnly(a, b).score
    }

    private func scoreOnly(_ a: MatchRecord, _ b: MatchRecord) -> (score: PairScore, features: RecordFeatures) {
        var suggestionsA: [UInt64] = [], suggestionsB: [UInt64] = []
        let fa = RecordFeatures(a, suggestions: &suggestionsA), fb = RecordFeatures(b, suggestions: &suggestionsB)
        let vector = Comparator.compare(fa, in: FeatureTable(features: [fa], suggestions: suggestionsA),
                                        fb, in: FeatureTable(features: [fb], suggestions: suggestionsB))
        return (scorer.score(0, 1, vector: vector, fa), fa)
    }
}
