import Foundation

/// Scores pairs with a model: sums the level weights, adjusts name
/// agreement by how common the name is (张伟 is weak evidence, a rare name
/// strong), adds the prior and applies the thresholds.
struct PairScorer: Sendable {
    let model: MatchModel
    let weights: [[Double]]
    let prior: Double
    /// How many records carry each dotless simplified name.
    let nameCounts: [UInt64: Int32]
    let recordCount: Int
    /// m of each name level, read once (scoring asks for it per pair).
    let nameM: [Double]

    static let differentResidentIDsLevel = 3

    /// Name levels whose evidence depends on the name's frequency.
    static let termFrequencyLevels: Set<Int> = [1, 2, 3]

    init(model: MatchModel, features: FeatureTable, priorRecordCount: Int? = nil) {
        self.model = model
        weights = model.weights()
        nameM = [0] + model.parameters(.name).levels.map(\.m)
        recordCount = features.count
        prior = model.priorWeight(recordCount: priorRecordCount ?? features.count)
        var counts: [UInt64: Int32] = [:]
        counts.reserveCapacity(features.count)
        for feature in features.features where feature.dotless != 0 { counts[feature.dotless, default: 0] += 1 }
        nameCounts = counts
    }

    func levelWeight(_ comparison: Comparison, level: Int, _ a: RecordFeatures) -> Double {
        guard level > 0 else { return 0 }
        // Name frequencies mean something only in a sizeable set of records.
        if comparison == .name, Self.termFrequencyLevels.contains(level),
           recordCount >= DuplicateAudit.minimumRecordsToTrain {
            let m = nameM[level]
            let count = max(2, Double(nameCounts[a.dotless] ?? 2))
            let uTF = count / Double(recordCount)
            return log2(m / uTF)
        }
        return weights[comparison.rawValue][level]
    }

    func score(_ a: Int32, _ b: Int32, in features: FeatureTable) -> PairScore {
        let fa = features[Int(a)]
        return score(a, b, vector: Comparator.compare(fa, features[Int(b)], in: features), fa)
    }

    /// Scores a pair whose comparison vector is known; `fa` is the first record.
    func score(_ a: Int32, _ b: Int32, vector: ComparisonVector, _ fa: RecordFeatures) -> PairScore {
        var total = prior
        for comparison in Comparison.allCases {
            total += levelWeight(comparison, level: vector[comparison], fa)
        }
        var decision: MatchDecision =
            total >= model.matchThreshold ? .match : total >= model.possibleThreshold ? .possible : .nonMatch
        // Two different valid resident IDs are never merged without a person
        // looking: twins share everything else. At most they go to review.
        if decision == .match, vector[.document] == Self.differentResidentIDsLevel { decision = .possible }
        return PairScore(a: a, b: b, vector: vector, weight: total, decision: decision)
    }

    func explain(_ pair: PairScore, _ a: RecordFeatures) -> [EvidenceLine] {
        Comparison.allCases.compactMap { comparison in
            let level = pair.vector[comparison]
            guard level > 0 else { return nil }
            return EvidenceLine(comparison: comparison, level: comparison.levels[level],
                                weight: levelWeight(comparison, level: level, a))
        }
    }
}
