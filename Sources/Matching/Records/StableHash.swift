/// FNV-1a, 64 bits: a hash that is the same in every process, so pair
/// order, sampling and outputs are reproducible run to run (Swift's
/// `Hasher` is seeded per process).
public enum StableHash {
    static let offset: UInt64 = 0xCBF2_9CE4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01B3

    public static func of(_ text: String, salt: UInt64 = 0) -> UInt64 {
        var hash = offset ^ salt
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* prime
        }
        return finalize(hash)
    }

    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        finalize(a ^ (b &+ 0x9E37_79B9_7F4A_7C15 &+ (a << 6) &+ (a >> 2)))
    }

    /// Mixes the bits (the splitmix64 finaliser) so low bits are usable.
    public static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
