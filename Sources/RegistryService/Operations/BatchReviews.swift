import Normalization
import Foundation
import Registry

/// A batch (one imported file) with its review trail.
/// A batch's review states and levels as officers read them (pages, CLI, history).

public struct BatchView: Codable, Sendable, Equatable {
    public struct Decision: Codable, Sendable, Equatable {
        public var level: String
        public var decision: String
        public var rows: [Int]
        public var actor: String
        public var role: String
        public var at: String
        public var reason: String?
    }
    public var id: Int64
    public var file: String
    public var school: String?
    public var county: String?
    public var rows: Int
    public var submittedBy: String
    public var importedAt: String
    public var state: String
    /// The level whose decision it waits for (county, city, province), if any.
    public var awaiting: String?
    public var higherEducation: Bool
    public var supersedes: Int64?
    public var decisions: [Decision]
}

extension Role {
    /// The review level a role decides at, if any.
    var reviewLevel: Batch.Level? {
        switch self {
        case .county: .county
        case .city: .city
        case .province: .province
        case .ministry, .school: nil
        }
    }
}

extension RegistryService {
    /// Batches in the caller's jurisdiction, newest first; with `awaitingMe`,
    /// only those waiting for the caller's level.
    public func batches(_ principal: Principal, awaitingMe: Bool = false) throws(ServiceError) -> [BatchView] {
        try serviceCall {
            try database.read { reader in
                // A province sees every batch of its registry, placed in a county or not.
                let prefix = [.school, .ministry, .province].contains(principal.role) ? "" : principal.jurisdiction
                return try reader.batches(regionPrefix: prefix, limit: 5000)
                    // Awaiting me: at my level, and not submitted by me (another officer reviews it).
                    .filter { covers(principal, $0) && (!awaitingMe || ($0.awaiting != nil && $0.awaiting == principal.role.reviewLevel
                                                                        && $0.submittedBy != principal.name)) }
                    .map { try view($0, reader: reader) }
            }
        }
    }

    public func batch(_ principal: Principal, id: Int64) throws(ServiceError) -> BatchView {
        try serviceCall {
            try database.read { reader in
                let batch = try reader.batch(id)
                guard covers(principal, batch) else { throw ServiceError(.notFound, .noBatch(id)) }
                return try view(batch, reader: reader)
            }
        }
    }

    /// Approves a batch at the caller's level, or rejects it (whole, or the
    /// given rows) with a reason: it goes back to the county, and the
    /// school's corrected file supersedes it.
    public func decideBatch(_ principal: Principal, id: Int64, approve: Bool, rows: [Int] = [], reason: String?) throws(ServiceError) -> BatchView {
        guard let level = principal.role.reviewLevel else { throw ServiceError(.forbidden, .schoolsSubmit) }
        return try serviceCall {
            try database.change(principal.actor, reason: reason) { change in
                let batch = try change.reader.batch(id)
                guard covers(principal, batch) else { throw ServiceError(.notFound, .noBatch(id)) }
                guard batch.awaiting == level else {
                    throw ServiceError(.conflict, .batchNotAtYourLevel(id, state: batch.state.rawValue, awaiting: batch.awaiting?.rawValue))
                }
                guard batch.submittedBy != principal.name else {
                    throw ServiceError(.forbidden, .ownBatchReview(id))
                }
                let decided = approve ? try change.approveBatch(id, level: level) : try change.rejectBatch(id, level: level, rows: rows)
                return try view(decided, reader: change.reader)
            }
        }
    }

    private func covers(_ principal: Principal, _ batch: Batch) -> Bool {
        if let school = batch.schoolCode { return principal.covers(school: school, county: batch.countyCode) }
        guard let county = batch.countyCode else { return principal.role == .province || principal.role == .ministry }
        return principal.role != .school && principal.covers(region: county)
    }

    private func view(_ batch: Batch, reader: RegistryReader) throws -> BatchView {
        BatchView(id: batch.id, file: batch.file, school: batch.schoolCode, county: batch.countyCode, rows: batch.rows,
                  submittedBy: batch.submittedBy, importedAt: batch.importedAt, state: batch.state.rawValue, awaiting: batch.awaiting?.rawValue,
                  higherEducation: batch.higherEducation, supersedes: batch.supersedes,
                  decisions: try reader.decisions(ofBatch: batch.id).map {
                      BatchView.Decision(level: $0.level.rawValue, decision: $0.approved ? "approve" : "reject", rows: $0.rows, actor: $0.actor,
                                         role: $0.role, at: $0.at, reason: $0.reason)
                  })
    }
}
