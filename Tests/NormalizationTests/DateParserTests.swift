import Testing
@testable import Normalization

@Suite struct DateParserTests {
    @Test(arguments: [
        "1985-03-07", "1985/3/7", "1985.3.7", "19850307", "1985年3月7日", "1985年03月07号", "1985年3月7", "１９８５－０３－０７",
        "１９８５年３月７日", "1985-03-07T08:30:00", "1985-03-07T00:00:00+08:00", "1985-03-07 00:00:00", "31113",
        "31113.75",
    ])
    func everyTemplateFormOfADayParses(_ text: String) throws {
        let date = try DateParser.parse(text).get()
        #expect(date.description == "1985-03-07")
        #expect(date.precision == .day)
    }

    @Test(arguments: ["1985-3", "1985/03", "198503", "1985年3月", "1985.3"])
    func monthPrecisionForms(_ text: String) throws {
        let date = try DateParser.parse(text).get()
        #expect(date.description == "1985-03")
        #expect(date.precision == .month)
    }

    @Test func yearPrecision() throws {
        #expect(try DateParser.parse("1985").get().precision == .year)
        #expect(try DateParser.parse("1985年").get().description == "1985")
    }

    @Test func excelSerialsFollowThe1900SystemAndItsFictitiousLeapDay() throws {
        #expect(try DateParser.parse("1").get().description == "1900-01-01")
        #expect(try DateParser.parse("59").get().description == "1900-02-28")
        #expect(try DateParser.parse("61").get().description == "1900-03-01")
        #expect(try DateParser.parse("36526").get().description == "2000-01-01")
        let fictitious = DateParser.parse("60")
        #expect(throws: DateParseError.self) { try fictitious.get() }
        for serial in [1, 59, 61, 31113, 45_000] {
            let date = try ExcelSerialDate.date(serial: serial).get()
            #expect(ExcelSerialDate.serial(of: date) == serial)
        }
    }

    @Test func impossibleDatesSayWhy() {
        guard case .failure(let error) = DateParser.parse("1985-02-30") else {
            Issue.record("1985-02-30 parsed"); return
        }
        #expect(error.message.contains("28 days"))
        #expect(error.messageChinese.contains("28天"))
        #expect(DateParser.parse("1985-13-01").failureMessage?.contains("month 13") == true)
        #expect(DateParser.parse("1900-02-29").failureMessage != nil)
        #expect(DateParser.parse("2000-02-29").failureMessage == nil)
        #expect(DateParser.parse("abc").failureMessage?.contains("not a date") == true)
        #expect(DateParser.parse("").failureMessage != nil)
    }

    @Test func civilDateDayNumbersRoundTrip() {
        for days in stride(from: -80_000, through: 80_000, by: 997) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.daysSinceEpoch == 0)
    }
}

extension Result where Failure == DateParseError {
    var failureMessage: String? {
        if case .failure(let error) = self { return error.message }
        return nil
    }
}
