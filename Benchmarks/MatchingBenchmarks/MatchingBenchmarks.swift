import Benchmark
import Foundation
import Intake
import Matching
import Normalization

/// The duplicate audit end to end (read CSV, normalise, block, score,
/// cluster, write clusters) at provincial sizes, and single-record lookup
/// latency against an index of 2 M records. Inputs are generated once per
/// size by the labelled synthetic generator and written to a temporary CSV.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .throughput],
        timeUnits: .milliseconds,
        maxDuration: .seconds(60),
        maxIterations: 3
    )

    for size in [100_000, 1_000_000, 2_000_000] {
        Benchmark("Audit end to end: \(size / 1000)k records",
                  configuration: .init(maxIterations: size >= 1_000_000 ? 2 : 5)) { benchmark, file in
            for _ in benchmark.scaledIterations {
                blackHole(try AuditPipeline.run(file))
            }
        } setup: {
            try AuditPipeline.writeSynthetic(count: size, seed: 11)
        }
    }

    // Accuracy with default settings, as custom metrics: what is missing from
    // a perfect 1, in parts per million (pairwise F1 0.99942 → 580), so the
    // figures README quotes come from a benchmark run.
    let pairwiseF1 = BenchmarkMetric.custom("1 − pairwise F1 (ppm)", polarity: .prefersSmaller, useScalingFactor: false)
    let bCubedF1 = BenchmarkMetric.custom("1 − B-cubed F1 (ppm)", polarity: .prefersSmaller, useScalingFactor: false)
    let worstRecall = BenchmarkMetric.custom("1 − lowest recall by corruption (ppm)", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark("Accuracy on a 300k generated province (defaults)",
              configuration: .init(metrics: [.wallClock, pairwiseF1, bCubedF1, worstRecall], timeUnits: .milliseconds,
                                   maxIterations: 1)) { benchmark, data in
        let records = MatchRecord.normalizeAll(data.rows.map(\.cells), normalizer: try IdentityNormalizer.standard())
        let result = DuplicateAudit.run(records)
        let evaluation = Evaluation(truth: data.rows.map(\.entity), predicted: result.clusters.assignment.map(Int.init),
                                    corruptions: data.rows.map { $0.corruptions.map(\.rawValue) })
        benchmark.measurement(pairwiseF1, Int(((1 - evaluation.pairwiseF1) * 1_000_000).rounded()))
        benchmark.measurement(bCubedF1, Int(((1 - evaluation.bCubedF1) * 1_000_000).rounded()))
        let lowest = evaluation.recallByCorruption.values.map { Double($0.found) / Double($0.total) }.min() ?? 1
        benchmark.measurement(worstRecall, Int(((1 - lowest) * 1_000_000).rounded()))
    } setup: {
        SyntheticTeachers(count: 300_000, seed: 1)
    }

    // Each iteration is one lookup; its latency is also recorded as a custom
    // metric in nanoseconds, read from a monotonic clock around the call.
    let lookupLatency = BenchmarkMetric.custom("lookup latency (ns)", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark("Lookup against 2M records (one record)",
              configuration: .init(metrics: [.wallClock, lookupLatency], timeUnits: .microseconds,
                                   maxDuration: .seconds(20), maxIterations: 20_000)) { benchmark, fixture in
        for _ in benchmark.scaledIterations {
            let query = fixture.nextQuery()
            let start = DispatchTime.now().uptimeNanoseconds
            blackHole(fixture.index.lookup(query))
            benchmark.measurement(lookupLatency, Int(DispatchTime.now().uptimeNanoseconds - start))
        }
    } setup: {
        try LookupFixture(count: 2_000_000)
    }
}

/// What `teacher-registry dedupe` does, as library calls.
enum AuditPipeline {
    static func writeSynthetic(count: Int, seed: UInt64) throws -> URL {
        let data = SyntheticTeachers(count: count, seed: seed)
        var text = "record_id,school_code,county_code,name,former_name,gender,birth_date,id_type,id_number,ethnicity,cert_number,phone,hire_date\n"
        for row in data.rows {
            let c = row.cells, i = c.identity
            text += [c.recordID, c.schoolCode ?? "", c.countyCode ?? "", i.name, i.formerName ?? "", i.gender ?? "",
                     i.birthDate ?? "", i.documentType ?? "", i.documentNumber ?? "", c.ethnicity ?? "", c.certNumber ?? "",
                     c.phone ?? "", c.hireDate ?? ""].joined(separator: ",") + "\n"
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("audit-benchmark-\(count).csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    static func run(_ file: URL) throws -> Int {
        let table = try CSVTable.read(contentsOf: file)
        let columns = try TeacherColumns(header: table.header, file: table.file)
        let cells = table.rows.enumerated().map { columns.cells(of: $1.cells, fallbackID: String($0 + 1)) }
        let records = MatchRecord.normalizeAll(cells, normalizer: try IdentityNormalizer.standard())
        let result = DuplicateAudit.run(records)
        var output = "record_id,cluster_id\n"
        for (index, record) in records.enumerated() { output += record.recordID + "," + String(result.clusters.assignment[index]) + "\n" }
        let out = file.deletingPathExtension().appendingPathExtension("clusters.csv")
        try output.write(to: out, atomically: true, encoding: .utf8)
        return result.pairs.count
    }
}

/// An index of `count` records and the queries a registry receives: half
/// corrupted duplicates of indexed teachers (they find their records), half
/// people the index does not hold.
final class LookupFixture: @unchecked Sendable {  // used by one benchmark thread
    let index: MatchIndex
    let queries: [MatchRecord]
    private var random = SplitMix64(seed: 7)

    /// A query drawn at random, different at every iteration.
    func nextQuery() -> MatchRecord { queries[random.below(queries.count)] }

    init(count: Int) throws {
        let normalizer = try IdentityNormalizer.standard()
        let data = SyntheticTeachers(count: count + 10_000, seed: 23)
        let records = MatchRecord.normalizeAll(data.rows.map(\.cells), normalizer: normalizer)
        index = MatchIndex(records: Array(records.prefix(count)), model: .standard)
        var random = SplitMix64(seed: 29)
        var duplicates: [MatchRecord] = []
        while duplicates.count < 10_000 {
            let position = random.below(count)
            if !data.rows[position].corruptions.isEmpty { duplicates.append(records[position]) }
        }
        queries = duplicates + Array(records.suffix(10_000))
    }
}
