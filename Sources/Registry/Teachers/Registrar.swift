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

    public func register(_ cells: TeacherCells, source: SourceRow, actor: Actor) throws -> Outcome {
        let record = MatchRecord(cells, normalizer: normalizer)
        guard !record.name.flags.contains(.empty) else {
            throw RegistryError(.invalid, "\(source.description): the row has no name")
        }
        let keys = PairMatcher.blockingKeys(record)
        return try database.change(actor, source: source.description) { change in
            let reader = change.reader
            if case .valid(let document) = record.document,
               let teacher = try reader.teacher(documentKind: document.kind.rawValue, number: document.canonical) {
                try change.attachSource(teacher.id, source)
                return .existing(try TeacherNumber(validating: teacher.number, provinces: Self.allProvinces),
                                 evidence: "document \(document.masked)")
            }
            let matcher = PairMatcher(model: model, population: try reader.teacherCount())
            var best: (teacher: Teacher, score: PairScore, evidence: [EvidenceLine])?
            var possible: [String] = []
            for id in try candidateIDs(keys, reader: reader) {
                let teacher = try reader.resolve(id)
                let (score, evidence) = matcher.score(record, try storedRecord(teacher, reader: reader))
                if score.decision == .possible { possible.append(teacher.number) }
                if score.decision == .match, score.weight > best?.score.weight ?? -.infinity { best = (teacher, score, evidence) }
            }
            if let best {
                try change.attachSource(best.teacher.id, source)
                return .existing(try TeacherNumber(validating: best.teacher.number, provinces: Self.allProvinces),
                                 evidence: best.evidence.map(\.chinese).joined(separator: "; "))
            }
            if !possible.isEmpty { return .needsReview(candidates: Array(Set(possible)).sorted()) }
            let teacher = try create(record, cells: cells, keys: keys, change: change)
            try change.attachSource(teacher.id, source)
            return .registered(try TeacherNumber(validating: teacher.number, provinces: Self.allProvinces))
        }
    }

    static let allProvinces: Set<Int> = Set(ProvinceCodes.standard.names.keys)

    private func create(_ record: MatchRecord, cells: TeacherCells, keys: [Int64], change: ChangeTransaction) throws -> Teacher {
        let teacher = try change.createTeacher([
            "name": cells.identity.name.trimmingWhitespace(),
            "name_key": record.name.key,
            "former_name": record.formerName.map { _ in cells.identity.formerName?.trimmingWhitespace() } ?? nil,
            "gender": record.gender?.code,
            "birth_date": record.birthDate?.description,
            "ethnicity": record.ethnicity,
            "status": "11",
        ])
        if case .valid(let document) = record.document {
            try change.addDocument(teacher.id, kind: document.kind.rawValue, number: document.canonical)
        }
        if let school = record.schoolCode, school.count == 10, school.allSatisfy(\.isNumber) {
            try change.openAssignment(teacher.id, school: school, kind: .regular, start: CivilDate.todayInChina().description)
        }
        try change.setMatchKeys(teacher.id, keys)
        return teacher
    }

    private func candidateIDs(_ keys: [Int64], reader: RegistryReader) throws -> [Int64] {
        guard !keys.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ",")
        return try Int64.fetchAll(reader.db, sql: "SELECT DISTINCT teacher_id FROM match_key WHERE key IN (\(placeholders)) LIMIT 200",
                                  arguments: StatementArguments(keys))
    }

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
            document: document.map { .valid($0) } ?? .none, ethnicity: teacher.ethnicity)
    }
}
