import Dispatch

/// Candidate pairs from the blocking rules, each pair once, and what the
/// blocking did (for the audit report).
public struct CandidatePairs: Sendable {
    /// Pairs as (lower index << 32 | higher index), sorted.
    public let pairs: [UInt64]
    /// Keys skipped because more records than the rule's cap shared them.
    public let oversizedBlocks: [BlockingRule: Int]
    /// Pairs each rule produced (before removing duplicates across rules).
    public let pairsByRule: [BlockingRule: Int]

    static let indexBits: UInt64 = 22
    static let indexMask: UInt64 = (1 << indexBits) - 1
    static let maximumRecords = 1 << 22

    /// A sortable blocking entry: key hash in the high bits, the rule in 4
    /// bits, the record in the low 22.
    static func entry(hash: UInt64, rule: BlockingRule, record: Int) -> UInt64 {
        (hash << (indexBits + 4)) | (UInt64(rule.rawValue) << indexBits) | UInt64(record)
    }

    /// Generates the pairs of `features`, using both cores.
    static func generate(_ features: FeatureTable) -> CandidatePairs {
        precondition(features.count < maximumRecords, "at most \(maximumRecords) records per audit")
        let mask: UInt64 = (1 << indexBits) - 1
        // Each entry: key hash in the high bits, rule in 4 bits, record in the low 22.
        let halves = parallelMap(2) { part -> [UInt64] in
            var entries: [UInt64] = []
            entries.reserveCapacity(features.count / 2 * 8)
            var keys: [(BlockingRule, UInt64)] = []
            let range = stride(from: part, to: features.count, by: 2)
            for index in range {
                keys.removeAll(keepingCapacity: true)
                BlockingRule.keys(features[index], in: features, into: &keys)
                for (rule, hash) in keys { entries.append(entry(hash: hash, rule: rule, record: index)) }
            }
            return entries
        }
        // Split by the top bit so the two sorts run in parallel.
        let split = parallelMap(2) { part -> [UInt64] in
            var chosen: [UInt64] = []
            chosen.reserveCapacity((halves[0].count + halves[1].count) / 2 + 1024)
            for half in halves { for entry in half where (entry >> 63) == UInt64(part) { chosen.append(entry) } }
            chosen.sort()
            return chosen
        }
        var oversized: [BlockingRule: Int] = [:]
        var byRule: [BlockingRule: Int] = [:]
        let pairLists = parallelMap(2) { part -> ([UInt64], [BlockingRule: Int], [BlockingRule: Int]) in
            let entries = split[part]
            var pairs: [UInt64] = []
            var oversized: [BlockingRule: Int] = [:]
            var byRule: [BlockingRule: Int] = [:]
            var start = 0
            while start < entries.count {
                let key = entries[start] >> indexBits
                var end = start + 1
                while end < entries.count, entries[end] >> indexBits == key { end += 1 }
                let size = end - start
                if size > 1 {
                    let rule = BlockingRule(rawValue: Int(key & 0xF))!
                    if size > rule.cap {
                        oversized[rule, default: 0] += 1
                    } else {
                        for i in start..<end {
                            for j in (i + 1)..<end {
                                let a = entries[i] & mask, b = entries[j] & mask
                                if a == b { continue }
                                pairs.append(a < b ? (a << 32 | b) : (b << 32 | a))
                            }
                        }
                        byRule[rule, default: 0] += size * (size - 1) / 2
                    }
                }
                start = end
            }
            pairs.sort()
            return (pairs, oversized, byRule)
        }
        for list in pairLists {
            oversized.merge(list.1, uniquingKeysWith: +)
            byRule.merge(list.2, uniquingKeysWith: +)
        }
        // Merge the two sorted lists, dropping pairs both produced.
        let left = pairLists[0].0, right = pairLists[1].0
        var unique: [UInt64] = []
        unique.reserveCapacity(left.count + right.count)
        var i = 0, j = 0
        while i < left.count || j < right.count {
            let next: UInt64
            if j >= right.count || (i < left.count && left[i] <= right[j]) { next = left[i]; i += 1 } else { next = right[j]; j += 1 }
            if unique.last != next { unique.append(next) }
        }
        return CandidatePairs(pairs: unique, oversizedBlocks: oversized, pairsByRule: byRule)
    }
}

/// Runs `body` for 0..<count on separate threads and collects the results in order.
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    let results = UnsafeResults<T>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in
        results.set(index, body(index))
    }
    return results.values
}

/// Slots written by distinct threads, each exactly once, in memory that no
/// Swift collection owns (so no copy-on-write check races).
private final class UnsafeResults<T>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<T?>
    private let count: Int
    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }
    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }
    func set(_ index: Int, _ value: T) { slots[index] = value }
    var values: [T] { (0..<count).map { slots[$0]! } }
}
