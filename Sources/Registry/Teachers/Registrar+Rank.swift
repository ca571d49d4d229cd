import Foundation
import GRDB
import Matching
import Normalization

/// A stored teacher ranked against an incoming record, with the evidence.
public struct RankedCandidate: Sendable {
    public var teacher: Teacher
    public var weight: Double
    public var decision: MatchDecision
    public var evidence: [EvidenceLine]
}

extension Registrar {
    /// The stored teachers closest to `cells`, best first, without changing
    /// anything: a holder of the same document (current or retired) first,
    /// then every blocking candidate scored by the model.
    public func rank(_ cells: TeacherCells, limit: Int = 10) throws -> [RankedCandidate] {
        let record = MatchRecord.normalizeAll([cells], normalizer: normalizer)[0]
        return try database.read { reader in
            let matcher = PairMatcher(model: model, population: try reader.teacherCount())
            var seen = Set<Int64>()
            var ranked: [RankedCandidate] = []
            func consider(_ id: Int64) throws {
                let teacher = try reader.resolve(id)
                guard seen.insert(teacher.id).inserted else { return }
                let (score, evidence) = matcher.score(record, try storedRecord(teacher, reader: reader))
                ranked.append(RankedCandidate(teacher: teacher, weight: score.weight, decision: score.decision, evidence: evidence))
            }
            if case .valid(let document) = record.document,
               let holder = try Int64.fetchOne(reader.db, sql: "SELECT teacher_id FROM document WHERE kind = ? AND number = ? ORDER BY current DESC LIMIT 1",
                                               arguments: [document.kind.rawValue, document.canonical]) {
                try consider(holder)
            }
            for id in try Self.candidateIDs(PairMatcher.blockingKeys(record), reader: reader) { try consider(id) }
            return Array(ranked.sorted { $0.weight > $1.weight }.prefix(limit))
        }
    }
}
