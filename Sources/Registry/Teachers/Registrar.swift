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
    }

    public let database: RegistryDatabase
    public let normalizer: IdentityNormalizer
    public let model: MatchModel

    public init(database: RegistryDatabase, normalizer: IdentityNormalizer, model: MatchModel = .standard) {
        self.database = database
        self.normalizer = normalizer
        self.model = model
    }

    /// Registers one row (a batch of one).
    public func register(_ cells: TeacherCells, source: SourceRow, actor: Actor) throws -> Outcome {
        try registerBatch([cells], sources: [source], actor: actor)[0]
    }

    static let allProvinces: Set<Int> = Set(ProvinceCodes.standard.names.keys)

    /// The teacher's current values as the matcher sees a record.
    func storedRecord(_ teacher: Teacher, reader: RegistryReader) throws -> MatchRecord {
        let documents = try reader.documents(of: teacher.id).filter(\.current)
        let document = documents.lazy.compactMap { normalizer.documents.check($0.number).document }.first
        let school = try reader.assignments(of: teacher.id).last { $0.kind == .regular && $0.endDate == nil }?.schoolCode
        return MatchRecord(
            recordID: teacher.number, schoolCode: school, name: normalizer.names.keys(for: teacher.name),
            formerName: teacher.formerName.map { normalizer.names.keys(for: $0) },
            gender: teacher.gender.flatMap { Gender(cell: $0) },
            birthDate: teacher.birthDate.flatMap { try? DateParser.parse($0).get() },
            document: document.map { .valid($0) } ?? .none, ethnicity: teacher.ethnicity, certNumber: teacher.certificate,
            phone: teacher.phone, hireDate: teacher.hireDate.flatMap { try? DateParser.parse($0).get() })
    }
}
