import Foundation
import Matching
import Normalization
import Registry

/// What must be resolved in a jurisdiction before its data goes to the
/// national level: each item with a reason code, counted per county.
public struct GateReport: Codable, Sendable {
    /// Reason codes. Every one of them blocks the national export.
    public enum Code: String, Codable, Sendable, CaseIterable {
        case duplicateCertain = "DUP-CERTAIN"
        case duplicatePossible = "DUP-POSSIBLE"
        case reviewOpen = "REVIEW-OPEN"
        case documentMissing = "ID-MISSING"
        case documentInvalid = "ID-INVALID"
        case documentMangled = "ID-MANGLED"
        case privateUseCharacter = "PUA-CHAR"
        case noAssignment = "NO-ASSIGNMENT"
        case batchNotApproved = "BATCH-PENDING"

        public var chinese: String { Text.gateCode(rawValue).chinese }
    }

    public struct Item: Codable, Sendable, Equatable {
        public var code: String
        public var county: String
        /// The teacher(s) or batch concerned.
        public var subject: String
        public var detail: String
    }

    public struct County: Codable, Sendable {
        public var county: String
        public var counts: [String: Int]
    }

    public var scope: String
    public var blocking: Bool
    public var counts: [String: Int]
    public var counties: [County]
    public var items: [Item]
}

extension RegistryService {
    /// The national submission gate over the caller's jurisdiction.
    public func submissionGate(_ principal: Principal) throws(ServiceError) -> GateReport {
        let audit = try self.audit(principal).view
        let openReview = try openReviewItems(principal)
        let batches = try self.batches(principal)
        return try serviceCall {
            try database.read { reader in
                var items: [GateReport.Item] = []
                let facts = try reader.teacherFacts().filter { fact in
                    guard let school = fact.school else { return principal.role == .province || principal.role == .ministry }
                    return principal.covers(school: school, county: fact.county)
                }
                let countyOf = Dictionary(facts.map { ($0.number, $0.county ?? "") }, uniquingKeysWith: { a, _ in a })
                let decidedDifferent = try reader.differentPersonPairs()
                for pair in audit.pairs where !decidedDifferent.contains([pair.a, pair.b].sorted()) {
                    let code: GateReport.Code = pair.decision == MatchDecision.match.rawValue ? .duplicateCertain : .duplicatePossible
                    items.append(.init(code: code.rawValue, county: countyOf[pair.a] ?? "", subject: "\(pair.a) \(pair.b)",
                                       detail: pair.evidence.joined(separator: "；")))
                }
                for item in openReview {
                    items.append(.init(code: GateReport.Code.reviewOpen.rawValue, county: try item.schoolCode.flatMap { try reader.school($0)?.countyCode } ?? "",
                                       subject: "#\(item.id)", detail: "\(item.file) 第\(item.row)行"))
                }
                for fact in facts {
                    let county = fact.county ?? ""
                    if !fact.hasCurrentDocument {
                        let cell = try reader.latestDocumentCell(of: fact.id)
                        let code: GateReport.Code
                        if cell?.isBlank ?? true {
                            code = .documentMissing
                        } else {
                            code = normalizer.documents.check(cell!).error?.code == .excelMangled ? .documentMangled : .documentInvalid
                        }
                        items.append(.init(code: code.rawValue, county: county, subject: fact.number, detail: code.chinese))
                    }
                    if fact.name.unicodeScalars.contains(where: Self.isPrivateUse) {
                        items.append(.init(code: GateReport.Code.privateUseCharacter.rawValue, county: county, subject: fact.number,
                                           detail: GateReport.Code.privateUseCharacter.chinese))
                    }
                    if fact.school == nil, StaffStatus(code: fact.status)?.isOnStaff == true {
                        items.append(.init(code: GateReport.Code.noAssignment.rawValue, county: county, subject: fact.number,
                                           detail: GateReport.Code.noAssignment.chinese))
                    }
                }
                for batch in batches where batch.state != Batch.State.provinceApproved.rawValue && batch.state != Batch.State.superseded.rawValue {
                    items.append(.init(code: GateReport.Code.batchNotApproved.rawValue, county: batch.county ?? "", subject: "batch #\(batch.id)",
                                       detail: "\(batch.file): \(batch.state)"))
                }
                var counts: [String: Int] = [:], byCounty: [String: [String: Int]] = [:]
                for item in items {
                    counts[item.code, default: 0] += 1
                    byCounty[item.county, default: [:]][item.code, default: 0] += 1
                }
                return GateReport(scope: principal.jurisdiction.isEmpty ? String(province) : principal.jurisdiction, blocking: !items.isEmpty,
                                  counts: counts, counties: byCounty.keys.sorted().map { GateReport.County(county: $0, counts: byCounty[$0]!) },
                                  items: items)
            }
        }
    }

    /// Unicode private-use areas: characters a font-specific input method put
    /// in a name, which no other system can read.
    static func isPrivateUse(_ scalar: Unicode.Scalar) -> Bool {
        (0xE000...0xF8FF).contains(scalar.value) || (0xF0000...0x10FFFF).contains(scalar.value)
    }
}
