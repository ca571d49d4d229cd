import Foundation
import Normalization

/// The duplicate audit of a set of records: normalise, block, score,
/// cluster — every suspected duplicate found and explained.
///
/// ```swift
/// let result = DuplicateAudit.run(records)
/// for pair in result.pairs where pair.decision == .match { … result.explain(pair) … }
/// ```
public enum DuplicateAudit {
    public struct Options: Sendable {
        /// The model to score with. Nil: start from the shipped model and
        /// estimate u and m on the data itself when there are enough records.
        public var model: MatchModel?
        /// Re-estimate a given model on the data (u by sampling, m by EM).
        public var train: Bool
        public var matchThreshold: Double?
        public var possibleThreshold: Double?
        public var seed: UInt64
        /// Random pairs drawn to estimate u.
        public var uSamples: Int
        public var emIterations: Int

        public init(model: MatchModel? = nil, train: Bool = false, matchThreshold: Double? = nil,
                    possibleThreshold: Double? = nil, seed: UInt64 = 20_261_122, uSamples: Int = 2_000_000,
                    emIterations: Int = 12) {
            self.model = model
            self.train = train
            self.matchThreshold = matchThreshold
            self.possibleThreshold = possibleThreshold
            self.seed = seed
            self.uSamples = uSamples
            self.emIterations = emIterations
        }
    }

    public struct Result: Sendable {
        public let records: [MatchRecord]
        /// Scored pairs that are a match or possible, strongest first.
        public let pairs: [PairScore]
        public let clusters: Clusters
        public let model: MatchModel
        public let candidateCount: Int
        /// Candidate pairs as (lower index << 32 | higher index), sorted.
        public let candidatePairs: [UInt64]
        public let oversizedBlocks: [BlockingRule: Int]
        public let pairsByRule: [BlockingRule: Int]
        /// Seconds spent in each phase, in order.
        public let phaseSeconds: [(phase: String, seconds: Double)]
        let scorer: PairScorer
        let features: FeatureTable

        /// Per comparison, the level that applied and its weight.
        public func explain(_ pair: PairScore) -> [EvidenceLine] {
            let upgraded = records[Int(pair.a)].documentWasUpgraded || records[Int(pair.b)].documentWasUpgraded
            return scorer.explain(pair, features[Int(pair.a)]).map { line in
                guard upgraded, line.comparison == .document, line.level.id == "same" else { return line }
                return EvidenceLine(comparison: .document, level: Comparison.sameAfterUpgrade, weight: line.weight)
            }
        }
    }

    /// Fewer records than this are too few to estimate a model from.
    public static let minimumRecordsToTrain = 2_000

