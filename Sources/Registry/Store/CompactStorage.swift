import GRDB
import Normalization

/// Migration `v8-compact-storage`: the same facts in less room, so that a
/// province of two million teachers fits its store in under 3 GB.
/// - `teacher_number` becomes a WITHOUT ROWID table: the number is the key,
///   stored once instead of in the table and again in its index.
/// - Blocking keys become 32-bit (see `PairMatcher.blockingKeys`): the
///   stored ones are cut the same way, so that old and new keys meet.
/// - Source rows (and rows waiting for review) are rewritten from one
///   object per row to the array of `SourceCells`, with their new hash, so
///   that a row submitted again is still recognised.
enum CompactStorage {
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE teacher_number_compact (
                number TEXT PRIMARY KEY NOT NULL CHECK (length(number) = 13),
                teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                issued_at TEXT NOT NULL) WITHOUT ROWID;
            INSERT INTO teacher_number_compact SELECT number, teacher_id, issued_at FROM teacher_number;
            DROP TABLE teacher_number;
            ALTER TABLE teacher_number_compact RENAME TO teacher_number;
            CREATE TRIGGER number_no_delete BEFORE DELETE ON teacher_number
                BEGIN SELECT RAISE(ABORT, 'teacher numbers are never deleted'); END;
            CREATE TRIGGER number_no_reassign BEFORE UPDATE OF number ON teacher_number
                BEGIN SELECT RAISE(ABORT, 'teacher numbers are never reassigned'); END;

            CREATE TABLE match_key_compact (
                key INTEGER NOT NULL,
                teacher_id INTEGER NOT NULL REFERENCES teacher(id),
                PRIMARY KEY (key, teacher_id)) WITHOUT ROWID;
            -- The low 32 bits, sign-extended: Int64(Int32(truncatingIfNeeded: key)).
            INSERT OR IGNORE INTO match_key_compact
                SELECT CASE WHEN (key & 4294967295) >= 2147483648 THEN (key & 4294967295) - 4294967296 ELSE key & 4294967295 END,
                       teacher_id FROM match_key ORDER BY 1, 2;
            DROP TABLE match_key;
            ALTER TABLE match_key_compact RENAME TO match_key;
            """)
        try rewriteRows(db, table: "source_record")
        try rewriteRows(db, table: "review_item")
    }

    /// Rewrites rows stored in the object form, a chunk at a time.
    private static func rewriteRows(_ db: Database, table: String) throws {
        let update = try db.makeStatement(sql: "UPDATE \(table) SET raw = ?, row_hash = ? WHERE id = ?")
        var last: Int64 = 0
        while true {
            let rows = try Row.fetchAll(db, sql: "SELECT id, raw FROM \(table) WHERE id > ? ORDER BY id LIMIT 10000", arguments: [last])
            guard let end = rows.last else { return }
            last = end["id"]
            for row in rows {
                let raw: String = row["raw"]
                guard raw.hasPrefix("{"), let cells = TeacherCells(sourceJSON: raw) else { continue }
                let compact = cells.sourceJSON
                try update.execute(arguments: [compact, SourceRow.hash(of: compact), row["id"] as Int64])
            }
        }
    }
}
