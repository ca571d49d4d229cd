/// The one masked form of document numbers and birth dates used in every
/// description, log line, error message, page and report shown to someone
/// without full view.
///
/// A resident ID keeps its region (first 6) and its last 2 characters
/// (`110105**********2X`). The hidden part covers the birth date, and also
/// enough of the sequence and check digit that a birth date shown as
/// year-month (`Masking.birthDate`) beside it cannot be combined with the
/// check digit to recover the day: with the year and month known, about
/// 3,100 numbers fit each mask (31 days × 100 sequences), of which the check
/// character leaves about 280. Shorter documents keep proportionally less.
public enum Masking {
    public static func mask(_ value: String) -> String {
        let characters = Array(foldingWidth(value))
        let count = characters.count
        let (head, tail): (Int, Int) =
            switch count {
            case 14...: (6, 2)
            case 8..<14: (2, 2)
            case 3..<8: (1, 0)
            default: (0, 0)
            }
        return String(characters[..<head]) + String(repeating: "*", count: count - head - tail)
            + String(characters[(count - tail)...])
    }

    /// A birth date (or any date of a person) as someone without full view
    /// sees it: year and month, the day hidden (`1985-03-**`). Text that is
    /// not a `YYYY-MM-DD` day is returned as it is when it holds no day.
    public static func birthDate(_ text: String) -> String {
        if CivilDate(text) != nil { return String(text.prefix(7)) + "-**" }
        guard case .success(let parsed) = DateParser.parse(text) else { return "****-**-**" }
        guard let day = parsed.civilDate else { return parsed.description }
        return String(day.description.prefix(7)) + "-**"
    }

    /// Masks every run of `minimumLength` (8) or more letters, digits and
    /// mask stars that holds at least 6 digits, so free text (an error
    /// message quoting a cell, a log line) cannot carry a full document
    /// number. Full-width digits and letters count as their ASCII forms (and
    /// are written so once masked); a number masked before is masked again to
    /// today's form. Messages for users pass 14: resident IDs (15 and 18) are
    /// masked while school codes (10) and teacher numbers (13), which the
    /// user needs to read, are not; shorter documents are masked where they are quoted.
    public static func maskNumbers(in text: String, minimumLength: Int = 8) -> String {
        var output = ""
        var run = ""
        var original = ""
        func flush() {
            let digits = run.reduce(0) { $0 + ($1.isASCII && $1.isNumber ? 1 : 0) }
            output += run.count >= minimumLength && digits >= 6 ? mask(run) : original
            run = ""
            original = ""
        }
        for character in text {
            if let folded = asciiAlphanumeric(character) {
                run.append(folded)
                original.append(character)
            } else if character == "*", !run.isEmpty {
                run.append(character)
                original.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }

    /// An ASCII letter or digit, or its full-width form folded to ASCII; nil for anything else.
    static func asciiAlphanumeric(_ character: Character) -> Character? {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return nil }
        switch scalar.value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return character
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            return Unicode.Scalar(scalar.value - 0xFEE0).map(Character.init)
        default: return nil
        }
    }

    static func foldingWidth(_ value: String) -> String {
        String(value.map { asciiAlphanumeric($0) ?? $0 })
    }
}
