/// An 18-character number in the layout of GB 11643-1999: 6-digit region,
/// 8-digit birth date, 3-digit sequence, MOD 11-2 check character.
///
/// The same layout carries resident IDs, 港澳台 residence permits and the
/// 2023 foreign permanent-residence ID. The value is packed into 9 bytes, so
/// validating and comparing numbers never allocates. Its `description` is
/// masked; ask for `fullNumber` explicitly.
public struct ResidentIDNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first 17 digits as one integer.
    public let body: UInt64
    /// The check value, 0…10 (10 is written X).
    public let check: UInt8

    /// A number as written: 17-digit body and check value (which may be wrong).
    public init(body: UInt64, check: UInt8) {
        self.body = body
        self.check = check
    }

    /// A valid number: the check character is computed from the 17-digit body.
    public init(body: UInt64) {
        self.init(body: body, check: MOD11_2.check(forBody: body))
    }

    public var hasValidCheck: Bool { MOD11_2.check(forBody: body) == check }

    /// The 6-digit region code (GB/T 2260 when issued), as a number.
    public var regionNumber: Int { Int(body / 100_000_000_000) }
    /// The 6-digit region code as text.
    public var regionCode: String { Self.padded(regionNumber, width: 6) }
    /// The first two digits.
    public var provinceNumber: Int { regionNumber / 10_000 }
    /// The 3-digit sequence; odd for men, even for women.
    public var sequence: Int { Int(body % 1000) }
    var birthYYYYMMDD: Int { Int((body / 1000) % 100_000_000) }

    /// The embedded birth date, nil when it is not a real date.
    public var birthDate: CivilDate? {
        let value = birthYYYYMMDD
        return CivilDate(year: value / 10_000, month: value / 100 % 100, day: value % 100)
    }

    /// From the 17th digit: odd is male.
    public var gender: Gender { sequence % 2 == 1 ? .male : .female }

    /// The full 18 characters. Handle with care: personal data.
    public var fullNumber: String { Self.padded(Int(body), width: 17) + String(MOD11_2.character(check)) }

    /// First 6 and last 4 characters, the rest as `*`.
    public var masked: String { Masking.mask(fullNumber) }

    public var description: String { masked }

    public static func < (a: ResidentIDNumber, b: ResidentIDNumber) -> Bool {
        (a.body, a.check) < (b.body, b.check)
    }

    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

// MARK: - Parsing clean ASCII

extension ResidentIDNumber {
    /// Parses 17 digits plus a digit or `X`, with no validation beyond the
    /// character classes. `bytes` is already cleaned (upper-case ASCII).
    init?(cleaned bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 18 else { return nil }
        var body: UInt64 = 0
        for index in 0..<17 {
            let digit = bytes[index] &- 48
            guard digit < 10 else { return nil }
            body = body &* 10 &+ UInt64(digit)
        }
        let last = bytes[17]
        let check: UInt8
        if last == UInt8(ascii: "X") { check = 10 }
        else if last &- 48 < 10 { check = last &- 48 }
        else { return nil }
        self.init(body: body, check: check)
    }

    /// Upgrades a 15-digit number: insert the century `19` before the
    /// two-digit year and append the computed check character.
    init?(fifteenDigits bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 15 else { return nil }
        var value: UInt64 = 0
        for index in 0..<15 {
            let digit = bytes[index] &- 48
            guard digit < 10 else { return nil }
            if index == 6 { value = value &* 100 &+ 19 }
            value = value &* 10 &+ UInt64(digit)
        }
        self.init(body: value)
    }
}
