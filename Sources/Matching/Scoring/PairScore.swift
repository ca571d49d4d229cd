/// The three outcomes of scoring a pair.
public enum MatchDecision: String, Sendable, Codable, Comparable {
    case match
    case possible
    case nonMatch = "non-match"

    public var chinese: String {
        switch self {
        case .match: "确认重复"
        case .possible: "疑似重复,需人工核查"
        case .nonMatch: "不同人"
        }
    }

    public static func < (a: MatchDecision, b: MatchDecision) -> Bool { a.rank < b.rank }
    private var rank: Int { self == .match ? 2 : self == .possible ? 1 : 0 }
}

/// A scored candidate pair (records by index in their set).
public struct PairScore: Sendable, Hashable {
    public let a: Int32
    public let b: Int32
    public let vector: ComparisonVector
    /// log2 odds that the two are the same person, prior included.
    public let weight: Double
    public let decision: MatchDecision

    public var probability: Double { 1 / (1 + exp2(-weight)) }
}

/// One line of a pair's explanation: which level applied and its weight.
public struct EvidenceLine: Sendable, Hashable {
    public let comparison: Comparison
    public let level: Comparison.Level
    /// log2 Bayes factor of this level for this pair (term frequency included).
    public let weight: Double

    public var chinese: String {
        "\(comparison.chinese):\(level.chinese)(\(Self.signed(weight)))"
    }

    public var english: String {
        "\(comparison.id): \(level.english) (\(Self.signed(weight)))"
    }

    static func signed(_ weight: Double) -> String {
        let rounded = (weight * 10).rounded() / 10
        return (rounded >= 0 ? "+" : "") + String(rounded)
    }
}

import Foundation
