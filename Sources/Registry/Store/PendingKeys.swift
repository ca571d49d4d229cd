/// Blocking keys not yet written, and who holds each: each pair packed in
/// one word (the 32-bit key above the teacher id), in sorted runs merged as
/// they grow (a run is merged into the one before it once as long), so that
/// a key's holders are a few binary searches away and a pair takes 8 bytes
/// (a dictionary of arrays spent an entry and an array per key besides).
/// Most keys asked for are held by no one pending (a batch of other people):
/// a bit per key's low bits answers those without searching the runs.
///
/// Given a directory, a run of `spillFrom` pairs or more goes to a file
/// there (`SpilledRun`), where runs merge the same way: what is held in
/// memory is then bounded (under twice `spillFrom` words, the filter, and a
/// quarter of a megabyte per run on disk), whatever the batch's size.
struct PendingKeys {
    private var runs: [Run] = []
    private var spilled: [SpilledRun] = []
    private(set) var count = 0
    /// Bit `key mod 2^filterBits` is set when some pending pair has such a key; empty until the first pair.
    private var mayHold: [UInt64] = []
    /// Grows with the pairs (a school's file needs a few kilobytes), up to 2^26 bits, 8 MB: a province
    /// file's few million distinct keys then set under a tenth of them.
    private var filterBits = 0
    static let maximumFilterBits = 26
    private let spillDirectory: String?
    private let spillFrom: Int

    /// Pairs held in memory before a run goes to disk: 32 MB; a province batch of a million rows has some nine million.
    static let pairsKeptInMemory = 1 << 22

    /// Without `directory`, every pair stays in memory.
    init(spillingBeside directory: String? = nil, from pairs: Int = Self.pairsKeptInMemory) {
        spillDirectory = directory
        spillFrom = max(1, pairs)
    }

    /// An empty set that spills as this one does.
    func emptied() -> PendingKeys { PendingKeys(spillingBeside: spillDirectory, from: spillFrom) }

    /// Runs now on disk (for tests and figures).
    var runsOnDisk: Int { spilled.count }

    mutating func add(_ keys: [(key: Int64, teacher: Int64)]) throws {
        guard !keys.isEmpty else { return }
        runs.append(Run(keys.map(Self.pack).sorted()))
        count += keys.count
        // Each step below leaves every pair findable should the next one fail (a full disk): the
        // pairs are in `runs`, their bits set, before a run is read or written on disk.
        if !mayHold.isEmpty { for pair in keys { setFilterBit(pair.key) } }
        if filterBits < Self.maximumFilterBits, count * 16 > 1 << filterBits {
            // Rebuilt from every pair, with room for four times as many: in all, about once more per pair.
            var rebuilt = PendingKeys(spillingBeside: nil)
            rebuilt.filterBits = min(Self.maximumFilterBits, max(16, Self.bits(for: count * 64)))
            rebuilt.mayHold = [UInt64](repeating: 0, count: 1 << (rebuilt.filterBits - 6))
            for run in runs { for word in run.words { rebuilt.setFilterBit(Self.unpack(word).key) } }
            for run in spilled { try run.forEach { rebuilt.setFilterBit(Self.unpack($0).key) } }
            (filterBits, mayHold) = (rebuilt.filterBits, rebuilt.mayHold)
        }
        while runs.count > 1, runs[runs.count - 2].words.count <= runs[runs.count - 1].words.count {
            let last = runs.removeLast(), before = runs.removeLast()
            runs.append(Run(Self.merge(before.words, last.words)))
        }
        if let spillDirectory, let last = runs.last, last.words.count >= spillFrom {
            var words = SortedMerge([SortedWords(held: last.words)])
            spilled.append(try SpilledRun(beside: spillDirectory, count: last.words.count) { try words.next() })
            runs.removeLast()
            while spilled.count > 1, spilled[spilled.count - 2].count <= spilled[spilled.count - 1].count {
                // The two runs are let go only once merged: a failed merge loses no pair.
                let (before, last) = (spilled[spilled.count - 2], spilled[spilled.count - 1])
                var words = SortedMerge([try SortedWords(reading: before), try SortedWords(reading: last)])
                let merged = try SpilledRun(beside: spillDirectory, count: before.count + last.count) { try words.next() }
                spilled.removeLast(2)
                spilled.append(merged)
            }
        }
    }

    /// The teachers holding `key`, in the order registered (ids ascending).
    func holders(of key: Int64) throws -> [Int64] {
        let bit = filterBit(key)
        guard !mayHold.isEmpty, mayHold[bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return [] }
        let low = Self.pack((key, 0))
        var found: [Int64] = []
        for run in runs { run.teachers(withKeyOf: low, into: &found) }
        for run in spilled { try run.teachers(withKeyOf: low, into: &found) }
        return runs.count + spilled.count > 1 ? found.sorted() : found
    }

    /// Every pair in key and teacher order, packed (see `pack`), merged from the runs as it is read: nothing is gathered.
    func sortedWords() throws -> SortedMerge {
        try SortedMerge(runs.map { SortedWords(held: $0.words) } + spilled.map { try SortedWords(reading: $0) })
    }

    /// Every pair, in key and teacher order.
    func sortedPairs() throws -> [(key: Int64, teacher: Int64)] {
        var pairs: [(key: Int64, teacher: Int64)] = []
        var words = try sortedWords()
        while let word = try words.next() { pairs.append(Self.unpack(word)) }
        return pairs
    }

