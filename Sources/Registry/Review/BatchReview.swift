import Normalization
import Foundation
import GRDB

/// An imported file and where it stands in the review chain.
public struct Batch: Sendable, Equatable {
    public enum State: String, Sendable, Codable {
        case submitted, countyApproved = "county-approved", cityApproved = "city-approved", provinceApproved = "province-approved"
        case returned, superseded
    }
    public enum Level: String, Sendable, Codable { case county, city, province }

    public var id: Int64
    public var file: String
    public var schoolCode: String?
    public var countyCode: String?
    public var rows: Int
    public var importedAt: String
    public var submittedBy: String
    public var state: State
    public var higherEducation: Bool
    public var supersedes: Int64?

    init(row: Row) {
        id = row["id"]
        file = row["file"]
        schoolCode = row["school_code"]
        countyCode = row["county_code"]
        rows = row["rows"]
        importedAt = row["imported_at"]
        submittedBy = row["actor"]
        state = State(rawValue: row["state"]) ?? .submitted
        higherEducation = row["higher_education"]
        supersedes = row["supersedes"]
    }

    /// The level whose decision the batch waits for, if any. Higher
    /// education institutions report straight to the province, and so does
    /// a file no county can be named for (no school in its name, submitted
    /// by the province itself).
    public var awaiting: Level? {
        switch state {
        case .submitted: higherEducation || countyCode == nil ? .province : .county
        case .countyApproved: .city
        case .cityApproved: .province
        case .provinceApproved, .returned, .superseded: nil
        }
    }

    static func approved(by level: Level) -> State {
        switch level {
        case .county: .countyApproved
        case .city: .cityApproved
        case .province: .provinceApproved
        }
    }
}

/// One approval or rejection in a batch's trail.
public struct BatchDecision: Sendable, Equatable {
    public var level: Batch.Level
    public var approved: Bool
    /// Rows rejected one by one (empty: the decision is about the whole file).
    public var rows: [Int]
    public var actor: String
    public var role: String
    public var at: String
    public var reason: String?

    init(row: Row) {
        level = Batch.Level(rawValue: row["level"]) ?? .county
        approved = (row["decision"] as String) == "approve"
        rows = ((row["rows"] as String?) ?? "").split(separator: ",").compactMap { Int($0) }
        actor = row["actor"]
        role = row["role"]
        at = row["at"]
        reason = row["reason"]
    }
}

extension ChangeTransaction {
    /// Approves a batch at `level`, which must be the level it waits for.
    /// The officer who submitted it cannot approve it.
    public func approveBatch(_ id: Int64, level: Batch.Level) throws -> Batch {
        try decideBatch(id, level: level, approve: true, rows: [])
    }

    /// Rejects a whole batch, or single rows of it, at `level`: the batch is
    /// returned to the county, which has the school correct and re-submit.
    public func rejectBatch(_ id: Int64, level: Batch.Level, rows: [Int]) throws -> Batch {
        try decideBatch(id, level: level, approve: false, rows: rows)
    }

    private func decideBatch(_ id: Int64, level: Batch.Level, approve: Bool, rows: [Int]) throws -> Batch {
        var batch = try reader.batch(id)
        guard let awaiting = batch.awaiting else { throw RegistryError(.conflict, .batchNothingToDecide(id, state: batch.state.rawValue)) }
        guard awaiting == level else {
            throw RegistryError(.conflict, .batchWaitsForLevel(id, awaiting: awaiting.rawValue, level: level.rawValue))
        }
        guard batch.submittedBy != actor.user else {
            throw RegistryError(.invalid, .ownBatch(id, user: actor.user))
        }
        if !approve {
            guard let reason, !reason.isEmpty else { throw RegistryError(.invalid, .rejectionNeedsReason) }
            if let bad = rows.first(where: { $0 < 1 }) { throw RegistryError(.invalid, .notARow(bad)) }
        }
        let state: Batch.State = approve ? Batch.approved(by: level) : .returned
        try db.execute(sql: """
            INSERT INTO batch_decision (batch_id, level, decision, rows, actor, role, at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [id, level.rawValue, approve ? "approve" : "reject", rows.isEmpty ? nil : rows.map(String.init).joined(separator: ","),
                             actor.user, actor.role, at, reason])
        try db.execute(sql: "UPDATE import_batch SET state = ? WHERE id = ?", arguments: [state.rawValue, id])
        let what = rows.isEmpty ? "" : " rows \(rows.map(String.init).joined(separator: ","))"
        try record(approve ? .batchApproved : .batchRejected, teacher: nil,
                   [FieldChange(field: "batch", before: "#\(id) \(batch.state.rawValue)", after: "#\(id) \(state.rawValue)\(what)")],
                   source: batch.file)
        batch.state = state
        return batch
    }
}

extension RegistryReader {
    public func batch(_ id: Int64) throws -> Batch {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM import_batch WHERE id = ?", arguments: [id]) else {
            throw RegistryError(.notFound, .noBatch(id))
        }
        return Batch(row: row)
    }

    /// Batches in review or decided, newest first; `regionPrefix` filters by county code.
    public func batches(regionPrefix: String = "", limit: Int = 1000) throws -> [Batch] {
        try Row.fetchAll(db, sql: "SELECT * FROM import_batch WHERE coalesce(county_code, '') LIKE ? || '%' ORDER BY id DESC LIMIT ?",
                         arguments: [regionPrefix, limit]).map(Batch.init)
    }

    public func decisions(ofBatch id: Int64) throws -> [BatchDecision] {
        try Row.fetchAll(db, sql: "SELECT * FROM batch_decision WHERE batch_id = ? ORDER BY id", arguments: [id]).map(BatchDecision.init)
    }

    /// A school's batch returned for correction, which its next file supersedes.
    public func returnedBatch(school: String) throws -> Batch? {
        try Row.fetchOne(db, sql: "SELECT * FROM import_batch WHERE school_code = ? AND state = 'returned' ORDER BY id DESC LIMIT 1",
                         arguments: [school]).map(Batch.init)
    }
}
