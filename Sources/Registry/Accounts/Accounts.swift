import Foundation
import GRDB
import Normalization

/// A user of the service: one of the five levels and its jurisdiction.
/// The password is kept only as a bcrypt hash, made by the caller.
public struct Account: Sendable, Equatable {
    public var name: String
    public var passwordHash: String
    public var role: String
    /// A region code (2, 4 or 6 digits), a 10-digit school code, or "" for the ministry.
    public var jurisdiction: String
    /// Whether the role may ask for full document numbers (each view is logged).
    public var fullView: Bool
    /// When a superior disabled the account (nil: enabled).
    public var disabledAt: String?
    /// Failed sign-ins since the last success, and when the last one was.
    public var failedLogins = 0
    public var lastFailureAt: String?
    /// When repeated failures locked the account (nil: not locked).
    public var lockedAt: String?

    public init(name: String, passwordHash: String, role: String, jurisdiction: String, fullView: Bool) {
        self.name = name
        self.passwordHash = passwordHash
        self.role = role
        self.jurisdiction = jurisdiction
        self.fullView = fullView
    }

    init(row: Row) {
        self.init(name: row["name"], passwordHash: row["password_hash"], role: row["role"], jurisdiction: row["jurisdiction"],
                  fullView: row["full_view"])
        disabledAt = row["disabled_at"]
        failedLogins = row["failed_logins"] ?? 0
        lastFailureAt = row["last_failure_at"]
        lockedAt = row["locked_at"]
    }
}

/// A school as the registry knows it.
public struct School: Sendable, Equatable {
    public var code: String
    public var name: String?
    public var countyCode: String?
    public var successor: String?
    /// What the school directory says of it.
    public var description: SchoolDescription

    init(row: Row) {
        code = row["code"]
        name = row["name"]
        countyCode = row["county_code"]
        successor = row["successor"]
        description = SchoolDescription(code: code, name: name, county: countyCode, schoolType: row["school_type"],
                                        templateKind: row["template_kind"], urbanRural: row["urban_rural"],
                                        sponsorship: row["sponsorship"], sponsor: row["sponsor"], students: row["students"])
    }
}

/// What a directory row did to the registry's school.
public enum SchoolChange: Sendable, Equatable {
    case added, changed, unchanged
}

extension ChangeTransaction {
    /// Adds a user; the schema refuses a jurisdiction that does not fit the role.
    public func addAccount(_ account: Account) throws {
        if try Int.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [account.name]) != nil {
            throw RegistryError(.conflict, .userExists(account.name))
        }
        do {
            try db.execute(sql: """
                INSERT INTO account (name, password_hash, role, jurisdiction, full_view, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [account.name, account.passwordHash, account.role, account.jurisdiction, account.fullView, at, actor.user])
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            throw RegistryError(.invalid, .jurisdictionMisfit(user: account.name, jurisdiction: account.jurisdiction, role: account.role))
        }
        try record(.accountAdded, teacher: nil, [FieldChange(field: "account", before: nil,
                                                               after: "\(account.name) \(account.role) \(account.jurisdiction)")])
    }

    /// Logs one view of a teacher's full document numbers.
    public func logFullView(teacher: Int64, what: String) throws {
        try db.execute(sql: "INSERT INTO access_log (at, account, role, teacher_id, what) VALUES (?, ?, ?, ?, ?)",
                       arguments: [at, actor.user, actor.role, teacher, what])
    }

    /// Writes what the directory says of a school: the stated fields replace the stored ones (an unstated one is
    /// kept), and the changes are an event of the school with each field's before and after.
    @discardableResult
    public func describeSchool(_ school: SchoolDescription) throws -> SchoolChange {
        let known = try reader.school(school.code)
        try ensureSchool(school.code)
        let before = known?.description ?? SchoolDescription(code: school.code)
        var changes: [FieldChange] = []
        for (new, old) in zip(school.fields, before.fields) where new.value != nil && new.value != old.value {
            changes.append(FieldChange(field: new.key, before: old.value, after: new.value))
        }
        guard !changes.isEmpty || known == nil else { return .unchanged }
        try db.execute(sql: """
            UPDATE school SET name = coalesce(?, name), county_code = coalesce(?, county_code), school_type = coalesce(?, school_type),
                template_kind = coalesce(?, template_kind), urban_rural = coalesce(?, urban_rural),
                sponsorship = coalesce(?, sponsorship), sponsor = coalesce(?, sponsor), students = coalesce(?, students)
            WHERE code = ?
            """, arguments: [school.name, school.county, school.schoolType, school.templateKind, school.urbanRural, school.sponsorship,
                             school.sponsor, school.students, school.code])
        try db.execute(sql: """
            INSERT INTO event (teacher_id, kind, actor, role, at, reason, source, changes, school_code)
            VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [(known == nil ? EventKind.schoolAdded : .schoolDescribed).rawValue, actor.user, actor.role, at, reason, source,
                             FieldChange.json(changes), school.code])
        return known == nil ? .added : .changed
    }
}

