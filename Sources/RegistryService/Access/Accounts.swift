import Crypto
import Foundation
import Normalization
import Registry
import Synchronization

/// The numbers of sign-in protection, in one place.
public enum SignInPolicy {
    /// Failures in a row before each further attempt of an account waits (5, 10, 20 … s, at most 15 min).
    public static let freeFailures = 3
    public static let firstWait: Duration = .seconds(5)
    /// Failures in a row from one address before its attempts wait (1, 2, 4 … s, at most 15 min), whatever the user names.
    public static let freeAddressFailures = 5
    public static let firstAddressWait: Duration = .seconds(1)
    /// Failures in a row that lock an account until a superior lifts the lock.
    public static let lockAfter = 10
    /// Transfer look-ups (by document number and name) one user may make in a window.
    public static let transferLookupsPerWindow = 20
    public static let transferLookupWindow: Duration = .seconds(600)
    /// The longest wait after failures.
    static let longestWait: Duration = .seconds(900)
}

/// A signed-in session: the bearer token (shown once, stored only as its hash) and the CSRF token of the pages.
public struct SessionGrant: Sendable {
    public let token: String
    public let csrf: String
    public let principal: Principal
    public let expiresIn: Duration
}

/// A user as a superior sees it.
public struct UserSummaryView: Codable, Sendable, Equatable {
    public var name: String
    public var role: String
    public var jurisdiction: String
    public var fullView: Bool
    public var disabled: Bool
    public var locked: Bool
    public var failedSignIns: Int
}

extension Role {
    /// Ministry 4 … school 0: a user administers only levels below their own.
    var rank: Int {
        switch self {
        case .ministry: 4
        case .province: 3
        case .city: 2
        case .county: 1
        case .school: 0
        }
    }
}

extension Passwords {
    /// Why `password` may not be the password of `user` (nil: it may): at
    /// least 10 characters, not the user name, not one character repeated,
    /// at most 72 bytes (bcrypt reads no further).
    public static func problem(_ password: String, user: String) -> Text? {
        if password.count < 10 { return .passwordTooShort }
        if password.utf8.count > 72 { return .passwordTooLong }
        let folded = password.trimmingCharacters(in: .whitespaces).lowercased()
        if folded == user.trimmingCharacters(in: .whitespaces).lowercased() { return .passwordIsUserName }
        if Set(password).count == 1 { return .passwordRepeats }
        return nil
    }

    /// The bcrypt cost of a stored hash (`$2b$12$…` → 12).
    static func cost(of hash: String) -> UInt8? {
        let parts = hash.split(separator: "$")
        return parts.count >= 3 ? UInt8(parts[1]) : nil
    }
}

extension RegistryService {
    // MARK: - Signing in

    /// Password hashes and verifications run for sign-ins and password changes (a metric: each is deliberate work).
    public var passwordChecks: Int { hashing.completed }

    /// Signs a user in and opens a session. Unknown users cost the same
    /// bcrypt work as known ones and get the same answer. Failures make the
    /// next attempt of the account and of the address wait longer and
    /// longer (429 with the wait); ten in a row lock the account until a
    /// superior lifts it. Each outcome is written to the access log.
    public func signIn(name: String, password: String, address: String?, lifetime: Duration) async throws(ServiceError) -> SessionGrant {
        let addressKey = address ?? "-"
        try checkSignInAddress(address)
        let account = try serviceCall { try database.read { try $0.account(named: name) } }
        if let wait = try serviceCall({ try accountWait(account, name: name) }) {
            throw .throttled(retryAfter: wait, .userThrottled)
        }
        let hash: String
        if let stored = account?.passwordHash { hash = stored } else { hash = try dummyHash() }
        let matches = try await hashing.run { Passwords.verify(password, hash: hash) }
        guard let account, matches, account.disabledAt == nil, account.lockedAt == nil, let principal = Principal(account: account) else {
            addressFailures.fail(addressKey)
            try recordFailure(account, name: name, address: address)
            throw ServiceError(.unauthenticated, .wrongPassword)
        }
        addressFailures.succeed(addressKey)
        let token = Self.randomHex(), csrf = Self.randomHex()
        let expires = Clock.iso(Date().addingTimeInterval(Double(lifetime.components.seconds)))
        try serviceCall {
            try database.change(principal.actor, reason: "sign-in") { change in
                try change.recordSignInSuccess(account: account.name)
                try change.openSession(account: account.name, tokenHash: Self.tokenHash(token), csrf: csrf, expiresAt: expires)
                try change.purgeSessions(endedBefore: Clock.iso(Date().addingTimeInterval(-86_400)))
                try change.logAccess("sign-in", account: account.name, role: account.role, address: address)
            }
        }
        return SessionGrant(token: token, csrf: csrf, principal: principal, expiresIn: lifetime)
    }

    /// Refuses a sign-in from an address that must still wait (429), before
    /// anything of the request is read: a flood from one address costs the
    /// server as little as can be.
    public func checkSignInAddress(_ address: String?) throws(ServiceError) {
        if let wait = addressFailures.wait(address ?? "-") {
            throw .throttled(retryAfter: wait, .addressThrottled)
        }
    }

