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
        @Flag(name: .customLong("show-full"), help: "Show full numbers in the human output.")
        var showFull = false
        @Option(name: .customLong("type"), help: "The template's 身份证件类型 code (1, 6, 7, 8, 9, A …); inferred when absent.")
        var declaredType: String?
        @OptionGroup var configuration: ConfigurationOptions
        @Argument(help: "Document numbers.")
        var values: [String]

        func validate() throws {
            if values.isEmpty { throw ValidationError("give at least one value") }
        }

        func run() throws {
            let regions = try RegionsCommand.loadedTable(configuration)
            let validator = DocumentValidator(regions: regions)
            var declared: TemplateDocumentType?
            if let declaredType {
                guard let found = TemplateDocumentType.parse(declaredType, from: try TemplateDocumentType.all()) else {
                    throw ValidationError("unknown document type code \(declaredType)")
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

        func human(_ check: DocumentCheck) -> String {
            func show(_ text: String) -> String { showFull ? text : Masking.maskNumbers(in: text) }
            let kind = check.kind?.rawValue ?? "unknown"
            switch check.result {
            case .success(let document):
                var parts = ["valid", kind, show(document.canonical)]
                if let birth = document.birthDate { parts.append("born \(birth)") }
                if let gender = document.gender { parts.append(gender.rawValue) }
                if let region = document.regionCode { parts.append("region \(region)") }
                if !check.warnings.isEmpty { parts.append("warnings: " + check.warnings.map(\.rawValue).joined(separator: ", ")) }
                return parts.joined(separator: "  ")
            case .failure(let error):
                var parts = ["invalid", kind, show(check.input), "\(error.code.rawValue): \(error.detail)"]
                if !check.suggestions.isEmpty {
                    parts.append("did you mean " + check.suggestions.map { showFull ? $0.fullNumber : $0.masked }
                        .joined(separator: ", "))
                }
                return parts.joined(separator: "  ")
            }
        }
    }
}
