/// The match keys of one personal name.
///
/// `key` keeps the name as written (traditional characters included) in a
/// canonical form; `simplifiedKey` and `pinyin` are match keys only and
/// must never replace the stored name (ICU turns 於 into 于, 乾 into 干).
public struct NameKeys: Hashable, Sendable {
    public enum Shape: String, Sendable, Codable {
        /// Han characters only.
        case han
        /// Han characters with separator dots (minority and transliterated names).
        case dotted
        /// Latin letters, words joined by dots.
        case latin
        /// Anything else: Han with Latin, other scripts, no letters at all.
        case mixed
    }

    public struct Flags: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A Private Use Area character no table maps (自造字): review by hand.
        public static let privateUse = Flags(rawValue: 1 << 0)
        /// Digits in a name.
        public static let digits = Flags(rawValue: 1 << 1)
        /// Letters of a script other than Han and Latin.
        public static let unexpectedScript = Flags(rawValue: 1 << 2)
        /// Nothing left after normalisation.
        public static let empty = Flags(rawValue: 1 << 3)

        /// Stable names, in the order they are listed.
        public var names: [String] {
            var names: [String] = []
            if contains(.privateUse) { names.append("private-use") }
            if contains(.digits) { names.append("digits") }
            if contains(.unexpectedScript) { names.append("unexpected-script") }
            if contains(.empty) { names.append("empty") }
            return names
        }
    }

    public let key: String
    public let simplifiedKey: String
    /// Toneless lower-case syllables separated by single spaces, with
    /// surname readings for the first character(s).
    public let pinyin: String
    public let shape: Shape
    public let flags: Flags

    /// `key` without separator dots: dots get lost or become spaces in the wild.
    public var dotlessKey: String { shape == .han ? key : String(key.unicodeScalars.filter { $0.value != 0xB7 }) }
    /// `simplifiedKey` without separator dots.
    public var dotlessSimplifiedKey: String {
        shape == .han ? simplifiedKey : String(simplifiedKey.unicodeScalars.filter { $0.value != 0xB7 })
    }
    /// Length in Unicode scalars, as people count characters (𠮷 is one).
    public var length: Int { key.unicodeScalars.count }
}
