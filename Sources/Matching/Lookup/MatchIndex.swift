/// "Who is this?" for one incoming record: an index over a set of records,
/// built once, answering with ranked candidates, each with its weight,
/// decision and explanation. Immutable, so any number of threads may query
/// it at once.
///
/// ```swift
/// let index = MatchIndex(records: registryRecords, model: model)
/// let best = index.lookup(incoming).first   // .decision == .match → same teacher
/// ```
public final class MatchIndex: Sendable {
    public struct Candidate: Sendable {
        /// Position of the candidate in the indexed records.
        public let index: Int
        public let record: MatchRecord
        public let score: PairScore
        public let evidence: [EvidenceLine]
    }

    public let records: [MatchRecord]
    public let model: MatchModel
    private let table: FeatureTable
    /// Blocking entries, sorted: key hash, rule, record (as in `CandidatePairs`).
    private let entries: [UInt64]
    private let scorer: PairScorer

    public init(records: [MatchRecord], model: MatchModel) {
        self.records = records
        self.model = model
        let table = RecordFeatures.build(records)
        self.table = table
        scorer = PairScorer(model: model, features: table)
        let parts = parallelMap(2) { part -> [UInt64] in
            var entries: [UInt64] = []
            var keys: [(BlockingRule, UInt64)] = []
            for index in DuplicateAudit.half(part, of: table.count) {
                keys.removeAll(keepingCapacity: true)
                BlockingRule.keys(table[index], in: table, into: &keys)
                for (rule, hash) in keys { entries.append(CandidatePairs.entry(hash: hash, rule: rule, record: index)) }
            }
            entries.sort()
            return entries
        }
        var merged: [UInt64] = []
        merged.reserveCapacity(parts[0].count + parts[1].count)
        var i = 0, j = 0
        while i < parts[0].count || j < parts[1].count {
            if j >= parts[1].count || (i < parts[0].count && parts[0][i] <= parts[1][j]) { merged.append(parts[0][i]); i += 1 }
            else { merged.append(parts[1][j]); j += 1 }
        }
        entries = merged
    }

    /// The indexed records that may be `record`, best first; non-matches
    /// are left out unless `includeNonMatches`.
    public func lookup(_ record: MatchRecord, limit: Int = 10, includeNonMatches: Bool = false) -> [Candidate] {
        var querySuggestions: [UInt64] = []
        let query = RecordFeatures(record, suggestions: &querySuggestions)
        let queryTable = FeatureTable(features: [query], suggestions: querySuggestions)
        var keys: [(BlockingRule, UInt64)] = []
        BlockingRule.keys(query, in: queryTable, into: &keys)

        var seen = Set<Int>()
        for (rule, hash) in keys {
            let low = CandidatePairs.entry(hash: hash, rule: rule, record: 0)
            let start = lowerBound(low)
            var end = start
            let prefix = low >> CandidatePairs.indexBits
            while end < entries.count, entries[end] >> CandidatePairs.indexBits == prefix { end += 1 }
            guard end - start <= rule.cap else { continue }
            for position in start..<end { seen.insert(Int(entries[position] & CandidatePairs.indexMask)) }
        }
        var candidates: [Candidate] = []
        for index in seen {
            let other = table[index]
            let vector = Comparator.compare(other, in: table, query, in: queryTable)
            let score = scorer.score(Int32(index), -1, vector: vector, other)
            guard includeNonMatches || score.decision != .nonMatch else { continue }
            candidates.append(Candidate(index: index, record: records[index], score: score,
                                        evidence: scorer.explain(score, other)))
        }
        candidates.sort { $0.score.weight != $1.score.weight ? $0.score.weight > $1.score.weight : $0.index < $1.index }
        return Array(candidates.prefix(limit))
    }

    private func lowerBound(_ value: UInt64) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
