import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A temporary file for what registering a large file would otherwise keep
/// in memory for as long as the file takes (its new teachers, their keys):
/// with it, a province's batch holds what one part needs and the bounded
/// caches, whatever its length. It is made beside the registry (a disk
/// chosen to hold the registry, unlike a `/tmp` that may be memory) and
/// unlinked at once: nothing is left behind, even by a killed process.
/// Reads and writes go through the kernel's page cache, which gives the
/// pages back under pressure, unlike the process's own memory.
final class SpillFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let descriptor: Int32
    private let directory: String
    /// Bytes appended so far (`append` writes at the end).
    private(set) var size: Int64 = 0

    init(beside directory: String, purpose: String) throws {
        var template = Array("\(directory)/.teacher-registry-\(purpose)-XXXXXX".utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Self.failure("create", in: directory) }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.descriptor = descriptor
        self.directory = directory
    }

    deinit { close(descriptor) }

    /// Writes `bytes` at the end; returns where they begin.
    @discardableResult
    func append(_ bytes: UnsafeRawBufferPointer) throws -> Int64 {
        let offset = size
        try write(bytes, at: offset)
        return offset
    }

    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < bytes.count {
            let written = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw Self.failure("write", in: directory) }
            done += written
        }
        size = max(size, offset + Int64(bytes.count))
    }

    /// Fills `buffer` with the bytes at `offset`, which were written before.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) throws {
        var done = 0
        while done < buffer.count {
            let read = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if read < 0, errno == EINTR { continue }
            guard read > 0 else {
                throw read == 0 ? Failure(description: "a temporary file beside the registry in \(directory) ended early")
                                : Self.failure("read", in: directory)
            }
            done += read
        }
    }

    @discardableResult
    func append<T: BitwiseCopyable>(_ values: [T]) throws -> Int64 {
        try values.withUnsafeBytes { try append($0) }
    }

    /// `count` values of `T` written at `offset`.
    func read<T: BitwiseCopyable>(_ type: T.Type, count: Int, at offset: Int64) throws -> [T] {
        guard count > 0 else { return [] }
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            try read(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
            initialized = count
        }
    }

    private static func failure(_ verb: String, in directory: String) -> Failure {
        Failure(description: "could not \(verb) a temporary file beside the registry in \(directory): \(String(cString: strerror(errno)))")
    }
}