    public static func run(_ records: [MatchRecord], options: Options = Options()) -> Result {
        var phases: [(String, Double)] = []
        var mark = ContinuousClock.now
        func lap(_ phase: String) {
            let now = ContinuousClock.now
            let elapsed = now - mark
            phases.append((phase, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
            mark = now
        }
        let features = RecordFeatures.build(records)
        lap("features")
        let candidates = CandidatePairs.generate(features)
        lap("blocking")
        // Each candidate's comparison vector, computed once for EM and scoring.
        let vectorParts = parallelMap(2) { part -> [UInt64] in
            let range = Self.half(part, of: candidates.pairs.count)
            var vectors: [UInt64] = []
            vectors.reserveCapacity(range.count)
            for pair in candidates.pairs[range] {
                vectors.append(Comparator.compare(features[Int(pair >> 32)], features[Int(pair & 0xFFFF_FFFF)], in: features).packed)
            }
            return vectors
        }
        lap("comparing")

        var model = options.model ?? .standard
        if options.model == nil || options.train, records.count >= minimumRecordsToTrain {
            model = train(model, features: features, vectors: vectorParts, options: options)
        }
        lap("training")
        if let threshold = options.matchThreshold { model.matchThreshold = threshold }
        if let threshold = options.possibleThreshold { model.possibleThreshold = threshold }

        let scorer = PairScorer(model: model, features: features)
        let scored = parallelMap(2) { part -> [PairScore] in
            let range = Self.half(part, of: candidates.pairs.count)
            let vectors = vectorParts[part]
            var kept: [PairScore] = []
            for (offset, pair) in candidates.pairs[range].enumerated() {
                let a = Int32(pair >> 32), b = Int32(pair & 0xFFFF_FFFF)
                let score = scorer.score(a, b, vector: ComparisonVector(packed: vectors[offset]), features[Int(a)])
                if score.decision != .nonMatch { kept.append(score) }
            }
            return kept
        }
        var pairs = scored[0]
        pairs.append(contentsOf: scored[1])
        pairs.sort { $0.weight != $1.weight ? $0.weight > $1.weight : ($0.a, $0.b) < ($1.a, $1.b) }
        lap("scoring")
        let clusters = Clusters.build(recordCount: records.count, pairs: pairs,
                                      residentIDs: features.features.map { $0.isResident ? $0.residentPacked : 0 })
        lap("clustering")
        return Result(records: records, pairs: pairs, clusters: clusters, model: model,
                      candidateCount: candidates.pairs.count, candidatePairs: candidates.pairs, oversizedBlocks: candidates.oversizedBlocks,
                      pairsByRule: candidates.pairsByRule, phaseSeconds: phases, scorer: scorer, features: features)
    }

    /// The first or second half of 0..<count.
    static func half(_ part: Int, of count: Int) -> Range<Int> {
        part == 0 ? 0..<(count / 2) : (count / 2)..<count
    }

    /// u from random pairs, then m and the match rate by EM on the candidates.
    static func train(_ start: MatchModel, features: FeatureTable, vectors: [[UInt64]], options: Options) -> MatchModel {
        var model = start
        let count = features.count
        let candidateCount = vectors.reduce(0) { $0 + $1.count }
        let possiblePairs = Double(count) * Double(count - 1) / 2
        // Enough random pairs to see rare agreements, without sampling
        // millions of pairs from a small county file.
        let samples = Int(min(Double(min(options.uSamples, max(200_000, 100 * count))), possiblePairs))
        ModelTraining.estimateU(features: features, samples: samples, seed: options.seed, into: &model)
        let patterns = parallelMap(2) { part -> [UInt64: Int] in
            var patterns: [UInt64: Int] = [:]
            for vector in vectors[part] { patterns[vector, default: 0] += 1 }
            return patterns
        }
        let merged = patterns[0].merging(patterns[1], uniquingKeysWith: +)
        let share = ModelTraining.estimateM(patterns: merged, iterations: options.emIterations, into: &model)
        model.matchesPerRecord = max(1e-4, share * Double(candidateCount) * 2 / Double(max(1, count)))
        model.provenance = "estimated on \(count) records: u from \(samples) random pairs, "
            + "m by \(options.emIterations) EM iterations over \(candidateCount) candidate pairs"
        return model
    }
}

extension RecordFeatures {
    /// Features of every record, on both cores.
    static func build(_ records: [MatchRecord]) -> FeatureTable {
        let parts = parallelMap(2) { part -> ([RecordFeatures], [UInt64]) in
            var suggestions: [UInt64] = []
            let features = DuplicateAudit.half(part, of: records.count).map { RecordFeatures(records[$0], suggestions: &suggestions) }
            return (features, suggestions)
        }
        // The second half's suggestion ranges move past the first half's.
        let offset = Int32(parts[0].1.count)
        var features = parts[0].0
        features.reserveCapacity(records.count)
        for var feature in parts[1].0 {
            if feature.suggestionCount > 0 { feature.suggestionStart += offset }
            features.append(feature)
        }
        return FeatureTable(features: features, suggestions: parts[0].1 + parts[1].1)
    }
}

extension MatchRecord {
    /// Normalises rows on both cores, keeping their order.
    public static func normalizeAll(_ cells: [TeacherCells], normalizer: IdentityNormalizer) -> [MatchRecord] {
        let parts = parallelMap(2) { part in
            DuplicateAudit.half(part, of: cells.count).map { MatchRecord(cells[$0], normalizer: normalizer) }
        }
        var records = parts[0]
        records.append(contentsOf: parts[1])
        return records
    }
}
