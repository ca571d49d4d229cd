import Foundation

/// Parts of a large file passed one at a time from the thread that reads
/// and prepares them to the thread that registers them. The preparing
/// thread waits for the slot to be empty before it prepares the next part,
/// so that two parts at most are held: the one being registered and the next.
final class PartHandoff<Part: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var slot: Part?
    private var ended = false
    private var failure: (any Error)?
    private var stopped = false

    /// Preparing side: waits until the slot is empty; false when the registering side stopped.
    func waitForRoom() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while slot != nil, !stopped { condition.wait() }
        return !stopped
    }

    /// Preparing side: hands a part over (after `waitForRoom`).
    func put(_ part: Part) {
        condition.lock()
        defer { condition.unlock() }
        precondition(slot == nil || stopped, "one part at a time")
        if !stopped { slot = part }
        condition.broadcast()
    }

    /// Preparing side: there are no more parts, or (with `error`) none can be prepared.
    func end(_ error: (any Error)? = nil) {
        condition.lock()
        defer { condition.unlock() }
        ended = true
        failure = error
        condition.broadcast()
    }

    /// Registering side: the next part, nil once every part was taken. An
    /// error of the preparing side is thrown once the parts before it are taken.
    func take() throws -> Part? {
        condition.lock()
        defer { condition.unlock() }
        while slot == nil, !ended { condition.wait() }
        if let part = slot {
            slot = nil
            condition.broadcast()
            return part
        }
        if let failure { throw failure }
        return nil
    }

    /// Registering side: no more parts are wanted; the preparing side stops at its next `waitForRoom`.
    func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        slot = nil
        condition.broadcast()
    }

    /// Registering side: waits until the preparing side has ended (after `stop`, at its next `waitForRoom`).
    func waitForEnd() {
        condition.lock()
        defer { condition.unlock() }
        while !ended { condition.wait() }
    }
}
