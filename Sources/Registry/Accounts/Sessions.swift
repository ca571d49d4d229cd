import Normalization
import Foundation
import GRDB

/// An access event: a sign-in, a failure, a lockout, an account change, a transfer look-up.
public struct AccessEvent: Sendable, Equatable {
    public var at: String
    public var account: String
    public var role: String?
    public var action: String
    public var address: String?
    public var teacherID: Int64?
    public var detail: String?
}

extension ChangeTransaction {
    /// Records a signed-in session by the hash of its token.
    public func openSession(account: String, tokenHash: String, csrf: String, expiresAt: String) throws {
        try db.execute(sql: "INSERT INTO session (token_hash, account, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [tokenHash, account, csrf, at, expiresAt])
    }

    /// Ends one session (signing out).
    public func revokeSession(tokenHash: String) throws {
        try db.execute(sql: "UPDATE session SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", arguments: [at, tokenHash])
    }

    /// Ends every live session of an account; how many there were.
    @discardableResult
    public func revokeSessions(of account: String) throws -> Int {
        try db.execute(sql: "UPDATE session SET revoked_at = ? WHERE account = ? AND revoked_at IS NULL", arguments: [at, account])
        return db.changesCount
    }

    /// Forgets sessions that ended (expired or revoked) before `before`.
    public func purgeSessions(endedBefore before: String) throws {
        try db.execute(sql: "DELETE FROM session WHERE expires_at < ?1 OR revoked_at < ?1", arguments: [before])
    }

    /// Appends to the access log.
    public func logAccess(_ action: String, account: String, role: String?, address: String?, teacher: Int64? = nil,
                          detail: String? = nil) throws {
        try db.execute(sql: """
            INSERT INTO access_event (at, account, role, action, address, teacher_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [at, account, role, action, address, teacher, detail])
    }

    /// Counts a failed sign-in of an existing account; the failures in a row so far.
    public func recordSignInFailure(account: String) throws -> Int {
        try db.execute(sql: "UPDATE account SET failed_logins = failed_logins + 1, last_failure_at = ? WHERE name = ?",
                       arguments: [at, account])
        return try Int.fetchOne(db, sql: "SELECT failed_logins FROM account WHERE name = ?", arguments: [account]) ?? 0
    }

    /// A successful sign-in clears the failures.
    public func recordSignInSuccess(account: String) throws {
        try db.execute(sql: "UPDATE account SET failed_logins = 0, last_failure_at = NULL WHERE name = ? AND failed_logins > 0",
                       arguments: [account])
    }

    /// Locks an account after repeated failures: no one signs in with it
    /// until a superior lifts the lock. Sessions already open stay open: the
    /// failures may be someone else's, who must not be able to sign the
    /// account's owner out (disabling does that).
    public func lockAccount(_ name: String) throws {
        try db.execute(sql: "UPDATE account SET locked_at = coalesce(locked_at, ?) WHERE name = ?", arguments: [at, name])
    }

    /// Disables an account (its sessions end at once) or enables it again (which also lifts a lockout).
    public func setAccount(_ name: String, disabled: Bool) throws {
        guard try reader.account(named: name) != nil else { throw RegistryError(.notFound, .noUser(name)) }
        if disabled {
            try db.execute(sql: "UPDATE account SET disabled_at = coalesce(disabled_at, ?) WHERE name = ?", arguments: [at, name])
            try revokeSessions(of: name)
        } else {
            try db.execute(sql: "UPDATE account SET disabled_at = NULL, locked_at = NULL, failed_logins = 0, last_failure_at = NULL WHERE name = ?",
                           arguments: [name])
        }
    }

    /// Sets a new password hash; the account's sessions end and a lockout is lifted.
    public func setPasswordHash(_ name: String, hash: String) throws {
        guard try reader.account(named: name) != nil else { throw RegistryError(.notFound, .noUser(name)) }
        try db.execute(sql: "UPDATE account SET password_hash = ?, locked_at = NULL, failed_logins = 0, last_failure_at = NULL WHERE name = ?",
                       arguments: [hash, name])
        try revokeSessions(of: name)
    }
}

extension RegistryReader {
    /// The account and CSRF token of a live session: not revoked, not expired at `now`, its account enabled.
    public func liveSession(tokenHash: String, now: String) throws -> (account: Account, csrf: String)? {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT a.*, s.csrf FROM session s JOIN account a ON a.name = s.account
            WHERE s.token_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND a.disabled_at IS NULL
            """), arguments: [tokenHash, now]) else { return nil }
        return (Account(row: row), row["csrf"])
    }

    /// One stored password hash (its cost is every hash's), or nil when there are no users.
    public func anyPasswordHash() throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT password_hash FROM account LIMIT 1"))
    }

    public func accounts() throws -> [Account] {
        try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").map(Account.init)
    }

    /// Live sessions of an account.
    public func liveSessionCount(of account: String, now: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM session WHERE account = ? AND revoked_at IS NULL AND expires_at > ?",
                         arguments: [account, now]) ?? 0
    }

    /// The access log, newest first (optionally of one account).
    public func accessEvents(account: String? = nil, limit: Int = 1000) throws -> [AccessEvent] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM access_event WHERE ?1 IS NULL OR account = ?1 ORDER BY id DESC LIMIT ?2
            """, arguments: [account, limit]).map {
            AccessEvent(at: $0["at"], account: $0["account"], role: $0["role"], action: $0["action"], address: $0["address"],
                        teacherID: $0["teacher_id"], detail: $0["detail"])
        }
    }
}
