import ArgumentParser
import Foundation
import Normalization
import Registry
import RegistryService

/// Options every registry command shares.
struct RegistryOptions: ParsableArguments {
    @Option(help: "The registry's SQLite file.")
    var db: String
    @Flag(help: "Print JSON.")
    var json = false
    @Flag(help: "Human text in English (default: Chinese; English also when LC_ALL, LC_MESSAGES or LANG names an English locale).")
    var english = false

    /// The language of what this command prints for people.
    var language: Language { .chosen(english: english) }

    /// Who reads, for the access log of a read that shows full numbers: the signed-in user of the shell.
    var reader: String { ProcessInfo.processInfo.environment["USER"] ?? "cli" }

    /// Opens the registry; a file that does not exist is an error (nothing is created) unless `creating`.
    func open(creating: Bool = false) throws -> RegistryDatabase { try openRegistry(db, creating: creating, language: language) }

    /// A line for people on standard output, in the command's language.
    func say(_ text: Text) { print(text(language)) }
    /// A line for people on standard error, in the command's language.
    func note(_ text: Text) { FileHandle.standardError.print(text(language)) }
}

/// Who changes the registry, for the commands that change it (recorded in history).
struct ActorOptions: ParsableArguments {
    @Option(help: "Who acts (recorded in history).")
    var actor: String = ProcessInfo.processInfo.environment["USER"] ?? "cli"
    @Option(help: "The role the actor acts in: school, county, city, province or ministry.")
    var role: String = "province"

    var who: Actor { Actor(user: actor, role: role) }
}

/// Opens a registry file; one that does not exist is an error (nothing is created) unless `creating`.
func openRegistry(_ path: String, creating: Bool = false, language: Language) throws -> RegistryDatabase {
    if !creating, !FileManager.default.fileExists(atPath: path) {
        throw ValidationError(Text.noRegistry(path)(language))
    }
    do { return try RegistryDatabase(path: path) } catch {
        throw ValidationError(Text.registryUnreadable(path, "\(error)")(language))
    }
}

/// The language option of the commands that open no registry.
struct LanguageOption: ParsableArguments {
    @Flag(help: "Human text in English (default: Chinese; English also when LC_ALL, LC_MESSAGES or LANG names an English locale).")
    var english = false

    var language: Language { .chosen(english: english) }
}

/// Runs a registry operation, turning its refusals into a line on standard error and exit 1.
func registryAction<T>(_ language: Language, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as RegistryError {
        FileHandle.standardError.print(Text.errorLine(error.code.rawValue, error.text)(language))
        throw ExitCode(1)
    } catch let error as ServiceError {
        FileHandle.standardError.print(Text.errorLine(error.code.rawValue, error.text)(language))
        throw ExitCode(1)
    }
}

/// Finds a teacher by teacher number or by document number.
func findTeacher(_ key: String, in reader: RegistryReader) throws -> Teacher {
    let cleaned = key.uppercased().filter { $0 != " " && $0 != "-" }
    if let teacher = try reader.teacher(number: cleaned) { return teacher }
    if let teacher = try reader.teacher(documentKind: nil, number: cleaned) { return teacher }
    // A document in another of its forms (a 15-digit ID is stored as its 18-digit equivalent, full-width digits …).
    if let canonical = DocumentValidator().check(key).document?.canonical, canonical != cleaned,
       let teacher = try reader.teacher(documentKind: nil, number: canonical) { return teacher }
    // The user typed the key: echo it as typed, in the terminal only.
    throw RegistryError(.notFound, .noTeacherFor(key))
}


/// A day on the command line: exactly `YYYY-MM-DD`.
extension CivilDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
