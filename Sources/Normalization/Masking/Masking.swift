/// The one masked form of document numbers used in every description, log
/// line and error message: the first 6 and last 4 characters of a resident
/// ID (`110105********002X`); proportionally less of shorter numbers.
public enum Masking {
    public static func mask(_ value: String) -> String {
        let characters = Array(value)
        let count = characters.count
        let (head, tail): (Int, Int) =
            switch count {
            case 14...: (6, 4)
            case 8..<14: (2, 2)
            case 3..<8: (1, 0)
            default: (0, 0)
            }
        return String(characters[..<head]) + String(repeating: "*", count: count - head - tail)
            + String(characters[(count - tail)...])
    }

    /// Masks every run of `minimumLength` (8) or more letters and digits that
    /// contains at least 6 digits, so free text (an error message quoting a
    /// cell, a log line) cannot carry a full document number. Messages for
    /// users pass 14: resident IDs (15 and 18) are masked while school codes
    /// (10) and teacher numbers (13), which the user needs to read, are not;
    /// shorter documents are masked where they are quoted.
    public static func maskNumbers(in text: String, minimumLength: Int = 8) -> String {
        var output = ""
        var run = ""
        func flush() {
            let digits = run.reduce(0) { $0 + ($1.isASCII && $1.isNumber ? 1 : 0) }
            output += run.count >= minimumLength && digits >= 6 ? mask(run) : run
            run = ""
        }
        for character in text {
            if character.isASCII && (character.isLetter || character.isNumber) {
                run.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }
}
