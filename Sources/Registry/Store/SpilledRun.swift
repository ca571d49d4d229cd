/// A sorted run of `PendingKeys` on disk: its words in a temporary file,
/// and in memory only where each range of their top bits begins (at most
/// 2^16 ranges, 256 KB), so that a key's holders are one read of a few
/// kilobytes away: its words all lie in its range.
struct SpilledRun {
    private let file: SpillFile
    let count: Int
    private let bits: Int
    private let starts: [UInt32]

    /// Ranges of about 256 words (2 KB) each, up to 2^16 of them.
    private static func bits(for count: Int) -> Int {
        var bits = 0
        while bits < 16, count >> bits > 256 { bits += 1 }
        return bits
    }

    init(beside directory: String, words: [UInt64]) throws {
        var writer = try Writer(beside: directory, count: words.count)
        for word in words { try writer.add(word) }
        self = try writer.finish()
    }

    /// `a` and `b` merged, read and written a chunk at a time.
    init(beside directory: String, merging a: SpilledRun, _ b: SpilledRun) throws {
        var writer = try Writer(beside: directory, count: a.count + b.count)
        var left = a.reader(), right = b.reader()
        var x = try left.nextChunk(), y = try right.nextChunk()
        var i = 0, j = 0
        while !x.isEmpty || !y.isEmpty {
            if j == y.count || (i < x.count && x[i] <= y[j]) {
                try writer.add(x[i])
                i += 1
                if i == x.count { x = try left.nextChunk(); i = 0 }
            } else {
                try writer.add(y[j])
                j += 1
                if j == y.count { y = try right.nextChunk(); j = 0 }
            }
        }
        self = try writer.finish()
    }

    private init(file: SpillFile, count: Int, bits: Int, starts: [UInt32]) {
        self.file = file
        self.count = count
        self.bits = bits
        self.starts = starts
    }

    /// Appends to `found` the teachers of the words whose key is `low`'s (`low` has teacher 0).
    func teachers(withKeyOf low: UInt64, into found: inout [Int64]) throws {
        let range = bits > 0 ? Int(low >> UInt64(64 - bits)) : 0
        let start = Int(starts[range]), end = Int(starts[range + 1])
        guard start < end else { return }
        let words = try file.read(UInt64.self, count: end - start, at: Int64(start * 8))
        var index = 0, high = words.count
        while index < high {
            let middle = (index + high) / 2
            if words[middle] < low { index = middle + 1 } else { high = middle }
        }
        while index < words.count, words[index] >> 32 == low >> 32 {
            found.append(Int64(words[index] & 0xFFFF_FFFF))
            index += 1
        }
    }

    func forEach(_ body: (UInt64) -> Void) throws {
        var reader = reader()
        while true {
            let chunk = try reader.nextChunk()
            guard !chunk.isEmpty else { return }
            chunk.forEach(body)
        }
    }

    func reader() -> Reader { Reader(run: self) }

    /// The run's words in order, 64 K words (512 KB) at a time.
    struct Reader {
        let run: SpilledRun
        private var position = 0

        init(run: SpilledRun) { self.run = run }

        /// The next words; empty once all were read.
        mutating func nextChunk() throws -> [UInt64] {
            let count = min(1 << 16, run.count - position)
            let chunk = try run.file.read(UInt64.self, count: count, at: Int64(position * 8))
            position += count
            return chunk
        }
    }

    /// Writes `count` words given in order, counting each range's words as they go.
    private struct Writer {
        private let file: SpillFile
        private let count: Int
        private let bits: Int
        private var starts: [UInt32]
        private var buffer: [UInt64] = []
        private var written = 0

        init(beside directory: String, count: Int) throws {
            precondition(count < Int(UInt32.max))
            file = try SpillFile(beside: directory, purpose: "keys")
            self.count = count
            bits = SpilledRun.bits(for: count)
            starts = [UInt32](repeating: 0, count: (1 << bits) + 1)
            buffer.reserveCapacity(1 << 16)
        }

        mutating func add(_ word: UInt64) throws {
            starts[(bits > 0 ? Int(word >> UInt64(64 - bits)) : 0) + 1] += 1
            buffer.append(word)
            written += 1
            if buffer.count == 1 << 16 { try flush() }
        }

        private mutating func flush() throws {
            try file.append(buffer)
            buffer.removeAll(keepingCapacity: true)
        }

        consuming func finish() throws -> SpilledRun {
            precondition(written == count, "a spilled run has the words it was made for")
            try flush()
            for range in 1..<starts.count { starts[range] += starts[range - 1] }
            return SpilledRun(file: file, count: count, bits: bits, starts: starts)
        }
    }
}
