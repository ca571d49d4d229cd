import Foundation
import GRDB
import Matching
import Normalization

/// Registers submitted rows: a person already present (same document,
/// current or retired, or a certain match) keeps their number; a new
/// person gets one; a possible match is left for a person to decide.
public struct Registrar: Sendable {
    public enum Outcome: Sendable, Equatable {
        case registered(TeacherNumber)
        /// Already present; `evidence` says how it was recognised.
        case existing(TeacherNumber, evidence: String)
        /// Too close to existing teachers to register without review.
        case needsReview(candidates: [String])
        /// The row names a teacher the submitter may not change (registered
        /// elsewhere): nothing of it is applied, and it waits for a level that
        /// covers both. The number is not told to the submitter.
        case heldElsewhere
    }

    /// Whether the rows being registered may join (and update) a stored
    /// teacher, by id: the submitter's jurisdiction. nil: any teacher.
    public typealias AttachCheck = (_ teacher: Int64, _ reader: RegistryReader) throws -> Bool

    public let database: RegistryDatabase
    public let normalizer: IdentityNormalizer
    public let model: MatchModel
    /// Rows from which a first load into an empty registry builds its
    /// indexes after writing the rows rather than row by row.
    public var firstLoadRows = 20_000
    /// Rows of a file whose stored candidates are fetched together (see `StoredCandidateIndex`).
    public var candidateSliceRows = 20_000

    public init(database: RegistryDatabase, normalizer: IdentityNormalizer, model: MatchModel = .standard) {
        self.database = database
        self.normalizer = normalizer
        self.model = model
    }

    /// Registers one row (a batch of one).
    public func register(_ cells: TeacherCells, source: SourceRow, actor: Actor) throws -> Outcome {
        try registerBatch([cells], sources: [source], actor: actor).first ?? .needsReview(candidates: [])
    }

    static let allProvinces: Set<Int> = Set(ProvinceCodes.standard.names.keys)

    /// The teacher's current values as the matcher sees a record (read as
    /// `storedCandidates(ids:)` reads many).
    func storedRecord(_ teacher: Teacher, reader: RegistryReader) throws -> MatchRecord {
        var counties: [String: String?] = [:]
        return try storedRecords(ids: [teacher.id], reader: reader, counties: &counties).first?.record
            ?? record(teacher, documents: [], school: nil, county: nil)
    }

    func record(_ teacher: Teacher, documents: [String], school: String?, county: String?) -> MatchRecord {
        let document = documents.lazy.compactMap { normalizer.documents.check($0).document }.first
        return MatchRecord(
            recordID: teacher.number, schoolCode: school, countyCode: county, name: normalizer.names.keys(for: teacher.name),
            formerName: teacher.formerName.map { normalizer.names.keys(for: $0) },
            gender: teacher.gender.flatMap { Gender(cell: $0) },
            birthDate: teacher.birthDate.flatMap { try? DateParser.parse($0).get() },
            document: document.map { .valid($0) } ?? .none, ethnicity: teacher.ethnicity, certNumber: teacher.certificate,
            phone: teacher.phone, hireDate: teacher.hireDate.flatMap { try? DateParser.parse($0).get() })
    }

    /// A teacher as the matcher sees them, by id (following merges).
    public func storedRecord(id: Int64) throws -> (teacher: Teacher, record: MatchRecord) {
        try database.read { reader in
            let teacher = try reader.resolve(id)
            return (teacher, try storedRecord(teacher, reader: reader))
        }
    }

    /// Every current teacher as the matcher sees them, read in one pass (for
    /// building an in-memory index), with the last history event id they reflect.
    public func allStoredRecords() throws -> (records: [MatchRecord], lastEvent: Int64) {
        try database.read { reader in
            let lastEvent = try reader.lastEventID()
            let rows = try Row.fetchAll(reader.db, sql: """
                SELECT t.*, (SELECT group_concat(d.number, ' ') FROM document d WHERE d.teacher_id = t.id AND d.current = 1) AS documents,
                       a.school_code, s.county_code AS school_county
                FROM teacher t LEFT JOIN assignment a ON a.teacher_id = t.id AND a.kind = 'regular' AND a.end_date IS NULL
                LEFT JOIN school s ON s.code = a.school_code
                WHERE t.merged_into IS NULL
                """)
            let records = rows.map { row in
                record(Teacher(row: row), documents: ((row["documents"] as String?) ?? "").split(separator: " ").map(String.init),
                       school: row["school_code"], county: row["school_county"])
            }
            return (records, lastEvent)
        }
    }
}
