import ArgumentParser
import Foundation
import Matching
import Normalization

/// The batch duplicate audit: every suspected duplicate found, explained
/// and clustered.
struct DedupeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedupe",
        abstract: "Find the same teacher across schools in a CSV: clusters, explained pairs and a report.")

    @Argument(help: "UTF-8 CSV with a header row (English column names or the template's Chinese headers).")
    var input: String
    @Option(help: "Where to write record_id,cluster_id (every record once).")
    var out: String
    @Option(help: "Where to write the match and possible pairs with their explanations.")
    var pairs: String?
    @Option(help: "Where to write the HTML report for data officers.")
    var report: String?
    @Option(help: "A model (JSON) to score with instead of estimating one on the input.")
    var model: String?
    @Option(name: .customLong("save-model"), help: "Where to save the model used, as JSON.")
    var saveModel: String?
    @Option(name: .customLong("threshold-match"), help: "Match weight at or above which a pair is the same person.")
    var thresholdMatch: Double?
    @Option(name: .customLong("threshold-possible"), help: "Match weight at or above which a pair goes to review.")
    var thresholdPossible: Double?
    @OptionGroup var text: LanguageOption
    @Option(help: "How many of the strongest pairs to print (document numbers masked).")
    var show = 10
    @Option(help: "A truth file (record_id,entity_id[,corruptions]) to measure accuracy and blocking recall against.")
    var truth: String?
    @OptionGroup var configuration: ConfigurationOptions

    func run() throws {
        let language = text.language, english = language == .english
        let clock = ContinuousClock()
        let started = clock.now
        let (file, cells) = try TeacherFileReader.read(input)
        let read = clock.now
        let normalizer = try IdentityNormalizer.standard(regions: try RegionsCommand.loadedTable(configuration, language: language))
        let records = MatchRecord.normalizeAll(cells, normalizer: normalizer)
        let normalized = clock.now

        var options = DuplicateAudit.Options(matchThreshold: thresholdMatch, possibleThreshold: thresholdPossible)
        if let model {
            do { options.model = try MatchModel.load(from: URL(fileURLWithPath: model)) } catch {
                throw ValidationError(Text.unusableModel(model, "\(error)")(language))
            }
        }
        let result = DuplicateAudit.run(records, options: options)
        let audited = clock.now

        var clusters = CSVWriter(header: ["record_id", "cluster_id"])
        for (index, record) in records.enumerated() {
            clusters.row([record.recordID, String(result.clusters.assignment[index] + 1)])
        }
        try clusters.write(to: out)
        if let pairs {
            var writer = CSVWriter(header: ["record_id_a", "record_id_b", "weight", "probability", "decision", "explanation"])
            for pair in result.pairs {
                let evidence = result.explain(pair).map { english ? $0.english : $0.chinese }
                writer.row([records[Int(pair.a)].recordID, records[Int(pair.b)].recordID,
                            String(format: "%.2f", pair.weight), String(format: "%.6f", pair.probability),
                            pair.decision.rawValue, evidence.joined(separator: "; ")])
            }
            try writer.write(to: pairs)
        }
        if let report {
            let url = URL(fileURLWithPath: report)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try AuditReport(result: result, source: file).html.write(to: url, atomically: true, encoding: .utf8)
        }
        if let saveModel { try result.model.save(to: URL(fileURLWithPath: saveModel)) }
        let written = clock.now

        for decision in [MatchDecision.match, .possible] {
            let shown = result.pairs.filter { $0.decision == decision }.prefix(show)
            if shown.isEmpty { continue }
            print((decision == .match ? Text.duplicatesHeading : .reviewHeading)(language))
            for pair in shown {
                let a = records[Int(pair.a)], b = records[Int(pair.b)]
                let evidence = result.explain(pair).map { english ? $0.english : $0.chinese }.joined(separator: "; ")
                print("  \(a.recordID) \(a.name.key) [\(a.maskedDocument)] ↔ \(b.recordID) \(b.name.key) "
                      + "[\(b.maskedDocument)]  \(String(format: "%.1f", pair.weight))  \(evidence)")
            }
        }
        let matches = result.pairs.filter { $0.decision == .match }.count
        let seconds = { (a: ContinuousClock.Instant, b: ContinuousClock.Instant) in
            String(format: "%.2f s", Double((b - a).components.attoseconds) / 1e18 + Double((b - a).components.seconds))
        }
        let note = { (line: Text) in FileHandle.standardError.print(line(language)) }
        note(.dedupeSummary(file: file, records: records.count, candidates: result.candidateCount, matches: matches,
                            review: result.pairs.count - matches, groups: result.clusters.groups.count,
                            large: result.clusters.suspicious.count, refused: result.clusters.refusedLinks))
        note(.dedupeTimes(read: seconds(started, read), normalise: seconds(read, normalized), match: seconds(normalized, audited),
                          write: seconds(audited, written), total: seconds(started, written)))
        note(.matchPhases(result.phaseSeconds.map { "\($0.phase) \(String(format: "%.2f s", $0.seconds))" }.joined(separator: ", ")))
        note(.pairsByRule(result.pairsByRule.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")))
        if let truth { try report(truth: truth, records: records, result: result) }
        if !result.oversizedBlocks.isEmpty {
            note(.blocksSkipped(result.oversizedBlocks.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key) \($0.value)" }
                .joined(separator: ", ")))
        }
    }

    private func report(truth path: String, records: [MatchRecord], result: DuplicateAudit.Result) throws {
        let (_, rows) = try TruthFile.read(path, language: text.language)
        var entityOf: [String: (Int, [String])] = [:]
        for row in rows { entityOf[row.recordID] = (row.entity, row.corruptions) }
        var entities: [Int] = [], corruptions: [[String]] = []
        for record in records {
            guard let known = entityOf[record.recordID] else {
                throw ValidationError(Text.noEntity(path, record: record.recordID)(text.language))
            }
            entities.append(known.0)
            corruptions.append(known.1)
        }
        let blocking = Evaluation.blockingRecall(truth: entities, candidatePairs: result.candidatePairs)
        print(Evaluation(truth: entities, predicted: result.clusters.assignment.map(Int.init), corruptions: corruptions))
        print(String(format: "blocking recall %.5f (%d of %d true pairs are candidates)",
                     Double(blocking.found) / Double(max(1, blocking.total)), blocking.found, blocking.total))
    }
}
