import Foundation

/// The language of human text: Chinese unless English is asked for (`--english` on the command line, a locale whose
/// language is English in `LC_ALL`, `LC_MESSAGES` or `LANG`, or `Accept-Language: en` on the API). Keys, codes and
/// times in JSON never change with it.
public enum Language: Sendable, Equatable {
    case chinese, english

    /// English when asked for, else the language of the locale in `environment` (POSIX order: `LC_ALL`, then
    /// `LC_MESSAGES`, then `LANG`; the first that is set decides). Anything but an English locale reads Chinese.
    public static func chosen(english: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Language {
        if english { return .english }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("en") ? .english : .chinese
        }
        return .chinese
    }

    /// The language an HTTP client asks for in `Accept-Language`: English when its first listed language is English.
    public static func accepted(_ header: String?) -> Language {
        guard let first = header?.split(separator: ",").first else { return .chinese }
        return first.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("en") ? .english : .chinese
    }
}

/// One piece of human text in both languages. Every message the registry shows is built in `Messages.swift` as one
/// of these; what prints it picks the reader's language.
public struct Text: Sendable, Equatable, CustomStringConvertible {
    public let chinese: String
    public let english: String

    public init(_ chinese: String, _ english: String) {
        self.chinese = chinese
        self.english = english
    }

    /// The text in `language`.
    public func callAsFunction(_ language: Language) -> String { language == .english ? english : chinese }

    /// Chinese, the registry's language.
    public var description: String { chinese }

    /// This text followed by `other` (each language with its own).
    public static func + (lhs: Text, rhs: Text) -> Text { Text(lhs.chinese + rhs.chinese, lhs.english + rhs.english) }

    /// The same words in both languages (a file name, a number, a value the user typed).
    public static func verbatim(_ text: String) -> Text { Text(text, text) }
}
