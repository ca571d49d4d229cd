/// Turns a name as typed into its match keys (see `NameKeys`).
///
/// ```swift
/// let keys = try NameNormalizer.shared().keys(for: "買買提・艾力")
/// keys.key            // "買買提·艾力"
/// keys.simplifiedKey  // "买买提·艾力"
/// ```
/// Steps: drop zero-width characters; fold Private Use code points that
/// GB 18030-2005 left there and every dot variant to U+00B7; NFKC (skipped
/// when every character is already stable); then join words: a run of
/// dots, with any spaces around it, becomes one U+00B7, spaces between
/// Latin words become U+00B7, and every other space is removed.
/// Sendable and lock-free for names inside the BMP.
public struct NameNormalizer: Sendable {
    let tables: HanCharacterTables

    /// The process-wide normaliser; the first call builds the tables.
    public static func shared() throws -> NameNormalizer {
        try NameNormalizer(tables: HanCharacterTables.shared.get())
    }

    /// The ICU version the keys were derived with: store it beside them.
    public var icuVersion: String { tables.icuVersion }

    public func keys(for name: String) -> NameKeys {
        var scalars: [UInt32] = []
        scalars.reserveCapacity(name.utf8.count)
        var stable = true
        for scalar in name.unicodeScalars {
            var value = scalar.value
            if NameCharacters.isZeroWidth(value) { continue }
            if value >= 0xE000, value <= 0xF8FF, let replacement = NameCharacters.privateUseReplacements[value] {
                value = replacement
            }
            if NameCharacters.isDotVariant(value) { value = NameCharacters.middleDot }
            if stable, !NameCharacters.isStable(value) { stable = false }
            scalars.append(value)
        }
        if !stable, let normalized = try? ICU.nfkc(Self.utf16(scalars)) {
            scalars = String(decoding: normalized, as: UTF16.self).unicodeScalars.map {
                NameCharacters.isDotVariant($0.value) ? NameCharacters.middleDot : $0.value
            }
        }
        return assemble(scalars)
    }

    // MARK: - Joining words

    private func assemble(_ scalars: [UInt32]) -> NameKeys {
        typealias Class = NameCharacters.Class
        var key: [UInt32] = []
        var classes: [Class] = []
        key.reserveCapacity(scalars.count)
        classes.reserveCapacity(scalars.count)
        var pendingDot = false
        var pendingSpace = false
        var pendingHyphen = 0
        var flags: NameKeys.Flags = []

        for value in scalars {
            let scalar = Unicode.Scalar(value)!
            let kind = NameCharacters.classify(scalar)
            switch kind {
            case .space: pendingSpace = true; continue
            case .dot: pendingDot = true; continue
            case .hyphen: pendingHyphen += 1; continue
            default: break
            }
            if let previous = classes.last {
                // A hyphen between Han characters stands in for the dot.
                if pendingHyphen > 0, previous == .han, kind == .han { pendingDot = true; pendingHyphen = 0 }
                if pendingDot {
                    key.append(NameCharacters.middleDot); classes.append(.dot)
                } else {
                    for _ in 0..<pendingHyphen { key.append(0x2D); classes.append(.other) }
                    if pendingSpace, previous == .latin, kind == .latin {
                        key.append(NameCharacters.middleDot); classes.append(.dot)
                    }
                }
            }
            pendingDot = false; pendingSpace = false; pendingHyphen = 0
            switch kind {
            case .latin:
                key.append(value >= 0x61 && value <= 0x7A ? value - 32 : Self.upper(scalar))
            case .digit: flags.insert(.digits); key.append(value)
            case .otherLetter: flags.insert(.unexpectedScript); key.append(value)
            default:
                if NameCharacters.isPrivateUse(value) { flags.insert(.privateUse) }
                key.append(value)
            }
            classes.append(kind)
        }

        var hasHan = false, hasLatin = false, hasOther = false, hasDot = false
        for kind in classes {
            switch kind {
            case .han: hasHan = true
            case .latin: hasLatin = true
            case .otherLetter: hasOther = true
            case .dot: hasDot = true
            default: break
            }
        }
        let shape: NameKeys.Shape =
            if hasHan, !hasLatin, !hasOther { hasDot ? .dotted : .han }
            else if hasLatin, !hasHan, !hasOther { .latin }
            else { .mixed }
        if key.isEmpty { flags.insert(.empty) }

        var simplified = key
        var changed = false
        for index in simplified.indices where classes[index] == .han {
            let mapped = tables.simplified(simplified[index])
            if mapped != simplified[index] { simplified[index] = mapped; changed = true }
        }
        let keyText = Self.string(key)
        return NameKeys(
            key: keyText,
            simplifiedKey: changed ? Self.string(simplified) : keyText,
            pinyin: pinyin(key, simplified: simplified, classes: classes, shape: shape),
            shape: shape,
            flags: flags)
    }

