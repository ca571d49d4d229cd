/// A document number as typed or pasted, reduced to upper-case ASCII
/// letters and digits.
///
/// Dropped: white space of every kind (U+3000, NBSP, tabs), hyphens and
/// dashes, zero-width characters, parentheses around issue counts, and a
/// leading apostrophe (Excel's text prefix). Full-width forms become ASCII.
/// `.` and `+` are kept so that scientific notation can be recognised.
struct DocumentInput {
    static let capacity = 40

    enum Problem: Error {
        case character(Unicode.Scalar, position: Int)
        case tooLong
    }

    /// Cleans `raw` into `buffer` (capacity `capacity`); returns the count.
    static func clean(_ raw: String, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Result<Int, Problem> {
        var count = 0
        var position = 0
        var seenContent = false
        for scalar in raw.unicodeScalars {
            position += 1
            let value = scalar.value
            var byte: UInt8
            switch value {
            case 0x30...0x39, 0x41...0x5A: byte = UInt8(value)
            case 0x61...0x7A: byte = UInt8(value - 32)
            case 0xFF10...0xFF19: byte = UInt8(value - 0xFF10 + 0x30)
            case 0xFF21...0xFF3A: byte = UInt8(value - 0xFF21 + 0x41)
            case 0xFF41...0xFF5A: byte = UInt8(value - 0xFF41 + 0x41)
            case 0x2E, 0x2B: byte = UInt8(value)
            case 0xFF0E: byte = 0x2E
            case 0xFF0B: byte = 0x2B
            case 0x27, 0x60, 0x2018, 0x2019, 0xFF07:
                if seenContent { return .failure(.character(scalar, position: position)) }
                continue
            case 0x20, 0x09, 0x0A, 0x0D, 0xA0, 0x3000, 0x2000...0x200A, 0x202F, 0x205F, // white space
                 0x200B...0x200D, 0x2060, 0xFEFF, 0xAD, // zero-width
                 0x2D, 0x5F, 0xFF0D, 0x2010...0x2015, 0x2212, // hyphens and dashes
                 0x28, 0x29, 0xFF08, 0xFF09: // parentheses
                continue
            default:
                return .failure(.character(scalar, position: position))
            }
            seenContent = true
            guard count < capacity else { return .failure(.tooLong) }
            buffer[count] = byte
            count += 1
        }
        return .success(count)
    }
}
