import Testing
@testable import Matching

@Suite struct ClusteringTests {
    func pair(_ a: Int32, _ b: Int32, _ weight: Double, _ decision: MatchDecision = .match) -> PairScore {
        PairScore(a: a, b: b, vector: ComparisonVector(packed: 0), weight: weight, decision: decision)
    }

    @Test func chainThroughARecordWithoutIDCannotJoinTwoDifferentValidIDs() {
        // 0 and 2 carry different valid IDs; 1 has none and matches both.
        let clusters = Clusters.build(recordCount: 3, pairs: [pair(0, 1, 20), pair(1, 2, 12)], residentIDs: [111, 0, 222])
        #expect(clusters.assignment[0] == clusters.assignment[1])
        #expect(clusters.assignment[2] != clusters.assignment[0])  // the weaker link is refused
        #expect(clusters.refusedLinks == 1)
    }

    @Test func differentIDsMayJoinWhenTheirOwnPairIsAMatch() {
        let clusters = Clusters.build(recordCount: 3, pairs: [pair(0, 1, 20), pair(1, 2, 15), pair(0, 2, 11)],
                                      residentIDs: [111, 0, 222])
        #expect(Set(clusters.assignment).count == 1)
        #expect(clusters.refusedLinks == 0)
    }

    @Test func possiblePairsNeverJoinClusters() {
        let clusters = Clusters.build(recordCount: 2, pairs: [pair(0, 1, 3, .possible)], residentIDs: [0, 0])
        #expect(clusters.assignment[0] != clusters.assignment[1])
        #expect(clusters.groups.isEmpty)
    }

    @Test func largeClustersAreReportedAsSuspicious() {
        let pairs = (1..<8).map { pair(0, Int32($0), 20) }
        let clusters = Clusters.build(recordCount: 8, pairs: pairs, residentIDs: Array(repeating: 0, count: 8))
        #expect(clusters.suspicious.count == 1)
        #expect(clusters.suspicious[0].count == 8)
    }
}