    /// The user and CSRF token of a live session: checked against the
    /// database on every request, so a revoked or disabled one dies at once
    /// everywhere (another server instance, or the CLI, may have revoked it).
    public func session(token: String) throws(ServiceError) -> (principal: Principal, csrf: String)? {
        guard token.utf8.count == 64, token.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return try serviceCall {
            guard let (account, csrf) = try database.read({ try $0.liveSession(tokenHash: Self.tokenHash(token), now: Clock.now()) }),
                  let principal = Principal(account: account) else { return nil }
            return (principal, csrf)
        }
    }

    /// Ends a session.
    public func signOut(token: String, principal: Principal, address: String?) throws(ServiceError) {
        try serviceCall {
            try database.change(principal.actor, reason: "sign-out") { change in
                try change.revokeSession(tokenHash: Self.tokenHash(token))
                try change.logAccess("sign-out", account: principal.name, role: principal.role.rawValue, address: address)
            }
        }
    }

    private func accountWait(_ account: Account?, name: String) throws -> Duration? {
        guard let account else { return unknownNameFailures.wait(name) }
        if account.lockedAt != nil { return SignInPolicy.longestWait }
        guard let last = account.lastFailureAt, let lastDate = ISO8601DateFormatter.withFractions.date(from: last) else { return nil }
        let delay = FailureThrottle.delay(failures: account.failedLogins, free: SignInPolicy.freeFailures, first: SignInPolicy.firstWait,
                                          longest: SignInPolicy.longestWait)
        let remaining = lastDate.timeIntervalSinceNow + Double(delay.components.seconds)
        return remaining > 0 ? .milliseconds(Int64(remaining * 1000)) : nil
    }

    private func recordFailure(_ account: Account?, name: String, address: String?) throws(ServiceError) {
        guard let account else {
            unknownNameFailures.fail(name)
            try serviceCall {
                try database.change(Actor(user: "-", role: "-"), reason: "sign-in failed") { change in
                    try change.logAccess("sign-in-failed", account: String(name.prefix(64)), role: nil, address: address, detail: "unknown user")
                }
            }
            return
        }
        try serviceCall {
            try database.change(Actor(user: account.name, role: account.role), reason: "sign-in failed") { change in
                let detail = account.disabledAt != nil ? "disabled" : account.lockedAt != nil ? "locked" : "wrong password"
                let failures = try change.recordSignInFailure(account: account.name)
                try change.logAccess("sign-in-failed", account: account.name, role: account.role, address: address, detail: detail)
                if failures >= SignInPolicy.lockAfter, account.lockedAt == nil {
                    try change.lockAccount(account.name)
                    try change.logAccess("locked", account: account.name, role: account.role, address: address,
                                         detail: "\(failures) failures in a row")
                }
            }
        }
    }

    /// A hash of the same cost as the stored ones, for unknown users: verifying against it takes as long.
    private func dummyHash() throws(ServiceError) -> String {
        let cost = try storedCost()
        if let known = dummyHashes.withLock({ $0[cost] }) { return known }
        let hash = Passwords.hash(Self.randomHex(), cost: cost)
        dummyHashes.withLock { $0[cost] = hash }
        return hash
    }

