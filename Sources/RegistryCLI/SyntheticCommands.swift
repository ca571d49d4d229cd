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
    @OptionGroup var text: LanguageOption
    @Flag(help: "Add every column of the 中小学 template (国籍, 政治面貌, 学历, 进本校年月, 人员状态 …) with valid values, as schools fill them.")
    var template = false

    func validate() throws {
        if records < 1 { throw ValidationError(Text.positiveRecords(text.language)) }
    }

    /// The template's columns beyond the identity ones, in template order: common, then the 中小学 template's own.
    static let templateFields = TeacherField.all.filter {
        ($0.templates == nil || $0.templates?.contains("中小学") == true) && $0.key != "first_work"
    }

    /// A row's template values: codes from their tables, months after the first employment, the rules' pairings kept
    /// (用人形式 only off establishment, no certificate details without a certificate, statuses on staff).
    static func templateCells(firstWork: String?, random: inout SplitMix64) throws -> [String] {
        let startYear = firstWork.flatMap { Int($0.prefix(4)) } ?? 2005
        var values: [String: String] = [:]
        for field in templateFields {
            switch field.kind {
            case .code(let table):
                let codes = try CodeTable.shared(table).codes
                values[field.key] = codes[random.below(codes.count)]
            case .flag: values[field.key] = random.unit() < 0.2 ? "1" : "0"
            case .yearMonth, .date, .year: break
            case .text(let maximum): values[field.key] = String("江西南昌".prefix(maximum))
            }
        }
        values["nationality"] = "156"
        values["status"] = StaffStatus.all.filter(\.isOnStaff).map(\.code)[random.below(9)]
        let onEstablishment = random.unit() < 0.85
        values["on_establishment"] = onEstablishment ? "1" : "0"
        if onEstablishment { values["employment_form"] = nil }
        if values["certificate_type"] == "0" { values["subject"] = nil; values["issuer"] = nil } else {
            values["certificate_date"] = "\(startYear - 1)-06-30"
            values["issuer"] = "江西省教育厅"
        }
        let joined = min(2025, startYear + 1 + random.below(12))
        values["join_school"] = "\(joined)-0\(1 + random.below(9))"
        if values["grassroots"] == "1" { values["grassroots_start"] = "\(startYear)-09"; values["grassroots_end"] = "\(startYear + 3)-08" }
        values["remark"] = random.unit() < 0.9 ? nil : "返聘"
        values["staff_number"] = "T\(random.below(100_000))"
        return templateFields.map { values[$0.key] ?? "" }
    }

    func run() throws {
        let data = SyntheticTeachers(count: records, seed: seed)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var teachers = CSVWriter(header: TeacherColumns.Field.allCases.filter { $0 != .schoolName }.map(\.rawValue)
                                 + (template ? Self.templateFields.map(\.label) : []))
        var random = SplitMix64(seed: seed ^ 0x7E4D_1A7E)
        var truth = CSVWriter(header: ["record_id", "entity_id", "corruptions"])
        for row in data.rows {
            let c = row.cells, i = c.identity
            teachers.row([c.recordID, c.schoolCode ?? "", c.countyCode ?? "", i.name, i.formerName ?? "", i.gender ?? "",
                          i.birthDate ?? "", i.documentType ?? "", i.documentNumber ?? "", c.ethnicity ?? "",
                          c.certNumber ?? "", c.phone ?? "", c.hireDate ?? ""]
                         + (template ? try Self.templateCells(firstWork: c.hireDate, random: &random) : []))
            truth.row([c.recordID, String(row.entity), row.corruptions.map(\.rawValue).joined(separator: ";")])
        }
        try teachers.write(to: out + "/teachers.csv")
        try truth.write(to: out + "/truth.csv")
        print(Text.generated(records: data.rows.count, teachers: Set(data.rows.map(\.entity)).count, out: out)(text.language))
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
    @OptionGroup var text: LanguageOption

    func run() throws {
        let (_, truthRows) = try TruthFile.read(truth, language: text.language)
        let clusterTable: CSVTable
        do { clusterTable = try CSVTable.read(contentsOf: URL(fileURLWithPath: clusters)) } catch let error as CSVTable.ReadError {
            throw ValidationError(IntakeError(error).text(text.language))
        }
        var clusterOf: [String: String] = [:]
        for row in clusterTable.rows where row.cells.count >= 2 { clusterOf[row.cells[0]] = row.cells[1] }
        var clusterIDs: [String: Int] = [:]
        var predicted: [Int] = []
        for row in truthRows {
            guard let cluster = clusterOf[row.recordID] else {
                throw ValidationError(Text.noCluster(clusters, record: row.recordID)(text.language))
            }
            let id = clusterIDs[cluster, default: clusterIDs.count]
            predicted.append(id)
            clusterIDs[cluster] = id
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

    static func read(_ path: String, language: Language) throws -> (file: String, rows: [Row]) {
        let table: CSVTable
        do { table = try CSVTable.read(contentsOf: URL(fileURLWithPath: path)) } catch let error as CSVTable.ReadError {
            throw ValidationError(IntakeError(error).text(language))
        }
        var entityIDs: [String: Int] = [:]
        let rows = try table.rows.map { row -> Row in
            guard row.cells.count >= 2 else {
                throw ValidationError(Text.truthLine(table.file, line: row.line)(language))
            }
            let entity = entityIDs[row.cells[1], default: entityIDs.count]
            entityIDs[row.cells[1]] = entity
            let corruptions = row.cells.count > 2 && !row.cells[2].isEmpty ? row.cells[2].split(separator: ";").map(String.init) : []
            return Row(recordID: row.cells[0], entity: entity, corruptions: corruptions)
        }
        return (table.file, rows)
    }
}