    private func filterBit(_ key: Int64) -> Int { Int(truncatingIfNeeded: key) & ((1 << filterBits) - 1) }

    private mutating func setFilterBit(_ key: Int64) {
        let bit = filterBit(key)
        mayHold[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// The least b with 2^b ≥ n.
    private static func bits(for n: Int) -> Int { Int.bitWidth - (n - 1).leadingZeroBitCount }

    static func unpack(_ word: UInt64) -> (key: Int64, teacher: Int64) {
        (Int64(Int32(bitPattern: UInt32(word >> 32) ^ 0x8000_0000)), Int64(word & 0xFFFF_FFFF))
    }

    /// Keys are 32-bit (`PairMatcher.blockingKeys`), teacher ids below 2³²; the key's sign bit is flipped so
    /// that words sort as their keys do.
    private static func pack(_ pair: (key: Int64, teacher: Int64)) -> UInt64 {
        precondition(Int64(Int32(truncatingIfNeeded: pair.key)) == pair.key && pair.teacher >= 0 && pair.teacher <= 0xFFFF_FFFF)
        return UInt64(UInt32(bitPattern: Int32(pair.key)) ^ 0x8000_0000) << 32 | UInt64(pair.teacher)
    }

    /// A sorted run, with where each range of its top bits begins: keys are
    /// hashes, spread evenly, so a word is found within a range of about
    /// eight instead of by halving the whole run (a few cache misses
    /// instead of twenty-odd, for every key of every row of a large file).
    struct Run {
        let words: [UInt64]
        private let ranges: TopBitRanges

        init(_ words: [UInt64]) {
            self.words = words
            var ranges = TopBitRanges(count: words.count, wordsPerRange: 8, maximumBits: 24)
            for word in words { ranges.count(word) }
            ranges.finish()
            self.ranges = ranges
        }

        /// Appends the teachers of the words whose key is `low`'s (`low` has teacher 0).
        func teachers(withKeyOf low: UInt64, into found: inout [Int64]) {
            PendingKeys.teachers(withKeyOf: low, in: words[ranges.range(of: low)], into: &found)
        }
    }

    /// Appends to `found` the teachers of the words of `words` (sorted) whose key is `low`'s.
    static func teachers(withKeyOf low: UInt64, in words: ArraySlice<UInt64>, into found: inout [Int64]) {
        var index = words.startIndex, high = words.endIndex
        while index < high {
            let middle = (index + high) / 2
            if words[middle] < low { index = middle + 1 } else { high = middle }
        }
        while index < words.endIndex, words[index] >> 32 == low >> 32 {
            found.append(Int64(words[index] & 0xFFFF_FFFF))
            index += 1
        }
    }

    static func merge(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var merged: [UInt64] = []
        merged.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count, j < b.count {
            if a[i] <= b[j] { merged.append(a[i]); i += 1 } else { merged.append(b[j]); j += 1 }
        }
        merged += a[i...]
        merged += b[j...]
        return merged
    }
}

/// The words of sorted runs, in order: each time the least of the runs' next words
/// (runs are few: a run merges into the one before it once as long).
struct SortedMerge {
    private var sources: [SortedWords]

    fileprivate init(_ sources: [SortedWords]) { self.sources = sources.filter { !$0.isDone } }

    mutating func next() throws -> UInt64? {
        guard !sources.isEmpty else { return nil }
        var least = 0
        for index in sources.indices.dropFirst() where sources[index].current < sources[least].current { least = index }
        let word = sources[least].current
        try sources[least].advance()
        if sources[least].isDone { sources.remove(at: least) }
        return word
    }
}

/// Sorted words read in order from memory or from a run on disk, a chunk at a time.
private struct SortedWords {
    private var chunk: [UInt64]
    private var index = 0
    private var next: SpilledRun.Reader?

    init(held words: [UInt64]) { chunk = words }

    init(reading run: SpilledRun) throws {
        var reader = run.reader()
        chunk = try reader.nextChunk()
        next = reader
    }

    var isDone: Bool { index >= chunk.count }
    var current: UInt64 { chunk[index] }

    mutating func advance() throws {
        index += 1
        if index == chunk.count, next != nil {
            chunk = try next!.nextChunk()
            index = 0
        }
    }
}

/// Where each range of sorted words' top bits begins, counted as the words
/// are written: keys are hashes, spread evenly, so each range holds about
/// as many words. A run in memory or on disk finds a key in its range.
struct TopBitRanges {
    private let bits: Int
    private var starts: [UInt32]

    /// Ranges of about `wordsPerRange` of `count` words, at most 2^`maximumBits` of them.
    init(count: Int, wordsPerRange: Int, maximumBits: Int) {
        precondition(count < Int(UInt32.max))
        var bits = 0
        while bits < maximumBits, count >> bits > wordsPerRange { bits += 1 }
        self.bits = bits
        starts = [UInt32](repeating: 0, count: (1 << bits) + 1)
    }

    private func index(of word: UInt64) -> Int { bits > 0 ? Int(word >> UInt64(64 - bits)) : 0 }

    /// Counts the next word written.
    mutating func count(_ word: UInt64) { starts[index(of: word) + 1] += 1 }

    /// Once every word is counted.
    mutating func finish() { for range in 1..<starts.count { starts[range] += starts[range - 1] } }

    /// The positions of the words with `word`'s top bits.
    func range(of word: UInt64) -> Range<Int> { Int(starts[index(of: word)])..<Int(starts[index(of: word) + 1]) }
}
