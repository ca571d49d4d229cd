import Foundation
import Normalization
import ZIPFoundation

/// A ZIP archive (an .xlsx package or a county batch) read into memory
/// part by part, under limits: parts are never extracted to disk, so a
/// path like `../../x` cannot escape anywhere, and declared sizes, which
/// can lie, are enforced while inflating.
struct ZipPackage {
    let name: String
    private let archive: Archive
    private let limits: IntakeLimits
    private var inflated = 0
    /// Entries by their decoded path (see `decodedPath`).
    private var entries: [String: Entry] = [:]
    private(set) var paths: [String] = []

    init(url: URL, limits: IntakeLimits = .standard) throws {
        name = url.lastPathComponent
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw IntakeError(file: url.lastPathComponent, .notAZip("\(error)"))
        }
        self.limits = limits
        try checkEntryCount()
    }

    init(data: Data, name: String, limits: IntakeLimits = .standard) throws {
        self.name = name
        do {
            archive = try Archive(data: data, accessMode: .read)
        } catch {
            throw IntakeError(file: name, .notAZip("\(error)"))
        }
        self.limits = limits
        try checkEntryCount()
    }

    private mutating func checkEntryCount() throws {
        var count = 0
        for entry in archive {
            count += 1
            if count > limits.maximumEntries {
                throw IntakeError(file: name, .tooManyEntries(limits.maximumEntries))
            }
            guard entry.type == .file else { continue }
            let path = Self.decodedPath(entry)
            entries[path] = entry
            paths.append(path)
        }
    }

    /// Names without the UTF-8 flag are UTF-8 (Linux, macOS) or GBK (Chinese
    /// Windows), not the CP437 the ZIP standard assumes.
    static func decodedPath(_ entry: Entry) -> String {
        let bytes = Data(entry.path(using: .isoLatin1).unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        return (try? TextDecoding.decode(bytes, file: "").text) ?? entry.path
    }

    func contains(_ path: String) -> Bool { entries[path] != nil }

    /// The inflated bytes of one part.
    mutating func part(_ path: String) throws -> Data {
        var data = Data()
        try stream(path) { data.append($0) }
        return data
    }

    /// Refuses a part whose declared size or compression ratio is above the
    /// limits; returns the declared size.
    @discardableResult
    func checkDeclaredSize(_ path: String) throws -> Int {
        guard let entry = entries[path] else { throw IntakeError(file: name, location: path, .missingPart) }
        let declared = Int(clamping: entry.uncompressedSize)
        if declared > limits.maximumPartBytes {
            throw IntakeError(file: name, location: path, .inflatesTo(Int(declared), limit: limits.maximumPartBytes))
        }
        if entry.compressedSize > 0, declared / max(1, Int(clamping: entry.compressedSize)) > limits.maximumCompressionRatio {
            throw IntakeError(file: name, location: path, .compressedLikeBomb(limits.maximumCompressionRatio))
        }
        return declared
    }

    /// Inflates one part in chunks of 64 KB handed to `consume` as they come:
    /// the part is never held whole. Declared sizes can lie, so the limits are
    /// checked against what actually comes out.
    mutating func stream(_ path: String, _ consume: (Data) throws -> Void) throws {
        try checkDeclaredSize(path)
        guard let entry = entries[path] else { throw IntakeError(file: name, location: path, .missingPart) }
        let partLimit = limits.maximumPartBytes, totalLimit = limits.maximumTotalBytes, already = inflated
        // Declared sizes can lie: the ratio is checked again on what actually comes out (past the first megabyte).
        let compressed = max(1, Int(clamping: entry.compressedSize)), ratioLimit = limits.maximumCompressionRatio
        var produced = 0
        var consumerError: (any Error)?
        do {
            _ = try archive.extract(entry, bufferSize: 64 * 1024, skipCRC32: false) { chunk in
                produced += chunk.count
                if produced > partLimit || already + produced > totalLimit {
                    throw IntakeError(file: self.name, location: path, .inflatesBeyond(partLimit))
                }
                if produced > 1 << 20, produced / compressed > ratioLimit {
                    throw IntakeError(file: self.name, location: path, .compressedLikeBomb(ratioLimit))
                }
                do { try consume(chunk) } catch {
                    consumerError = error
                    throw error
                }
            }
        } catch let error as IntakeError {
            throw error
        } catch {
            if let consumerError { throw consumerError }
            throw IntakeError(file: name, location: path, .cannotInflate("\(error)"))
        }
        inflated += produced
    }
}
