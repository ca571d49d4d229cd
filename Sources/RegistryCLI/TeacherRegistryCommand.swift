import ArgumentParser
import Foundation

/// `teacher-registry`: the command-line front end of the registry.
struct TeacherRegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teacher-registry",
        abstract: "One number per teacher: check documents, normalise names and dates, audit duplicates.",
        subcommands: [DedupeCommand.self, ValidateCommand.self, ImportCommand.self, ServeCommand.self, UserCommand.self, SchoolCommand.self, SubsetCommand.self, AuditCommand.self, BatchCommand.self, ExportCommand.self, ProgressCommand.self, CrossMatchKeysCommand.self, CrossMatchCommand.self, DatabaseCommand.self, TeacherCommand.self, TransferCommand.self, RotationCommand.self, StatusCommand.self, NumberCommand.self, NormalizeCommand.self, GenerateCommand.self, EvaluateCommand.self, IDCommand.self, NameCommand.self, DateCommand.self, RegionsCommand.self]
    )
}

@main
enum Main {
    /// Exit codes: 0 success, 1 a checked value is invalid, 2 usage errors
    /// (ArgumentParser's own default for those is 64).
    static func main() async {
        #if os(Linux)
        // Two malloc arenas, not eight a core: candidates read on a fetching thread and freed by the
        // writer otherwise stay in that thread's arena (32 county ZIPs into a million teachers: 2.87 GiB peak, 2.35 with two).
        _ = mallopt(-8 /* M_ARENA_MAX, malloc.h */, 2)
        #endif
        do {
            var command = try TeacherRegistryCommand.parseAsRoot()
            if var server = command as? any AsyncParsableCommand {
                try await server.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Foundation.exit(exit.rawValue)
        } catch {
            let code = TeacherRegistryCommand.exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((TeacherRegistryCommand.fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            TeacherRegistryCommand.exit(withError: error)
        }
    }
}

#if os(Linux)
/// glibc's `mallopt` (malloc.h, which the Glibc module leaves out).
@_silgen_name("mallopt")
private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif

extension FileHandle {
    func print(_ line: String) { write(Data((line + "\n").utf8)) }
}
