/// Why a cell is not a date. `message` is English, `messageChinese` for
/// data officers.
public struct DateParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let messageChinese: String
    public var description: String { message }
}

/// Parses the dates school templates contain.
///
/// Accepted: `1985-03-07`, `1985/3/7`, `1985.3.7`, `19850307`,
/// `1985年3月7日`, full-width digits, ISO date-times (the time is dropped),
/// month precision (`1985-3`, `198503`, `1985年3月`), year precision
/// (`1985`, `1985年`) and Excel serial numbers in the 1900 date system.
/// A day that does not exist is an error that says why.
public enum DateParser {
    public static let years = 1800...2199

    public static func parse(_ raw: String) -> Result<PartialDate, DateParseError> {
        let text = fold(raw)
        guard !text.isEmpty else { return fail("the cell is empty", "日期为空") }
        let characters = Array(text)

        if characters.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            return number(text)
        }
        if text.contains("年") { return chinese(text) }

        // ISO date-time: keep the date, drop the time and zone.
        var datePart = Substring(text)
        if let cut = text.firstIndex(where: { $0 == "T" || $0 == " " }) {
            let time = text[text.index(after: cut)...]
            guard time.first?.isNumber == true, time.contains(":") else {
                return notADate(raw)
            }
            datePart = text[..<cut]
        }
        for separator: Character in ["-", "/", "."] where datePart.contains(separator) {
            let parts = datePart.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
            return fields(parts, original: raw)
        }
        return notADate(raw)
    }

    // MARK: - Forms

    private static func number(_ text: String) -> Result<PartialDate, DateParseError> {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let whole = parts[0]
        // A four-digit whole part is a year (`1985.3.7`); otherwise a serial.
        if parts.count > 1 && whole.count == 4 { return fields(parts, original: text) }
        if parts.count == 1 {
            switch whole.count {
            case 8: return fields([String(whole.prefix(4)), String(whole.dropFirst(4).prefix(2)), String(whole.suffix(2))], original: text)
            case 6: return fields([String(whole.prefix(4)), String(whole.suffix(2))], original: text)
            case 4: return fields([whole], original: text)
            default: break
            }
        }
        guard parts.count <= 2, !whole.isEmpty, parts.allSatisfy({ !$0.isEmpty }), let serial = Int(whole) else {
            return notADate(text)
        }
        return ExcelSerialDate.date(serial: serial).flatMap { date in
            years.contains(date.year)
                ? .success(PartialDate(date))
                : fail("Excel serial \(serial) is \(date), outside the years \(years.lowerBound)–\(years.upperBound)",
                       "Excel日期序号\(serial)对应\(date),超出年份范围")
        }
    }

    private static func chinese(_ text: String) -> Result<PartialDate, DateParseError> {
        var parts: [String] = []
        var current = ""
        var expected: [Character] = ["年", "月", "日"]
        for character in text {
            if character.isASCII && character.isNumber {
                current.append(character)
            } else if let marker = expected.first, character == marker || (marker == "日" && character == "号") {
                parts.append(current)
                current = ""
                expected.removeFirst()
            } else {
                return notADate(text)
            }
        }
        // `1985年3月7` without the closing 日 still names a day.
        if !current.isEmpty {
            guard expected.first == "日" else { return notADate(text) }
            parts.append(current)
        }
        return fields(parts, original: text)
    }

    /// Year, then optional month, then optional day, as digit strings.
    private static func fields(_ parts: [String], original: String) -> Result<PartialDate, DateParseError> {
        guard (1...3).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              parts[0].count == 4 else {
            return notADate(original)
        }
        let numbers = parts.map { Int($0)! }
        let year = numbers[0]
        guard years.contains(year) else {
            return fail("year \(year) is outside \(years.lowerBound)–\(years.upperBound)",
                        "年份\(year)不在\(years.lowerBound)至\(years.upperBound)之间")
        }
        guard numbers.count > 1 else { return .success(PartialDate(year: year)!) }
        let month = numbers[1]
        guard (1...12).contains(month) else { return fail("month \(month) does not exist", "月份\(month)不存在") }
        guard numbers.count > 2 else { return .success(PartialDate(year: year, month: month)!) }
        let day = numbers[2]
        guard let date = CivilDate(year: year, month: month, day: day) else {
            let days = CivilDate.daysIn(month: month, year: year)
            let monthText = (month < 10 ? "0" : "") + String(month)
            return fail("\(year)-\(monthText) has \(days) days, so day \(day) does not exist",
                        "\(year)年\(month)月只有\(days)天,\(day)日不存在")
        }
        return .success(PartialDate(date))
    }

    // MARK: - Helpers

    /// Trims and folds full-width digits and punctuation to ASCII.
    static func fold(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in raw.trimmingWhitespace().unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000: scalars.append(" ")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    static func fail(_ message: String, _ chinese: String) -> Result<PartialDate, DateParseError> {
        .failure(DateParseError(message: message, messageChinese: chinese))
    }

    private static func notADate(_ text: String) -> Result<PartialDate, DateParseError> {
        fail("\"\(text)\" is not a date; expected forms like 1985-03-07, 1985年3月7日, 19850307, 1985-03 or an Excel serial number",
             "“\(text)”不是日期,应为1985-03-07、1985年3月7日、19850307、1985-03等格式")
    }
}
