/// The blocking rules: records that share a key are compared. Several
/// strict keys rather than a few loose ones, so that every true pair with
/// one reliable agreeing field meets, while no block explodes: a key held
/// by more records than its cap (张伟 + 1985) yields no pairs.
public enum BlockingRule: Int, CaseIterable, Sendable {
    case residentNumber = 1     // valid number, or a check-digit typo's suggestions
    case otherDocument
    case nameAndBirthDate       // birth date with month and day sorted: swaps meet
    case pinyinAndBirthDate
    case nameAndBirthMonth
    case nameAndBirthYear
    case certificate
    case phone
    case nameAndSchool
    case surnameAndBirthDate    // one character of the given name differs
    case givenNameAndBirthDate  // the surname differs (张/章 typed apart)
    case nameAndHireMonth       // the birth date is wrong but 参加工作年月 is not

    /// Records per key above which the key is skipped.
    public var cap: Int {
        switch self {
        case .residentNumber, .otherDocument, .certificate, .phone: 50
        case .nameAndBirthDate, .pinyinAndBirthDate, .nameAndBirthMonth, .nameAndSchool: 60
        case .nameAndBirthYear: 30
        case .surnameAndBirthDate, .givenNameAndBirthDate, .nameAndHireMonth: 40
        }
    }

    static func keys(_ f: RecordFeatures, in table: FeatureTable, into keys: inout [(BlockingRule, UInt64)]) {
        func add(_ rule: BlockingRule, _ parts: UInt64...) {
            var hash = UInt64(rule.rawValue) &* 0x9E37_79B9_7F4A_7C15
            for part in parts { hash = StableHash.combine(hash, part) }
            keys.append((rule, hash))
        }
        if f.residentPacked != 0 { add(.residentNumber, f.residentPacked) }
        for suggestion in table.suggestions(of: f) { add(.residentNumber, suggestion) }
        if f.document != 0, f.residentPacked == 0 { add(.otherDocument, f.document) }
        if f.certificate != 0 { add(.certificate, f.certificate) }
        if f.phone != 0 { add(.phone, f.phone) }
        guard f.dotless != 0 else { return }
        if f.school != 0 { add(.nameAndSchool, f.dotless, f.school) }
        if f.hire != 0, f.hire % 10_000 != 0 { add(.nameAndHireMonth, f.dotless, UInt64(f.hire / 100)) }
        guard f.birth != 0 else { return }
        let year = UInt64(f.birth / 10_000)
        let month = UInt64(f.birth / 100 % 100), day = UInt64(f.birth % 100)
        add(.nameAndBirthYear, f.dotless, year)
        if f.formerDotless != 0 { add(.nameAndBirthYear, f.formerDotless, year) }
        guard month != 0 else { return }
        add(.nameAndBirthMonth, f.dotless, year, month)
        guard day != 0 else { return }
        let sortedDate = year * 10_000 + min(month, day) * 100 + max(month, day)
        add(.nameAndBirthDate, f.dotless, sortedDate)
        if f.formerDotless != 0 { add(.nameAndBirthDate, f.formerDotless, sortedDate) }
        add(.pinyinAndBirthDate, f.pinyin, sortedDate)
        if f.nameScalars.count >= 2, f.nameScalars.isComplete {
            add(.surnameAndBirthDate, UInt64(f.nameScalars[0]), sortedDate)
            var given: UInt64 = 0xA5A5
            for index in 1..<f.nameScalars.count { given = StableHash.combine(given, UInt64(f.nameScalars[index])) }
            add(.givenNameAndBirthDate, given, sortedDate)
        }
    }
}
