import Foundation
import Normalization
import ICUShim

/// Decodes a text file: UTF-8 (with or without BOM), else GB18030, the
/// superset of GBK that Excel writes on Chinese Windows. ICU's converter
/// stops at malformed input, so a file in neither encoding is an error,
/// never silently replaced characters.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", gb18030 = "GB18030" }

    public static func decode(_ data: Data, file: String) throws -> (text: String, encoding: Encoding) {
        if let text = String(validating: data, as: UTF8.self) {
            return (text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, .utf8)
        }
        var status: Int32 = 0
        guard let converter = icushim_conv_open("GB18030", &status), status <= 0 else {
            throw IntakeError(file: file, .noConverter(status))
        }
        defer { icushim_conv_close(converter) }
        let capacity = data.count + 16
        var units = [UInt16](repeating: 0, count: capacity)
        let length = data.withUnsafeBytes { bytes in
            units.withUnsafeMutableBufferPointer { buffer in
                icushim_conv_decode(converter, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
                                    buffer.baseAddress, Int32(capacity), &status)
            }
        }
        guard status <= 0 else {
            throw IntakeError(file: file, .notUTF8OrGBK)
        }
        return (String(decoding: units[..<Int(length)], as: UTF16.self), .gb18030)
    }
}
