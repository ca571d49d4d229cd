import Foundation
import Normalization
@testable import Registry

/// A registry in a real SQLite file under a temporary folder, removed when
/// the value is released.
final class TemporaryRegistry: Sendable {
    let directory: URL
    let database: RegistryDatabase
    let registrar: Registrar
    static let clerk = Actor(user: "county-clerk", role: "county")

    init(province: Int = 36, firstLoadRows: Int? = nil, candidateSliceRows: Int? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        database = try RegistryDatabase(path: directory.appendingPathComponent("registry.sqlite").path)
        try database.initialise(province: province)
        var registrar = Registrar(database: database, normalizer: try IdentityNormalizer.standard())
        if let firstLoadRows { registrar.firstLoadRows = firstLoadRows }
        if let candidateSliceRows { registrar.candidateSliceRows = candidateSliceRows }
        self.registrar = registrar
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    func register(name: String, birth: String? = nil, gender: String? = nil, number: String? = nil, school: String? = nil,
                  row: Int = 1) throws -> Registrar.Outcome {
        let cells = TeacherCells(recordID: "r\(row)", schoolCode: school,
                                 identity: IdentityCells(name: name, gender: gender, birthDate: birth,
                                                         documentType: number == nil ? nil : "1", documentNumber: number))
        return try registrar.register(cells, source: SourceRow(file: "test.csv", row: row, raw: cells.sourceJSON), actor: Self.clerk)
    }
}

extension Registrar.Outcome {
    var number: String? {
        switch self {
        case .registered(let number), .existing(let number, _): number.text
        case .needsReview, .heldElsewhere: nil
        }
    }
}
