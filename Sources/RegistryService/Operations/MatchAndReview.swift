import Foundation
import Matching
import Normalization
import Registry

/// A stored teacher as a candidate for an incoming record.
public struct CandidateView: Codable, Sendable, Equatable {
    public struct Evidence: Codable, Sendable, Equatable {
        public var comparison: String
        public var level: String
        public var weight: Double
        public var explanation: String
    }
    public var teacher: TeacherSummaryView
    public var weight: Double
    /// match, possible or non-match.
    public var decision: String
    public var evidence: [Evidence]
}

/// A review item with the row as submitted and its candidates side by side.
public struct ReviewItemView: Codable, Sendable, Equatable {
    public var id: Int64
    public var file: String
    public var row: Int
    public var school: String?
    public var queuedAt: String
    public var queuedBy: String
    /// The submitted row (document masked).
    public var submitted: [String: String]
    public var candidates: [CandidateView]
}

extension CandidateView {
    init(_ ranked: RankedCandidate, summary: TeacherSummaryView) {
        self.init(teacher: summary, weight: (ranked.weight * 100).rounded() / 100, decision: ranked.decision.rawValue,
                  evidence: ranked.evidence.map {
                      Evidence(comparison: $0.comparison.id, level: $0.level.id, weight: ($0.weight * 100).rounded() / 100,
                               explanation: $0.chinese)
                  })
    }
}

extension RegistryService {
    /// The stored teachers closest to a record, best first, with the
    /// evidence; nothing is created. Only teachers the caller may read are listed.
    public func match(_ principal: Principal, _ cells: TeacherCells, limit: Int = 10) throws(ServiceError) -> [CandidateView] {
        guard !cells.identity.name.isBlank else { throw ServiceError(.invalid, .matchNeedsName) }
        return try serviceCall {
            let record = MatchRecord.normalizeAll([cells], normalizer: normalizer)[0]
            let ranked = try matchIndex.rank(record, limit: limit * 3)
            return try database.read { reader in
                var views: [CandidateView] = []
                for candidate in ranked where views.count < limit {
                    let access = try principal.access(to: candidate.teacher, reader: reader)
                    guard access >= .read else { continue }
                    let summary = try TeacherSummaryView(candidate.teacher, reader: reader, disclosure: Disclosure(full: false),
                                                         writable: access == .write)
                    views.append(CandidateView(candidate, summary: summary))
                }
                return views
            }
        }
    }

    /// Open review items the caller may decide, oldest first: those of a
    /// school in the jurisdiction or with a candidate the caller may change.
    public func reviewQueue(_ principal: Principal, limit: Int = 200) throws(ServiceError) -> [ReviewItemView] {
        let items = try openReviewItems(principal)
        return try serviceCall { try items.prefix(limit).map { try view(of: $0) } }
    }

    /// The same items without their candidates ranked: for counting and the gate.
    public func openReviewItems(_ principal: Principal) throws(ServiceError) -> [ReviewItem] {
        try serviceCall {
            try database.read { reader in
                try reader.openReviewItems(limit: 100_000).filter { try decidable($0, principal: principal, reader: reader) }
            }
        }
    }

    public func reviewItem(_ principal: Principal, id: Int64) throws(ServiceError) -> ReviewItemView {
        try serviceCall {
            let item = try database.read { reader -> ReviewItem in
                let item = try reader.reviewItem(id)
                guard try decidable(item, principal: principal, reader: reader) else { throw ServiceError(.notFound, .noReviewItem(id)) }
                return item
            }
            return try view(of: item)
        }
    }

    /// Decides a review item: the same person as a candidate (the row joins
    /// that teacher) or a different person (registered, and recorded as
    /// different from every candidate). The officer who queued it cannot decide it.
    public func decideReview(_ principal: Principal, id: Int64, decision: ReviewDecision, reason: String) throws(ServiceError) -> String {
        try serviceCall {
            try database.read { reader in
                let item = try reader.reviewItem(id)
                guard try decidable(item, principal: principal, reader: reader) else { throw ServiceError(.notFound, .noReviewItem(id)) }
                guard item.createdBy != principal.name else {
                    throw ServiceError(.forbidden, .ownReviewUpload(id))
                }
            }
            return try registrar.resolveReview(id, decision: decision, actor: principal.actor, reason: reason).text
        }
    }

    /// An item is decided by a level that covers both the row's school and
    /// every candidate it names: deciding may join the row to a candidate,
    /// so no one decides about a teacher they may not change (nor sees them).
    private func decidable(_ item: ReviewItem, principal: Principal, reader: RegistryReader) throws -> Bool {
        switch principal.role {
        case .ministry: return false
        case .province: return true
        case .city, .county, .school: break
        }
        let county = try item.schoolCode.flatMap { try reader.school($0)?.countyCode } ?? item.cells?.countyCode
        if let school = item.schoolCode {
            guard principal.covers(school: school, county: county) else { return false }
        } else {
            guard principal.role != .school, let county, principal.covers(region: county) else { return false }
        }
        for number in item.candidates {
            guard let teacher = try reader.teacher(number: number) else { continue }
            guard try principal.access(to: teacher, reader: reader) == .write else { return false }
        }
        return true
    }

    private func view(of item: ReviewItem) throws -> ReviewItemView {
        let cells = item.cells
        var submitted: [String: String] = [:]
        if let cells {
            let i = cells.identity
            let pairs: [(String, String?)] = [
                ("name", i.name), ("formerName", i.formerName), ("gender", i.gender), ("birthDate", i.birthDate.map(Masking.birthDate)),
                ("documentType", i.documentType), ("documentNumber", i.documentNumber.map(Masking.mask)), ("school", cells.schoolCode),
                ("ethnicity", cells.ethnicity), ("certificate", cells.certNumber), ("hireDate", cells.hireDate),
            ]
            for (key, value) in pairs { if let value, !value.isEmpty { submitted[key] = value } }
        }
        let ranked = try cells.map { try registrar.rank($0, limit: 20) } ?? []
        let candidates = try database.read { reader in
            try ranked.filter { item.candidates.contains($0.teacher.number) }.map {
                CandidateView($0, summary: try TeacherSummaryView($0.teacher, reader: reader, disclosure: Disclosure(full: false), writable: true))
            }
        }
        return ReviewItemView(id: item.id, file: item.file, row: item.row, school: item.schoolCode, queuedAt: item.createdAt,
                              queuedBy: item.createdBy, submitted: submitted, candidates: candidates)
    }
}
