import Foundation
import Normalization

/// Estimates a model from data, splink's way: u from random pairs (almost
/// all non-matches), then m and the match rate by expectation-maximisation
/// over the candidate pairs, with u held fixed. Deterministic for a seed.
public enum ModelTraining {
    /// Level frequencies among `samples` random pairs, smoothed so no u is 0.
    static func estimateU(features: FeatureTable, samples: Int, seed: UInt64, into model: inout MatchModel) {
        let count = features.count
        guard count >= 2 else { return }
        var random = SplitMix64(seed: seed)
        var tallies = Comparison.allCases.map { [Double](repeating: 0, count: $0.levels.count) }
        for _ in 0..<samples {
            let i = Int(random.next() % UInt64(count))
            var j = Int(random.next() % UInt64(count - 1))
            if j >= i { j += 1 }
            let vector = Comparator.compare(features[i], features[j], in: features)
            for comparison in Comparison.allCases { tallies[comparison.rawValue][vector[comparison]] += 1 }
        }
        for comparison in Comparison.allCases {
            let counts = tallies[comparison.rawValue].dropFirst()
            let observed = counts.reduce(0, +)
            guard observed >= 100 else { continue }  // too little data: keep the prior u
            let floor = 0.5 / Double(samples)
            var parameters = model.comparisons[comparison.rawValue]
            for (index, tally) in counts.enumerated() {
                parameters.levels[index].u = max(floor, tally / observed)
            }
            model.comparisons[comparison.rawValue] = parameters
        }
    }

    /// EM over comparison-vector patterns (pattern → number of pairs).
    /// Returns the estimated share of matches among the pairs.
    @discardableResult
    static func estimateM(patterns: [UInt64: Int], iterations: Int, into model: inout MatchModel,
                          initialMatchShare: Double = 0.3) -> Double {
        let comparisons = Comparison.allCases
        // Sorted, so sums run in the same order every time: deterministic to the last bit.
        let entries = patterns.sorted { $0.key < $1.key }.map { (ComparisonVector(packed: $0.key), Double($0.value)) }
        var share = initialMatchShare
        for _ in 0..<iterations {
            var mTallies = comparisons.map { [Double](repeating: 0, count: $0.levels.count) }
            var matched = 0.0, total = 0.0
            for (vector, count) in entries {
                var logRatio = log2(share / (1 - share))
                for comparison in comparisons {
                    let level = vector[comparison]
                    guard level > 0 else { continue }
                    let parameters = model.comparisons[comparison.rawValue].levels[level - 1]
                    logRatio += log2(parameters.m / parameters.u)
                }
                let posterior = 1 / (1 + exp2(-logRatio))
                matched += posterior * count
                total += count
                for comparison in comparisons { mTallies[comparison.rawValue][vector[comparison]] += posterior * count }
            }
            for comparison in comparisons {
                var parameters = model.comparisons[comparison.rawValue]
                let counts = Array(mTallies[comparison.rawValue].dropFirst())
                let free = parameters.levels.indices.filter { parameters.levels[$0].mFixed != true }
                let observed = free.reduce(0) { $0 + counts[$1] }
                guard observed > 0 else { continue }
                // Fixed levels keep their m; the free ones share the rest.
                let fixedMass = parameters.levels.filter { $0.mFixed == true }.reduce(0) { $0 + $1.m }
                for index in free {
                    parameters.levels[index].m = min(1, max(1e-6, (1 - fixedMass) * counts[index] / observed))
                }
                model.comparisons[comparison.rawValue] = parameters
            }
            share = min(0.999, max(1e-6, matched / max(1, total)))
        }
        return share
    }
}
