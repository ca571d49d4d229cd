import Testing
@testable import Normalization

@Suite struct ResidentIDTests {
    let validator = DocumentValidator(today: CivilDate(year: 2026, month: 11, day: 22)!)

    @Test func standardExamplesAreValidWithBirthDateAndGender() throws {
        let woman = try #require(validator.check("11010519491231002X").document)
        #expect(woman.kind == .resident)
        #expect(woman.birthDate == CivilDate(year: 1949, month: 12, day: 31))
        #expect(woman.gender == .female)
        #expect(woman.regionCode == "110105")
        let man = try #require(validator.check("440524188001010014").document)
        #expect(man.birthDate == CivilDate(year: 1880, month: 1, day: 1))
        #expect(man.gender == .male)
    }

    @Test(arguments: [
        "11010519491231002x", " 110105 19491231 002X ", "110105-19491231-002X", "'11010519491231002X",
        "１１０１０５１９４９１２３１００２Ｘ", "110105\u{3000}19491231\u{200B}002X", "\u{FEFF}11010519491231002X\u{00A0}",
    ])
    func messyInputCleansToTheCanonicalNumber(_ raw: String) {
        #expect(validator.check(raw).document?.canonical == "11010519491231002X")
    }

    @Test func fifteenDigitNumberUpgradesToEighteenWithCheckDigit() throws {
        let check = validator.check("110105491231002")
        let document = try #require(check.document)
        #expect(document.canonical == "11010519491231002X")
        #expect(check.warnings == [.upgradedFrom15Digits])
        #expect(document == validator.check("11010519491231002X").document)
    }

    @Test func eachErrorKindIsReportedSpecifically() {
        #expect(validator.check("1101051949123100").error?.code == .length)
        #expect(validator.check("110105194912310021X").error?.code == .length)
        #expect(validator.check("").error?.code == .length)
        #expect(validator.check("11010519491231002号").error?.code == .character)
        #expect(validator.check("1101051949123100A2").error?.code == .character)
        #expect(validator.check("11010519491231002A").error?.code == .character)
        #expect(validator.check("1101051949123100x2").error?.code == .character)
        #expect(validator.check("11010519490231002X").error?.code == .date)  // 1949-02-31
        #expect(validator.check("11010519491231001X").error?.code == .checksum)
        #expect(validator.check("00010519491231002X").error?.code == .format)  // province 00
        #expect(validator.check("12345").error?.code == .format)
        #expect(validator.check("4.40524E+17").error?.code == .excelMangled)
        #expect(validator.check("4.40524188001010E+17").error?.code == .excelMangled)
        #expect(validator.check("440524188001010000").error?.code == .excelMangled)
    }

    @Test func birthDateInTheFutureIsADateError() {
        let number = ResidentIDNumber(body: 11010520270101001)
        #expect(validator.check(number.fullNumber).error?.code == .date)
    }

    @Test func checksumFailureSuggestsNumbersOneSubstitutionOrSwapAway() {
        // A typo in the sequence: 002X typed as 003X.
        let typo = validator.check("11010519491231003X")
        #expect(typo.error?.code == .checksum)
        #expect(typo.suggestions.map(\.fullNumber).contains("11010519491231002X"))
        // Two adjacent digits swapped: 19491231 typed as 19492131, which is
        // reported as an impossible date but still gets its suggestions.
        let swapped = validator.check("11010519492131002X")
        #expect(swapped.error?.code == .date)
        #expect(swapped.suggestions.map(\.fullNumber).contains("11010519491231002X"))
        // Every suggestion is valid and carries a real birth date.
        for suggestion in typo.suggestions + swapped.suggestions {
            #expect(suggestion.hasValidCheck)
            #expect(suggestion.birthDate != nil)
        }
    }

    @Test func maskingKeepsTheRegionAndLastTwoCharactersAndFoldsFullWidthDigits() {
        #expect(Masking.mask("11010519491231002X") == "110105**********2X")
        let check = validator.check("11010519491231001X")
        #expect(!check.description.contains("11010519491231001X"))
        #expect(!"\(check.document as Any)".contains("19491231"))
        #expect(Masking.maskNumbers(in: "第3行 身份证号 11010519491231002X 校验失败") == "第3行 身份证号 110105**********2X 校验失败")
        // Full-width digits are digits: masked as their ASCII form.
        #expect(Masking.maskNumbers(in: "证件号码１１０１０５１９４９１２３１００２Ｘ有误") == "证件号码110105**********2X有误")
        #expect(Masking.mask("１１０１０５１９４９１２３１００２ｘ") == "110105**********2x")
        // A number masked in an older form is masked again: its last four no longer show.
        #expect(Masking.maskNumbers(in: "resident 110105********002X") == "resident 110105**********2X")
        // Short runs and teacher numbers (13 characters, read by users) pass at 14.
        #expect(Masking.maskNumbers(in: "教师编号 3600000123456，学校 2136010102", minimumLength: 14) == "教师编号 3600000123456，学校 2136010102")
        #expect(Masking.maskNumbers(in: "第１２行") == "第１２行")
    }

    @Test func aMaskedBirthDateKeepsYearAndMonthOnly() {
        #expect(Masking.birthDate("1985-03-12") == "1985-03-**")
        #expect(Masking.birthDate("1985年3月12日") == "1985-03-**")
        #expect(Masking.birthDate("1985-03") == "1985-03")
        #expect(Masking.birthDate("不是日期") == "****-**-**")
    }

    /// With the birth date's year and month beside the masked number, the
    /// check character must still leave many numbers that fit: none is given back.
    @Test func aMaskedIDBesideTheMaskedBirthDateLeavesHundredsOfCandidates() {
        let id = ResidentIDNumber(body: 36_010_219_850_312_001).fullNumber
        let masked = Masking.mask(id), month = Masking.birthDate("1985-03-12")
        var fitting = 0
        for day in 1...31 {
            for sequence in 0..<1000 {
                let body = UInt64(360_102) * 100_000_000_000 + UInt64(19_850_300 + day) * 1000 + UInt64(sequence)
                let candidate = ResidentIDNumber(body: body).fullNumber
                if Masking.mask(candidate) == masked, Masking.birthDate("1985-03-\(day < 10 ? "0" : "")\(day)") == month { fitting += 1 }
            }
        }
        #expect(fitting >= 100, "\(fitting)")
    }

    @Test func crossChecksCompareStatedFieldsWithTheNumber() throws {
        let document = try #require(validator.check("11010519491231002X").document)
        #expect(document.crossCheck(birthDate: PartialDate(CivilDate(year: 1949, month: 12, day: 31)!)) == .agrees)
        #expect(document.crossCheck(birthDate: PartialDate(year: 1949, month: 12)!) == .agrees)
        #expect(document.crossCheck(birthDate: PartialDate(year: 1949, month: 11)!) == .disagrees(documentSays: "1949-12-31"))
        #expect(document.crossCheck(gender: .female) == .agrees)
        #expect(document.crossCheck(gender: Gender(cell: "1-男")!) == .disagrees(documentSays: "女"))
    }
}
