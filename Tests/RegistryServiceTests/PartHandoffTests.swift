import Foundation
@testable import RegistryService
import Testing

/// Parts of a large file go from the thread that prepares them to the one
/// that registers them in order, one ahead at most, and neither side is
/// left waiting when the other stops or fails.
struct PartHandoffTests {
    struct Failed: Error, Equatable {}

    /// Runs `body` on another thread; the returned semaphore is signalled when it returns.
    func onAnotherThread(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            body()
            done.signal()
        }
        return done
    }

    @Test func partsArriveInOrderWithNoMoreThanOnePreparedAhead() throws {
        let handoff = PartHandoff<Int>()
        let prepared = Counter()
        let producer = onAnotherThread {
            for part in 1...200 {
                guard handoff.waitForRoom() else { return }
                prepared.add()
                handoff.put(part)
            }
            handoff.end()
        }
        var taken: [Int] = []
        var mostAhead = 0
        while let part = try handoff.take() {
            taken.append(part)
            // Registering the part: the other thread may prepare the next one, not two.
            Thread.sleep(forTimeInterval: 0.000_2)
            mostAhead = max(mostAhead, prepared.value - taken.count)
        }
        producer.wait()
        #expect(taken == Array(1...200))
        #expect(mostAhead <= 1)
    }

    @Test func anErrorInPreparingComesAfterThePartsPreparedBeforeIt() throws {
        let handoff = PartHandoff<String>()
        let producer = onAnotherThread {
            for part in ["第一部分", "第二部分"] {
                guard handoff.waitForRoom() else { return }
                handoff.put(part)
            }
            handoff.end(Failed())
        }
        #expect(try handoff.take() == "第一部分")
        #expect(try handoff.take() == "第二部分")
        #expect(throws: Failed.self) { try handoff.take() }
        producer.wait()
    }

    @Test func stoppingReleasesThePreparingSideWaitingForRoom() throws {
        let handoff = PartHandoff<Int>()
        let stoppedAt = Counter()
        let producer = onAnotherThread {
            var part = 0
            while handoff.waitForRoom() {
                part += 1
                handoff.put(part)
            }
            stoppedAt.add(part)
            handoff.end()
        }
        #expect(try handoff.take() == 1)
        // The registering side gives up (the file was imported before, or a row failed) with a part waiting.
        handoff.stop()
        handoff.waitForEnd()
        producer.wait()
        #expect(stoppedAt.value >= 1)
        #expect(try handoff.take() == nil)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add(_ amount: Int = 1) { lock.withLock { count += amount } }
        var value: Int { lock.withLock { count } }
    }
}
