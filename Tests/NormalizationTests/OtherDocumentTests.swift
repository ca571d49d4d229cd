import Testing
@testable import Normalization

@Suite struct OtherDocumentTests {
    let validator = DocumentValidator(today: CivilDate(year: 2026, month: 11, day: 22)!)

    @Test func residencePermitUsesTheIDLayoutWithRegion810000() throws {
        let document = try #require(validator.check("810000199001010019").document)
        #expect(document.kind == .residencePermit)
        #expect(document.regionCode == "810000")
        #expect(document.birthDate == CivilDate(year: 1990, month: 1, day: 1))
    }

    @Test func foreignPermanentResidenceIDsOfBothVersions() throws {
        // 2023: 9 + province 11 + nationality 840 + birth date + sequence + check.
        let body: UInt64 = 91184019850307001
        let modern = ResidentIDNumber(body: body)
        let document = try #require(validator.check(modern.fullNumber).document)
        #expect(document.kind == .foreignPermanent)
        #expect(document.birthDate == CivilDate(year: 1985, month: 3, day: 7))
        #expect(document.regionCode == "110000")
        let old = try #require(validator.check("usa110085030701").document)
        #expect(old.kind == .foreignPermanent)
        #expect(old.canonical == "USA110085030701")
    }

    @Test func travelPermitsDropTheirIssueCount() throws {
        let hongKong = validator.check("H12345678(01)")
        #expect(hongKong.document?.canonical == "H12345678")
        #expect(hongKong.document?.kind == .hkMacauPermit)
        #expect(hongKong.warnings == [.issueCountDropped])
        #expect(validator.check("m87654321").document?.canonical == "M87654321")
        let taiwan = validator.check("12345678-02")
        #expect(taiwan.document?.kind == .taiwanPermit)
        #expect(taiwan.document?.canonical == "12345678")
    }

    @Test func passportsAreUpperCaseAlphanumerics() throws {
        #expect(validator.check("e12345678").document == IdentityDocument(kind: .passport, number: .text("E12345678")))
        #expect(validator.check("EA1234567").document?.kind == .passport)
        #expect(validator.check("DE1234567").document?.kind == .passport)
    }

    @Test func declaredTemplateTypeConstrainsTheLayout() throws {
        let types = try TemplateDocumentType.all()
        #expect(types.map(\.code) == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "Z"])
        let resident = try #require(TemplateDocumentType.parse("1-居民身份证", from: types))
        let passport = try #require(TemplateDocumentType.parse("护照", from: types))
        let officer = try #require(TemplateDocumentType.parse("2", from: types))
        #expect(validator.check("E12345678", declared: resident).isValid == false)
        #expect(validator.check("11010519491231002X", declared: passport).error?.code == .format)
        #expect(validator.check("军字第0012345号".filter(\.isASCII), declared: officer).document?.kind == .other)
    }

    @Test func everyKindIsSubmittedUnderItsNationalTemplateCodeAndEachCodeIsInTheTable() throws {
        let codes = Set(try TemplateDocumentType.all().map(\.code))
        let submitted: [(DocumentKind, String, String)] = [
            (.resident, "11010519491231002X", "1"), (.residencePermit, "810000199001010015", "1"), (.hkMacauPermit, "H12345678", "6"),
            (.hkMacauPermit, "M12345678", "7"), (.taiwanPermit, "12345678", "8"), (.foreignPermanent, "USA310101900101011", "9"),
            (.passport, "E12345678", "A"), (.other, "军0012345", "Z"),
        ]
        for (kind, number, code) in submitted {
            #expect(kind.nationalCode(number: number) == code, "\(kind)")
            #expect(codes.contains(code))
        }
    }
}
