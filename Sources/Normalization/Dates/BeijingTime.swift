/// Instants as officers read them: Beijing time (UTC+8, no daylight saving),
/// labelled. Storage and JSON keep UTC (`2026-12-07T16:14:56.037Z`).
public enum BeijingTime {
    /// `2026-12-08 00:14:56` for the stored `2026-12-07T16:14:56.037Z`; nil when the text is not such an instant.
    public static func format(utc text: String) -> String? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58, bytes[16] == 58,
              bytes.last == 90 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
              let minute = number(14..<16), let second = number(17..<19), hour < 24, minute < 60, second < 61,
              let date = CivilDate(year: year, month: month, day: day) else { return nil }
        var local = hour + 8, civil = date
        if local >= 24 {
            local -= 24
            civil = CivilDate(daysSinceEpoch: date.daysSinceEpoch + 1)
        }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(civil) \(two(local)):\(two(minute)):\(two(second))"
    }

    /// `2026-12-08 00:14:56（北京时间）`, or the text as it is when it is not an instant.
    public static func labelled(utc text: String) -> String {
        format(utc: text).map { $0 + "（北京时间）" } ?? text
    }
}
