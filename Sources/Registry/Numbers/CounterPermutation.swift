/// A keyed bijection of 0..<10^10, so consecutive registrations get
/// numbers with no visible order: a four-round Feistel network over two
/// halves of five digits. Without the key the sequence cannot be guessed;
/// with it, every counter value maps to exactly one number and back.
struct CounterPermutation: Sendable {
    static let half: UInt64 = 100_000
    static let domain: UInt64 = half * half

    let keys: [UInt64]

    init(key: UInt64) {
        var state = key
        keys = (0..<4).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    private func round(_ value: UInt64, _ key: UInt64) -> UInt64 {
        var z = value &+ key
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return (z ^ (z >> 33)) % Self.half
    }

    func apply(_ value: UInt64) -> UInt64 {
        precondition(value < Self.domain)
        var left = value / Self.half, right = value % Self.half
        for key in keys {
            (left, right) = (right, (left + round(right, key)) % Self.half)
        }
        return left * Self.half + right
    }

    func invert(_ value: UInt64) -> UInt64 {
        var left = value / Self.half, right = value % Self.half
        for key in keys.reversed() {
            (left, right) = ((right + Self.half - round(left, key)) % Self.half, left)
        }
        return left * Self.half + right
    }
}
