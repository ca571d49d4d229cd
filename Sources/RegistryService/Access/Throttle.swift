import Normalization
import Foundation
import Synchronization

/// Failures counted per key (an address, an unknown user name) in memory,
/// with a growing wait: from `free` failures in a row on, each further attempt
/// waits `first`, twice that, four times … (at most `longest`) after the last failure. A key
/// forgets its failures `forgetAfter` after the last one; at most `capacity`
/// keys are kept (the stalest go first).
final class FailureThrottle: Sendable {
    struct Entry {
        var failures: Int
        var last: ContinuousClock.Instant
    }

    private let entries = Mutex<[String: Entry]>([:])
    let free: Int
    let first: Duration
    let longest: Duration
    let forgetAfter: Duration
    let capacity: Int

    init(free: Int, first: Duration, longest: Duration = .seconds(900), forgetAfter: Duration = .seconds(3600), capacity: Int = 100_000) {
        self.free = free
        self.first = first
        self.longest = longest
        self.forgetAfter = forgetAfter
        self.capacity = capacity
    }

    /// How long `key` must still wait before its next attempt (nil: it may try now).
    func wait(_ key: String, now: ContinuousClock.Instant = .now) -> Duration? {
        entries.withLock { table in
            guard let entry = table[key] else { return nil }
            if now - entry.last > forgetAfter {
                table[key] = nil
                return nil
            }
            let remaining = entry.last + Self.delay(failures: entry.failures, free: free, first: first, longest: longest) - now
            return remaining > .zero ? remaining : nil
        }
    }

    /// Failures of `key` in a row, this one included.
    @discardableResult
    func fail(_ key: String, now: ContinuousClock.Instant = .now) -> Int {
        entries.withLock { table in
            if table.count >= capacity, table[key] == nil {
                // Drop the stalest tenth rather than grow without bound.
                for stale in table.sorted(by: { $0.value.last < $1.value.last }).prefix(max(1, capacity / 10)) { table[stale.key] = nil }
            }
            var entry = table[key] ?? Entry(failures: 0, last: now)
            if now - entry.last > forgetAfter { entry.failures = 0 }
            entry.failures += 1
            entry.last = now
            table[key] = entry
            return entry.failures
        }
    }

    func failures(_ key: String) -> Int { entries.withLock { $0[key]?.failures ?? 0 } }

    func succeed(_ key: String) { _ = entries.withLock { $0.removeValue(forKey: key) } }

    /// The wait after `failures` failures in a row: none below `free`, then doubling from `first`.
    static func delay(failures: Int, free: Int, first: Duration, longest: Duration) -> Duration {
        guard failures >= free else { return .zero }
        let exponent = min(failures - free, 20)
        return min(first * (1 << exponent), longest)
    }
}

/// At most `limit` events per key in any `window`: a sliding count in memory.
final class RateLimit: Sendable {
    private let events = Mutex<[String: [ContinuousClock.Instant]]>([:])
    let limit: Int
    let window: Duration

    init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Counts one event of `key`, or says how long until one is allowed.
    func take(_ key: String, now: ContinuousClock.Instant = .now) -> Duration? {
        events.withLock { table in
            var recent = (table[key] ?? []).filter { now - $0 < window }
            defer { table[key] = recent.isEmpty ? nil : recent }
            guard recent.count < limit else { return (recent.first ?? now) + window - now }
            recent.append(now)
            return nil
        }
    }
}

/// Runs password hashing (bcrypt, about a quarter of a second each) on
/// threads of its own, never on the threads that serve other requests: at
/// most `threads` at once, and at most `waiting` more queued; past that the
/// work is refused at once rather than queued without bound.
final class HashingPool: Sendable {
    private let queues: [DispatchQueue]
    private let state = Mutex<(inFlight: Int, next: Int, completed: Int)>((0, 0, 0))
    let waiting: Int

    init(threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount / 2), waiting: Int = 32) {
        queues = (0..<max(1, threads)).map { DispatchQueue(label: "password-hashing-\($0)", qos: .userInitiated) }
        self.waiting = waiting
    }

    /// Hashes and verifications run so far.
    var completed: Int { state.withLock { $0.completed } }

    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async throws(ServiceError) -> T {
        let queue: DispatchQueue? = state.withLock { state in
            guard state.inFlight < queues.count + waiting else { return nil }
            state.inFlight += 1
            state.next = (state.next + 1) % queues.count
            return queues[state.next]
        }
        guard let queue else { throw ServiceError.throttled(retryAfter: .seconds(1), .hashingBusy) }
        return await withCheckedContinuation { continuation in
            queue.async {
                let result = work()
                self.state.withLock {
                    $0.inFlight -= 1
                    $0.completed += 1
                }
                continuation.resume(returning: result)
            }
        }
    }
}
