import Foundation
import GRDB

/// A file received through the service and what became of it. `summary`
/// and `problems` are JSON written by the import; the error workbook is the
/// school's own file with its problems marked, when there were any.
public struct Upload: Sendable {
    public var id: Int64
    public var file: String
    public var uploadedBy: String
    public var role: String
    public var jurisdiction: String
    public var region: String
    public var at: String
    public var summary: String
    public var problems: String
    public var hasErrorWorkbook: Bool

    init(row: Row) {
        id = row["id"]
        file = row["file"]
        uploadedBy = row["uploaded_by"]
        role = row["role"]
        jurisdiction = row["jurisdiction"]
        region = row["region"]
        at = row["at"]
        summary = row["summary"]
        problems = row["problems"]
        hasErrorWorkbook = row["has_workbook"]
    }
}

extension ChangeTransaction {
    /// Records an upload and its outcome; returns its id.
    public func recordUpload(file: String, jurisdiction: String, region: String, summary: String, problems: String, errorWorkbook: Data?) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO upload (file, uploaded_by, role, jurisdiction, region, at, summary, problems, error_workbook)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [file, actor.user, actor.role, jurisdiction, region, at, summary, problems, errorWorkbook])
        return db.lastInsertedRowID
    }

    /// Links the files imported in this transaction to their upload.
    public func linkImports(toUpload upload: Int64, validRows: [String: Int]) throws {
        for (hash, valid) in validRows {
            try db.execute(sql: "UPDATE import_batch SET upload_id = ?, valid_rows = ? WHERE content_hash = ?", arguments: [upload, valid, hash])
        }
    }
}

extension RegistryReader {
    fileprivate static let uploadColumns = "id, file, uploaded_by, role, jurisdiction, region, at, summary, problems, error_workbook IS NOT NULL AS has_workbook"

    public func upload(_ id: Int64) throws -> Upload? {
        try Row.fetchOne(db, sql: "SELECT \(Self.uploadColumns) FROM upload WHERE id = ?", arguments: [id]).map(Upload.init)
    }

    public func errorWorkbook(ofUpload id: Int64) throws -> Data? {
        try Data.fetchOne(db, sql: "SELECT error_workbook FROM upload WHERE id = ?", arguments: [id])
    }
}

extension RegistryReader {
    /// Uploads whose region starts with `prefix` ("" for all), oldest first.
    public func uploads(regionPrefix prefix: String) throws -> [Upload] {
        try Row.fetchAll(db, sql: "SELECT \(Self.uploadColumns) FROM upload WHERE region LIKE ? || '%' ORDER BY id", arguments: [prefix])
            .map(Upload.init)
    }
}
