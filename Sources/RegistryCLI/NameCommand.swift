import ArgumentParser
import Normalization

struct NameCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "name", abstract: "Personal names.", subcommands: [Normalize.self])

    struct Normalize: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the match keys of names.")

        @Flag(help: "Print one JSON array, one object per name.")
        var json = false
        @Argument(help: "Names.")
        var names: [String]
        @OptionGroup var text: LanguageOption

        func validate() throws {
            if names.isEmpty { throw ValidationError(Text.giveAName(text.language)) }
        }

        func run() throws {
            let normalizer = try NameNormalizer.shared()
            let results = names.map { ($0, normalizer.keys(for: $0)) }
            if json {
                print(JSONValue.array(results.map { input, keys in
                    .object([
                        ("input", .string(input)),
                        ("key", .string(keys.key)),
                        ("simplifiedKey", .string(keys.simplifiedKey)),
                        ("pinyin", .string(keys.pinyin)),
                        ("shape", .string(keys.shape.rawValue)),
                        ("flags", .array(keys.flags.names.map(JSONValue.string))),
                    ])
                }).serialized)
            } else {
                for (input, keys) in results {
                    print("\(input)  →  " + Text.nameKeys(key: keys.key, simplified: keys.simplifiedKey, pinyin: keys.pinyin,
                                                         shape: keys.shape.rawValue, flags: keys.flags.names)(text.language))
                }
            }
        }
    }
}
