import ArgumentParser
import Foundation
import Intake
import Matching
import Normalization

/// `generate`: a labelled synthetic province for measuring the matcher.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a labelled synthetic teacher CSV (teachers.csv) and its truth (truth.csv).")

    @Option(help: "Number of records.")
    var records: Int = 10_000
    @Option(help: "Seed: the same seed gives the same data.")
    var seed: UInt64 = 1
    @Option(help: "Output directory.")
    var out: String

    func validate() throws {
        if records < 1 { throw ValidationError("--records must be positive") }
    }

    func run() throws {
        let data = SyntheticTeachers(count: records, seed: seed)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var teachers = CSVWriter(header: TeacherColumns.Field.allCases.filter { $0 != .schoolName }.map(\.rawValue))
        var truth = CSVWriter(header: ["record_id", "entity_id", "corruptions"])
        for row in data.rows {
            let c = row.cells, i = c.identity
            teachers.row([c.recordID, c.schoolCode ?? "", c.countyCode ?? "", i.name, i.formerName ?? "", i.gender ?? "",
                          i.birthDate ?? "", i.documentType ?? "", i.documentNumber ?? "", c.ethnicity ?? "",
                          c.certNumber ?? "", c.phone ?? "", c.hireDate ?? ""])
            truth.row([c.recordID, String(row.entity), row.corruptions.map(\.rawValue).joined(separator: ";")])
        }
        try teachers.write(to: out + "/teachers.csv")
        try truth.write(to: out + "/truth.csv")
        print("wrote \(data.rows.count) records of \(Set(data.rows.map(\.entity)).count) teachers to \(out)/teachers.csv and \(out)/truth.csv")
    }
}

/// `evaluate`: accuracy of a clustering against the truth.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Compare clusters (record_id,cluster_id) with the truth (record_id,entity_id[,corruptions]).")

    @Option(help: "truth.csv from `generate`.")
    var truth: String
    @Option(help: "clusters.csv from `dedupe`.")
    var clusters: String

    func run() throws {
        let (_, truthRows) = try TruthFile.read(truth)
        let clusterTable: CSVTable
        do { clusterTable = try CSVTable.read(contentsOf: URL(fileURLWithPath: clusters)) } catch {
            throw ValidationError("\(error)")
        }
        var clusterOf: [String: String] = [:]
        for row in clusterTable.rows where row.cells.count >= 2 { clusterOf[row.cells[0]] = row.cells[1] }
        var clusterIDs: [String: Int] = [:]
        var predicted: [Int] = []
        for row in truthRows {
            guard let cluster = clusterOf[row.recordID] else {
                throw ValidationError("\(clusters) has no cluster for record \(row.recordID)")
            }
            predicted.append(clusterIDs[cluster, default: clusterIDs.count])
            clusterIDs[cluster] = predicted.last!
        }
        print(Evaluation(truth: truthRows.map(\.entity), predicted: predicted, corruptions: truthRows.map(\.corruptions)))
    }
}

/// `record_id,entity_id[,corruptions]`, as `generate` writes it.
enum TruthFile {
    struct Row {
        let recordID: String
        let entity: Int
        let corruptions: [String]
    }

    static func read(_ path: String) throws -> (file: String, rows: [Row]) {
        let table: CSVTable
        do { table = try CSVTable.read(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ValidationError("\(error)")
        }
        var entityIDs: [String: Int] = [:]
        let rows = try table.rows.map { row -> Row in
            guard row.cells.count >= 2 else {
                throw ValidationError("\(table.file), line \(row.line): expected record_id,entity_id")
            }
            let entity = entityIDs[row.cells[1], default: entityIDs.count]
            entityIDs[row.cells[1]] = entity
            let corruptions = row.cells.count > 2 && !row.cells[2].isEmpty ? row.cells[2].split(separator: ";").map(String.init) : []
            return Row(recordID: row.cells[0], entity: entity, corruptions: corruptions)
        }
        return (table.file, rows)
    }
}