extension RegistryReader {
    public func account(named name: String) throws -> Account? {
        try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]).map(Account.init)
    }

    public func accountCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM account") ?? 0
    }

    /// Who saw a teacher's full document numbers, newest first.
    public func accessLog(of teacher: Int64) throws -> [(at: String, account: String, what: String)] {
        try Row.fetchAll(db, sql: "SELECT at, account, what FROM access_log WHERE teacher_id = ? ORDER BY id DESC", arguments: [teacher])
            .map { ($0["at"], $0["account"], $0["what"]) }
    }

    public func school(_ code: String) throws -> School? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM school WHERE code = ?"), arguments: [code]).map(School.init)
    }

    /// The schools of a region (a county, city or province code; "" for all), by code.
    public func schools(inRegion region: String, limit: Int = 100_000) throws -> [School] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM school WHERE county_code LIKE ? || '%' OR (? = '' AND county_code IS NULL) ORDER BY code LIMIT ?
            """, arguments: [region, region, limit]).map(School.init)
    }

    /// A school's directory history, oldest first: when, who, why, and each field's before and after.
    public func schoolHistory(_ code: String) throws -> [HistoryEvent] {
        try Row.fetchAll(db, sql: "SELECT * FROM event WHERE school_code = ? ORDER BY id", arguments: [code]).map(HistoryEvent.init)
    }

    /// The names of the schools the registry has named, by code (for showing names beside codes).
    public func schoolNames(_ codes: some Sequence<String>) throws -> [String: String] {
        var names: [String: String] = [:]
        let statement = try db.cachedStatement(sql: "SELECT name FROM school WHERE code = ?")
        for code in Set(codes) where names[code] == nil {
            if let name = try String.fetchOne(statement, arguments: [code]) { names[code] = name }
        }
        return names
    }

    /// Where a teacher works or worked: each assignment's school and county.
    public func places(of teacher: Int64) throws -> [(school: String, county: String?, open: Bool)] {
        try Row.fetchAll(db, sql: """
            SELECT a.school_code, s.county_code, a.end_date IS NULL AS open FROM assignment a
            JOIN school s ON s.code = a.school_code WHERE a.teacher_id = ?
            """, arguments: [teacher]).map { ($0["school_code"], $0["county_code"], $0["open"]) }
    }
}

extension RegistryReader {
    /// Files imported without an upload (from the command line), per school: files, rows, valid rows, and
    /// how many were imported (a batch that exists was imported; a refused file leaves none).
    public func commandLineBatches() throws -> [(school: String, files: Int, rows: Int, validRows: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT school_code, count(*) AS files, sum(rows) AS rows, sum(coalesce(valid_rows, rows)) AS valid FROM import_batch
            WHERE upload_id IS NULL AND school_code IS NOT NULL GROUP BY school_code
            """).map { ($0["school_code"], $0["files"], $0["rows"] ?? 0, $0["valid"] ?? 0) }
    }

    /// Teachers with an open regular assignment at a school.
    public func openRegularCount(school: String) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: """
            SELECT count(*) FROM assignment WHERE school_code = ? AND kind = 'regular' AND end_date IS NULL
            """), arguments: [school]) ?? 0
    }

    /// Per school: its county, teachers with an open regular assignment, and open review items.
    public func schoolCounts() throws -> [(school: String, county: String?, teachers: Int, pendingReview: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT s.code, s.county_code,
                   (SELECT count(*) FROM assignment a WHERE a.school_code = s.code AND a.kind = 'regular' AND a.end_date IS NULL) AS teachers,
                   (SELECT count(*) FROM review_item r WHERE r.school_code = s.code AND r.resolved_at IS NULL) AS pending
            FROM school s ORDER BY s.code
            """).map { ($0["code"], $0["county_code"], $0["teachers"], $0["pending"]) }
    }
}
