import Foundation
import Normalization
import Registry

/// How each teacher field may change once data is approved: the one table
/// the service consults (and README documents).
public enum FieldPolicy {
    /// How a field changes: the registry's rule for its column (`Teacher.changeRules`).
    public typealias Kind = Teacher.ChangeRule

    /// field (API name) → (column, Chinese label).
    static let fields: [(field: String, column: String, label: String)] = [
        ("name", "name", "姓名"),
        ("formerName", "former_name", "曾用名"),
        ("gender", "gender", "性别"),
        ("birthDate", "birth_date", "出生日期"),
        ("documentNumber", "document", "身份证件号"),
        ("nationality", "nationality", "国籍/地区"),
        ("ethnicity", "ethnicity", "民族"),
        ("school", "school", "任职学校（调动、交流轮岗）"),
        ("status", "status", "人员状态（状态变更）"),
        ("hireDate", "hire_date", "进本校年月"),
        ("phone", "phone", "联系电话"),
        ("politicalStatus", "political_status", "政治面貌"),
        ("certificate", "certificate", "教师资格证书号码"),
    ]

    /// field (API name) → (column, kind, Chinese label); a column the registry has no rule for is treated as identity.
    public static let table: [(field: String, column: String, kind: Kind, label: String)] = fields.map {
        ($0.field, $0.column, Teacher.changeRules[$0.column] ?? .identity, $0.label)
    }

    static func entry(_ field: String) -> (field: String, column: String, kind: Kind, label: String)? {
        table.first { $0.field == field }
    }

    /// The level that decides a request made at `role`: the one above (the province decides its own, by another officer).
    static func approver(of role: String) -> Role? {
        switch Role(rawValue: role) {
        case .school: .county
        case .county: .city
        case .city, .province: .province
        case .ministry, .none: nil
        }
    }
}

/// A change request as its requester and approver see it.
public struct ChangeRequestView: Codable, Sendable, Equatable {
    public struct Change: Codable, Sendable, Equatable {
        public var field: String
        public var before: String?
        public var after: String?
    }
    public var id: Int64
    public var teacher: String
    public var state: String
    public var requestedBy: String
    public var requestedAt: String
    public var reason: String
    /// The level that decides it.
    public var approver: String?
    public var changes: [Change]
    public var decidedBy: String?
    public var decisionReason: String?
}

/// What a change did: applied at once, and what waits for approval.
public struct ChangeOutcome: Codable, Sendable {
    public var applied: [String]
    public var request: ChangeRequestView?
}

extension RegistryService {
    /// Changes fields of a teacher by the policy: free fields at once,
    /// identity fields as one change request, employment fields refused
    /// (they change through their workflows).
    public func changeTeacher(_ principal: Principal, teacher key: String, values: [String: String], reason: String) throws(ServiceError) -> ChangeOutcome {
        guard !values.isEmpty else { throw ServiceError(.invalid, .nameAField) }
        var identity: [String: String] = [:], free: [String: String?] = [:]
        for (field, value) in values {
            guard let entry = FieldPolicy.entry(field) else {
                throw ServiceError(.invalid, .unknownField(field, fields: FieldPolicy.table.map(\.field)))
            }
            guard value.count <= Teacher.maximumLength(entry.column),
                  !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw ServiceError(.invalid, .fieldTooLong(entry.label, maximum: Teacher.maximumLength(entry.column)))
            }
            switch entry.kind {
            case .employment:
                throw ServiceError(.invalid, .fieldByWorkflow(entry.label))
            case .free: free[entry.column] = value.isBlank ? nil : value
            case .identity: identity[entry.column] = try canonical(entry.column, value)
            }
        }
        guard !reason.isBlank else { throw ServiceError(.invalid, .changeNeedsReason) }
        return try serviceCall {
            try database.change(principal.actor, reason: reason) { change in
                let teacher = try changeableTeacher(key, reader: change.reader, principal: principal)
                var applied: [String] = []
                if !free.isEmpty {
                    applied = try change.updateTeacher(teacher.id, free, kind: .updated).map(\.field)
                }
                var request: ChangeRequestView?
                if !identity.isEmpty {
                    let id = try change.requestChange(teacher.id, identity)
                    request = try view(try change.reader.changeRequest(id), reader: change.reader)
                }
                return ChangeOutcome(applied: applied, request: request)
            }
        }
    }

    /// Change requests the caller may decide: of teachers the caller may change, from the level below.
    public func changeRequestsAwaiting(_ principal: Principal) throws(ServiceError) -> [ChangeRequestView] {
        try serviceCall {
            try database.read { reader in
                try reader.pendingChangeRequests().filter { request in
                    guard FieldPolicy.approver(of: request.requestedRole) == principal.role, request.requestedBy != principal.name else { return false }
                    return try principal.access(to: try reader.teacher(id: request.teacherID), reader: reader) == .write
                }.map { try view($0, reader: reader) }
            }
        }
    }

    public func decideChangeRequest(_ principal: Principal, id: Int64, approve: Bool, reason: String?) throws(ServiceError) -> ChangeRequestView {
        try serviceCall {
            try database.change(principal.actor, reason: reason ?? (approve ? "approved" : nil)) { change in
                let request = try change.reader.changeRequest(id)
                let teacher = try change.reader.teacher(id: request.teacherID)
                guard try principal.access(to: teacher, reader: change.reader) >= .read else { throw ServiceError(.notFound, .noChangeRequest(id)) }
                guard FieldPolicy.approver(of: request.requestedRole) == principal.role else {
                    throw ServiceError(.forbidden, .changeDecidedAt(level: request.requestedRole, approver: FieldPolicy.approver(of: request.requestedRole)?.rawValue ?? "-"))
                }
                guard request.requestedBy != principal.name else { throw ServiceError(.forbidden, .ownRequest) }
                _ = try changeableTeacher(teacher.number, reader: change.reader, principal: principal)
                return try view(try change.decideChange(id, approve: approve), reader: change.reader)
            }
        }
    }

    /// A value in its stored form, or a clear refusal.
    private func canonical(_ column: String, _ value: String) throws(ServiceError) -> String {
        switch column {
        case "gender":
            guard let gender = Gender(cell: value) else { throw ServiceError(.invalid, .genderForm) }
            return gender.code
        case "birth_date":
            guard let date = try? DateParser.parse(value).get(), case .day = date.precision else {
                throw ServiceError(.invalid, .birthDateForm(value))
            }
            return date.description
        case "document":
            guard let document = normalizer.documents.check(value).document else {
                throw ServiceError(.invalid, .residentIDInvalid(Masking.mask(value)))
            }
            return document.canonical
        default:
            guard !value.isBlank else { throw ServiceError(.invalid, .cannotEmpty(FieldPolicy.table.first { $0.column == column }?.label ?? column)) }
            return value.trimmingWhitespace()
        }
    }

    private func view(_ request: ChangeRequest, reader: RegistryReader) throws -> ChangeRequestView {
        ChangeRequestView(id: request.id, teacher: try reader.teacher(id: request.teacherID).number, state: request.state.rawValue,
                          requestedBy: request.requestedBy, requestedAt: request.requestedAt, reason: request.reason,
                          approver: FieldPolicy.approver(of: request.requestedRole)?.rawValue,
                          changes: request.changes.map {
                              // Before values of documents were masked when filed; the new number is masked here.
                              .init(field: $0.field, before: $0.before, after: $0.field == "document" ? $0.after.map(Masking.mask) : $0.after)
                          },
                          decidedBy: request.decidedBy, decisionReason: request.decisionReason)
    }
}
