import Foundation
import Testing
@testable import Normalization

@Suite struct RegionTableTests {
    @Test func officialListWithRetiredCodesLoadsAndRoundTrips() throws {
        let table = try RegionTable.shipped()
        #expect(table.count > 6000)
        #expect(table.entry(110103)?.name == "崇文区")  // retired in 2010
        #expect(table.entry(110103)?.lastYear == 2010)
        #expect(table.isCounty("360102") && table.isCounty("110103"))
        #expect(!table.isCounty("360100") && !table.isCounty("36ABCD") && !table.isCounty("369999") && !table.isCounty("３６０１０２"))
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regions-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try table.save(to: url)
        #expect(try RegionTable.load(from: url) == table)
    }

    @Test func unknownCountyCodeIsAWarningAndRetiredCodesPass() throws {
        let table = RegionTable(entries: [
            .init(code: 110103, name: "崇文区", level: "县级", firstYear: 1981, lastYear: 2010),
            .init(code: 110105, name: "朝阳区", level: "县级", firstYear: 1981, lastYear: nil),
        ])
        let validator = DocumentValidator(regions: table, today: CivilDate(year: 2026, month: 1, day: 1)!)
        #expect(validator.check("11010519491231002X").warnings.isEmpty)
        let retired = ResidentIDNumber(body: 11010319600101001)
        #expect(validator.check(retired.fullNumber).warnings.isEmpty)
        let unknown = ResidentIDNumber(body: 11019919600101001)
        let check = validator.check(unknown.fullNumber)
        #expect(check.isValid)
        #expect(check.warnings == [.unknownRegionCode])
    }

    @Test func malformedListNamesTheLineAndTheProblem() {
        #expect(throws: RegionTable.FormatError.self) {
            try RegionTable.parse(officialList: "代码,名称\n11010,东城区\n", file: "bad.csv")
        }
        do {
            _ = try RegionTable.parse(officialList: "代码,名称\n110101,东城区\n11010X,西城区\n", file: "bad.csv")
        } catch let error as RegionTable.FormatError {
            #expect(error.line == 3)
            #expect(error.description.contains("bad.csv"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func provinceTableHoldsTheThirtyFourProvinceLevelCodes() {
        #expect(ProvinceCodes.standard.names.count == 34)
        #expect(ProvinceCodes.standard.contains(50))
        #expect(!ProvinceCodes.standard.contains(20))
    }

    @Test func aRenamedCodeIsShownByTheNameInUseWhicheverOrderTheListGivesThem() throws {
        // 360111 was 郊区 until 2002, then 青山湖区; the shipped list gives the current name first.
        #expect(try RegionTable.shipped().entry(360111)?.name == "青山湖区")
        let list = "代码,名称,级别,启用时间,变更/弃用时间\n360111,青山湖区,县级,2002,\n360111,郊区,县级,1983,2002\n"
        let reversed = "代码,名称,级别,启用时间,变更/弃用时间\n360111,郊区,县级,1983,2002\n360111,青山湖区,县级,2002,\n"
        for text in [list, reversed] {
            let entry = try RegionTable.parse(officialList: text, file: "r.csv").entry(360111)
            #expect(entry?.name == "青山湖区" && entry?.firstYear == 1983 && entry?.lastYear == nil)
        }
    }
}
