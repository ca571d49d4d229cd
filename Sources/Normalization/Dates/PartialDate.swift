/// A date known to the day, the month or only the year, as templates give
/// them (`1985-03-07`, `1985年3月`, `1985`).
public struct PartialDate: Hashable, Sendable, CustomStringConvertible {
    public enum Precision: String, Sendable, Codable, Comparable {
        case year, month, day
        public static func < (a: Precision, b: Precision) -> Bool { a.rank < b.rank }
        private var rank: Int { self == .year ? 0 : self == .month ? 1 : 2 }
    }

    public let year: Int
    public let month: Int?
    public let day: Int?

    public init(_ date: CivilDate) {
        year = date.year
        month = date.month
        day = date.day
    }

    public init?(year: Int, month: Int? = nil) {
        guard (1...9999).contains(year), month.map({ (1...12).contains($0) }) ?? true else { return nil }
        self.year = year
        self.month = month
        self.day = nil
    }

    public var precision: Precision { day != nil ? .day : month != nil ? .month : .year }

    /// The full date, when known to the day.
    public var civilDate: CivilDate? {
        guard let month, let day else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    public var description: String {
        if let date = civilDate { return date.description }
        let yearText = ResidentIDNumber.padded(year, width: 4)
        guard let month else { return yearText }
        return yearText + (month < 10 ? "-0" : "-") + String(month)
    }

    /// True when the date could be `date` at its precision.
    public func admits(_ date: CivilDate) -> Bool {
        year == date.year && (month ?? date.month) == date.month && (day ?? date.day) == date.day
    }
}
