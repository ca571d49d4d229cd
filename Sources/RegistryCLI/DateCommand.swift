import ArgumentParser
import Normalization

struct DateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "date", abstract: "Dates as templates write them.", subcommands: [Parse.self])

    struct Parse: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse dates: exit 0 when every value parses, 1 when any does not.")

        @Flag(help: "Print one JSON array, one object per value.")
        var json = false
        @Argument(help: "Dates.")
        var values: [String]
        @OptionGroup var text: LanguageOption

        func validate() throws {
            if values.isEmpty { throw ValidationError(Text.giveAValue(text.language)) }
        }

        func run() throws {
            let results = values.map { ($0, DateParser.parse($0)) }
            if json {
                print(JSONValue.array(results.map { input, result in
                    switch result {
                    case .success(let date):
                        .object([("input", .string(input)), ("date", .string(date.description)),
                                 ("precision", .string(date.precision.rawValue)), ("error", .null)])
                    case .failure(let error):
                        .object([("input", .string(input)), ("date", .null), ("precision", .null),
                                 ("error", .string(error.text(text.language)))])
                    }
                }).serialized)
            } else {
                for (input, result) in results {
                    switch result {
                    case .success(let date): print("\(input)  →  " + Text.dateParsed("\(date)", precision: date.precision.rawValue)(text.language))
                    case .failure(let error): print("\(input)  →  " + Text.errorValue(error.text)(text.language))
                    }
                }
            }
            if results.contains(where: { (try? $0.1.get()) == nil }) { throw ExitCode(1) }
        }
    }
}
