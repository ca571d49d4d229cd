import ArgumentParser
import Foundation
import Normalization

struct RegionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions", abstract: "The deployment's GB/T 2260 region table.",
        subcommands: [Load.self, Show.self])

    /// The loaded table, or nil when none was loaded.
    static func loadedTable(_ configuration: ConfigurationOptions, language: Language) throws -> RegionTable? {
        let url = configuration.regionTableURL
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try RegionTable.load(from: url)
        } catch {
            throw ValidationError(Text.regionTableUnreadable(url.path, "\(error)")(language))
        }
    }

    struct Load: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load the official region list (CSV or TSV: code, name, level, years in use), every code ever valid.")

        @OptionGroup var configuration: ConfigurationOptions
        @Argument(help: "The list, UTF-8, with a header row (代码/code, 名称/name, 级别/level, 启用时间/start, 弃用时间/end).")
        var file: String
        @OptionGroup var text: LanguageOption

        func run() throws {
            let url = URL(fileURLWithPath: file)
            let contents: String
            do {
                contents = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw ValidationError(Text.notUTF8Text(file, error.localizedDescription)(text.language))
            }
            let table: RegionTable
            do {
                table = try RegionTable.parse(officialList: contents, file: url.lastPathComponent)
            } catch let error as RegionTable.FormatError {
                throw ValidationError(error.text(text.language))
            }
            try FileManager.default.createDirectory(at: configuration.url, withIntermediateDirectories: true)
            try table.save(to: configuration.regionTableURL)
            let retired = table.entries.values.filter { $0.lastYear != nil }.count
            print(Text.regionsLoaded(table.count, retired: retired, into: configuration.regionTableURL.path)(text.language))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Look up region codes in the loaded table.")

        @OptionGroup var configuration: ConfigurationOptions
        @Argument(help: "6-digit region codes.")
        var codes: [String]
        @OptionGroup var text: LanguageOption

        func run() throws {
            guard let table = try RegionsCommand.loadedTable(configuration, language: text.language) else {
                throw ValidationError(Text.noRegionTable(text.language))
            }
            var missing = false
            for code in codes {
                if let number = Int(code), code.count == 6, let entry = table.entry(number) {
                    let years = "\(entry.firstYear.map(String.init) ?? "?")–\(entry.lastYear.map(String.init) ?? "")"
                    print("\(code)  \(entry.name)  \(entry.level ?? "")  \(years)")
                } else {
                    print("\(code)  \(Text.notInTable(text.language))")
                    missing = true
                }
            }
            if missing { throw ExitCode(1) }
        }
    }
}
