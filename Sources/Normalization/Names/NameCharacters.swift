/// Character classes and fixed mappings used to build name keys.
enum NameCharacters {
    static let middleDot: UInt32 = 0x00B7

    /// Stand-ins for the separator dot of minority and foreign names
    /// (民委发〔2016〕33号 prescribes U+00B7). NFKC unifies none of them.
    static func isDotVariant(_ value: UInt32) -> Bool {
        switch value {
        case 0x00B7, 0x0387, 0x30FB, 0xFF65, 0x2022, 0x2027, 0xFF0E, 0x22C5, 0x2219, 0x2218, 0x25E6,
             0x2E31, 0x2E30, 0x16EB, 0x2981, 0xA78F, 0x318D, 0x119E, 0x10101, 0x0087:
            true
        default: false
        }
    }

    static func isZeroWidth(_ value: UInt32) -> Bool {
        switch value {
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E: true
        default: false
        }
    }

    /// The 24 code points GB 18030-2005 still mapped into the Private Use
    /// Area (Lunde, L2/06-394), plus U+E7C7 (ḿ before 2005). ICU 72 decodes
    /// GB 18030 to these, so they are folded to their standard code points.
    static let privateUseReplacements: [UInt32: UInt32] = [
        0xE78D: 0xFE10, 0xE78E: 0xFE12, 0xE78F: 0xFE11, 0xE790: 0xFE13, 0xE791: 0xFE14,
        0xE792: 0xFE15, 0xE793: 0xFE16, 0xE794: 0xFE17, 0xE795: 0xFE18, 0xE796: 0xFE19,
        0xE81E: 0x9FB4, 0xE826: 0x9FB5, 0xE82B: 0x9FB6, 0xE82C: 0x9FB7, 0xE832: 0x9FB8,
        0xE843: 0x9FB9, 0xE854: 0x9FBA, 0xE864: 0x9FBB,
        0xE816: 0x20087, 0xE817: 0x20089, 0xE818: 0x200CC, 0xE831: 0x215D7, 0xE83B: 0x2298F, 0xE855: 0x241FE,
        0xE7C7: 0x1E3F,
    ]

    static func isPrivateUse(_ value: UInt32) -> Bool {
        (0xE000...0xF8FF).contains(value) || value >= 0xF0000
    }

    /// Code points NFKC leaves alone and that need no other folding, so a
    /// name made only of them can skip ICU: printable ASCII, the middle dot
    /// and the unified ideographs (not the compatibility ones).
    static func isStable(_ value: UInt32) -> Bool {
        switch value {
        case 0x20...0x7E, 0x00B7, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x20000...0x2A6DF, 0x2A700...0x2EBEF,
             0x30000...0x323AF:
            true
        default: false
        }
    }

    enum Class { case han, latin, digit, dot, hyphen, space, otherLetter, other }

    static func classify(_ scalar: Unicode.Scalar) -> Class {
        let value = scalar.value
        switch value {
        case 0x41...0x5A, 0x61...0x7A: return .latin
        case 0x30...0x39: return .digit
        case 0x00B7, 0x2E: return .dot
        case 0x2D, 0xFF0D, 0x2010...0x2015, 0x2212: return .hyphen
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0x20000...0x323AF, 0x3007, 0x3005: return .han
        case 0x00C0...0x024F, 0x1E00...0x1EFF:
            return value == 0xD7 || value == 0xF7 ? .other : .latin
        default:
            let properties = scalar.properties
            if properties.isWhitespace { return .space }
            if properties.isIdeographic { return .han }
            if properties.isAlphabetic { return .otherLetter }
            return .other
        }
    }
}
