import Testing
@testable import RegistryService

@Suite struct ThrottleTests {
    @Test func failuresWaitLongerAndLongerFromTheFreeOnesAndAreForgottenLater() {
        let throttle = FailureThrottle(free: 3, first: .seconds(5), longest: .seconds(60), forgetAfter: .seconds(3600))
        let start = ContinuousClock.now
        for second in 0..<2 { throttle.fail("10.1.2.3", now: start + .seconds(second)) }
        #expect(throttle.wait("10.1.2.3", now: start + .seconds(2)) == nil)
        throttle.fail("10.1.2.3", now: start + .seconds(2))
        #expect(throttle.wait("10.1.2.3", now: start + .seconds(3)) == .seconds(4))
        #expect(throttle.wait("10.1.2.3", now: start + .seconds(7)) == nil)
        throttle.fail("10.1.2.3", now: start + .seconds(7))
        #expect(throttle.wait("10.1.2.3", now: start + .seconds(7)) == .seconds(10))
        for _ in 0..<10 { throttle.fail("10.1.2.3", now: start + .seconds(20)) }
        #expect(throttle.wait("10.1.2.3", now: start + .seconds(20)) == .seconds(60))
        #expect(throttle.wait("10.1.2.3", now: start + .seconds(4000)) == nil)
        #expect(throttle.failures("10.1.2.3") == 0)
        #expect(throttle.wait("其他地址", now: start) == nil)
    }

    @Test func aFullTableDropsItsStalestKeysRatherThanGrow() {
        let throttle = FailureThrottle(free: 1, first: .seconds(1), capacity: 100)
        let start = ContinuousClock.now
        for index in 0..<1_000 { throttle.fail("用户\(index)", now: start + .milliseconds(index)) }
        #expect(throttle.failures("用户999") == 1)
        #expect(throttle.failures("用户0") == 0)
    }

    @Test func aRateLimitCountsEventsInASlidingWindow() {
        let limit = RateLimit(limit: 3, window: .seconds(600))
        let start = ContinuousClock.now
        for second in 0..<3 { #expect(limit.take("county", now: start + .seconds(second)) == nil) }
        #expect(limit.take("county", now: start + .seconds(10)) == .seconds(590))
        #expect(limit.take("another", now: start + .seconds(10)) == nil)
        #expect(limit.take("county", now: start + .seconds(601)) == nil)
    }
}
