import Foundation
import RegistryService
import Synchronization

/// Bearer tokens of signed-in users, kept in memory only: a restart signs
/// everyone out, and no token is ever written to disk.
final class Sessions: Sendable {
    struct Session: Sendable {
        let principal: Principal
        let expires: ContinuousClock.Instant
        /// The token a page's forms carry back (CSRF): a cookie alone never changes anything.
        let csrf: String
    }

    let lifetime: Duration
    private let sessions = Mutex<[String: Session]>([:])

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// A new token (256 random bits, hex) for `principal`.
    func open(for principal: Principal) -> (token: String, expiresIn: Duration) {
        let token = Self.random(), csrf = Self.random()
        let now = ContinuousClock.now
        sessions.withLock { table in
            table = table.filter { $0.value.expires > now }  // forget expired sessions as new ones open
            table[token] = Session(principal: principal, expires: now + lifetime, csrf: csrf)
        }
        return (token, lifetime)
    }

    /// The user of a live token.
    func principal(for token: String) -> Principal? { session(for: token)?.principal }

    func session(for token: String) -> Session? {
        sessions.withLock { table in
            guard let session = table[token] else { return nil }
            guard session.expires > .now else {
                table[token] = nil
                return nil
            }
            return session
        }
    }

    private static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(generator.next() as UInt64, radix: 16).leftPadded(to: 16) }.joined()
    }

    func close(_ token: String) {
        _ = sessions.withLock { $0.removeValue(forKey: token) }
    }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
