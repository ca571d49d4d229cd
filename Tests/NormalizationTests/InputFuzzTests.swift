import Foundation
import Testing
@testable import Normalization

/// A seeded random harness over what reads a cell: ID numbers, dates, names,
/// masking. Values are built from the characters that cause trouble
/// (full-width digits, combining marks, characters outside the BMP, X/x/O/l
/// where digits belong, separators, very long runs); every value must be
/// answered, never trap. The seed is fixed so a failure repeats. The first
/// values are those that trapped the server's date handling (a combining mark
/// after a day) and their kin.
@Suite struct InputFuzzTests {
    static let pieces: [String] = [
        "0", "1", "2", "3", "9", "X", "x", "O", "o", "l", "I", "１", "９", "Ｘ", "-", "/", ".", "年", "月", "日", "号", " ", "\u{3000}", "\t",
        "\u{301}", "\u{200B}", "\u{FEFF}", "𠮷", "😀", "·", "•", "．", "張", "伟", "阿依古丽", "买买提", "\u{E000}", "\"", ",", "=", "+", "@",
        "19850312", "360102", "2026-12-07", "1985年3月7日", "31113", "36010219850307001", "T08:30:00", "+08:00", "\u{0}", "\n", "99999999999999999999",
    ]

    static func value(_ random: inout SplitMix64) -> String {
        let count = Int.random(in: 0...24, using: &random)
        var text = (0..<count).map { _ in pieces.randomElement(using: &random) ?? "" }.joined()
        if Int.random(in: 0..<200, using: &random) == 0 { text += String(repeating: "9", count: 5_000) }
        return text
    }

    /// Values that trapped the server before, and their kin: read first.
    static let regressions = ["2026-12-07\u{301}", "\u{301}2026-12-07", "１９８５－０３－０７\u{301}", "𠮷" + String(repeating: "0", count: 17)]

    @Test func documentsDatesNamesAndMasksAnswerEveryValue() throws {
        let documents = DocumentValidator()
        let names = try NameNormalizer.shared()
        var random = SplitMix64(seed: 20_261_207)
        var answered = 0
        for index in 0..<20_000 {
            let text = index < Self.regressions.count ? Self.regressions[index] : Self.value(&random)
            let check = documents.check(text)
            if check.isValid, let document = check.document { #expect(!Masking.mask(document.canonical).contains(document.canonical)) }
            _ = DateParser.parse(text)
            _ = CivilDate(text)
            _ = names.keys(for: text)
            _ = Masking.maskNumbers(in: text)
            _ = Masking.maskNumbers(in: text, minimumLength: 14)
            _ = Masking.birthDate(text)
            _ = Masking.mask(text)
            answered += 1
        }
        #expect(answered == 20_000)
    }

    @Test func noMaskShowsTheDigitsItHides() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<5_000 {
            let digits = String((0..<18).map { _ in Character(String(Int.random(in: 0...9, using: &random))) })
            let masked = Masking.maskNumbers(in: "证件 \(digits) 有误")
            #expect(!masked.contains(digits))
            #expect(!masked.contains(String(digits.dropFirst(6).prefix(8))), "the birth-date digits of \(Masking.mask(digits))")
        }
    }
}