    // MARK: - Pinyin

    private func pinyin(_ key: [UInt32], simplified: [UInt32], classes: [NameCharacters.Class],
                        shape: NameKeys.Shape) -> String {
        var output = ""
        output.reserveCapacity(key.count * 6)
        func word(_ text: some StringProtocol) {
            if !output.isEmpty { output.append(" ") }
            output.append(contentsOf: text)
        }
        var index = 0
        // A two-character surname is read as one unit (尉迟 yu chi, 单于 chan yu).
        if shape == .han, key.count >= 2 {
            let firstTwo = Self.string(Array(simplified[0..<2]))
            if let reading = SurnameReadings.double[firstTwo] { word(reading); index = 2 }
        }
        while index < key.count {
            let value = key[index]
            switch classes[index] {
            case .han:
                let asSurname = index == 0 && (shape == .han || shape == .dotted)
                if let reading = tables.reading(value, simplified: simplified[index], asSurname: asSurname) {
                    word(reading)
                } else {
                    word(String(Unicode.Scalar(value)!))
                }
                index += 1
            case .latin, .digit:
                var end = index
                while end < key.count, classes[end] == .latin || classes[end] == .digit { end += 1 }
                word(Self.string(Array(key[index..<end])).lowercased())
                index = end
            case .dot, .hyphen, .space:
                index += 1
            case .otherLetter:
                var end = index
                while end < key.count, classes[end] == .otherLetter { end += 1 }
                word(Self.string(Array(key[index..<end])).lowercased())
                index = end
            case .other:
                word(String(Unicode.Scalar(value)!))
                index += 1
            }
        }
        return output
    }

    // MARK: - Helpers

    private static func upper(_ scalar: Unicode.Scalar) -> UInt32 {
        let mapped = scalar.properties.uppercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first!.value : scalar.value
    }

    static func utf16(_ scalars: [UInt32]) -> [UInt16] {
        var units: [UInt16] = []
        units.reserveCapacity(scalars.count + 4)
        for value in scalars { units.append(contentsOf: UTF16.encode(Unicode.Scalar(value)!)!) }
        return units
    }

    static func string(_ scalars: [UInt32]) -> String {
        var bytes = 0
        for value in scalars { bytes += value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4 }
        return String(unsafeUninitializedCapacity: bytes) { buffer in
            var index = 0
            for value in scalars {
                if value < 0x80 {
                    buffer[index] = UInt8(value); index += 1
                } else if value < 0x800 {
                    buffer[index] = UInt8(0xC0 | (value >> 6)); buffer[index + 1] = UInt8(0x80 | (value & 0x3F)); index += 2
                } else if value < 0x10000 {
                    buffer[index] = UInt8(0xE0 | (value >> 12)); buffer[index + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                    buffer[index + 2] = UInt8(0x80 | (value & 0x3F)); index += 3
                } else {
                    buffer[index] = UInt8(0xF0 | (value >> 18)); buffer[index + 1] = UInt8(0x80 | ((value >> 12) & 0x3F))
                    buffer[index + 2] = UInt8(0x80 | ((value >> 6) & 0x3F)); buffer[index + 3] = UInt8(0x80 | (value & 0x3F))
                    index += 4
                }
            }
            return index
        }
    }
}
