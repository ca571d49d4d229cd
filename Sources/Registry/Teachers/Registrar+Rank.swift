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

    public init(teacher: Teacher, weight: Double, decision: MatchDecision, evidence: [EvidenceLine]) {
        self.teacher = teacher
        self.weight = weight
        self.decision = decision
        self.evidence = evidence
    }
}

extension Registrar {
    /// The stored teachers closest to `cells`, best first, without changing
    /// anything: a holder of the same document (current or retired) first,
    /// then every blocking candidate scored by the model.
    public func rank(_ cells: TeacherCells, limit: Int = 10) throws -> [RankedCandidate] {
        try rank(MatchRecord.normalizeAll([cells], normalizer: normalizer)[0], limit: limit)
    }

    /// As `rank(_:limit:)` for a normalised record; `only` restricts the
    /// candidates to those teachers (by id, before following merges).
    public func rank(_ record: MatchRecord, limit: Int = 10, only: Set<Int64>? = nil) throws -> [RankedCandidate] {
        try database.read { reader in
            let matcher = PairMatcher(model: model, population: Self.population(registered: try reader.teachersEverRegistered()))
            var seen = Set<Int64>()
            var ranked: [RankedCandidate] = []
            func consider(_ id: Int64) throws {
                if let only, !only.contains(id) { return }
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
            let keys = PairMatcher.blockingKeys(record)
            if let only {
                // Few teachers (those changed since an index was built): ask for exactly them.
                guard !keys.isEmpty, !only.isEmpty else { return ranked }
                let ids = try Int64.fetchAll(reader.db, sql: """
                    SELECT DISTINCT teacher_id FROM match_key WHERE key IN (\(Array(repeating: "?", count: keys.count).joined(separator: ",")))
                    AND teacher_id IN (\(Array(repeating: "?", count: only.count).joined(separator: ",")))
                    """, arguments: StatementArguments(keys + Array(only)))
                for id in ids { try consider(id) }
            } else {
                for id in try Self.candidateIDs(keys, reader: reader) { try consider(id) }
            }
            return Array(ranked.sorted { $0.weight > $1.weight }.prefix(limit))
        }
    }
}
