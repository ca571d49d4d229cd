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
        @Flag(help: "Messages in English.")
        var english = false
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

        /// One line per value. The terminal shows what the user typed and the numbers it may have meant in full (they
        /// differ by a character, and masked they would all look alike); logs and server answers keep masking.
        func human(_ check: DocumentCheck) -> String {
            let kind = english ? check.kind?.rawValue ?? "unknown" : check.kind?.label ?? "未知证件"
            switch check.result {
            case .success(let document):
                var parts = [english ? "valid" : "有效", kind, document.canonical]
                if document.canonical != check.input.trimmingCharacters(in: .whitespaces) { parts.append(english ? "(typed \(check.input))" : "（输入为 \(check.input)）") }
                if let birth = document.birthDate { parts.append(english ? "born \(birth)" : "出生日期 \(birth)") }
                if let gender = document.gender { parts.append(english ? gender.rawValue : gender.label) }
                if let region = document.regionCode { parts.append(english ? "region \(region)" : "区划 \(region)") }
                if !check.warnings.isEmpty { parts.append((english ? "warnings: " : "提示：") + check.warnings.map(\.rawValue).joined(separator: ", ")) }
                return parts.joined(separator: "  ")
            case .failure(let error):
                var parts = [english ? "invalid" : "无效", kind, check.input, english ? "\(error.code.rawValue): \(error.detail)" : error.detailChinese]
                if !check.suggestions.isEmpty {
                    parts.append((english ? "did you mean " : "可能是：") + check.suggestions.map(\.fullNumber).joined(separator: english ? ", " : "、"))
                }
                return parts.joined(separator: "  ")
            }
        }
    }
}
