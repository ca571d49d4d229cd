/// Reads messy document numbers into canonical documents, with specific
/// errors.
///
/// ```swift
/// let validator = DocumentValidator()
/// validator.check("110105 19491231 002x").document?.canonical  // "11010519491231002X"
/// ```
/// A validator is immutable and can be shared by any number of threads.
public struct DocumentValidator: Sendable {
    public let provinces: ProvinceCodes
    /// County-level codes; without a table only the province is checked.
    public let regions: RegionTable?
    /// Birth dates after this day are errors.
    public let today: CivilDate

    public init(provinces: ProvinceCodes = .standard, regions: RegionTable? = nil, today: CivilDate = .todayInChina()) {
        self.provinces = provinces
        self.regions = regions
        self.today = today
    }

    /// Checks one input. With `declared`, the template's document type
    /// limits the layouts it may have; without, the layout is inferred.
    public func check(_ raw: String, declared: TemplateDocumentType? = nil) -> DocumentCheck {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: DocumentInput.capacity) { buffer in
            switch DocumentInput.clean(raw, into: buffer) {
            case .failure(.tooLong):
                return failure(raw, kind: nil, .init(.length, "more than \(DocumentInput.capacity) characters", chinese: "超过\(DocumentInput.capacity)个字符"))
            case .failure(.character(let scalar, let position)):
                let shown = "U+" + String(scalar.value, radix: 16, uppercase: true)
                return failure(raw, kind: nil, .init(
                    .character, "character \(shown) at position \(position) does not belong in a document number",
                    chinese: "第\(position)个字符(\(shown))不应出现在证件号码中"))
            case .success(let count):
                let accepted = declared?.acceptedKinds
                return check(UnsafeBufferPointer(rebasing: buffer[..<count]), raw: raw, accepted: accepted)
            }
        }
    }

    // MARK: - Layouts

    private func check(_ bytes: UnsafeBufferPointer<UInt8>, raw: String, accepted: Set<DocumentKind>?) -> DocumentCheck {
        let count = bytes.count
        if count == 0 {
            return failure(raw, kind: nil, .init(.length, "the number is empty", chinese: "证件号码为空"))
        }
        if bytes.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "+") }) {
            return scientificNotation(bytes, raw: raw)
        }
        var digits = 0
        var letters = 0
        for byte in bytes { if byte &- 48 < 10 { digits += 1 } else { letters += 1 } }
        let startsWithLetters = bytes[0] &- 48 >= 10

        if let accepted, accepted == [.other] {
            return success(raw, IdentityDocument(kind: .other, number: .text(String(decoding: bytes, as: UTF8.self))))
        }
        func allowed(_ kind: DocumentKind) -> Bool { accepted?.contains(kind) ?? true }

        // 17 digits + digit or X: the GB 11643 layout family.
        if count == 18, digits >= 17, bytes[..<17].allSatisfy({ $0 &- 48 < 10 }),
           bytes[17] &- 48 < 10 || bytes[17] == UInt8(ascii: "X") {
            return eighteen(bytes, raw: raw, accepted: accepted)
        }
        if count == 15, digits == 15, allowed(.resident) {
            return fifteen(bytes, raw: raw)
        }
        if count == 15, letters == 3, bytes[..<3].allSatisfy({ $0 &- 48 >= 10 }), allowed(.foreignPermanent) {
            return success(raw, IdentityDocument(kind: .foreignPermanent, number: .text(String(decoding: bytes, as: UTF8.self))))
        }
        let first = bytes[0]
        if (first == UInt8(ascii: "H") || first == UInt8(ascii: "M")), digits == count - 1, count == 9 || count == 11,
           allowed(.hkMacauPermit) {
            return permit(.hkMacauPermit, bytes, length: 9, raw: raw)
        }
        if letters == 0, count == 8 || count == 10, allowed(.taiwanPermit) {
            return permit(.taiwanPermit, bytes, length: 8, raw: raw)
        }
        // An ID number typed with the letters O, I or L for the digits 0 and 1 (`11010519491231OO2X`): not a
        // passport but a mistyped ID, with the number it was meant to be when that one is valid.
        if let mistyped = lookalikeLetters(bytes, raw: raw, accepted: accepted) { return mistyped }
        if letters > 0, startsWithLetters || letters > 1 || count < 14, (5...20).contains(count), allowed(.passport) {
            return success(raw, IdentityDocument(kind: .passport, number: .text(String(decoding: bytes, as: UTF8.self))))
        }
        // Mostly digits: an ID number with a stray character or a wrong length.
        if digits >= count - 1, count >= 11 {
            let kind: DocumentKind = allowed(.resident) ? .resident : (accepted?.first ?? .resident)
            if count == 18 || count == 15 {
                let position = (bytes.firstIndex(where: { $0 &- 48 >= 10 }) ?? 0) + 1
                return failure(raw, kind: kind, .init(
                    .character, "a letter at position \(position) where a digit belongs",
                    chinese: "第\(position)位应为数字"))
            }
            return failure(raw, kind: kind, .init(
                .length, "\(count) characters; an ID number has 18 (or 15 in the old form)",
                chinese: "共\(count)位，身份证号码应为18位(旧号码为15位)"))
        }
        let expected = accepted.map { $0.map(\.rawValue).sorted().joined(separator: "/") } ?? "any document"
        return failure(raw, kind: accepted?.count == 1 ? accepted?.first : nil, .init(
            .format, "\(count) characters fit no layout of \(expected)",
            chinese: "\(count)位字符不符合任何证件号码格式"))
    }

    private func lookalikeLetters(_ bytes: UnsafeBufferPointer<UInt8>, raw: String, accepted: Set<DocumentKind>?) -> DocumentCheck? {
        guard bytes.count == 18, accepted?.contains(.resident) ?? true else { return nil }
        var corrected = Array(bytes)
        var first: (position: Int, letter: UInt8)?
        for index in 0..<17 where corrected[index] &- 48 >= 10 {
            switch corrected[index] {
            case UInt8(ascii: "O"), UInt8(ascii: "o"): corrected[index] = UInt8(ascii: "0")
            case UInt8(ascii: "I"), UInt8(ascii: "i"), UInt8(ascii: "L"), UInt8(ascii: "l"): corrected[index] = UInt8(ascii: "1")
            default: return nil
            }
            if first == nil { first = (index + 1, bytes[index]) }
        }
        guard let first, corrected[17] &- 48 < 10 || corrected[17] == UInt8(ascii: "X") || corrected[17] == UInt8(ascii: "x") else { return nil }
        if corrected[17] == UInt8(ascii: "x") { corrected[17] = UInt8(ascii: "X") }
        let suggestion = corrected.withUnsafeBufferPointer { ResidentIDNumber(cleaned: $0) }.flatMap { $0.hasValidCheck ? $0 : nil }
        let letter = String(UnicodeScalar(first.letter)), digit = letter.uppercased() == "O" ? "0" : "1"
        return failure(raw, kind: .resident, .init(
            .character, "the letter \(letter) at position \(first.position) where a digit belongs (\(digit)?)",
            chinese: "第\(first.position)位是字母\(letter)，应为数字（\(digit)？）"), suggestions: suggestion.map { [$0] } ?? [])
    }

    private func eighteen(_ bytes: UnsafeBufferPointer<UInt8>, raw: String, accepted: Set<DocumentKind>?) -> DocumentCheck {
        let id = ResidentIDNumber(cleaned: bytes)!
        let region = id.regionNumber
        let kind: DocumentKind =
            if region / 100_000 == 9 { .foreignPermanent }
            else if region == 810_000 || region == 820_000 || region == 830_000 { .residencePermit }
            else { .resident }
        if let accepted, !accepted.contains(kind) {
            let expected = accepted.map(\.rawValue).sorted().joined(separator: "/")
            return failure(raw, kind: kind, .init(
                .format, "an 18-digit \(kind.rawValue) number entered as \(expected)",
                chinese: "证件类型与号码不符:号码为\(kind.label)"))
        }
        if let problem = layoutProblem(of: id, kind: kind) {
            // A typo in the date or region digits also breaks the check:
            // offer the numbers one edit away all the same.
            let suggestions = id.hasValidCheck ? [] : self.suggestions(for: id, kind: kind)
            return failure(raw, kind: kind, problem, suggestions: suggestions)
        }
        guard id.hasValidCheck else {
            // The lost digits cannot be guessed: no suggestions for Excel's damage.
            if bytes[15] == 48, bytes[16] == 48, bytes[17] == 48 {
                return failure(raw, kind: kind, .init(
                    .excelMangled, "ends in 000 and fails the check: Excel kept only 15 significant digits",
                    chinese: "末三位为000且校验不通过:Excel只保留了15位有效数字,请将该列设为文本后重新录入"))
            }
            let suggestions = self.suggestions(for: id, kind: kind)
            let expected = MOD11_2.character(MOD11_2.check(forBody: id.body))
            return failure(raw, kind: kind, .init(
                .checksum, "check character should be \(expected), not \(MOD11_2.character(id.check))",
                chinese: "校验位应为\(expected),实为\(MOD11_2.character(id.check))"), suggestions: suggestions)
        }
        return success(raw, IdentityDocument(kind: kind, number: .checked(id)), warnings: regionWarnings(id, kind: kind))
    }

    private func fifteen(_ bytes: UnsafeBufferPointer<UInt8>, raw: String) -> DocumentCheck {
        let id = ResidentIDNumber(fifteenDigits: bytes)!
        if let problem = layoutProblem(of: id, kind: .resident) { return failure(raw, kind: .resident, problem) }
        return success(raw, IdentityDocument(kind: .resident, number: .checked(id)),
                       warnings: [.upgradedFrom15Digits] + regionWarnings(id, kind: .resident))
    }

    private func permit(_ kind: DocumentKind, _ bytes: UnsafeBufferPointer<UInt8>, length: Int, raw: String) -> DocumentCheck {
        let number = String(decoding: bytes[..<length], as: UTF8.self)
        return success(raw, IdentityDocument(kind: kind, number: .text(number)),
                       warnings: bytes.count > length ? [.issueCountDropped] : [])
    }

    private func scientificNotation(_ bytes: UnsafeBufferPointer<UInt8>, raw: String) -> DocumentCheck {
        let text = String(decoding: bytes, as: UTF8.self)
        let parts = text.split(separator: "E", omittingEmptySubsequences: false)
        let looksScientific = parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty
            && parts[0].allSatisfy { $0.isNumber || $0 == "." }
            && parts[1].drop(while: { $0 == "+" }).allSatisfy(\.isNumber)
        if looksScientific {
            return failure(raw, kind: .resident, .init(
                .excelMangled, "written in scientific notation: Excel kept only 15 significant digits",
                chinese: "号码为科学计数法:Excel只保留了15位有效数字,请将该列设为文本后重新录入"))
        }
        let position = (bytes.firstIndex(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "+") }) ?? 0) + 1
        return failure(raw, kind: nil, .init(
            .character, "\".\" or \"+\" at position \(position) does not belong in a document number",
            chinese: "第\(position)个字符不应出现在证件号码中"))
    }

    // MARK: - Parts of the layout

    /// The province and the birth date; nil when both are sound.
    func layoutProblem(of id: ResidentIDNumber, kind: DocumentKind) -> DocumentError? {
        let province = kind == .foreignPermanent ? id.regionNumber / 1000 % 100 : id.provinceNumber
        // 81/82 are province-level codes, but a mainland ID never starts with them.
        let mainlandOnly = kind == .resident && (province == 81 || province == 82)
        if kind != .residencePermit, !provinces.contains(province) || mainlandOnly {
            return .init(.format, "\(ResidentIDNumber.padded(province, width: 2)) is not a province code",
                         chinese: "前两位\(ResidentIDNumber.padded(province, width: 2))不是省级行政区划代码")
        }
        guard let birth = id.birthDate else {
            let value = id.birthYYYYMMDD
            return .init(.date, "birth date \(value / 10_000)-\(value / 100 % 100)-\(value % 100) does not exist",
                         chinese: "出生日期\(value / 10_000)年\(value / 100 % 100)月\(value % 100)日不存在")
        }
        if birth > today {
            return .init(.date, "birth date \(birth) is in the future", chinese: "出生日期\(birth)晚于今天")
        }
        if birth.year < 1800 {
            return .init(.date, "birth year \(birth.year) is before 1800", chinese: "出生年份\(birth.year)早于1800年")
        }
        return nil
    }

    private func regionWarnings(_ id: ResidentIDNumber, kind: DocumentKind) -> [DocumentWarning] {
        guard kind == .resident, let regions, !regions.contains(id.regionNumber) else { return [] }
        return [.unknownRegionCode]
    }

    private func success(_ raw: String, _ document: IdentityDocument, warnings: [DocumentWarning] = []) -> DocumentCheck {
        DocumentCheck(input: raw, kind: document.kind, result: .success(document), warnings: warnings, suggestions: [])
    }

    private func failure(_ raw: String, kind: DocumentKind?, _ error: DocumentError,
                         suggestions: [ResidentIDNumber] = []) -> DocumentCheck {
        DocumentCheck(input: raw, kind: kind, result: .failure(error), warnings: [], suggestions: suggestions)
    }
}