    static func randomHex() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }

    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: - Users

    /// Adds a user (the password hashed at once: for the operator's CLI).
    /// `creator` nil is the operator with the database file, who may add any user.
    public func addUser(name: String, password: String, role: Role, jurisdiction: String, fullView: Bool = false,
                        by creator: Principal?, cost: UInt8 = Passwords.standardCost) throws(ServiceError) {
        try checkNewUser(name: name, password: password, role: role, jurisdiction: jurisdiction, by: creator)
        try storeUser(name: name, hash: Passwords.hash(password, cost: cost), role: role, jurisdiction: jurisdiction, fullView: fullView,
                      by: creator, address: nil)
    }

    /// Adds a user through the API: the password is hashed off the request threads.
    public func addUser(name: String, password: String, role: Role, jurisdiction: String, fullView: Bool = false,
                        by creator: Principal, address: String?) async throws(ServiceError) {
        try checkNewUser(name: name, password: password, role: role, jurisdiction: jurisdiction, by: creator)
        let cost = try storedCost()
        let hash = try await hashing.run { Passwords.hash(password, cost: cost) }
        try storeUser(name: name, hash: hash, role: role, jurisdiction: jurisdiction, fullView: fullView, by: creator, address: address)
    }

    /// Users the caller administers (below their level, within their jurisdiction; the operator: all).
    public func users(_ principal: Principal?) throws(ServiceError) -> [UserSummaryView] {
        try serviceCall {
            try database.read { reader in
                try reader.accounts().filter { try administers(principal, $0, reader: reader) }.map {
                    UserSummaryView(name: $0.name, role: $0.role, jurisdiction: $0.jurisdiction, fullView: $0.fullView,
                                    disabled: $0.disabledAt != nil, locked: $0.lockedAt != nil, failedSignIns: $0.failedLogins)
                }
            }
        }
    }

    /// Disables a user (every session of theirs ends at once) or enables them (which also lifts a lockout).
    public func setUser(_ principal: Principal?, name: String, disabled: Bool, address: String? = nil) throws(ServiceError) {
        let actor = principal?.actor ?? Actor(user: "operator", role: "province")
        try serviceCall {
            try database.change(actor, reason: disabled ? "user disabled" : "user enabled") { change in
                let account = try administered(principal, name: name, reader: change.reader)
                try change.setAccount(account.name, disabled: disabled)
                try change.logAccess(disabled ? "user-disabled" : "user-enabled", account: actor.user, role: actor.role, address: address,
                                     detail: account.name)
            }
        }
    }

    /// Sets a new password for a user the caller administers; their sessions end and a lockout is lifted.
    public func resetPassword(_ principal: Principal?, name: String, password: String, address: String? = nil,
                              cost: UInt8? = nil) async throws(ServiceError) {
        if let problem = Passwords.problem(password, user: name) { throw ServiceError(.invalid, problem) }
        _ = try serviceCall { try database.read { try administered(principal, name: name, reader: $0) } }
        let chosen: UInt8
        if let cost { chosen = cost } else { chosen = try storedCost() }
        let cost = chosen
        let hash = try await hashing.run { Passwords.hash(password, cost: cost) }
        let actor = principal?.actor ?? Actor(user: "operator", role: "province")
        try serviceCall {
            try database.change(actor, reason: "password reset") { change in
                let account = try administered(principal, name: name, reader: change.reader)
                try change.setPasswordHash(account.name, hash: hash)
                try change.logAccess("password-reset", account: actor.user, role: actor.role, address: address, detail: account.name)
            }
        }
    }

    private func checkNewUser(name: String, password: String, role: Role, jurisdiction: String, by creator: Principal?) throws(ServiceError) {
        guard !name.isBlank, name.count <= 64, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ServiceError(.invalid, .userNameForm)
        }
        if let problem = Passwords.problem(password, user: name) { throw ServiceError(.invalid, problem) }
        guard jurisdiction.utf8.count == role.jurisdictionLength, jurisdiction.utf8.allSatisfy({ (48...57).contains($0) }) else {
            throw ServiceError(.invalid, .jurisdictionLength(role: role.rawValue, digits: role.jurisdictionLength))
        }
        let provinceDigits = role == .school ? jurisdiction.utf8.dropFirst(2).prefix(2) : jurisdiction.utf8.prefix(2)
        guard role == .ministry || provinceDigits.elementsEqual(String(province).utf8) else {
            throw ServiceError(.invalid, .jurisdictionOutsideProvince(jurisdiction, province: province))
        }
        if let creator {
            guard creator.role == .ministry || creator.role.rank > role.rank else {
                throw ServiceError(.forbidden, .addsLowerLevels(creator: creator.role.rawValue, role: role.rawValue))
            }
        }
    }

    private func storeUser(name: String, hash: String, role: Role, jurisdiction: String, fullView: Bool, by creator: Principal?,
                           address: String?) throws(ServiceError) {
        let actor = creator?.actor ?? Actor(user: "operator", role: "province")
        try serviceCall {
            try database.change(actor, reason: "user added") { change in
                let account = Account(name: name, passwordHash: hash, role: role.rawValue, jurisdiction: jurisdiction,
                                      fullView: fullView && role.mayViewFull)
                guard try administers(creator, account, reader: change.reader) else {
                    throw ServiceError(.forbidden, .jurisdictionOutsideYours(jurisdiction))
                }
                try change.addAccount(account)
                try change.logAccess("user-added", account: actor.user, role: actor.role, address: address,
                                     detail: "\(name) \(role.rawValue) \(jurisdiction)")
            }
        }
    }

    /// The bcrypt cost of the stored passwords (one row read), for new hashes and for unknown users.
    private func storedCost() throws(ServiceError) -> UInt8 {
        let stored = try serviceCall { try database.read { try $0.anyPasswordHash() } }
        return stored.flatMap(Passwords.cost(of:)) ?? Passwords.standardCost
    }

    /// An account the caller administers, or not-found (its existence does not leak).
    private func administered(_ principal: Principal?, name: String, reader: RegistryReader) throws -> Account {
        guard let account = try reader.account(named: name), try administers(principal, account, reader: reader) else {
            throw ServiceError(.notFound, .noAdministeredUser(name))
        }
        return account
    }

    /// The operator administers everyone; the ministry every account; any other user the accounts of lower levels in their jurisdiction.
    private func administers(_ principal: Principal?, _ account: Account, reader: RegistryReader) throws -> Bool {
        guard let principal else { return true }
        guard let role = Role(rawValue: account.role), account.name != principal.name else { return false }
        if principal.role == .ministry { return true }
        guard principal.role.rank > role.rank else { return false }
        if role == .school {
            let county = try reader.school(account.jurisdiction)?.countyCode
            return principal.role == .province || principal.covers(school: account.jurisdiction, county: county)
        }
        return principal.covers(region: account.jurisdiction)
    }
}

extension ISO8601DateFormatter {
    /// The registry's stored instants (milliseconds, UTC).
    static var withFractions: ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}
