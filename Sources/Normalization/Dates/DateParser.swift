/// Why a cell is not a date. `message` is English, `messageChinese` for
/// data officers.
public struct DateParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public let messageChinese: String

    /// Why, in both languages.
    public var text: Text { Text(messageChinese, message) }
    public var description: String { message }
}

/// Parses the dates school templates contain.
///
/// Accepted: `1985-03-07`, `1985/3/7`, `1985.3.7`, `19850307`,
/// `1985年3月7日`, full-width digits, ISO date-times (the time is dropped),
/// month precision (`1985-3`, `198503`, `1985年3月`), year precision
/// (`1985`, `1985年`) and Excel serial numbers in the 1900 date system.
/// A day that does not exist is an error that says why.
///
/// The cell is read in one pass into digit runs and separators, without
/// building intermediate strings: intake parses millions of them.
public enum DateParser {
    public static let years = 1800...2199

    /// A run of digits or one separator character.
    private enum Token: Equatable {
        case number(value: Int, digits: Int)
        case separator(UInt32)
    }

    public static func parse(_ raw: String) -> Result<PartialDate, DateParseError> {
        var tokens: [Token] = []
        tokens.reserveCapacity(8)
        var value = 0, digits = 0
        var sawContent = false
        var trailingSpace = false
        for scalar in raw.unicodeScalars {
            var code = scalar.value
            if code >= 0xFF01, code <= 0xFF5E { code -= 0xFEE0 }  // full-width forms
            if code >= 0x30, code <= 0x39 {
                if trailingSpace, sawContent { tokens.append(.separator(0x20)) }
                trailingSpace = false
                if digits < 9 { value = value * 10 + Int(code - 0x30) }
                digits += 1
                sawContent = true
                continue
            }
            if digits > 0 { tokens.append(.number(value: value, digits: digits)); value = 0; digits = 0 }
            if code == 0x20 || code == 0x09 || code == 0x3000 || code == 0xA0 || code == 0x0A || code == 0x0D {
                trailingSpace = true
                continue
            }
            if trailingSpace, sawContent { tokens.append(.separator(0x20)) }
            trailingSpace = false
            tokens.append(.separator(code))
            sawContent = true
        }
        if digits > 0 { tokens.append(.number(value: value, digits: digits)) }
        guard !tokens.isEmpty else { return fail("the cell is empty", "日期为空") }
        return interpret(tokens, raw: raw)
    }

    private static func interpret(_ tokens: [Token], raw: String) -> Result<PartialDate, DateParseError> {
        // Only digits (and one decimal point): compact forms and Excel serials.
        if case .number(let whole, let count) = tokens[0] {
            if tokens.count == 1 {
                switch count {
                case 8: return fields([(whole / 10_000, 4), (whole / 100 % 100, 2), (whole % 100, 2)], raw: raw)
                case 6: return fields([(whole / 100, 4), (whole % 100, 2)], raw: raw)
                case 4: return fields([(whole, 4)], raw: raw)
                case 1...7: return serial(whole, raw: raw)
                default: return notADate(raw)
                }
            }
            if tokens.count == 3, tokens[1] == .separator(0x2E), count != 4, count <= 7,
               case .number = tokens[2] {
                return serial(whole, raw: raw)  // 31113.75: a serial with a time of day
            }
        }
        // Year, separator, month (, separator, day), optionally a time.
        var parts: [(Int, Int)] = []
        var separator: UInt32?
        var index = 0
        let chinese: [UInt32] = [0x5E74, 0x6708, 0x65E5]  // 年 月 日
        while index < tokens.count {
            guard case .number(let value, let count) = tokens[index] else { return notADate(raw) }
            parts.append((value, count))
            index += 1
            guard index < tokens.count else { break }
            guard case .separator(let mark) = tokens[index] else { return notADate(raw) }
            if mark == chinese[min(parts.count - 1, 2)] || (parts.count == 3 && mark == 0x53F7) {  // 号
                separator = separator ?? 0x5E74
                guard separator == 0x5E74 else { return notADate(raw) }
                index += 1
                if parts.count == 3 { break }
                continue
            }
            if parts.count == 3, mark == 0x54 || mark == 0x20 {  // T or space: a time follows
                guard index + 1 < tokens.count, case .number = tokens[index + 1],
                      tokens[(index + 1)...].contains(.separator(0x3A)) else { return notADate(raw) }
                index = tokens.count
                break
            }
            guard mark == 0x2D || mark == 0x2F || mark == 0x2E, separator == nil || separator == mark, parts.count < 3 else {
                return notADate(raw)
            }
            separator = mark
            index += 1
            guard index < tokens.count else { return notADate(raw) }
        }
        guard index >= tokens.count else { return notADate(raw) }
        return fields(parts, raw: raw)
    }

    /// Year (4 digits), then optional month, then optional day.
    private static func fields(_ parts: [(value: Int, digits: Int)], raw: String) -> Result<PartialDate, DateParseError> {
        guard (1...3).contains(parts.count), parts[0].digits == 4, parts.dropFirst().allSatisfy({ $0.digits <= 2 }) else {
            return notADate(raw)
        }
        let year = parts[0].value
        guard years.contains(year) else {
            return fail("year \(year) is outside \(years.lowerBound)–\(years.upperBound)",
                        "年份\(year)不在\(years.lowerBound)至\(years.upperBound)之间")
        }
        guard parts.count > 1 else { return .success(PartialDate(year: year)!) }
        let month = parts[1].value
        guard (1...12).contains(month) else { return fail("month \(month) does not exist", "月份\(month)不存在") }
        guard parts.count > 2 else { return .success(PartialDate(year: year, month: month)!) }
        let day = parts[2].value
        guard let date = CivilDate(year: year, month: month, day: day) else {
            let days = CivilDate.daysIn(month: month, year: year)
            let monthText = (month < 10 ? "0" : "") + String(month)
            return fail("\(year)-\(monthText) has \(days) days, so day \(day) does not exist",
                        "\(year)年\(month)月只有\(days)天,\(day)日不存在")
        }
        return .success(PartialDate(date))
    }

    private static func serial(_ serial: Int, raw: String) -> Result<PartialDate, DateParseError> {
        ExcelSerialDate.date(serial: serial).flatMap { date in
            years.contains(date.year)
                ? .success(PartialDate(date))
                : fail("Excel serial \(serial) is \(date), outside the years \(years.lowerBound)–\(years.upperBound)",
                       "Excel日期序号\(serial)对应\(date),超出年份范围")
        }
    }

    static func fail(_ message: String, _ chinese: String) -> Result<PartialDate, DateParseError> {
        .failure(DateParseError(message: message, messageChinese: chinese))
    }

    private static func notADate(_ raw: String) -> Result<PartialDate, DateParseError> {
        let text = raw.trimmingWhitespace()
        return fail("\"\(text)\" is not a date; expected forms like 1985-03-07, 1985年3月7日, 19850307, 1985-03 or an Excel serial number",
                    "“\(text)”不是日期,应为1985-03-07、1985年3月7日、19850307、1985-03等格式")
    }
}
