import Foundation
import ReferenceData

/// A Fellegi–Sunter model: for every comparison level, m (the probability
/// of the level among true matches) and u (among non-matches), the prior,
/// and the two thresholds that give three outcomes. Readable JSON, so a
/// province can freeze, audit and reload it (`--model`).
public struct MatchModel: Codable, Sendable, Equatable {
    public struct LevelParameters: Codable, Sendable, Equatable {
        public var id: String
        public var m: Double
        public var u: Double
        /// m set from domain knowledge and kept by EM (e.g. two different
        /// valid resident IDs: one person holds two only after a re-issue).
        public var mFixed: Bool?
    }

    public struct ComparisonParameters: Codable, Sendable, Equatable {
        public var id: String
        /// Levels 1… (level 0, missing data, is neutral and not listed).
        public var levels: [LevelParameters]
    }

    public var comparisons: [ComparisonParameters]
    /// Expected number of other records that are the same person, per
    /// record. The prior for a data set of n records is this over (n − 1).
    public var matchesPerRecord: Double
    /// Match weight (log2 odds, prior included) at or above which a pair is
    /// the same person.
    public var matchThreshold: Double
    /// Match weight at or above which a pair goes to human review.
    public var possibleThreshold: Double
    /// How the model was obtained, for the audit trail.
    public var provenance: String

    /// Weight of each level (log2 m/u), by comparison, level 0 included as 0.
    func weights() -> [[Double]] {
        Comparison.allCases.map { comparison in
            [0] + parameters(comparison).levels.map { log2($0.m / $0.u) }
        }
    }

    public func parameters(_ comparison: Comparison) -> ComparisonParameters {
        comparisons.first { $0.id == comparison.id }!
    }

    /// log2 prior odds that two records of a set of `count` are the same person.
    public func priorWeight(recordCount: Int) -> Double {
        let lambda = min(0.5, matchesPerRecord / Double(max(1, recordCount - 1)))
        return log2(lambda / (1 - lambda))
    }

    /// Checks that every comparison and level is present with 0 < m, u ≤ 1.
    public func validated() throws -> MatchModel {
        struct Invalid: Error, CustomStringConvertible { let description: String }
        for comparison in Comparison.allCases {
            guard let found = comparisons.first(where: { $0.id == comparison.id }) else {
                throw Invalid(description: "model has no comparison \"\(comparison.id)\"")
            }
            let expected = comparison.levels.dropFirst().map(\.id)
            guard found.levels.map(\.id) == expected else {
                throw Invalid(description: "comparison \"\(comparison.id)\" must list the levels \(expected.joined(separator: ", "))")
            }
            for level in found.levels where !(level.m > 0 && level.m <= 1 && level.u > 0 && level.u <= 1) {
                throw Invalid(description: "\(comparison.id).\(level.id): m and u must lie in (0, 1]")
            }
        }
        guard matchThreshold >= possibleThreshold else {
            throw Invalid(description: "the match threshold must not be below the possible threshold")
        }
        guard matchesPerRecord > 0 else { throw Invalid(description: "matchesPerRecord must be positive") }
        return self
    }

    public static func load(from url: URL) throws -> MatchModel {
        try JSONDecoder().decode(MatchModel.self, from: Data(contentsOf: url)).validated()
    }

    public func save(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}

extension MatchModel {
    /// The shipped model (`Data/models/default-model.json`): the starting
    /// point of estimation, and the model for inputs too small to estimate
    /// one. A missing or broken file falls back to `initial`.
    public static let standard: MatchModel = {
        guard let data = try? ReferenceData.data("default-model", extension: "json", subdirectory: "models"),
              let model = try? JSONDecoder().decode(MatchModel.self, from: data).validated() else { return .initial }
        return model
    }()

    /// Starting values before any data is seen: agreement is likely among
    /// matches and unlikely among non-matches. EM and sampling replace them.
    public static var initial: MatchModel {
        func levels(_ comparison: Comparison, _ values: [(Double, Double)], fixed: Set<Int> = []) -> ComparisonParameters {
            ComparisonParameters(id: comparison.id, levels: zip(comparison.levels.indices.dropFirst(), values).map {
                LevelParameters(id: comparison.levels[$0.0].id, m: $0.1.0, u: $0.1.1, mFixed: fixed.contains($0.0) ? true : nil)
            })
        }
        return MatchModel(
            comparisons: [
                levels(.document, [(0.90, 1e-7), (0.04, 1e-7), (0.002, 0.90), (0.05, 0.10), (0.01, 1e-6)], fixed: [3]),
                levels(.name, [(0.80, 1e-4), (0.05, 1e-5), (0.02, 1e-6), (0.02, 1e-6), (0.04, 1e-3), (0.03, 1e-3),
                               (0.02, 1e-3), (0.02, 0.997)]),
                levels(.birthDate, [(0.85, 5e-5), (0.03, 1e-5), (0.04, 2e-3), (0.03, 1e-3), (0.03, 0.02), (0.02, 0.977)]),
                levels(.gender, [(0.97, 0.5), (0.03, 0.5)]),
                levels(.ethnicity, [(0.97, 0.8), (0.03, 0.2)]),
                levels(.certificate, [(0.95, 1e-6), (0.05, 0.999999)]),
                levels(.phone, [(0.8, 1e-5), (0.2, 0.99999)]),
                levels(.school, [(0.4, 0.01), (0.3, 0.05), (0.3, 0.94)]),
                levels(.hireDate, [(0.8, 0.01), (0.1, 0.05), (0.1, 0.94)]),
            ],
            matchesPerRecord: 0.1, matchThreshold: 6, possibleThreshold: 0,
            provenance: "initial values")
    }
}
