import Foundation
import GRDB

extension ChangeTransaction {
    /// Records an imported file by its content hash; false when the same
    /// content was imported before (then nothing else should change).
    public func recordImport(file: String, contentHash: String, school: String?, rows: Int) throws -> Bool {
        if try Int64.fetchOne(db, sql: "SELECT id FROM import_batch WHERE content_hash = ?", arguments: [contentHash]) != nil {
            return false
        }
        try db.execute(sql: "INSERT INTO import_batch (file, content_hash, school_code, rows, imported_at, actor) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [file, contentHash, school, rows, at, actor.user])
        try record("batch-imported", teacher: nil, [FieldChange(field: "file", before: nil, after: file)], source: file)
        return true
    }
}

extension RegistryReader {
    public func importedBefore(contentHash: String) throws -> String? {
        try String.fetchOne(db, sql: "SELECT imported_at FROM import_batch WHERE content_hash = ?", arguments: [contentHash])
    }

    /// Teachers with an open regular assignment at `school` whose number is
    /// not in `present`: in a school's complete file they are missing (left?
    /// transferred?); they are reported, never deleted.
    public func missing(from school: String, present: Set<String>) throws -> [Teacher] {
        try Row.fetchAll(db, sql: """
            SELECT t.* FROM teacher t JOIN assignment a ON a.teacher_id = t.id
            WHERE a.school_code = ? AND a.kind = 'regular' AND a.end_date IS NULL AND t.merged_into IS NULL
            ORDER BY t.number
            """, arguments: [school]).map(Teacher.init).filter { !present.contains($0.number) }
    }
}
