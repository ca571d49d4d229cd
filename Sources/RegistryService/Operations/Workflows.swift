import Foundation
import Intake
import Normalization
import Registry

/// A transfer as its approvers see it.
public struct TransferView: Codable, Sendable, Equatable {
    public var id: Int64
    public var teacher: String
    public var teacherName: String
    /// The teacher's current document, masked.
    public var document: String?
    public var fromSchool: String
    public var toSchool: String
    public var effectiveDate: String
    public var state: String
    public var stepsDone: Int
    /// Who acts next (receiving school, its authority, sending school, its authority).
    public var nextStep: String?
    public var requestedBy: String
}

public struct RotationCandidateView: Codable, Sendable, Equatable {
    public var county: String
    public var teacher: String
    public var school: String
    public var since: String
}

extension RegistryService {
    // MARK: - Merges

    /// Merges two teachers the caller may both change; the merged number resolves to the survivor from now on.
    public func merge(_ principal: Principal, merged: String, into survivor: String, reason: String) throws(ServiceError) {
        try serviceCall {
            try database.change(principal.actor, reason: reason) { change in
                let a = try changeableTeacher(merged, reader: change.reader, principal: principal)
                let b = try changeableTeacher(survivor, reader: change.reader, principal: principal)
                try change.merge(a.id, into: b.id)
            }
        }
    }

    /// Undoes a merge exactly.
    public func unmerge(_ principal: Principal, merged: String, reason: String) throws(ServiceError) {
        guard !reason.isBlank else { throw ServiceError(.invalid, .unmergeNeedsReason) }
        try serviceCall {
            try database.change(principal.actor, reason: reason) { change in
                let reader = change.reader
                guard let owner = try reader.teacherNumberOwner(merged) else { throw ServiceError(.notFound, .noTeacher(merged)) }
                _ = try changeableTeacher(merged, reader: reader, principal: principal)  // the survivor, through the merge
                try change.unmerge(owner)
                // Undone only by a level that could have made it: one covering every school of the restored record too.
                for place in try reader.places(of: owner) where !principal.covers(school: place.school, county: place.county) {
                    throw ServiceError(.forbidden, .mergedFromOutside(merged))
                }
            }
        }
    }

    // MARK: - Transfers

    /// Started by the receiving side (a school for itself, or an authority
    /// over the receiving school) from the teacher's document number and
    /// name, which must both match: the receiving side knows the person, and
    /// the request is no way to look people up. An unknown document and a
    /// wrong name get the same answer; each user may try
    /// `SignInPolicy.transferLookupsPerWindow` times in a window; every
    /// attempt is in the access log.
    public func requestTransfer(_ principal: Principal, document: String, name: String, toSchool: String, effective: CivilDate,
                                address: String? = nil) throws(ServiceError) -> TransferView {
        guard principal.role != .ministry else { throw ServiceError(.forbidden, .transferRequester) }
        if let problem = SchoolFileName.problem(ofSchoolCode: toSchool) { throw ServiceError(.invalid, .receivingSchoolCodeProblem(toSchool, problem)) }
        guard !name.isBlank, name.count <= 50 else { throw ServiceError(.invalid, .giveTeacherName) }
        guard let canonical = normalizer.documents.check(document.trimmingWhitespace()).document?.canonical else {
            throw ServiceError(.invalid, .documentInvalid)
        }
        if let wait = transferLookups.take(principal.name) {
            throw .throttled(retryAfter: wait, .transfersThrottled)
        }
        // Traditional and simplified forms of a name are one name (張偉 = 张伟).
        let nameKey = normalizer.names.keys(for: name).simplifiedKey
        return try serviceCall {
            let found = try database.change(principal.actor, reason: "transfer requested") { change -> Int64? in
                let reader = change.reader
                guard principal.covers(school: toSchool, county: try reader.school(toSchool)?.countyCode) else {
                    throw ServiceError(.forbidden, .transferRequester)
                }
                guard let teacher = try reader.teacher(documentKind: nil, number: canonical),
                      normalizer.names.keys(for: teacher.name).simplifiedKey == nameKey else {
                    try change.logAccess("transfer-lookup", account: principal.name, role: principal.role.rawValue, address: address,
                                         detail: "no match")
                    return nil
                }
                try change.logAccess("transfer-lookup", account: principal.name, role: principal.role.rawValue, address: address,
                                     teacher: teacher.id, detail: "to \(toSchool)")
                return try change.requestTransfer(teacher.id, to: toSchool, effective: effective)
            }
            // The attempt is logged either way; a miss says nothing of whether the document is registered.
            guard let id = found else { throw ServiceError(.notFound, .noTeacherByDocumentAndName) }
            return try database.read { try transferView(try $0.transfer(id), reader: $0) }
        }
    }

