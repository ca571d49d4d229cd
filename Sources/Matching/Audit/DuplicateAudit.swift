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
        /// The model to score with. Nil: start from the built-in values and
        /// estimate u and m on the data itself (default).
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
        public let oversizedBlocks: [BlockingRule: Int]
        public let pairsByRule: [BlockingRule: Int]
        let scorer: PairScorer
        let features: [RecordFeatures]

        /// Per comparison, the level that applied and its weight.
        public func explain(_ pair: PairScore) -> [EvidenceLine] {
            scorer.explain(pair, features[Int(pair.a)])
        }
    }

    /// Fewer records than this are too few to estimate a model from.
    public static let minimumRecordsToTrain = 2_000

    public static func run(_ records: [MatchRecord], options: Options = Options()) -> Result {
        let features = RecordFeatures.build(records)
        let candidates = CandidatePairs.generate(features)

        var model = options.model ?? .initial
        if options.model == nil || options.train, records.count >= minimumRecordsToTrain {
            model = train(model, features: features, candidates: candidates.pairs, options: options)
        }
        if let threshold = options.matchThreshold { model.matchThreshold = threshold }
        if let threshold = options.possibleThreshold { model.possibleThreshold = threshold }

        let scorer = PairScorer(model: model, features: features)
        let scored = parallelMap(2) { part -> [PairScore] in
            var kept: [PairScore] = []
            var index = part
            while index < candidates.pairs.count {
                let pair = candidates.pairs[index]
                let score = scorer.score(Int32(pair >> 32), Int32(pair & 0xFFFF_FFFF), features: features)
                if score.decision != .nonMatch { kept.append(score) }
                index += 2
            }
            return kept
        }
        let pairs = (scored[0] + scored[1]).sorted { $0.weight != $1.weight ? $0.weight > $1.weight : ($0.a, $0.b) < ($1.a, $1.b) }
        let clusters = Clusters.build(recordCount: records.count, pairs: pairs,
                                      residentIDs: features.map { $0.isResident ? $0.residentPacked : 0 })
        return Result(records: records, pairs: pairs, clusters: clusters, model: model,
                      candidateCount: candidates.pairs.count, oversizedBlocks: candidates.oversizedBlocks,
                      pairsByRule: candidates.pairsByRule, scorer: scorer, features: features)
    }

    /// u from random pairs, then m and the match rate by EM on the candidates.
    static func train(_ start: MatchModel, features: [RecordFeatures], candidates: [UInt64],
                      options: Options) -> MatchModel {
        var model = start
        let count = features.count
        let possiblePairs = Double(count) * Double(count - 1) / 2
        ModelTraining.estimateU(features: features, samples: Int(min(Double(options.uSamples), possiblePairs)),
                                seed: options.seed, into: &model)
        let patterns = parallelMap(2) { part -> [UInt64: Int] in
            var patterns: [UInt64: Int] = [:]
            var index = part
            while index < candidates.count {
                let pair = candidates[index]
                patterns[Comparator.compare(features[Int(pair >> 32)], features[Int(pair & 0xFFFF_FFFF)]).packed, default: 0] += 1
                index += 2
            }
            return patterns
        }
        let merged = patterns[0].merging(patterns[1], uniquingKeysWith: +)
        let share = ModelTraining.estimateM(patterns: merged, iterations: options.emIterations, into: &model)
        model.matchesPerRecord = max(1e-4, share * Double(candidates.count) * 2 / Double(max(1, count)))
        model.provenance = "estimated on \(count) records: u from \(min(options.uSamples, Int(possiblePairs))) random pairs, "
            + "m by \(options.emIterations) EM iterations over \(candidates.count) candidate pairs"
        return model
    }
}

extension RecordFeatures {
    /// Features of every record, on both cores.
    static func build(_ records: [MatchRecord]) -> [RecordFeatures] {
        let parts = parallelMap(2) { part in
            stride(from: part, to: records.count, by: 2).map { RecordFeatures(records[$0]) }
        }
        var features: [RecordFeatures] = []
        features.reserveCapacity(records.count)
        for index in 0..<records.count { features.append(parts[index % 2][index / 2]) }
        return features
    }
}

extension MatchRecord {
    /// Normalises rows on both cores, keeping their order.
    public static func normalizeAll(_ cells: [MatchCells], normalizer: IdentityNormalizer) -> [MatchRecord] {
        let parts = parallelMap(2) { part in
            stride(from: part, to: cells.count, by: 2).map { MatchRecord(cells[$0], normalizer: normalizer) }
        }
        var records: [MatchRecord] = []
        records.reserveCapacity(cells.count)
        for index in 0..<cells.count { records.append(parts[index % 2][index / 2]) }
        return records
    }
}
