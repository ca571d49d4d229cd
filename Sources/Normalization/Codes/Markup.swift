/// The one escaping of text written into HTML pages and reports and into the
/// XML parts of workbooks: `&`, `<`, `>`, `"` and `'` as entities, and the
/// control characters XML 1.0 forbids (all below U+0020 but tab, line feed and
/// carriage return) dropped, as neither a page nor a cell ever needs them.
public enum Markup {
    public static func escape(_ text: String?) -> String {
        guard let text else { return "" }
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
