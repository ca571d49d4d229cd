/// Accuracy of a clustering against known entities: pairwise precision,
/// recall and F1, B-cubed, and recall by corruption kind.
public struct Evaluation: Sendable, CustomStringConvertible {
    public let pairwisePrecision: Double
    public let pairwiseRecall: Double
    public let pairwiseF1: Double
    public let bCubedPrecision: Double
    public let bCubedRecall: Double
    public let bCubedF1: Double
    public let truePairs: Int
    public let predictedPairs: Int
    /// Per corruption kind: (records found with their entity, records).
    public let recallByCorruption: [String: (found: Int, total: Int)]

    /// - Parameters:
    ///   - truth: entity of each record.
    ///   - predicted: cluster of each record.
    ///   - corruptions: corruption kinds of each record (empty for originals).
    public init(truth: [Int], predicted: [Int], corruptions: [[String]]) {
        precondition(truth.count == predicted.count)
        func pairs(_ labels: [Int]) -> [Int: [Int]] {
            var groups: [Int: [Int]] = [:]
            for (record, label) in labels.enumerated() { groups[label, default: []].append(record) }
            return groups
        }
        let trueGroups = pairs(truth), predictedGroups = pairs(predicted)
        var truePairs = 0, predictedPairs = 0, both = 0
        for group in trueGroups.values { truePairs += group.count * (group.count - 1) / 2 }
        for group in predictedGroups.values {
            predictedPairs += group.count * (group.count - 1) / 2
            var byEntity: [Int: Int] = [:]
            for record in group { byEntity[truth[record], default: 0] += 1 }
            for count in byEntity.values { both += count * (count - 1) / 2 }
        }
        self.truePairs = truePairs
        self.predictedPairs = predictedPairs
        pairwisePrecision = predictedPairs == 0 ? 1 : Double(both) / Double(predictedPairs)
        pairwiseRecall = truePairs == 0 ? 1 : Double(both) / Double(truePairs)
        pairwiseF1 = Self.f1(pairwisePrecision, pairwiseRecall)

        // B-cubed: per record, the overlap of its true and predicted clusters.
        var overlap: [Int64: Int] = [:]
        for record in truth.indices { overlap[Int64(truth[record]) << 32 | Int64(predicted[record]), default: 0] += 1 }
        var precisionSum = 0.0, recallSum = 0.0
        for record in truth.indices {
            let shared = Double(overlap[Int64(truth[record]) << 32 | Int64(predicted[record])]!)
            precisionSum += shared / Double(predictedGroups[predicted[record]]!.count)
            recallSum += shared / Double(trueGroups[truth[record]]!.count)
        }
        bCubedPrecision = precisionSum / Double(max(1, truth.count))
        bCubedRecall = recallSum / Double(max(1, truth.count))
        bCubedF1 = Self.f1(bCubedPrecision, bCubedRecall)

        // A corrupted record is found when it shares a cluster with another record of its entity.
        var byKind: [String: (found: Int, total: Int)] = [:]
        for record in truth.indices where !corruptions[record].isEmpty {
            let found = predictedGroups[predicted[record]]!.contains { $0 != record && truth[$0] == truth[record] }
            for kind in Set(corruptions[record]) {
                var tally = byKind[kind] ?? (0, 0)
                tally.total += 1
                if found { tally.found += 1 }
                byKind[kind] = tally
            }
        }
        recallByCorruption = byKind
    }

    /// Share of true pairs (records of one entity) that blocking produced.
    public static func blockingRecall(truth: [Int], candidatePairs: [UInt64]) -> (found: Int, total: Int) {
        var groups: [Int: [Int]] = [:]
        for (record, entity) in truth.enumerated() { groups[entity, default: []].append(record) }
        let candidates = Set(candidatePairs)
        var found = 0, total = 0
        for members in groups.values where members.count > 1 {
            for i in members.indices {
                for j in (i + 1)..<members.count {
                    total += 1
                    if candidates.contains(UInt64(members[i]) << 32 | UInt64(members[j])) { found += 1 }
                }
            }
        }
        return (found, total)
    }

    static func f1(_ p: Double, _ r: Double) -> Double { p + r == 0 ? 0 : 2 * p * r / (p + r) }

    public var description: String {
        func f(_ x: Double) -> String { String(format: "%.5f", x) }
        var lines = [
            "pairwise precision \(f(pairwisePrecision)) recall \(f(pairwiseRecall)) F1 \(f(pairwiseF1)) (true pairs \(truePairs), predicted \(predictedPairs))",
            "B-cubed precision \(f(bCubedPrecision)) recall \(f(bCubedRecall)) F1 \(f(bCubedF1))",
        ]
        for (kind, tally) in recallByCorruption.sorted(by: { $0.key < $1.key }) {
            lines.append("recall \(kind): \(f(Double(tally.found) / Double(tally.total))) (\(tally.found)/\(tally.total))")
        }
        return lines.joined(separator: "\n")
    }
}

import Foundation