    /// Transfers waiting for a step the caller may take.
    public func transfersAwaiting(_ principal: Principal) throws(ServiceError) -> [TransferView] {
        try serviceCall {
            try database.read { reader in
                try reader.pendingTransfers().filter { try mayAct(principal, on: $0, reader: reader) }.map { try transferView($0, reader: reader) }
            }
        }
    }

    public func transfer(_ principal: Principal, id: Int64) throws(ServiceError) -> TransferView {
        try serviceCall {
            try database.read { reader in
                let transfer = try reader.transfer(id)
                guard try involves(principal, transfer, reader: reader) else { throw ServiceError(.notFound, .noTransfer(id)) }
                return try transferView(transfer, reader: reader)
            }
        }
    }

    /// Approves (or rejects, with `reject`) the next step; `expectedStep`
    /// guards against two officers acting at once.
    public func decideTransfer(_ principal: Principal, id: Int64, approve: Bool, expectedStep: Int?, reason: String?) throws(ServiceError) -> TransferView {
        try serviceCall {
            try database.change(principal.actor, reason: reason) { change in
                let reader = change.reader
                let transfer = try reader.transfer(id)
                guard try involves(principal, transfer, reader: reader) else { throw ServiceError(.notFound, .noTransfer(id)) }
                guard transfer.state == .pending else { throw ServiceError(.conflict, .transferClosed(id, approved: transfer.state == .approved)) }
                // Someone acted on the step this officer saw: say so before anything else.
                if let expectedStep, expectedStep != transfer.stepsDone + 1 {
                    throw ServiceError(.stale, .transferStepTaken(id, at: transfer.stepsDone + 1, expected: expectedStep))
                }
                guard try mayAct(principal, on: transfer, reader: reader) else {
                    throw ServiceError(.forbidden, .transferForStep(id, step: transfer.stepsDone + 1))
                }
                guard transfer.requestedBy != principal.name, try !reader.transferActors(id).contains(principal.name) else {
                    throw ServiceError(.forbidden, .transferOwnOfficer(id))
                }
                if approve { _ = try change.approveTransfer(id, expectedStep: expectedStep) } else { try change.rejectTransfer(id, expectedStep: expectedStep) }
                return try transferView(try reader.transfer(id), reader: reader)
            }
        }
    }

    /// Steps 1 and 3 are the schools', 2 and 4 their authorities' (a county, city or province covering the school).
    private func mayAct(_ principal: Principal, on transfer: Transfer, reader: RegistryReader) throws -> Bool {
        guard transfer.state == .pending, transfer.stepsDone < 4 else { return false }
        let step = transfer.stepsDone + 1
        let school = step <= 2 ? transfer.toSchool : transfer.fromSchool
        let wantsSchool = step % 2 == 1
        guard (principal.role == .school) == wantsSchool, principal.role != .ministry else { return false }
        return principal.covers(school: school, county: try reader.school(school)?.countyCode)
    }

