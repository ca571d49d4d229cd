import Foundation
import Matching
import Normalization
import Registry
import Synchronization

/// Match answers from an in-memory index of every teacher, kept honest by
/// the history: teachers changed since the index was built (every change
/// writes an event) are scored from the store instead, and once many have
/// changed the index is rebuilt in the background. Until the first index
/// is ready, every answer comes from the store.
final class MatchIndexCache: Sendable {
    private struct State {
        var index: MatchIndex?
        var builtAtEvent: Int64 = 0
        var building = false
    }

    /// Changed teachers scored from the store at most; beyond, answers come from the store alone until a rebuild.
    static let changedLimit = 2_000

    private let registrar: Registrar
    private let state = Mutex(State())

    init(registrar: Registrar) {
        self.registrar = registrar
    }

    var isReady: Bool { state.withLock { $0.index != nil } }

    /// The stored teachers closest to `record`, best first.
    func rank(_ record: MatchRecord, limit: Int) throws -> [RankedCandidate] {
        let (index, builtAt) = state.withLock { ($0.index, $0.builtAtEvent) }
        guard let index else {
            rebuild()
            return try registrar.rank(record, limit: limit)
        }
        let changed = try registrar.database.read { try $0.teachersChanged(afterEvent: builtAt, limit: Self.changedLimit) }
        guard let changed else {
            rebuild()
            return try registrar.rank(record, limit: limit)
        }
        if changed.count > Self.changedLimit / 4 { rebuild() }
        // Index hits, less the teachers changed since (scored again below from the store).
        let changedNumbers = try registrar.database.read { reader in
            Set(try changed.map { try reader.teacher(id: $0).number })
        }
        let hits = index.lookup(record, limit: limit * 2, includeNonMatches: true).filter { !changedNumbers.contains($0.record.recordID) }
        var ranked: [RankedCandidate] = try registrar.database.read { reader in
            try hits.compactMap { hit in
                try reader.teacher(number: hit.record.recordID).map {
                    RankedCandidate(teacher: $0, weight: hit.score.weight, decision: hit.score.decision, evidence: hit.evidence)
                }
            }
        }
        if !changed.isEmpty { ranked += try registrar.rank(record, limit: limit * 2, only: changed) }
        var seen = Set<Int64>()
        return Array(ranked.sorted { $0.weight > $1.weight }.filter { seen.insert($0.teacher.id).inserted }.prefix(limit))
    }

    /// Builds a new index in the background unless one is being built.
    func rebuild() {
        let start = state.withLock { state -> Bool in
            guard !state.building else { return false }
            state.building = true
            return true
        }
        guard start else { return }
        let registrar = self.registrar
        Thread.detachNewThread { [self] in
            let built = try? registrar.allStoredRecords()
            let index = built.map { MatchIndex(records: $0.records, model: registrar.model) }
            state.withLock { state in
                if let index, let built {
                    state.index = index
                    state.builtAtEvent = built.lastEvent
                }
                state.building = false
            }
        }
    }
}
