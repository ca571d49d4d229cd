import Testing
@testable import Normalization

@Suite struct NameKeysTests {
    let normalizer: NameNormalizer

    init() throws { normalizer = try NameNormalizer.shared() }

    static let dotVariants: [UInt32] = [
        0x00B7, 0x0387, 0x30FB, 0xFF65, 0x2022, 0x2027, 0xFF0E, 0x22C5, 0x2219, 0x2218, 0x25E6, 0x2E31, 0x2E30, 0x2E,
    ]

    @Test(arguments: dotVariants)
    func everyDotVariantBecomesOneMiddleDot(_ dot: UInt32) {
        let separator = String(Unicode.Scalar(dot)!)
        for name in ["买买提\(separator)艾力", "买买提 \(separator) 艾力", "买买提\(separator)\(separator)艾力"] {
            let keys = normalizer.keys(for: name)
            #expect(keys.key == "买买提·艾力", "U+\(String(dot, radix: 16)) in \(name)")
            #expect(keys.shape == .dotted)
            #expect(keys.dotlessKey == "买买提艾力")
        }
    }

    @Test func traditionalCharactersAreKeptInKeyAndSimplifiedInTheMatchKey() {
        let keys = normalizer.keys(for: "張偉")
        #expect(keys.key == "張偉")
        #expect(keys.simplifiedKey == "张伟")
        #expect(keys.pinyin == "zhang wei")
        #expect(normalizer.keys(for: "歐陽修").simplifiedKey == "欧阳修")
        #expect(normalizer.keys(for: "閆").simplifiedKey == "闫")
    }

    @Test func whitespaceOfEveryKindIsRemovedBetweenHanCharacters() {
        for name in [" 王　芳 ", "王\t芳", "王\u{00A0}芳", "王\u{200B}芳", "王\u{FEFF}芳\u{200D}"] {
            #expect(normalizer.keys(for: name).key == "王芳")
        }
    }

    @Test func latinNamesAreUpperCasedWithDotsBetweenWords() {
        let keys = normalizer.keys(for: "john   smith")
        #expect(keys.key == "JOHN·SMITH")
        #expect(keys.shape == .latin)
        #expect(keys.pinyin == "john smith")
        #expect(normalizer.keys(for: "ＪＯＨＮ　ＳＭＩＴＨ").key == "JOHN·SMITH")
    }

    @Test func charactersOutsideTheBMPPassThroughAndCountAsOne() {
        let keys = normalizer.keys(for: "𠮷田")
        #expect(keys.key == "𠮷田")
        #expect(keys.simplifiedKey == "𠮷田")
        #expect(keys.length == 2)
        #expect(keys.shape == .han)
        #expect(keys.flags.isEmpty)
    }

    @Test func gb18030PrivateUseCodePointsMapToStandardOnes() {
        // U+E816 is the GB 18030-2005 private-use form of U+20087 (Ext-B),
        // U+E81E of U+9FB4.
        let keys = normalizer.keys(for: "李\u{E816}")
        #expect(keys.key == "李\u{20087}")
        #expect(keys.flags.isEmpty)
        #expect(normalizer.keys(for: "\u{E81E}").key == "\u{9FB4}")
        let unmapped = normalizer.keys(for: "王\u{E000}")
        #expect(unmapped.flags.contains(.privateUse))
        #expect(unmapped.flags.names == ["private-use"])
    }

    @Test func surnameReadingsForThePolyphonicFirstCharacter() {
        #expect(normalizer.keys(for: "单雄信").pinyin == "shan xiong xin")
        #expect(normalizer.keys(for: "單雄信").pinyin == "shan xiong xin")
        #expect(normalizer.keys(for: "曾国藩").pinyin == "zeng guo fan")
        #expect(normalizer.keys(for: "仇英").pinyin == "qiu ying")
        #expect(normalizer.keys(for: "区永").pinyin == "ou yong")
        #expect(normalizer.keys(for: "解缙").pinyin == "xie jin")
        #expect(normalizer.keys(for: "朴槿惠").pinyin == "piao jin hui")
        #expect(normalizer.keys(for: "查良鏞").pinyin == "zha liang yong")
        #expect(normalizer.keys(for: "尉迟恭").pinyin == "yu chi gong")
        #expect(normalizer.keys(for: "尉遲恭").pinyin == "yu chi gong")
        #expect(normalizer.keys(for: "欧阳修").pinyin == "ou yang xiu")
        #expect(normalizer.keys(for: "万俟卨").pinyin.hasPrefix("mo qi"))
        // The surname reading applies to the first character only.
        #expect(normalizer.keys(for: "李单").pinyin == "li dan")
        // The traditional form keeps its own reading: 乾 is qian, not 干 gan.
        #expect(normalizer.keys(for: "乾隆").pinyin == "qian long")
    }

    @Test func homophonesShareTheirPinyin() {
        #expect(normalizer.keys(for: "李静").pinyin == normalizer.keys(for: "李婧").pinyin)
        #expect(normalizer.keys(for: "张伟").pinyin == normalizer.keys(for: "章玮").pinyin)
    }

    @Test func shapesAndFlags() {
        #expect(normalizer.keys(for: "张伟").shape == .han)
        #expect(normalizer.keys(for: "张JOHN").shape == .mixed)
        let digits = normalizer.keys(for: "张伟2")
        #expect(digits.flags == .digits)
        let cyrillic = normalizer.keys(for: "Иван")
        #expect(cyrillic.flags.contains(.unexpectedScript))
        #expect(cyrillic.shape == .mixed)
        #expect(normalizer.keys(for: " \u{200B} ").flags.contains(.empty))
    }

    @Test func hyphenBetweenHanCharactersStandsInForTheDot() {
        #expect(normalizer.keys(for: "艾力-买买提").key == "艾力·买买提")
        #expect(normalizer.keys(for: "Jean-Pierre").key == "JEAN-PIERRE")
    }

    @Test func keysAreTheSameFromManyThreadsAtOnce() async {
        let names = ["張偉", "买买提・艾力", "𠮷田", "单雄信", "\u{2A6D6}明"]
        let shared = normalizer
        let expected = names.map { shared.keys(for: $0) }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { names.map { shared.keys(for: $0) } == expected }
            }
            for await same in group { #expect(same) }
        }
    }
}
