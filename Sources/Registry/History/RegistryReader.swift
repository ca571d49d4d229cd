import Foundation
import GRDB
import Normalization

/// Read access to the registry: teachers, documents, assignments, history.
public struct RegistryReader {
    let db: Database

    public func teacher(id: Int64) throws -> Teacher {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM teacher WHERE id = ?"), arguments: [id]) else {
            throw RegistryError(.notFound, .noTeacherWithID(id))
        }
        return Teacher(row: row)
    }

    /// The teacher a number resolves to, following merges (a merged-away
    /// number resolves to the surviving teacher).
    public func teacher(number: String) throws -> Teacher? {
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT teacher_id FROM teacher_number WHERE number = ?"),
                                          arguments: [number.uppercased()]) else { return nil }
        return try resolve(id)
    }

    /// The teacher holding a document, current or retired, following merges.
    public func teacher(documentKind kind: String?, number: String) throws -> Teacher? {
        let id: Int64? =
            if let kind {
                try Int64.fetchOne(db.cachedStatement(sql: "SELECT teacher_id FROM document WHERE kind = ? AND number = ? ORDER BY current DESC LIMIT 1"),
                                   arguments: [kind, number])
            } else {
                try Int64.fetchOne(db.cachedStatement(sql: "SELECT teacher_id FROM document WHERE number = ? ORDER BY current DESC LIMIT 1"),
                                   arguments: [number])
            }
        return try id.map(resolve)
    }

    /// The teacher row a number was issued to (without following merges).
    public func teacherNumberOwner(_ number: String) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT teacher_id FROM teacher_number WHERE number = ?"), arguments: [number.uppercased()])
    }

    /// Follows `merged_into` to the surviving teacher.
    public func resolve(_ id: Int64) throws -> Teacher {
        var teacher = try self.teacher(id: id)
        var hops = 0
        while let next = teacher.mergedInto, hops < 64 {
            teacher = try self.teacher(id: next)
            hops += 1
        }
        return teacher
    }

    public func documents(of teacher: Int64) throws -> [TeacherDocument] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM document WHERE teacher_id = ? ORDER BY current DESC, id"), arguments: [teacher])
            .map(TeacherDocument.init)
    }

    public func assignments(of teacher: Int64) throws -> [Assignment] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM assignment WHERE teacher_id = ? ORDER BY start_date, id"), arguments: [teacher])
            .map(Assignment.init)
    }

    public func history(of teacher: Int64) throws -> [HistoryEvent] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM event WHERE teacher_id = ? ORDER BY id"), arguments: [teacher])
            .map(HistoryEvent.init)
    }

    /// The teacher as they were at the end of `date` (China time): current
    /// values with every later change undone.
    public func teacher(id: Int64, asOf date: CivilDate) throws -> Teacher? {
        var teacher = try self.teacher(id: id)
        let cutoff = Self.endOfDayUTC(date)
        let later = try Row.fetchAll(db, sql: "SELECT * FROM event WHERE teacher_id = ? AND at > ? ORDER BY id DESC",
                                     arguments: [id, cutoff]).map(HistoryEvent.init)
        for event in later {
            if event.kind == EventKind.registered.rawValue { return nil }  // not yet registered then
            for change in event.changes.reversed() where Teacher.trackedFields.contains(change.field) {
                teacher.set(change.field, change.before)
            }
        }
        return teacher
    }

    /// Changes in a period, for delta submissions: events with `from < at ≤ to`.
    public func changes(from: CivilDate, to: CivilDate) throws -> [HistoryEvent] {
        try Row.fetchAll(db, sql: "SELECT * FROM event WHERE at > ? AND at <= ? ORDER BY id",
                         arguments: [Self.endOfDayUTC(from), Self.endOfDayUTC(to)]).map(HistoryEvent.init)
    }

    /// Changes in a period within a jurisdiction: the events of teachers who
    /// have (or had) an assignment at a school whose county code starts with
    /// the region's significant digits (`360000` a province, `360100` a
    /// city, `360102` a county). This feeds delta submissions.
    public func changes(from: CivilDate, to: CivilDate, inRegion region: String) throws -> [HistoryEvent] {
        var prefix = region
        while prefix.hasSuffix("00"), prefix.count > 2 { prefix.removeLast(2) }
        return try Row.fetchAll(db, sql: """
            SELECT e.* FROM event e
            WHERE e.at > ? AND e.at <= ? AND e.teacher_id IN (
                SELECT a.teacher_id FROM assignment a JOIN school s ON s.code = a.school_code WHERE s.county_code LIKE ? || '%')
            ORDER BY e.id
            """, arguments: [Self.endOfDayUTC(from), Self.endOfDayUTC(to), prefix]).map(HistoryEvent.init)
    }

    public func sources(of teacher: Int64) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM source_record WHERE teacher_id = ? ORDER BY id"), arguments: [teacher])
    }

    /// True when no teacher was ever registered (merged ones included).
    public func isEmpty() throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT NOT EXISTS (SELECT 1 FROM teacher)") ?? true
    }

    /// Teachers ever registered (merged ones included), from the largest id:
    /// the population the matcher's prior needs, without counting millions
    /// of rows for every file or lookup.
    public func teachersEverRegistered() throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT max(id) FROM teacher")) ?? 0
    }

    public func teacherCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM teacher WHERE merged_into IS NULL") ?? 0
    }

    /// The stored UTC instant (as events store it) at which `date` ends in
    /// China (UTC+8): 15:59:59.999 UTC of the same day.
    public static func endOfDayUTC(_ date: CivilDate) -> String {
        date.description + "T15:59:59.999Z"
    }
}

extension RegistryReader {
    /// Teachers (not merged away) whose name key is `nameKey`, optionally born on `birthDate`.
    public func teachers(nameKey: String, birthDate: String? = nil, limit: Int = 100) throws -> [Teacher] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM teacher WHERE name_key = ? AND merged_into IS NULL AND (?2 IS NULL OR birth_date = ?2)
            ORDER BY number LIMIT ?3
            """, arguments: [nameKey, birthDate, limit]).map(Teacher.init)
    }
}

extension RegistryReader {
    /// The id of the latest history event (0 when there is none): every change writes one.
    public func lastEventID() throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(id) FROM event") ?? 0
    }

    /// Teachers touched by the events after `event`, when there are at most
    /// `limit` such events (nil when there are more).
    public func teachersChanged(afterEvent event: Int64, limit: Int) throws -> Set<Int64>? {
        // NOT INDEXED: a rowid range over the newest events, never a scan of event_teacher.
        let ids = try Int64?.fetchAll(db, sql: "SELECT teacher_id FROM event NOT INDEXED WHERE id > ? ORDER BY id LIMIT ?",
                                      arguments: [event, limit + 1])
        return ids.count > limit ? nil : Set(ids.compactMap { $0 })
    }
}
