import Foundation
import GRDB
import Normalization

/// What the submission gate checks of one teacher.
public struct TeacherFacts: Sendable {
    public var id: Int64
    public var number: String
    public var name: String
    public var status: String
    /// The school of the open regular assignment, and its county.
    public var school: String?
    public var county: String?
    public var hasCurrentDocument: Bool
}

extension RegistryReader {
    /// Every teacher not merged away, with the facts the gate checks.
    public func teacherFacts() throws -> [TeacherFacts] {
        try Row.fetchAll(db, sql: """
            SELECT t.id, t.number, t.name, t.status, a.school_code, s.county_code,
                   EXISTS (SELECT 1 FROM document d WHERE d.teacher_id = t.id AND d.current = 1) AS has_document
            FROM teacher t
            LEFT JOIN assignment a ON a.teacher_id = t.id AND a.kind = 'regular' AND a.end_date IS NULL
            LEFT JOIN school s ON s.code = a.school_code
            WHERE t.merged_into IS NULL ORDER BY t.number
            """).map {
            TeacherFacts(id: $0["id"], number: $0["number"], name: $0["name"], status: $0["status"], school: $0["school_code"],
                         county: $0["county_code"], hasCurrentDocument: $0["has_document"])
        }
    }

    /// Pairs of teacher numbers decided to be different persons.
    public func differentPersonPairs() throws -> Set<[String]> {
        Set(try Row.fetchAll(db, sql: """
            SELECT a.number AS a, b.number AS b FROM different_persons d
            JOIN teacher a ON a.id = d.teacher_a JOIN teacher b ON b.id = d.teacher_b
            """).map { [$0["a"] as String, $0["b"] as String].sorted() })
    }

    /// The document cell of the teacher's latest submitted row, as received.
    public func latestDocumentCell(of teacher: Int64) throws -> String? {
        guard let raw = try String.fetchOne(db, sql: "SELECT raw FROM source_record WHERE teacher_id = ? ORDER BY id DESC LIMIT 1",
                                            arguments: [teacher]) else { return nil }
        return TeacherCells(sourceJSON: raw)?.identity.documentNumber
    }
}
