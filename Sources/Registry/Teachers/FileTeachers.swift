import Matching

/// The teachers a file has registered so far, found by their blocking keys
/// as its later rows are decided: a file's own teachers are not in the
/// store's key index before it commits (their keys are written then). A
/// file registered in parts keeps them from part to part, so that each part
/// finds those of the parts before it as the rows of a whole file find each
/// other, without asking the store.
///
/// The part being registered is held in memory: its teachers, and one
/// dictionary and one flat array of links from keys to them (an array per
/// key cost more memory than the rest of the file). Once a part is done
/// (`seal`), its teachers go to a file on disk (`SealedTeachers`) and its
/// links are let go: its teachers' keys are then the group's pending keys,
/// which hold exactly the keys of the file's parts before (the group
/// commits before a file in parts begins). What a file in parts holds of
/// its teachers is thus one part's, whatever its length.
final class FileTeachers {
    struct Teacher {
        let id: Int64
        let number: String
        /// The row as the matcher compared it when the teacher was registered.
        let comparable: ComparableRecord
    }

    /// The part being registered, in id order.
    private var current: [Teacher] = []
    private var heads: [Int64: Int32] = [:]
    private var links: [(teacher: Int32, next: Int32)] = []
    /// The parts sealed before; made by the first `seal` that has teachers.
    private var sealed: SealedTeachers?

    func add(_ teacher: Teacher, keys: [Int64]) {
        precondition((current.last?.id ?? sealed?.lastID).map { $0 < teacher.id } ?? true, "teachers are registered in id order")
        let index = Int32(current.count)
        current.append(teacher)
        for key in keys {
            links.append((index, heads[key] ?? -1))
            heads[key] = Int32(links.count - 1)
        }
    }

    /// The part registered so far is done: its teachers are written beside
    /// the registry (in `directory`), and found through the keys the group
    /// holds for them from now on.
    func seal(spillingBeside directory: String) throws {
        if !current.isEmpty {
            if sealed == nil { sealed = try SealedTeachers(beside: directory, firstID: current[0].id) }
            try sealed!.write(current)
        }
        current = []
        heads = [:]
        links = []
    }

    /// The ids of the teachers holding `key`, in the order registered; none
    /// when more than `cap` hold it (a key that common is no evidence).
    /// `sealedHolders` gives the ids of those of parts sealed before, in id order.
    func holders(of key: Int64, cap: Int, sealedHolders: (Int64) throws -> [Int64]) throws -> [Int64] {
        var ids: [Int64] = []
        if sealed != nil { ids = try sealedHolders(key) }
        let before = ids.count
        var link = heads[key] ?? -1
        while link >= 0 {
            guard ids.count < cap else { return [] }
            ids.append(current[Int(links[Int(link)].teacher)].id)
            link = links[Int(link)].next
        }
        guard ids.count <= cap else { return [] }
        ids[before...].reverse()
        return ids
    }

    /// A teacher `holders` named: read from disk when of a sealed part. The
    /// caller asks once per row and teacher, not once per key they share.
    func teacher(_ id: Int64) throws -> Teacher {
        guard let first = current.first?.id, id >= first else { return try sealed!.teacher(id) }
        // Consecutive ids mostly; else by halving.
        if id - first < current.count, current[Int(id - first)].id == id { return current[Int(id - first)] }
        var low = 0, high = current.count
        while low < high {
            let middle = (low + high) / 2
            if current[middle].id < id { low = middle + 1 } else { high = middle }
        }
        precondition(low < current.count && current[low].id == id, "a teacher of the file")
        return current[low]
    }
}

/// Teachers of a file's sealed parts, on disk: a fixed-size slot per id
/// from the first (a file's new teachers are given consecutive ids), so
/// that one is found by one read and nothing is indexed in memory. The few
/// with typing-error suggestions have them in a second file, where their
/// slot points.
final class SealedTeachers {
    private let slots: SpillFile
    private let directory: String
    private var suggestions: SpillFile?
    private let firstID: Int64
    private(set) var lastID: Int64?

