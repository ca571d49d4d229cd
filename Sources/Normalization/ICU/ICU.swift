import ICUShim

/// An ICU failure: the status code and the operation that produced it.
public struct ICUError: Error, CustomStringConvertible {
    public let status: Int32
    public let operation: String
    public var description: String { "ICU \(operation) failed with status \(status)" }
}

/// Thin, allocation-conscious wrappers over the C shim.
///
/// Rule-based transliterators in ICU take a process-wide lock and are not
/// thread-safe, so nothing here is shared across threads: the name keys use
/// them once, to build immutable per-character tables.
enum ICU {
    static var version: String { String(cString: icushim_version()) }

    /// NFKC normalisation. The ICU normaliser is a thread-safe singleton.
    static func nfkc(_ units: [UInt16]) throws -> [UInt16] {
        var capacity = max(16, units.count * 3)
        while true {
            var output = [UInt16](repeating: 0, count: capacity)
            var status: Int32 = 0
            let length = units.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { target in
                    icushim_nfkc(source.baseAddress, Int32(source.count), target.baseAddress, Int32(capacity), &status)
                }
            }
            if status == bufferOverflow { capacity = Int(length) + 1; continue }
            guard status <= 0 else { throw ICUError(status: status, operation: "NFKC") }
            output.removeSubrange(Int(length)...)
            return output
        }
    }

    static let bufferOverflow: Int32 = 15
}

/// One ICU transliterator. Not `Sendable`: confine it to one thread.
final class ICUTransliterator {
    private let handle: OpaquePointer

    init(id: String) throws {
        let units = Array(id.utf16)
        var status: Int32 = 0
        let opened = units.withUnsafeBufferPointer {
            icushim_trans_open($0.baseAddress, Int32($0.count), &status)
        }
        guard let opened, status <= 0 else { throw ICUError(status: status, operation: "open transliterator \(id)") }
        handle = opened
    }

    deinit { icushim_trans_close(handle) }

    func apply(_ text: String) throws -> String {
        let units = Array(text.utf16)
        var capacity = max(64, units.count * 8)
        while true {
            var buffer = units + [UInt16](repeating: 0, count: capacity - units.count)
            var status: Int32 = 0
            let length = buffer.withUnsafeMutableBufferPointer {
                icushim_trans_apply(handle, $0.baseAddress, Int32(units.count), Int32(capacity), &status)
            }
            if status == ICU.bufferOverflow { capacity = Int(length) + 16; continue }
            guard status <= 0 else { throw ICUError(status: status, operation: "transliterate") }
            return String(decoding: buffer[..<Int(length)], as: UTF16.self)
        }
    }

    /// The rule text behind this transliterator.
    func rules() throws -> String {
        var capacity = 1 << 16
        while true {
            var buffer = [UInt16](repeating: 0, count: capacity)
            var status: Int32 = 0
            let length = buffer.withUnsafeMutableBufferPointer {
                icushim_trans_rules(handle, $0.baseAddress, Int32(capacity), &status)
            }
            if status == ICU.bufferOverflow { capacity = Int(length) + 1; continue }
            guard status <= 0 else { throw ICUError(status: status, operation: "read rules") }
            return String(decoding: buffer[..<Int(length)], as: UTF16.self)
        }
    }
}
