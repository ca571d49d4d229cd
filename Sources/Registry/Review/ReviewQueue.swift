import Foundation
import GRDB
import Matching
import Normalization

/// A submitted row too close to existing teachers to register without a
/// person deciding: the row as received and the numbers it resembles.
public struct ReviewItem: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// The matcher found the row close to the candidates.
        case possible
        /// The row names a teacher registered outside its submitter's jurisdiction.
        case elsewhere
    }
    public var id: Int64
    public var kind: Kind
    public var raw: String
    public var file: String
    public var row: Int
    public var schoolCode: String?
    /// Teacher numbers the row resembles, as queued.
    public var candidates: [String]
    public var createdAt: String
    public var createdBy: String
    public var resolution: String?

    init(row: Row) {
        id = row["id"]
        kind = Kind(rawValue: row["kind"] ?? "possible") ?? .possible
        raw = row["raw"]
        file = row["file"]
        self.row = row["row"]
        schoolCode = row["school_code"]
        candidates = (row["candidates"] as String).split(separator: ",").map(String.init)
        createdAt = row["created_at"]
        createdBy = row["created_by"]
        resolution = row["resolution"]
    }

    /// The row's cells.
    public var cells: TeacherCells? { TeacherCells(sourceJSON: raw) }
}

/// A person's decision on a review item.
public enum ReviewDecision: Sendable, Equatable {
    /// The row is this teacher (a number among the candidates).
    case samePerson(teacherNumber: String)
    /// The row is a person of its own: registered, and recorded as different from every candidate.
    case differentPersons
}

extension RegistryReader {
    /// Open review items, oldest first.
    public func openReviewItems(limit: Int = 1000) throws -> [ReviewItem] {
        try Row.fetchAll(db, sql: "SELECT * FROM review_item WHERE resolved_at IS NULL ORDER BY id LIMIT ?", arguments: [limit])
            .map(ReviewItem.init)
    }

    public func reviewItem(_ id: Int64) throws -> ReviewItem {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM review_item WHERE id = ?", arguments: [id]) else {
            throw RegistryError(.notFound, .noReviewItem(id))
        }
        return ReviewItem(row: row)
    }

    public func openReviewCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM review_item WHERE resolved_at IS NULL") ?? 0
    }
}

extension Registrar {
    /// Resolves a review item in one transaction. The officer who queued the
    /// row cannot decide it; a reason is required either way.
    /// Same person: the row is attached to that teacher and its values
    /// applied as an import would. Different persons: the row's person is
    /// registered with a new number and recorded as different from every
    /// candidate, so no later match joins them.
    @discardableResult
    public func resolveReview(_ id: Int64, decision: ReviewDecision, actor: Actor, reason: String) throws -> TeacherNumber {
        guard !reason.trimmingWhitespace().isEmpty else { throw RegistryError(.invalid, .reviewDecisionNeedsReason) }
        return try database.change(actor, reason: reason) { change in
            let reader = change.reader
            let item = try reader.reviewItem(id)
            guard item.resolution == nil else { throw RegistryError(.conflict, .reviewItemDecided(id, resolution: item.resolution ?? "")) }
            guard item.createdBy != actor.user else {
                throw RegistryError(.invalid, .ownReviewItem(id, user: actor.user))
            }
            guard let cells = item.cells else { throw RegistryError(.invalid, .reviewItemUnreadable(id)) }
            let record = MatchRecord.normalizeAll([cells], normalizer: normalizer)[0]
            let source = SourceRow(file: item.file, row: item.row, raw: item.raw)
            let values = TeacherRecordValues(cells)
            let fields = Self.fields(record, cells: cells, values: values)
            let number: TeacherNumber, resolution: String
            switch decision {
            case .samePerson(let chosen):
                guard item.candidates.contains(chosen), let owner = try reader.teacherNumberOwner(chosen) else {
                    throw RegistryError(.invalid, .notACandidate("\(chosen)", item: id))
                }
                let teacher = try reader.resolve(owner)
                try change.attachSourceCached(teacher.id, source, evidence: "review #\(id): \(reason)")
                try change.applyRow(teacher.id, fields, source: source)
                try change.applyRecord(teacher.id, values.record, source: source)
                number = try TeacherNumber(validating: teacher.number, provinces: Self.allProvinces)
                resolution = "same:\(teacher.number)"
            case .differentPersons:
                var document: (String, String)?
                if case .valid(let valid) = record.document { document = (valid.kind.rawValue, valid.canonical) }
                let school = record.schoolCode.flatMap { $0.count == 10 && $0.allSatisfy(\.isNumber) ? $0 : nil }
                let new = try change.registerNew(NewTeacher(
                    fields: fields, document: document, school: school, county: record.countyCode,
                    assignmentStart: values.joinedSchool ?? CivilDate.todayInChina().description, matchKeys: PairMatcher.blockingKeys(record),
                    source: source, record: values.record))
                try change.flushRegistrations()
                for candidate in item.candidates {
                    guard let owner = try reader.teacherNumberOwner(candidate) else { continue }
                    let other = try reader.resolve(owner)
                    try change.recordDifferentPersons(new.id, other.id, reason: reason)
                }
                number = new.number
                resolution = "different:\(new.number.text)"
            }
            try change.closeReview(id, resolution: resolution)
            return number
        }
    }
}

extension ChangeTransaction {
    func closeReview(_ id: Int64, resolution: String) throws {
        try db.execute(sql: "UPDATE review_item SET resolved_at = ?, resolution = ? WHERE id = ?", arguments: [at, resolution, id])
        try record(.reviewDecided, teacher: nil, [FieldChange(field: "review", before: "#\(id) open", after: "#\(id) \(resolution)")])
    }
}
