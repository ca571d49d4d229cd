import Foundation
import GRDB
import Normalization

/// A transfer (调动) request and where it stands.
public struct Transfer: Sendable, Equatable {
    public enum State: String, Sendable { case pending, approved, rejected }
    public var id: Int64
    public var teacherID: Int64
    public var fromSchool: String
    public var toSchool: String
    public var effectiveDate: String
    public var state: State
    /// Approvals given so far (0–4).
    public var stepsDone: Int
    public var requestedBy: String

    init(row: Row) {
        id = row["id"]
        teacherID = row["teacher_id"]
        fromSchool = row["from_school"]
        toSchool = row["to_school"]
        effectiveDate = row["effective_date"]
        state = State(rawValue: row["state"]) ?? .pending
        stepsDone = row["steps_done"]
        requestedBy = row["requested_by"]
    }

    /// Who approves each step, in order (domain §3.3).
    public static let steps = ["receiving school", "receiving school's education authority",
                               "sending school", "sending school's education authority"]
    /// The roles that may act at each step.
    static let rolesForStep: [Set<String>] = [["school"], ["county", "city", "province"], ["school"], ["county", "city", "province"]]

    public var nextStep: String? { state == .pending && stepsDone < 4 ? Self.steps[stepsDone] : nil }
}

extension ChangeTransaction {
    /// Started by the receiving school: moves the teacher from their open
    /// regular assignment to `toSchool` on `effectiveDate`, once approved.
    public func requestTransfer(_ teacher: Int64, to toSchool: String, effective: CivilDate) throws -> Int64 {
        let current = try reader.teacher(id: teacher)
        guard current.mergedInto == nil else { throw RegistryError(.conflict, .mergedElsewhere(current.number)) }
        guard let from = try String.fetchOne(db, sql: "SELECT school_code FROM assignment WHERE teacher_id = ? AND kind = 'regular' AND end_date IS NULL",
                                             arguments: [teacher]) else {
            throw RegistryError(.conflict, .noOpenAssignment(current.number))
        }
        guard from != toSchool else { throw RegistryError(.invalid, .alreadyAtSchool(current.number, school: toSchool)) }
        try ensureSchool(toSchool)
        try db.execute(sql: """
            INSERT INTO transfer (teacher_id, from_school, to_school, effective_date, state, requested_by, created_at)
            VALUES (?, ?, ?, ?, 'pending', ?, ?)
            """, arguments: [teacher, from, toSchool, effective.description, actor.user, at])
        let id = db.lastInsertedRowID
        try record(.transferRequested, teacher: teacher,
                   [FieldChange(field: "transfer", before: nil, after: "#\(id) \(from) → \(toSchool) on \(effective)")])
        return id
    }

    /// Approves the next step. `expectedStep` (1–4) guards against two
    /// officers acting on the same request at once: a stale step is refused.
    public func approveTransfer(_ id: Int64, expectedStep: Int? = nil) throws -> Transfer {
        var transfer = try pendingTransfer(id)
        let step = transfer.stepsDone + 1
        try checkActor(for: transfer, step: step, expectedStep: expectedStep)
        try db.execute(sql: "INSERT INTO transfer_step (transfer_id, step, decision, actor, role, at, reason) VALUES (?, ?, 'approve', ?, ?, ?, ?)",
                       arguments: [id, step, actor.user, actor.role, at, reason])
        let approved = step == 4
        try db.execute(sql: "UPDATE transfer SET steps_done = ?, state = ? WHERE id = ?",
                       arguments: [step, approved ? "approved" : "pending", id])
        try record(.transferApproved, teacher: transfer.teacherID,
                   [FieldChange(field: "transfer", before: "#\(id) step \(step - 1)/4", after: "#\(id) step \(step)/4 (\(Transfer.steps[step - 1]))")])
        if approved {
            // One transaction: the old regular assignment ends, the new one starts.
            guard let open = try Int64.fetchOne(db, sql: "SELECT id FROM assignment WHERE teacher_id = ? AND kind = 'regular' AND end_date IS NULL",
                                                arguments: [transfer.teacherID]) else {
                throw RegistryError(.conflict, .openAssignmentGone)
            }
            try closeAssignment(open, end: transfer.effectiveDate)
            try openAssignment(transfer.teacherID, school: transfer.toSchool, kind: .regular, start: transfer.effectiveDate,
                               establishmentMoved: true)
        }
        transfer.stepsDone = step
        transfer.state = approved ? .approved : .pending
        return transfer
    }

    public func rejectTransfer(_ id: Int64, expectedStep: Int? = nil) throws {
        guard let reason, !reason.isEmpty else { throw RegistryError(.invalid, .rejectionNeedsReason) }
        let transfer = try pendingTransfer(id)
        let step = transfer.stepsDone + 1
        try checkActor(for: transfer, step: step, expectedStep: expectedStep)
        try db.execute(sql: "INSERT INTO transfer_step (transfer_id, step, decision, actor, role, at, reason) VALUES (?, ?, 'reject', ?, ?, ?, ?)",
                       arguments: [id, step, actor.user, actor.role, at, reason])
        try db.execute(sql: "UPDATE transfer SET state = 'rejected' WHERE id = ?", arguments: [id])
        try record(.transferRejected, teacher: transfer.teacherID,
                   [FieldChange(field: "transfer", before: "#\(id) pending", after: "#\(id) rejected at step \(step)")])
    }

    private func pendingTransfer(_ id: Int64) throws -> Transfer {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM transfer WHERE id = ?", arguments: [id]) else {
            throw RegistryError(.notFound, .noTransfer(id))
        }
        let transfer = Transfer(row: row)
        guard transfer.state == .pending else { throw RegistryError(.conflict, .transferDecided(id, state: transfer.state.rawValue)) }
        return transfer
    }

    private func checkActor(for transfer: Transfer, step: Int, expectedStep: Int?) throws {
        if let expectedStep, expectedStep != step {
            throw RegistryError(.stale, .transferStepTaken(transfer.id, at: step, expected: expectedStep))
        }
        guard Transfer.rolesForStep[step - 1].contains(actor.role) else {
            throw RegistryError(.invalid, .transferStepRole(transfer.id, step: step, role: actor.role))
        }
        guard actor.user != transfer.requestedBy else {
            throw RegistryError(.invalid, .ownTransfer(transfer.id))
        }
        guard try !reader.transferActors(transfer.id).contains(actor.user) else {
            throw RegistryError(.invalid, .transferActedBefore(transfer.id, user: actor.user))
        }
    }
}

extension RegistryReader {
    public func transfer(_ id: Int64) throws -> Transfer {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM transfer WHERE id = ?", arguments: [id]) else {
            throw RegistryError(.notFound, .noTransfer(id))
        }
        return Transfer(row: row)
    }
}

extension RegistryReader {
    /// Transfers still waiting for an approval, oldest first.
    public func pendingTransfers() throws -> [Transfer] {
        try Row.fetchAll(db, sql: "SELECT * FROM transfer WHERE state = 'pending' ORDER BY id").map(Transfer.init)
    }
}

extension RegistryReader {
    /// The officers who acted on the steps of a transfer so far.
    public func transferActors(_ id: Int64) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT actor FROM transfer_step WHERE transfer_id = ?", arguments: [id])
    }
}
