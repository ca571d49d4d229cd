import Normalization
@testable import Matching

/// Builds match records from cells the way intake does.
enum Fixtures {
    static let normalizer = try! IdentityNormalizer.standard()

    static func record(_ id: String, name: String, former: String? = nil, gender: String? = nil, birth: String? = nil,
                       type: String? = "1", number: String? = nil, school: String? = nil, county: String? = nil,
                       hire: String? = nil) -> MatchRecord {
        MatchRecord(TeacherCells(recordID: id, schoolCode: school, countyCode: county,
                                 identity: IdentityCells(name: name, formerName: former, gender: gender, birthDate: birth,
                                                         documentType: number == nil ? nil : type, documentNumber: number),
                                 hireDate: hire),
                    normalizer: normalizer)
    }

    /// The comparison vector of two records.
    static func vector(_ a: MatchRecord, _ b: MatchRecord) -> ComparisonVector {
        let table = RecordFeatures.build([a, b])
        return Comparator.compare(table[0], table[1], in: table)
    }

    static func levelID(_ comparison: Comparison, _ a: MatchRecord, _ b: MatchRecord) -> String {
        comparison.levels[vector(a, b)[comparison]].id
    }
}