    private func involves(_ principal: Principal, _ transfer: Transfer, reader: RegistryReader) throws -> Bool {
        try [transfer.fromSchool, transfer.toSchool].contains { principal.covers(school: $0, county: try reader.school($0)?.countyCode) }
    }

    private func transferView(_ transfer: Transfer, reader: RegistryReader) throws -> TransferView {
        let teacher = try reader.teacher(id: transfer.teacherID)
        let document = try reader.documents(of: teacher.id).first { $0.current }.map { Masking.mask($0.number) }
        return TransferView(id: transfer.id, teacher: teacher.number, teacherName: teacher.name, document: document, fromSchool: transfer.fromSchool,
                            toSchool: transfer.toSchool, effectiveDate: transfer.effectiveDate, state: transfer.state.rawValue,
                            stepsDone: transfer.stepsDone, nextStep: transfer.nextStep, requestedBy: transfer.requestedBy)
    }

    // MARK: - Rotations and status

    /// 交流轮岗 at a host school in the caller's jurisdiction, for a teacher the caller may change.
    public func startRotation(_ principal: Principal, teacher key: String, host: String, start: CivilDate, plannedEnd: CivilDate,
                              establishmentMoved: Bool) throws(ServiceError) {
        try serviceCall {
            try database.change(principal.actor, reason: "rotation") { change in
                let teacher = try changeableTeacher(key, reader: change.reader, principal: principal)
                guard principal.role != .school, principal.covers(school: host, county: try change.reader.school(host)?.countyCode) else {
                    throw ServiceError(.forbidden, .rotationArrangers)
                }
                _ = try change.startRotation(teacher.id, host: host, start: start, plannedEnd: plannedEnd, establishmentMoved: establishmentMoved)
            }
        }
    }

    public func endRotation(_ principal: Principal, teacher key: String, on date: CivilDate) throws(ServiceError) {
        try serviceCall {
            try database.change(principal.actor, reason: "rotation ended") { change in
                let teacher = try changeableTeacher(key, reader: change.reader, principal: principal)
                // Ended by a level that could have started it: an authority over the host school and the teacher's own school.
                let open = try change.reader.assignments(of: teacher.id).filter { $0.endDate == nil }
                for assignment in open where assignment.kind != .secondment {
                    guard principal.role != .school,
                          principal.covers(school: assignment.schoolCode, county: try change.reader.school(assignment.schoolCode)?.countyCode) else {
                        throw ServiceError(.forbidden, .rotationEnders)
                    }
                }
                try change.endRotation(teacher.id, on: date)
            }
        }
    }

    /// The years at one school a rotation eligibility list may ask for.
    public static let rotationYears = 1...60

    /// Teachers at one school for `years` or more, in the caller's jurisdiction.
    public func rotationEligible(_ principal: Principal, asOf: CivilDate, years: Int = 6) throws(ServiceError) -> [RotationCandidateView] {
        guard Self.rotationYears.contains(years) else {
            throw ServiceError(.invalid, .yearsRange(Self.rotationYears))
        }
        return try serviceCall {
            try database.read { reader in
                try reader.rotationEligible(asOf: asOf, years: years)
                    .filter { principal.covers(school: $0.school, county: $0.county.isEmpty ? nil : $0.county) }
                    .map { RotationCandidateView(county: $0.county, teacher: $0.number, school: $0.school, since: $0.since) }
            }
        }
    }

    /// A status change (JY/T 1001 code) of a teacher the caller may change.
    public func setStatus(_ principal: Principal, teacher key: String, status: String, on date: CivilDate, reason: String) throws(ServiceError) {
        guard StaffStatus(code: status) != nil else { throw ServiceError(.invalid, .unknownStaffStatus(status)) }
        try serviceCall {
            try database.change(principal.actor, reason: reason) { change in
                let teacher = try changeableTeacher(key, reader: change.reader, principal: principal)
                try change.setStatus(teacher.id, to: status, on: date)
            }
        }
    }
}
