import Normalization
import Foundation
import Matching
import Registry

/// The duplicate audit of a jurisdiction.
public struct AuditView: Codable, Sendable {
    public struct Pair: Codable, Sendable {
        public var a: String
        public var b: String
        public var weight: Double
        /// match (certain duplicate) or possible (for review).
        public var decision: String
        public var evidence: [String]
    }
    public struct County: Codable, Sendable {
        public var county: String
        public var teachers: Int
        public var certain: Int
        public var possible: Int
    }
    public var teachers: Int
    public var certain: Int
    public var possible: Int
    public var openReviewItems: Int
    public var counties: [County]
    public var pairs: [Pair]
}

/// Submission progress of one school, and of each county (school empty).
public struct ProgressRow: Codable, Sendable, Equatable {
    public var county: String
    public var school: String
    public var filesSubmitted: Int
    public var filesImported: Int
    public var filesRejected: Int
    public var rowsReceived: Int
    public var rowsValid: Int
    public var rowsImported: Int
    public var rowsPendingReview: Int
    /// Teachers with an open regular assignment now.
    public var teachers: Int
}

extension RegistryService {
    /// Runs the duplicate audit over the teachers in the caller's jurisdiction.
    public func audit(_ principal: Principal) throws(ServiceError) -> (view: AuditView, html: String) {
        try serviceCall {
            let stored = try registrar.storedRecords { place in
                guard let school = place.school else { return principal.role == .province || principal.role == .ministry }
                return principal.covers(school: school, county: place.county)
            }
            let result = DuplicateAudit.run(stored.map(\.record), options: DuplicateAudit.Options(model: registrar.model))
            var counties: [String: AuditView.County] = [:]
            for entry in stored {
                counties[entry.place.county ?? "", default: .init(county: entry.place.county ?? "", teachers: 0, certain: 0, possible: 0)].teachers += 1
            }
            let pairs = result.pairs.filter { $0.decision != .nonMatch }.map { pair -> AuditView.Pair in
                let county = stored[Int(pair.a)].place.county ?? ""
                if pair.decision == .match { counties[county]?.certain += 1 } else { counties[county]?.possible += 1 }
                return AuditView.Pair(a: stored[Int(pair.a)].place.number, b: stored[Int(pair.b)].place.number,
                                      weight: (pair.weight * 100).rounded() / 100, decision: pair.decision.rawValue,
                                      evidence: result.explain(pair).map(\.chinese))
            }
            let openReview = try openReviewItems(principal).count
            let view = AuditView(teachers: stored.count, certain: pairs.filter { $0.decision == "match" }.count,
                                 possible: pairs.filter { $0.decision == "possible" }.count, openReviewItems: openReview,
                                 counties: counties.values.sorted { $0.county < $1.county }, pairs: pairs)
            let scope = principal.jurisdiction.isEmpty ? String(province) : principal.jurisdiction
            let place = principal.role == .school ? placeLabels(schools: [scope]).school(scope) : placeLabels(schools: [String](), regions: [scope]).region(scope)
            return (view, AuditReport(result: result, source: "登记库 · \(place)").html)
        }
    }

    /// Progress by school and county in the caller's jurisdiction: files
    /// submitted, rows valid and imported, rows waiting for review, teachers now.
    public func progress(_ principal: Principal) throws(ServiceError) -> [ProgressRow] {
        try serviceCall {
            try database.read { reader in
                let prefix = principal.role == .school ? "" : principal.jurisdiction
                var rows: [String: ProgressRow] = [:]
                func row(_ school: String, county: String?) -> String? {
                    guard principal.covers(school: school, county: county) else { return nil }
                    if rows[school] == nil {
                        rows[school] = ProgressRow(county: county ?? "", school: school, filesSubmitted: 0, filesImported: 0, filesRejected: 0,
                                                   rowsReceived: 0, rowsValid: 0, rowsImported: 0, rowsPendingReview: 0, teachers: 0)
                    }
                    return school
                }
                let decoder = JSONDecoder()
                for upload in try reader.uploads(regionPrefix: prefix) {
                    let files = (try? decoder.decode([ImportPipeline.FileOutcome].self, from: Data(upload.summary.utf8))) ?? []
                    for file in files {
                        guard let code = file.schoolCode, let key = row(code, county: try reader.school(code)?.countyCode) else { continue }
                        rows[key]!.filesSubmitted += 1
                        rows[key]!.rowsReceived += file.rows
                        rows[key]!.rowsValid += file.validRows
                        switch file.state {
                        case .imported: rows[key]!.filesImported += 1; rows[key]!.rowsImported += file.newNumbers + file.attached
                        case .rejected: rows[key]!.filesRejected += 1
                        case .unchanged: break
                        }
                    }
                }
                // Files a school's name imported from the command line count as submitted and imported.
                for batch in try reader.commandLineBatches() {
                    guard let key = row(batch.school, county: try reader.school(batch.school)?.countyCode) else { continue }
                    rows[key]!.filesSubmitted += batch.files
                    rows[key]!.filesImported += batch.files
                    rows[key]!.rowsReceived += batch.rows
                    rows[key]!.rowsValid += batch.validRows
                    rows[key]!.rowsImported += batch.validRows
                }
                for (school, county, teachers, pending) in try reader.schoolCounts() {
                    guard let key = row(school, county: county) else { continue }
                    rows[key]!.teachers = teachers
                    rows[key]!.rowsPendingReview = pending
                }
                let schools = rows.values.sorted { ($0.county, $0.school) < ($1.county, $1.school) }
                var counties: [String: ProgressRow] = [:]
                for school in schools {
                    var total = counties[school.county] ?? ProgressRow(county: school.county, school: "", filesSubmitted: 0, filesImported: 0,
                                                                       filesRejected: 0, rowsReceived: 0, rowsValid: 0, rowsImported: 0,
                                                                       rowsPendingReview: 0, teachers: 0)
                    total.filesSubmitted += school.filesSubmitted
                    total.filesImported += school.filesImported
                    total.filesRejected += school.filesRejected
                    total.rowsReceived += school.rowsReceived
                    total.rowsValid += school.rowsValid
                    total.rowsImported += school.rowsImported
                    total.rowsPendingReview += school.rowsPendingReview
                    total.teachers += school.teachers
                    counties[school.county] = total
                }
                return counties.values.sorted { $0.county < $1.county } + schools
            }
        }
    }
}
