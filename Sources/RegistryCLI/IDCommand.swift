import ArgumentParser
import Foundation
import Normalization

struct IDCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "id", abstract: "Identity documents.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check document numbers: exit 0 when every value is valid, 1 when any is not.")

        @Flag(help: "Print one JSON array, one object per value (full numbers).")
        var json = false
        @OptionGroup var text: LanguageOption
        @Option(name: .customLong("type"), help: "The template's 身份证件类型 code (1, 6, 7, 8, 9, A …); inferred when absent.")
        var declaredType: String?
        @OptionGroup var configuration: ConfigurationOptions
        @Argument(help: "Document numbers.")
        var values: [String]

        func validate() throws {
            if values.isEmpty { throw ValidationError(Text.giveAValue(text.language)) }
        }

        func run() throws {
            let regions = try RegionsCommand.loadedTable(configuration, language: text.language)
            let validator = DocumentValidator(regions: regions)
            var declared: TemplateDocumentType?
            if let declaredType {
                guard let found = TemplateDocumentType.parse(declaredType, from: try TemplateDocumentType.all()) else {
                    throw ValidationError(Text.unknownDocumentType(declaredType)(text.language))
                }
                declared = found
            }
            let checks = values.map { validator.check($0, declared: declared) }
            if json {
                print(JSONValue.array(checks.map(Self.json)).serialized)
            } else {
                for check in checks { print(human(check)) }
            }
            if checks.contains(where: { !$0.isValid }) { throw ExitCode(1) }
        }

        static func json(_ check: DocumentCheck) -> JSONValue {
            let document = check.document
            return .object([
                ("input", .string(check.input)),
                ("valid", .bool(check.isValid)),
                ("type", .optional(check.kind?.rawValue)),
                ("canonical", .optional(document?.canonical)),
                ("birthDate", .optional(document?.birthDate?.description)),
                ("gender", .optional(document?.gender?.rawValue)),
                ("regionCode", .optional(document?.regionCode)),
                ("warnings", .array(check.warnings.map { .string($0.rawValue) })),
                ("error", .optional(check.error?.code.rawValue)),
                ("suggestions", .array(check.suggestions.map { .string($0.fullNumber) })),
            ])
        }

        /// One line per value. The terminal shows what the user typed and the numbers it may have meant in full (they
        /// differ by a character, and masked they would all look alike); logs and server answers keep masking.
        func human(_ check: DocumentCheck) -> String {
            let language = text.language
            let kind = language == .english ? check.kind?.rawValue ?? Text.unknownDocument.english : check.kind?.label ?? Text.unknownDocument.chinese
            switch check.result {
            case .success(let document):
                var parts = [Text.validWord(language), kind, document.canonical]
                if document.canonical != check.input.trimmingCharacters(in: .whitespaces) { parts.append(Text.typed(check.input)(language)) }
                if let birth = document.birthDate { parts.append(Text.born("\(birth)")(language)) }
                if let gender = document.gender { parts.append(language == .english ? gender.rawValue : gender.label) }
                if let region = document.regionCode { parts.append(Text.region(region)(language)) }
                if !check.warnings.isEmpty { parts.append(Text.warnings(check.warnings.map(\.rawValue))(language)) }
                return parts.joined(separator: "  ")
            case .failure(let error):
                var parts = [Text.invalidWord(language), kind, check.input,
                             language == .english ? "\(error.code.rawValue): \(error.detail)" : error.detailChinese]
                if !check.suggestions.isEmpty { parts.append(Text.didYouMean(check.suggestions.map(\.fullNumber))(language)) }
                return parts.joined(separator: "  ")
            }
        }
    }
}