    /// A slot: the features; the number (a length byte and its bytes) and the suggestions' count in
    /// `numberBytes`; where the suggestions begin.
    private static let numberBytes = 24
    private static let slotBytes = (ComparableRecord.fixedByteCount + numberBytes + 8 + 7) / 8 * 8

    init(beside directory: String, firstID: Int64) throws {
        slots = try SpillFile(beside: directory, purpose: "teachers")
        self.directory = directory
        self.firstID = firstID
    }

    /// Writes `teachers` (ids ascending, above any written before), consecutive ones in one write.
    func write(_ teachers: [Teacher]) throws {
        var bytes: [UInt8] = []
        var start: Int64?
        for teacher in teachers {
            precondition(teacher.id > (lastID ?? firstID - 1))
            if let first = start, first + Int64(bytes.count / Self.slotBytes) != teacher.id {
                try flush(&bytes, from: first)
                start = nil
            }
            if start == nil { start = teacher.id }
            try append(teacher, to: &bytes)
            lastID = teacher.id
        }
        if let start { try flush(&bytes, from: start) }
    }

    typealias Teacher = FileTeachers.Teacher

    func teacher(_ id: Int64) throws -> Teacher {
        precondition(id >= firstID && id <= lastID ?? firstID - 1, "a pending key names a teacher of the file")
        return try withUnsafeTemporaryAllocation(byteCount: Self.slotBytes, alignment: 8) { slot in
            try slots.read(into: slot, at: (id - firstID) * Int64(Self.slotBytes))
            let bytes = UnsafeRawBufferPointer(slot)
            let numberStart = ComparableRecord.fixedByteCount
            let numberLength = Int(bytes[numberStart])
            precondition(numberLength > 0, "a pending key names a teacher of the file")
            let number = String(decoding: bytes[(numberStart + 1)..<(numberStart + 1 + numberLength)], as: UTF8.self)
            let offset = bytes.loadUnaligned(fromByteOffset: numberStart + Self.numberBytes, as: Int64.self)
            let count = bytes.loadUnaligned(fromByteOffset: numberStart + Self.numberBytes - 4, as: Int32.self)
            let words = count > 0 ? try suggestions!.read(UInt64.self, count: Int(count), at: offset) : []
            return Teacher(id: id, number: number, comparable: ComparableRecord(fixedBytes: UnsafeRawBufferPointer(rebasing: bytes[..<numberStart]), suggestions: words))
        }
    }

    private func append(_ teacher: Teacher, to bytes: inout [UInt8]) throws {
        let start = bytes.count
        bytes += [UInt8](repeating: 0, count: Self.slotBytes)
        teacher.comparable.withFixedBytes { fixed in bytes.replaceSubrange(start..<(start + fixed.count), with: fixed) }
        let number = Array(teacher.number.utf8)
        precondition(number.count > 0 && number.count <= Self.numberBytes - 5, "a teacher number fits its slot")
        let numberStart = start + ComparableRecord.fixedByteCount
        bytes[numberStart] = UInt8(number.count)
        bytes.replaceSubrange((numberStart + 1)..<(numberStart + 1 + number.count), with: number)
        let words = teacher.comparable.suggestionWords
        var offset: Int64 = 0
        if !words.isEmpty {
            if suggestions == nil { suggestions = try SpillFile(beside: directory, purpose: "suggestions") }
            offset = try suggestions!.append(words)
        }
        withUnsafeBytes(of: Int32(words.count)) { bytes.replaceSubrange((numberStart + Self.numberBytes - 4)..<(numberStart + Self.numberBytes), with: $0) }
        withUnsafeBytes(of: offset) { bytes.replaceSubrange((numberStart + Self.numberBytes)..<(numberStart + Self.numberBytes + 8), with: $0) }
    }

    private func flush(_ bytes: inout [UInt8], from id: Int64) throws {
        try bytes.withUnsafeBytes { try slots.write($0, at: (id - firstID) * Int64(Self.slotBytes)) }
        bytes.removeAll(keepingCapacity: true)
    }
}
