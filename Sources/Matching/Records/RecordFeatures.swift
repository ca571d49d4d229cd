import Normalization

/// The comparable form of one record: hashes and small integers, so that
/// comparing two records costs a few integer comparisons. Plain data with
/// no references, so copying one costs no reference counting.
struct RecordFeatures: Sendable, BitwiseCopyable, Equatable {
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
    var nameScalars = PackedScalars()

    /// yyyymmdd, with 00 for the parts a lower precision lacks; 0 when unknown.
    var birth: Int32 = 0
    var gender: UInt8 = 0  // 0 unknown, 1 male, 2 female

    /// `DocumentKind` as a small code (its index + 1), 0 for none.
    var documentKind: UInt8 = 0
    /// Canonical number of a valid document.
    var document: UInt64 = none
    /// Packed resident-layout number of a valid document (guard and typo checks).
    var residentPacked: UInt64 = none
    var isResident = false
    /// The number was written in its old 15-digit form, which has no check digit.
    var fromFifteenDigits = false
    /// Packed numbers one typing error away from an invalid number, as a
    /// range of `FeatureTable.suggestions`.
    var suggestionStart: Int32 = 0
    var suggestionCount: Int32 = 0

    var ethnicity: UInt64 = none
    var certificate: UInt64 = none
    var phone: UInt64 = none
    var school: UInt64 = none
    var county: UInt64 = none
    var hire: Int32 = 0

    init(_ record: MatchRecord, suggestions: inout [UInt64]) {
        let name = record.name
        if !name.flags.contains(.empty) {
            nameKey = StableHash.of(name.key, salt: 1)
            simplified = StableHash.of(name.simplifiedKey, salt: 2)
            let dotlessText = name.dotlessSimplifiedKey
            dotless = StableHash.of(dotlessText, salt: 3)
            pinyin = StableHash.of(name.pinyin, salt: 4)
            nameScalars = PackedScalars(dotlessText.unicodeScalars)
        }
        if let former = record.formerName, !former.flags.contains(.empty) {
            formerDotless = StableHash.of(former.dotlessSimplifiedKey, salt: 3)
            formerPinyin = StableHash.of(former.pinyin, salt: 4)
        }
        if let date = record.birthDate {
            birth = Self.pack(date)
        }
        gender = record.gender == .male ? 1 : record.gender == .female ? 2 : 0
        switch record.document {
        case .valid(let document):
            documentKind = Self.code(document.kind)
            if let number = document.residentNumber {
                residentPacked = Self.pack(number)
                isResident = document.kind == .resident
                self.document = StableHash.combine(UInt64(documentKind), residentPacked)
            } else {
                self.document = StableHash.of(document.canonical, salt: 5 + UInt64(documentKind))
            }
        case .typo(let numbers):
            documentKind = Self.code(.resident)
            suggestionStart = Int32(suggestions.count)
            suggestionCount = Int32(numbers.count)
            suggestions.append(contentsOf: numbers.map(Self.pack))
        case .none, .unusable:
            break
        }
        ethnicity = record.ethnicity.map { StableHash.of($0, salt: 6) } ?? Self.none
        certificate = record.certNumber.map { StableHash.of($0, salt: 7) } ?? Self.none
        phone = record.phone.map { StableHash.of($0, salt: 8) } ?? Self.none
        school = record.schoolCode.map { StableHash.of($0, salt: 9) } ?? Self.none
        county = record.countyCode.map { StableHash.of($0, salt: 10) } ?? Self.none
        hire = record.hireDate.map(Self.pack) ?? 0
        fromFifteenDigits = record.documentWasUpgraded
    }

    static func pack(_ date: PartialDate) -> Int32 {
        Int32(date.year * 10_000 + (date.month ?? 0) * 100 + (date.day ?? 0))
    }

    static func pack(_ number: ResidentIDNumber) -> UInt64 { number.body &* 16 &+ UInt64(number.check) }

    static func code(_ kind: DocumentKind) -> UInt8 { UInt8(DocumentKind.allCases.firstIndex(of: kind)! + 1) }
}

/// Up to 9 Unicode scalars (21 bits each) packed into three words; longer
/// names keep only their count, and one-character edits are not tried.
struct PackedScalars: Sendable, BitwiseCopyable, Equatable {
    static let capacity = 9
    private var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
    private(set) var count: Int = 0
    /// False when the name was too long to pack.
    private(set) var isComplete = true

    init() {}

    static func == (a: PackedScalars, b: PackedScalars) -> Bool {
        a.words == b.words && a.count == b.count && a.isComplete == b.isComplete
    }

    init(_ scalars: String.UnicodeScalarView) {
        for scalar in scalars {
            if count < Self.capacity { set(count, scalar.value) } else { isComplete = false }
            count += 1
        }
    }

    subscript(_ index: Int) -> UInt32 {
        let word = index / 3 == 0 ? words.0 : index / 3 == 1 ? words.1 : words.2
        return UInt32((word >> (21 * UInt64(index % 3))) & 0x1F_FFFF)
    }

    private mutating func set(_ index: Int, _ value: UInt32) {
        let shifted = UInt64(value) << (21 * UInt64(index % 3))
        switch index / 3 {
        case 0: words.0 |= shifted
        case 1: words.1 |= shifted
        default: words.2 |= shifted
        }
    }
}

/// The features of a record set, plus the shared suggestion numbers.
struct FeatureTable: Sendable, Equatable {
    let features: [RecordFeatures]
    let suggestions: [UInt64]

    subscript(_ index: Int) -> RecordFeatures { features[index] }
    var count: Int { features.count }

    func suggestions(of feature: RecordFeatures) -> ArraySlice<UInt64> {
        suggestions[Int(feature.suggestionStart)..<Int(feature.suggestionStart + feature.suggestionCount)]
    }
}
