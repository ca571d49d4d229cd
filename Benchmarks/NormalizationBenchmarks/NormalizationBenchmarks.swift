import Benchmark
import Normalization

/// Foundation throughput on one core: document checks, name keys and date
/// parsing over realistic generated inputs. One scaled iteration is one
/// value, so throughput reads as values per second (in thousands).
let inputCount = 10_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 1_000
    )

    let inputs = SyntheticInputs(count: inputCount, seed: 20_261_122)

    Benchmark("ID check: 18-digit resident IDs (per value)") { benchmark, validator in
        for index in benchmark.scaledIterations {
            blackHole(validator.check(inputs.residentIDs[index % inputCount]).isValid)
        }
    } setup: {
        DocumentValidator()
    }

    Benchmark("ID check: messy mix (15-digit, full-width, typos, passports)") { benchmark, validator in
        for index in benchmark.scaledIterations {
            blackHole(validator.check(inputs.messyIDs[index % inputCount]).isValid)
        }
    } setup: {
        DocumentValidator()
    }

    Benchmark("Name keys: realistic names") { benchmark, normalizer in
        for index in benchmark.scaledIterations {
            blackHole(normalizer.keys(for: inputs.names[index % inputCount]))
        }
    } setup: {
        try NameNormalizer.shared()
    }

    Benchmark("Date parse: template forms") { benchmark in
        for index in benchmark.scaledIterations {
            blackHole(DateParser.parse(inputs.dates[index % inputCount]))
        }
    }
}
