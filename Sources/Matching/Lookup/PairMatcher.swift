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
    public static func blockingKeys(_ record: MatchRecord) -> [Int64] { blockingKeys(ComparableRecord(record)) }

    public static func blockingKeys(_ record: ComparableRecord) -> [Int64] {
        var keys: [(BlockingRule, UInt64)] = []
        BlockingRule.keys(record.features, in: record.table, into: &keys)
        // The rule goes into the key, so the same hash under two rules stays apart.
        return Array(Set(keys.map { Int64(Int32(truncatingIfNeeded: StableHash.combine($0.1, UInt64($0.0.rawValue)))) }))
    }

    /// The pair's score and its explanation.
    public func score(_ a: MatchRecord, _ b: MatchRecord) -> (score: PairScore, evidence: [EvidenceLine]) {
        score(ComparableRecord(a), ComparableRecord(b))
    }

    public func score(_ a: ComparableRecord, _ b: ComparableRecord) -> (score: PairScore, evidence: [EvidenceLine]) {
        let score = decide(a, b)
        return (score, scorer.explain(score, a.features))
    }

    /// The pair's score without its explanation (which costs more than the
    /// score): for ranking many candidates, explaining only the chosen one.
    public func decide(_ a: MatchRecord, _ b: MatchRecord) -> PairScore {
        decide(ComparableRecord(a), ComparableRecord(b))
    }

    /// As `decide(_:_:)`, for records compared many times (a file's rows with
    /// their candidates): each worked out once instead of for every pair.
    public func decide(_ a: ComparableRecord, _ b: ComparableRecord) -> PairScore {
        let vector = Comparator.compare(a.features, in: a.table, b.features, in: b.table)
        return scorer.score(0, 1, vector: vector, a.features)
    }
}
