import Benchmark
import Foundation
import Matching
import Normalization
import Registry

/// The registry on real SQLite files: bulk registration (one file, one
/// transaction), document lookup, a teacher's history, a transfer approval.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .peakMemoryResident],
        timeUnits: .microseconds,
        maxDuration: .seconds(20)
    )

    Benchmark("Register 200k teachers into a fresh store (one file)",
              configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident], timeUnits: .milliseconds,
                                   scalingFactor: .kilo, maxIterations: 1)) { benchmark, input in
        for _ in 0..<1 {
            let store = try Store.fresh()
            benchmark.startMeasurement()
            blackHole(try store.registrar.registerBatch(input.cells, sources: input.sources, actor: Store.clerk))
            benchmark.stopMeasurement()
        }
    } setup: {
        Input(count: 200_000)
    }

    Benchmark("Document lookup in a store of 200k teachers",
              configuration: .init(metrics: [.wallClock, .throughput], maxIterations: 50_000)) { benchmark, fixture in
        for _ in benchmark.scaledIterations {
            let number = fixture.nextDocument()
            blackHole(try fixture.store.database.read { try $0.teacher(documentKind: "resident", number: number) })
        }
    } setup: {
        try Loaded(count: 200_000)
    }

    // A province-sized store made beforehand (e.g. `import --create 36 --partial` of `generate --records 2000000`):
    // TEACHER_REGISTRY_BENCH_STORE=/path/registry.sqlite.
    if let path = ProcessInfo.processInfo.environment["TEACHER_REGISTRY_BENCH_STORE"] {
        Benchmark("Document lookup in the store at TEACHER_REGISTRY_BENCH_STORE",
                  configuration: .init(metrics: [.wallClock, .throughput], maxIterations: 100_000)) { benchmark, fixture in
            for _ in benchmark.scaledIterations {
                let number = fixture.nextDocument()
                blackHole(try fixture.store.database.read { try $0.teacher(documentKind: "resident", number: number) })
            }
        } setup: {
            try Loaded(existing: path)
        }
    }

    Benchmark("History of a teacher with 50 events",
              configuration: .init(metrics: [.wallClock, .throughput], maxIterations: 20_000)) { benchmark, fixture in
        for _ in benchmark.scaledIterations {
            blackHole(try fixture.store.database.read { try $0.history(of: fixture.busyTeacher) })
        }
    } setup: {
        try Loaded(count: 20_000, busyEvents: 50)
    }

    Benchmark("Transfer approval (one step)",
              configuration: .init(metrics: [.wallClock, .throughput], maxIterations: 2_000)) { benchmark, fixture in
        for _ in benchmark.scaledIterations {
            let (transfer, officer) = fixture.nextApproval()
            blackHole(try fixture.store.database.change(officer) { try $0.approveTransfer(transfer) })
        }
    } setup: {
        try Loaded(count: 20_000, transfers: 600)
    }
}

/// Synthetic rows and their sources.
struct Input: Sendable {
    let cells: [TeacherCells]
    let sources: [SourceRow]

    init(count: Int) {
        let data = SyntheticTeachers(count: count, seed: 31)
        cells = data.rows.map(\.cells)
        sources = cells.indices.map { SourceRow(file: "bench.csv", row: $0 + 2, raw: "row \($0)") }
    }
}

/// A fresh registry file in a temporary folder.
final class Store: Sendable {
    static let clerk = Actor(user: "bench", role: "province")
    let database: RegistryDatabase
    let registrar: Registrar

    init(path: String) throws {
        database = try RegistryDatabase(path: path)
        try database.initialise(province: 36)
        registrar = Registrar(database: database, normalizer: try IdentityNormalizer.standard())
    }

    init(database: RegistryDatabase) throws {
        self.database = database
        registrar = Registrar(database: database, normalizer: try IdentityNormalizer.standard())
    }

    static func fresh() throws -> Store {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("registry-bench-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try Store(path: directory.appendingPathComponent("registry.sqlite").path)
    }
}

/// A loaded store and the inputs of the read and workflow benchmarks.
final class Loaded: @unchecked Sendable {  // used by one benchmark thread
    let store: Store
    let documents: [String]
    var busyTeacher: Int64 = 0
    private var transfers: [Int64] = []
    private var next = 0
    private var random = SplitMix64(seed: 5)

    init(count: Int, busyEvents: Int = 0, transfers transferCount: Int = 0) throws {
        store = try Store.fresh()
        let input = Input(count: count)
        _ = try store.registrar.registerBatch(input.cells, sources: input.sources, actor: Store.clerk)
        documents = input.cells.compactMap { $0.identity.documentNumber }.compactMap { DocumentValidator().check($0).document?.canonical }
        let first = try store.database.read { reader in try reader.teacher(documentKind: "resident", number: documents[0])!.id }
        busyTeacher = first
        for index in 0..<busyEvents {
            try store.database.change(Store.clerk, reason: "benchmark") { change in
                _ = try change.updateTeacher(first, ["phone": "1380000\(String(format: "%04d", index))"])
            }
        }
        let teachers = try store.database.read { reader in
            try documents.prefix(transferCount).compactMap { try reader.teacher(documentKind: "resident", number: $0) }
        }
        for (index, teacher) in teachers.enumerated() {
            let id = try store.database.change(Actor(user: "school-\(index)", role: "school")) {
                try $0.requestTransfer(teacher.id, to: "2136999999", effective: CivilDate("2027-09-01")!)
            }
            transfers.append(id)
        }
    }

    /// An existing store, and 200,000 of its current resident IDs drawn at random.
    init(existing path: String) throws {
        let database = try RegistryDatabase(path: path)
        store = try Store(database: database)
        var random = SplitMix64(seed: 9)
        documents = try database.read { reader in
            let count = Int64(try reader.teacherCount())
            return try (0..<200_000).compactMap { _ in
                try reader.documents(of: 1 + Int64(random.below(Int(count)))).first { $0.current && $0.kind == "resident" }?.number
            }
        }
    }

    func nextDocument() -> String { documents[random.below(documents.count)] }

    /// The next (transfer, officer) whose step is due, round-robin.
    func nextApproval() -> (Int64, Actor) {
        let index = next % transfers.count, round = next / transfers.count
        next += 1
        let role = round % 2 == 0 ? "school" : "county"
        return (transfers[index], Actor(user: "officer-\(round)-\(index)", role: role))
    }
}
