import Normalization
import ArgumentParser
import Foundation
import Registry
import RegistryService

/// `crossmatch-keys`: a province's keyed hashes for the national cross-check.
struct CrossMatchKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossmatch-keys",
        abstract: "Write this province's keyed hashes (HMAC-SHA-256) of document numbers and name + birth date, for the national cross-check. No ID number or name leaves.")

    @OptionGroup var options: RegistryOptions
    @Option(name: .customLong("secret-file"), help: "The secret shared by the provinces and the ministry (at least 32 bytes).")
    var secretFile: String
    @Option(help: "The key file to write.")
    var out: String

    func run() throws {
        let service = try RegistryService(database: try options.open())
        let secret = try Data(contentsOf: URL(fileURLWithPath: secretFile))
        try registryAction(options.language) {
            try CrossProvinceKeys.export(service, secret: secret).write(toFile: out, atomically: true, encoding: .utf8)
        }
        options.say(.wrote(out))
    }
}

/// `crossmatch`: at the national level, teachers present in two provinces.
struct CrossMatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossmatch",
        abstract: "Find teachers registered by two provinces from their key files alone (same document hash: the same person; same name + birth date hash: to check).")

    @Flag(help: "Print JSON.")
    var json = false
    @Argument(help: "Key files written by crossmatch-keys, one per province.")
    var files: [String]
    @OptionGroup var text: LanguageOption

    func validate() throws {
        if files.count < 2 { throw ValidationError(Text.twoKeyFiles(text.language)) }
    }

    func run() throws {
        let inputs = try files.map { ((($0 as NSString).lastPathComponent), try String(contentsOfFile: $0, encoding: .utf8)) }
        let matches = try registryAction(text.language) { try CrossProvinceKeys.match(inputs.map { (name: $0.0, text: $0.1) }) }
        if json {
            print(JSONValue.array(matches.map {
                .object([("evidence", .string($0.evidence.rawValue)),
                         ("first", .object([("province", .string($0.first.province)), ("teacher", .string($0.first.teacher))])),
                         ("second", .object([("province", .string($0.second.province)), ("teacher", .string($0.second.teacher))]))])
            }).serialized)
        } else {
            for match in matches {
                print("\(match.evidence.rawValue)\t\(match.first.province) \(match.first.teacher)\t\(match.second.province) \(match.second.teacher)")
            }
            FileHandle.standardError.print(Text.crossMatches(total: matches.count, byDocument: matches.filter { $0.evidence == .document }.count)(text.language))
        }
    }
}
