import Foundation
import GRDB
import Matching
import Normalization

/// A stored teacher's place: the school of the open regular assignment and its county.
public struct TeacherPlace: Sendable {
    public var number: String
    public var school: String?
    public var county: String?
}

extension Registrar {
    /// The current teachers (not merged away) whose place `include` accepts,
    /// as the matcher sees them, with their places; record ids are teacher numbers.
    public func storedRecords(where include: (TeacherPlace) -> Bool) throws -> [(record: MatchRecord, place: TeacherPlace)] {
        try database.read { reader in
            let rows = try Row.fetchAll(reader.db, sql: """
                SELECT t.*, a.school_code, s.county_code FROM teacher t
                LEFT JOIN assignment a ON a.teacher_id = t.id AND a.kind = 'regular' AND a.end_date IS NULL
                LEFT JOIN school s ON s.code = a.school_code
                WHERE t.merged_into IS NULL ORDER BY t.id
                """)
            var result: [(MatchRecord, TeacherPlace)] = []
            for row in rows {
                let place = TeacherPlace(number: row["number"], school: row["school_code"], county: row["county_code"])
                guard include(place) else { continue }
                var record = try storedRecord(Teacher(row: row), reader: reader)
                record.countyCode = place.county
                result.append((record, place))
            }
            return result
        }
    }
}
