import Foundation
import GRDB

extension ChangeTransaction {
    /// Records an imported file by its content hash; nil when the same
    /// content was imported before (then nothing else should change).
    /// A file from a school whose previous file was returned in review
    /// supersedes it: the result names the batch superseded.
    public func recordImport(_ batch: ImportBatchRecord) throws -> (id: Int64, supersedes: Int64?)? {
        if try Int64.fetchOne(db, sql: "SELECT id FROM import_batch WHERE content_hash = ?", arguments: [batch.contentHash]) != nil {
            return nil
        }
        let returned = try batch.school.flatMap { try reader.returnedBatch(school: $0) }
        try db.execute(sql: """
            INSERT INTO import_batch (file, content_hash, school_code, rows, imported_at, actor, county_code, higher_education, supersedes)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [batch.file, batch.contentHash, batch.school, batch.rows, at, actor.user, batch.county, batch.higherEducation,
                             returned?.id])
        let id = db.lastInsertedRowID
        var changes = [FieldChange(field: "file", before: nil, after: batch.file)]
        if let returned {
            try db.execute(sql: "UPDATE import_batch SET state = 'superseded' WHERE id = ?", arguments: [returned.id])
            changes.append(FieldChange(field: "batch", before: "#\(returned.id) returned", after: "#\(returned.id) superseded by #\(id)"))
        }
        try record(.batchImported, teacher: nil, changes, source: batch.file)
        return (id, returned?.id)
    }
}

/// What the registry keeps of an imported file.
public struct ImportBatchRecord: Sendable {
    public var file: String
    public var contentHash: String
    public var school: String?
    /// The county the file belongs to (the school's, or the submitting county's).
    public var county: String?
    /// Higher-education institutions go straight to the province in review.
    public var higherEducation: Bool
    public var rows: Int

    public init(file: String, contentHash: String, school: String?, county: String?, higherEducation: Bool, rows: Int) {
        self.file = file
        self.contentHash = contentHash
        self.school = school
        self.county = county
        self.higherEducation = higherEducation
        self.rows = rows
    }
}

extension RegistryReader {
    public func importedBefore(contentHash: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT imported_at FROM import_batch WHERE content_hash = ?", arguments: [contentHash])
    }

    /// Teachers with an open regular assignment at `school` whose number is
    /// not in `present`: in a school's complete file they are missing (left?
    /// transferred?); they are reported, never deleted.
    /// The school of each teacher's open regular assignment, by teacher number (teachers without one are left out).
    public func openRegularSchools(numbers: [String]) throws -> [String: String] {
        var schools: [String: String] = [:]
        for chunk in stride(from: 0, to: numbers.count, by: 500).map({ numbers[$0..<min($0 + 500, numbers.count)] }) {
            for row in try Row.fetchAll(db, sql: """
                SELECT t.number, a.school_code FROM teacher t JOIN assignment a ON a.teacher_id = t.id
                WHERE t.number IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ","))) AND a.kind = 'regular' AND a.end_date IS NULL
                """, arguments: StatementArguments(Array(chunk))) {
                schools[row["number"]] = row["school_code"]
            }
        }
        return schools
    }

    public func missing(from school: String, present: Set<String>) throws -> [Teacher] {
        try Row.fetchAll(db, sql: """
            SELECT t.* FROM teacher t JOIN assignment a ON a.teacher_id = t.id
            WHERE a.school_code = ? AND a.kind = 'regular' AND a.end_date IS NULL AND t.merged_into IS NULL
            ORDER BY t.number
            """, arguments: [school]).map(Teacher.init).filter { !present.contains($0.number) }
    }
}
