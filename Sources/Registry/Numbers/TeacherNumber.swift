/// The teacher number (教师编号): one per person, never reused.
///
/// Layout, 13 characters: `PP` province code (GB/T 2260), 10 digits that
/// are a keyed permutation of the province's registration counter (no
/// birth date, no sex, no visible order), and an ISO 7064 MOD 11-2 check
/// character (`0`–`9` or `X`), which catches every single-character error
/// and every transposition of two adjacent characters. Thirteen characters
/// cannot be mistaken for an 18- or 15-digit ID or a 10-digit school code.
///
/// ```
/// 36 4829103746 7
/// └┘ └────────┘ └ check
/// province  permuted counter
/// ```
public struct TeacherNumber: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let text: String

    public static let length = 13

    /// Why a value is not a teacher number.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case length(Int)
        case character(position: Int)
        case province(String)
        case checkCharacter(expected: Character)

        public var description: String {
            switch self {
            case .length(let count): "a teacher number has \(TeacherNumber.length) characters, not \(count)"
            case .character(let position): "character \(position) must be a digit (or X as the last character)"
            case .province(let code): "\(code) is not a province code"
            case .checkCharacter(let expected): "the check character should be \(expected)"
            }
        }
    }

    /// Checks a value as typed (spaces and hyphens ignored, x accepted).
    public init(validating raw: String, provinces: Set<Int>) throws(Problem) {
        let characters = raw.uppercased().filter { $0 != " " && $0 != "-" }
        guard characters.count == Self.length else { throw .length(characters.count) }
        for (index, character) in characters.enumerated() {
            let allowed = character.isASCII && (character.isNumber || (index == Self.length - 1 && character == "X"))
            guard allowed else { throw .character(position: index + 1) }
        }
        let province = String(characters.prefix(2))
        guard let code = Int(province), provinces.contains(code) else { throw .province(province) }
        let expected = Self.checkCharacter(for: String(characters.dropLast()))
        guard characters.last == expected else { throw .checkCharacter(expected: expected) }
        text = characters
    }

    /// The number for a province and a permuted counter value.
    init(province: Int, permuted: UInt64) {
        let body = (province < 10 ? "0" : "") + String(province) + String(repeating: "0", count: 10 - String(permuted).count)
            + String(permuted)
        text = body + String(Self.checkCharacter(for: body))
    }

    public var province: Int { Int(text.prefix(2))! }
    public var description: String { text }
    public static func < (a: TeacherNumber, b: TeacherNumber) -> Bool { a.text < b.text }

    /// ISO 7064 MOD 11-2 over the digits.
    static func checkCharacter(for digits: String) -> Character {
        var p = 0
        for byte in digits.utf8 { p = ((p + Int(byte - 48)) * 2) % 11 }
        let check = (12 - p) % 11
        return check == 10 ? "X" : Character(String(check))
    }
}
