import Foundation
import GRDB
import Normalization

/// A requested change to identity fields, waiting for the level above.
public struct ChangeRequest: Sendable, Equatable {
    public enum State: String, Sendable { case pending, approved, rejected }
    public var id: Int64
    public var teacherID: Int64
    public var changes: [FieldChange]
    public var state: State
    public var requestedBy: String
    public var requestedRole: String
    public var requestedAt: String
    public var reason: String
    public var decidedBy: String?
    public var decisionReason: String?

    init(row: Row) throws {
        id = row["id"]
        teacherID = row["teacher_id"]
        changes = try JSONDecoder().decode([FieldChange].self, from: Data((row["changes"] as String).utf8))
        state = State(rawValue: row["state"]) ?? .pending
        requestedBy = row["requested_by"]
        requestedRole = row["requested_role"]
        requestedAt = row["requested_at"]
        reason = row["reason"]
        decidedBy = row["decided_by"]
        decisionReason = row["decision_reason"]
    }
}

extension ChangeTransaction {
    /// Files a request to change `values` (column name → new value; the
    /// field `document` is a new resident ID number) of a teacher.
    public func requestChange(_ teacher: Int64, _ values: [String: String]) throws -> Int64 {
        guard let reason, !reason.isEmpty else { throw RegistryError(.invalid, .changeRequestNeedsReason) }
        let current = try reader.teacher(id: teacher)
        let document = try reader.documents(of: teacher).first { $0.current }
        let changes = values.keys.sorted().map { field in
            FieldChange(field: field, before: field == "document" ? document.map { Masking.mask($0.number) } : current.value(of: field),
                        after: values[field])
        }
        try db.execute(sql: """
            INSERT INTO change_request (teacher_id, changes, requested_by, requested_role, requested_at, reason) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [teacher, FieldChange.json(changes), actor.user, actor.role, at, reason])
        let id = db.lastInsertedRowID
        // The request keeps the new document number to apply it; history shows it masked.
        try record(.changeRequested, teacher: teacher, changes.map {
            FieldChange(field: $0.field, before: $0.before, after: $0.field == "document" ? $0.after.map(Masking.mask) : $0.after)
        }, source: "change request #\(id)")
        return id
    }

    /// Approves (the values are applied, the document re-keyed) or rejects a pending request.
    public func decideChange(_ id: Int64, approve: Bool) throws -> ChangeRequest {
        if !approve, reason?.isEmpty ?? true { throw RegistryError(.invalid, .rejectionNeedsReason) }
        var request = try reader.changeRequest(id)
        guard request.state == .pending else { throw RegistryError(.conflict, .changeRequestDecided(id, state: request.state.rawValue)) }
        guard request.requestedBy != actor.user else {
            throw RegistryError(.invalid, .ownChangeRequest(id, user: actor.user))
        }
        if approve {
            var fields: [String: String?] = [:]
            for change in request.changes {
                if change.field == "document", let number = change.after {
                    try rekey(request.teacherID, kind: "resident", newNumber: number)
                } else {
                    fields[change.field] = change.after
                }
            }
            if !fields.isEmpty { _ = try updateTeacher(request.teacherID, fields, kind: .changeApproved, source: "change request #\(id)") }
        }
        let state: ChangeRequest.State = approve ? .approved : .rejected
        try db.execute(sql: "UPDATE change_request SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?",
                       arguments: [state.rawValue, actor.user, at, reason, id])
        try record(approve ? .changeApproved : .changeRejected, teacher: request.teacherID,
                   [FieldChange(field: "change_request", before: "#\(id) pending", after: "#\(id) \(state.rawValue)")])
        request.state = state
        request.decidedBy = actor.user
        request.decisionReason = reason
        return request
    }
}

extension RegistryReader {
    public func changeRequest(_ id: Int64) throws -> ChangeRequest {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM change_request WHERE id = ?", arguments: [id]) else {
            throw RegistryError(.notFound, .noChangeRequest(id))
        }
        return try ChangeRequest(row: row)
    }

    public func pendingChangeRequests() throws -> [ChangeRequest] {
        try Row.fetchAll(db, sql: "SELECT * FROM change_request WHERE state = 'pending' ORDER BY id").map(ChangeRequest.init)
    }
}
