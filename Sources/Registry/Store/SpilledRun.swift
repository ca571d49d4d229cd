/// A sorted run of `PendingKeys` on disk: its words in a temporary file,
/// and in memory only where each range of their top bits begins (at most
/// 2^16 ranges, 256 KB), so that a key's holders are one read of a few
/// kilobytes away: its words all lie in its range.
struct SpilledRun {
    private let file: SpillFile
    let count: Int
    private let ranges: TopBitRanges

    /// Writes `count` words given in order by `next`, 64 K words (512 KB) at a time, counting each range's
    /// words as they go: ranges of about 256 words (2 KB), up to 2^16 of them.
    init(beside directory: String, count: Int, words next: () throws -> UInt64?) throws {
        file = try SpillFile(beside: directory, purpose: "keys")
        self.count = count
        var ranges = TopBitRanges(count: count, wordsPerRange: 256, maximumBits: 16)
        var buffer: [UInt64] = []
        buffer.reserveCapacity(1 << 16)
        var written = 0
        while let word = try next() {
            ranges.count(word)
            buffer.append(word)
            written += 1
            if buffer.count == 1 << 16 {
                try file.append(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try file.append(buffer)
        precondition(written == count, "a spilled run has the words it was made for")
        ranges.finish()
        self.ranges = ranges
    }

    /// Appends to `found` the teachers of the words whose key is `low`'s (`low` has teacher 0): one read of its range.
    func teachers(withKeyOf low: UInt64, into found: inout [Int64]) throws {
        let range = ranges.range(of: low)
        guard !range.isEmpty else { return }
        let words = try file.read(UInt64.self, count: range.count, at: Int64(range.lowerBound * 8))
        PendingKeys.teachers(withKeyOf: low, in: words[...], into: &found)
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
}
