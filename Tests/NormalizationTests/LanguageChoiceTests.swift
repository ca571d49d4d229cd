import Normalization
import Testing

/// The language of human text: Chinese unless English is asked for; the locale variables in POSIX order.
@Suite("Language choice")
struct LanguageChoiceTests {
    @Test func chineseUnlessAnEnglishLocaleOrTheFlagSaysOtherwise() {
        #expect(Language.chosen(english: false, environment: [:]) == .chinese)
        #expect(Language.chosen(english: false, environment: ["LANG": "C.UTF-8"]) == .chinese)
        #expect(Language.chosen(english: false, environment: ["LANG": "zh_CN.UTF-8"]) == .chinese)
        #expect(Language.chosen(english: false, environment: ["LANG": "en_US.UTF-8"]) == .english)
        #expect(Language.chosen(english: false, environment: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"]) == .chinese)
        #expect(Language.chosen(english: false, environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_GB.UTF-8"]) == .english)
        // An empty variable is not set.
        #expect(Language.chosen(english: false, environment: ["LC_ALL": "", "LANG": "en_US.UTF-8"]) == .english)
        #expect(Language.chosen(english: true, environment: ["LC_ALL": "zh_CN.UTF-8"]) == .english)
    }

    @Test func anHTTPClientGetsEnglishOnlyWhenItsFirstLanguageIsEnglish() {
        #expect(Language.accepted(nil) == .chinese)
        #expect(Language.accepted("zh-CN,zh;q=0.9,en;q=0.8") == .chinese)
        #expect(Language.accepted("en-US,en;q=0.9") == .english)
        #expect(Language.accepted(" EN ") == .english)
        #expect(Language.accepted("*") == .chinese)
    }

    @Test func aMessageCarriesBothLanguagesAndItsWordsFromTheTables() {
        let refusal = Text.transferStepRole(7, step: 2, role: "school")
        #expect(refusal(.chinese) == "第7号调动申请的第2步由调入学校的教育行政部门办理，不是学校用户")
        #expect(refusal(.english) == "step 2 of transfer #7 is for the receiving school's education authority, not a school user")
        #expect(Text.row(file: "東湖區.csv", sheet: nil, row: 3)(.chinese) == "東湖區.csv 第3行")
        #expect(Text.gateCode("DUP-CERTAIN").chinese == "确定重复（同一人两条记录）")
        #expect(Text.gateCode("UNKNOWN") == .verbatim("UNKNOWN"))
    }
}
