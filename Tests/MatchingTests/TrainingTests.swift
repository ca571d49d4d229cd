import Testing
@testable import Matching

@Suite struct TrainingTests {
    /// Pairs drawn from known m and u for three comparisons: EM with u held
    /// fixed must recover m and the match share.
    @Test func expectationMaximisationRecoversKnownM() {
        var random = SplitMix64(seed: 42)
        let share = 0.3
        // document: 5 levels; name: 8; birth date: 6.
        let trueM: [Comparison: [Double]] = [
            .document: [0.7, 0.2, 0.03, 0.05, 0.02],
            .name: [0.6, 0.1, 0.05, 0.05, 0.1, 0.05, 0.03, 0.02],
            .birthDate: [0.7, 0.05, 0.1, 0.05, 0.05, 0.05],
        ]
        let trueU: [Comparison: [Double]] = [
            .document: [0.001, 0.001, 0.9, 0.097, 0.001],
            .name: [0.01, 0.002, 0.002, 0.002, 0.02, 0.05, 0.014, 0.9],
            .birthDate: [0.01, 0.005, 0.05, 0.035, 0.1, 0.8],
        ]
        func draw(_ probabilities: [Double]) -> UInt8 {
            var x = random.unit()
            for (index, p) in probabilities.enumerated() { if x < p { return UInt8(index + 1) }; x -= p }
            return UInt8(probabilities.count)
        }
        var patterns: [UInt64: Int] = [:]
        for _ in 0..<200_000 {
            let isMatch = random.unit() < share
            var levels = [UInt8](repeating: 0, count: Comparison.allCases.count)
            for comparison in [Comparison.document, .name, .birthDate] {
                levels[comparison.rawValue] = draw((isMatch ? trueM : trueU)[comparison]!)
            }
            patterns[ComparisonVector(levels).packed, default: 0] += 1
        }
        var model = MatchModel.initial
        for comparison in [Comparison.document, .name, .birthDate] {
            for index in model.comparisons[comparison.rawValue].levels.indices {
                model.comparisons[comparison.rawValue].levels[index].u = trueU[comparison]![index]
                model.comparisons[comparison.rawValue].levels[index].mFixed = nil
            }
        }
        let estimated = ModelTraining.estimateM(patterns: patterns, iterations: 60, into: &model)
        #expect(abs(estimated - share) < 0.01)
        for comparison in [Comparison.document, .name, .birthDate] {
            for (index, level) in model.comparisons[comparison.rawValue].levels.enumerated() {
                #expect(abs(level.m - trueM[comparison]![index]) < 0.015, "\(comparison.id).\(level.id) m=\(level.m)")
            }
        }
    }

    @Test func modelRoundTripsThroughJSONAndRejectsBrokenFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try MatchModel.standard.save(to: url)
        #expect(try MatchModel.load(from: url) == MatchModel.standard)
        var broken = MatchModel.standard
        broken.comparisons[1].levels[0].m = 0
        try broken.save(to: url)
        #expect(throws: (any Error).self) { try MatchModel.load(from: url) }
    }
}

import Foundation
import Normalization
