import HummingbirdBcrypt

/// Passwords are kept only as bcrypt hashes.
public enum Passwords {
    /// The work factor: about a quarter of a second per sign-in on this
    /// machine's cores. Tests lower it.
    public static let standardCost: UInt8 = 12

    public static func hash(_ password: String, cost: UInt8 = standardCost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }
}
