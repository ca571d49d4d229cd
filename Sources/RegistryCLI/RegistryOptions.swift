import ArgumentParser
import Foundation
import Normalization
import Registry

/// Options every registry command shares.
struct RegistryOptions: ParsableArguments {
    @Option(help: "The registry's SQLite file.")
    var db: String
    @Flag(help: "Print JSON.")
    var json = false

    /// Who reads, for the access log of a read that shows full numbers: the signed-in user of the shell.
    var reader: String { ProcessInfo.processInfo.environment["USER"] ?? "cli" }

    /// Opens the registry; a file that does not exist is an error (nothing is created) unless `creating`.
    func open(creating: Bool = false) throws -> RegistryDatabase { try openRegistry(db, creating: creating) }
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
func openRegistry(_ path: String, creating: Bool = false) throws -> RegistryDatabase {
    if !creating, !FileManager.default.fileExists(atPath: path) {
        throw ValidationError("\(path)：没有这个登记库 (no registry at this path): create one with `db init --db \(path) --province PP` "
                              + "or `import --create PP …`")
    }
    do { return try RegistryDatabase(path: path) } catch {
        throw ValidationError("\(path): cannot open the registry (\(error))")
    }
}

/// Runs a registry operation, turning its errors into messages and exit 1.
func registryAction(_ body: () throws -> Void) throws {
    do { try body() } catch let error as RegistryError {
        FileHandle.standardError.print("error (\(error.code.rawValue)): \(error.message)")
        throw ExitCode(1)
    }
}

/// Runs a registry read, turning its errors into messages and exit 1.
func registryRead<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as RegistryError {
        FileHandle.standardError.print("错误 (\(error.code.rawValue)): \(error.message)")
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
