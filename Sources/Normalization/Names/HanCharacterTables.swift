import Synchronization

/// Per-character traditional→simplified and pinyin tables, built from ICU
/// once per process and immutable afterwards.
///
/// ICU's Han-Latin costs ~18 µs per name and its rule-based transliterators
/// serialise on a process-wide lock, so names are never transliterated one
/// by one: the BMP ideographs (U+3400–U+9FFF) are transliterated in three
/// batches at first use (~0.3 s), and a name then costs table lookups.
/// Ideographs beyond the BMP are rare; they go to ICU under a lock and the
/// answer is remembered.
final class HanCharacterTables: Sendable {
    static let firstScalar: UInt32 = 0x3400
    static let endScalar: UInt32 = 0xA000

    let icuVersion: String
    /// Simplified form of each BMP ideograph, 0 where unchanged.
    private let simplified: [UInt16]
    /// Index into `syllables` of each BMP ideograph's reading, 0 for none.
    private let readingIndex: [UInt16]
    private let syllables: [String]
    /// ICU's surname readings (first character of a name), by character.
    private let surnameReadings: [UInt32: String]
    /// Our corrections, by simplified character, so 單 reads as 单 does.
    private let curatedSurnameReadings: [UInt32: String]
    /// Readings ICU's name rules use anywhere in a name (长 chang …).
    private let nameReadings: [UInt32: String]
    private let supplementary: Mutex<SupplementaryCache>

    private struct SupplementaryCache {
        let toSimplified: ICUTransliterator
        let toLatin: ICUTransliterator
        var simplified: [UInt32: UInt32] = [:]
        var readings: [UInt32: String?] = [:]
    }

    static let shared: Result<HanCharacterTables, ICUError> = Result { try HanCharacterTables() }
        .mapError { $0 as? ICUError ?? ICUError(status: -1, operation: "\($0)") }

    private init() throws {
        icuVersion = ICU.version
        let scalars = (Self.firstScalar..<Self.endScalar).map { Unicode.Scalar($0)! }
        let batch = scalars.map { String($0) }.joined(separator: "\n")

        let toSimplified = try ICUTransliterator(id: "Traditional-Simplified")
        let simplifiedLines = try Self.lines(toSimplified.apply(batch), expected: scalars.count)
        simplified = zip(scalars, simplifiedLines).map { scalar, line in
            let out = line.unicodeScalars
            guard out.count == 1, let first = out.first, first != scalar, first.value < 0x10000 else { return 0 }
            return UInt16(first.value)
        }

        let toLatin = try ICUTransliterator(id: "Han-Latin; Latin-ASCII")
        let latinLines = try Self.lines(toLatin.apply(batch), expected: scalars.count)
        var syllables = [""]
        var syllableIndex: [String: UInt16] = [:]
        readingIndex = latinLines.map { line in
            guard let reading = Self.syllable(line) else { return 0 }
            if let index = syllableIndex[reading] { return index }
            syllables.append(reading)
            syllableIndex[reading] = UInt16(syllables.count - 1)
            return UInt16(syllables.count - 1)
        }
        self.syllables = syllables

        // ICU's name rules are short: find the characters they mention and
        // ask ICU how it reads each at the start of a name and inside one.
        let names = try ICUTransliterator(id: "Han-Latin/Names; Latin-ASCII")
        let mentioned = Set(try ICUTransliterator(id: "Han-Latin/Names").rules().unicodeScalars.filter {
            NameCharacters.classify($0) == .han
        })
        var surnameReadings: [UInt32: String] = [:]
        var nameReadings: [UInt32: String] = [:]
        for scalar in mentioned {
            let alone = try names.apply(String(scalar)).split(separator: " ").map(String.init)
            if alone.count == 1, let reading = Self.syllable(alone[0]) { surnameReadings[scalar.value] = reading }
            let inside = try names.apply("人" + String(scalar)).split(separator: " ").map(String.init)
            if inside.count == 2, let reading = Self.syllable(inside[1]) { nameReadings[scalar.value] = reading }
        }
        self.surnameReadings = surnameReadings
        curatedSurnameReadings = Dictionary(uniqueKeysWithValues: SurnameReadings.single.map {
            ($0.key.unicodeScalars.first!.value, $0.value)
        })
        self.nameReadings = nameReadings
        supplementary = Mutex(SupplementaryCache(toSimplified: toSimplified, toLatin: toLatin))
    }

    private static func lines(_ text: String, expected: Int) throws -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count == expected else {
            throw ICUError(status: -1, operation: "batch transliteration returned \(lines.count) lines for \(expected)")
        }
        return lines
    }

    /// A toneless lower-case syllable, or nil when ICU had no reading.
    private static func syllable(_ text: some StringProtocol) -> String? {
        let trimmed = String(text.filter { $0 != " " })
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) })
        else { return nil }
        return trimmed.lowercased()
    }

    // MARK: - Lookups

    func simplified(_ value: UInt32) -> UInt32 {
        if value >= Self.firstScalar, value < Self.endScalar {
            let mapped = simplified[Int(value - Self.firstScalar)]
            return mapped == 0 ? value : UInt32(mapped)
        }
        guard value >= 0x20000 else { return value }
        return supplementary.withLock { cache in
            if let known = cache.simplified[value] { return known }
            let out = (try? cache.toSimplified.apply(String(Unicode.Scalar(value)!)))?.unicodeScalars
            let mapped = out?.count == 1 ? out!.first!.value : value
            cache.simplified[value] = mapped
            return mapped
        }
    }

    /// The reading of one character, as a surname when `asSurname`.
    func reading(_ value: UInt32, simplified simple: UInt32, asSurname: Bool) -> String? {
        if asSurname {
            if let reading = curatedSurnameReadings[simple] ?? surnameReadings[value] { return reading }
        }
        if let reading = nameReadings[value] { return reading }
        if value >= Self.firstScalar, value < Self.endScalar {
            let index = readingIndex[Int(value - Self.firstScalar)]
            return index == 0 ? nil : syllables[Int(index)]
        }
        guard value >= 0x20000 else { return nil }
        return supplementary.withLock { cache in
            if let known = cache.readings[value] { return known }
            let reading = (try? cache.toLatin.apply(String(Unicode.Scalar(value)!))).flatMap { Self.syllable($0) }
            cache.readings[value] = reading
            return reading
        }
    }
}
