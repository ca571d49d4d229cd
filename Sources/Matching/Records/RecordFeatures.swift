import Normalization

/// The comparable form of one record: hashes and small integers, so that
/// comparing two records costs a few integer comparisons.
struct RecordFeatures: Sendable {
    static let none: UInt64 = 0

    var nameKey: UInt64 = none
    var simplified: UInt64 = none
    /// Simplified key without separator dots: the name identity used for
    /// term frequencies and blocking.
    var dotless: UInt64 = none
    var pinyin: UInt64 = none
    var formerDotless: UInt64 = none
    var formerPinyin: UInt64 = none
    /// Simplified dotless scalars, for one-character edits.
    var nameScalars: [UInt32] = []

    /// yyyymmdd, with 00 for the parts a lower precision lacks; 0 when unknown.
    var birth: Int32 = 0
    var birthPrecision: PartialDate.Precision = .day
    var gender: UInt8 = 0  // 0 unknown, 1 male, 2 female

    var documentKind: DocumentKind?
    /// Canonical number of a valid document.
    var document: UInt64 = none
    /// Packed resident-layout number of a valid document (guard and typo checks).
    var residentPacked: UInt64 = none
    var isResident = false
    /// Packed numbers one typing error away from an invalid number.
    var suggestions: [UInt64] = []

    var ethnicity: UInt64 = none
    var certificate: UInt64 = none
    var phone: UInt64 = none
    var school: UInt64 = none
    var county: UInt64 = none
    var hire: Int32 = 0

    init(_ record: MatchRecord) {
        let name = record.name
        if !name.flags.contains(.empty) {
            nameKey = StableHash.of(name.key, salt: 1)
            simplified = StableHash.of(name.simplifiedKey, salt: 2)
            let dotlessText = name.dotlessSimplifiedKey
            dotless = StableHash.of(dotlessText, salt: 3)
            pinyin = StableHash.of(name.pinyin, salt: 4)
            nameScalars = dotlessText.unicodeScalars.map(\.value)
        }
        if let former = record.formerName, !former.flags.contains(.empty) {
            formerDotless = StableHash.of(former.dotlessSimplifiedKey, salt: 3)
            formerPinyin = StableHash.of(former.pinyin, salt: 4)
        }
        if let date = record.birthDate {
            birth = Self.pack(date)
            birthPrecision = date.precision
        }
        gender = record.gender == .male ? 1 : record.gender == .female ? 2 : 0
        switch record.document {
        case .valid(let document):
            documentKind = document.kind
            self.document = StableHash.of(document.kind.rawValue + ":" + document.canonical, salt: 5)
            if let number = document.residentNumber {
                residentPacked = Self.pack(number)
                isResident = document.kind == .resident
            }
        case .typo(let suggestions):
            documentKind = .resident
            self.suggestions = suggestions.map(Self.pack)
        case .none, .unusable:
            break
        }
        ethnicity = record.ethnicity.map { StableHash.of($0, salt: 6) } ?? Self.none
        certificate = record.certNumber.map { StableHash.of($0, salt: 7) } ?? Self.none
        phone = record.phone.map { StableHash.of($0, salt: 8) } ?? Self.none
        school = record.schoolCode.map { StableHash.of($0, salt: 9) } ?? Self.none
        county = record.countyCode.map { StableHash.of($0, salt: 10) } ?? Self.none
        hire = record.hireDate.map(Self.pack) ?? 0
    }

    static func pack(_ date: PartialDate) -> Int32 {
        Int32(date.year * 10_000 + (date.month ?? 0) * 100 + (date.day ?? 0))
    }

    static func pack(_ number: ResidentIDNumber) -> UInt64 { number.body &* 16 &+ UInt64(number.check) }
}
