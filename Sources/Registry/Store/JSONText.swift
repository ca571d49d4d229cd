/// JSON text written by hand on the registration path, where Foundation's
/// encoder costs more than the database writes. Strings are escaped as
/// `JSONEncoder` escapes them (with `.withoutEscapingSlashes`), so text
/// written here equals what the encoder wrote before it: stored row hashes
/// stay valid. The CLI's JSON output quotes its strings here too.
public enum JSONText {
    public static func quote(_ text: String, into output: inout String) {
        output += "\""
        var plain = true
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C {
            plain = false
            break
        }
        if plain {
            output += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": output += "\\\""
                case "\\": output += "\\\\"
                case "\u{8}": output += "\\b"
                case "\t": output += "\\t"
                case "\n": output += "\\n"
                case "\u{C}": output += "\\f"
                case "\r": output += "\\r"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}
