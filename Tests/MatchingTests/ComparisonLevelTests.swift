import Testing
@testable import Matching

@Suite struct ComparisonLevelTests {
    typealias F = Fixtures

    @Test func documentLevels() {
        let id = F.record("a", name: "张伟", number: "11010519491231002X")
        #expect(F.levelID(.document, id, F.record("b", name: "张伟", number: "110105491231002")) == "same")
        // One digit mistyped: the check digit catches it and the suggestions hold the right number.
        #expect(F.levelID(.document, id, F.record("b", name: "张伟", number: "11010519491231003X")) == "check_digit_typo")
        #expect(F.levelID(.document, id, F.record("b", name: "张伟", number: "11010519491231020X")) == "check_digit_typo")
        let twin = F.record("b", name: "张伟", number: String(ResidentIDNumberFixture.valid(body: 11010519491231004)))
        #expect(F.levelID(.document, id, twin) == "different_resident_ids")
        // A passport against a resident ID is not a disagreement.
        #expect(F.levelID(.document, id, F.record("b", name: "张伟", type: "A", number: "E12345678")) == "missing")
        #expect(F.levelID(.document, F.record("a", name: "张伟", type: "A", number: "E12345678"),
                          F.record("b", name: "张伟", type: "A", number: "E87654321")) == "different")
        #expect(F.levelID(.document, id, F.record("b", name: "张伟")) == "missing")
    }

    @Test func nameLevels() {
        func level(_ x: String, _ y: String, former: String? = nil) -> String {
            F.levelID(.name, F.record("a", name: x), F.record("b", name: y, former: former))
        }
        #expect(level("张伟", " 张　伟 ") == "exact")
        #expect(level("张伟", "張偉") == "traditional_simplified")
        #expect(level("买买提·艾力", "买买提艾力") == "dot_lost")
        #expect(level("李静", "王芳", former: "李静") == "former_name")
        #expect(level("李静", "李婧") == "homophone")
        #expect(level("张伟", "章玮") == "homophone")
        #expect(level("王海成", "王海宇") == "one_character_differs")
        #expect(level("王秀英", "王英") == "one_character_dropped")
        #expect(level("王秀英", "刘德华") == "different")
    }

    @Test func birthDateLevels() {
        func level(_ x: String, _ y: String) -> String {
            F.levelID(.birthDate, F.record("a", name: "张伟", birth: x), F.record("b", name: "张伟", birth: y))
        }
        #expect(level("1985-03-07", "1985年3月7日") == "exact")
        #expect(level("1985-03-07", "1985-07-03") == "day_month_swapped")
        #expect(level("1985-03-07", "1985-04-20") == "within_60_days")
        #expect(level("1985-03-07", "1985-03") == "same_month")
        #expect(level("1985-03-07", "1985-11-30") == "same_year")
        #expect(level("1985-03-07", "1990-03-07") == "different")
        // The date inside the ID stands in when the cell is blank.
        let withID = F.record("a", name: "张伟", number: "11010519491231002X")
        #expect(F.levelID(.birthDate, withID, F.record("b", name: "张伟", birth: "1949/12/31")) == "exact")
    }

    @Test func genderSchoolAndHireDateLevels() {
        let a = F.record("a", name: "张伟", gender: "1-男", school: "2136010102", county: "360102", hire: "2008-09")
        #expect(F.levelID(.gender, a, F.record("b", name: "张伟", gender: "男")) == "same")
        #expect(F.levelID(.gender, a, F.record("b", name: "张伟", gender: "2")) == "different")
        #expect(F.levelID(.school, a, F.record("b", name: "张伟", school: "2136010102")) == "same_school")
        #expect(F.levelID(.school, a, F.record("b", name: "张伟", school: "3136010001", county: "360102")) == "same_county")
        #expect(F.levelID(.hireDate, a, F.record("b", name: "张伟", hire: "2008年9月")) == "same_month")
    }
}

import Normalization

enum ResidentIDNumberFixture {
    static func valid(body: UInt64) -> String { ResidentIDNumber(body: body).fullNumber }
}
