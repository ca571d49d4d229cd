import Foundation

/// Runs the built `teacher-registry` binary as a user would.
struct CLIProcess {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String

        /// The stdout parsed as a JSON array of objects.
        func jsonObjects() throws -> [[String: Any]] {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [[String: Any]] ?? []
        }
    }

    /// The products directory: the test bundle sits beside the binary.
    static let binary: URL = {
        var directory = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("teacher-registry").path),
              directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("teacher-registry")
    }()

    static func run(_ arguments: [String], configDirectory: URL? = nil, environment extra: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var environment = Self.neutralEnvironment
        environment["TEACHER_REGISTRY_CONFIG"] = (configDirectory ?? emptyConfig).path
        environment.merge(extra) { $1 }
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// The test process's environment without a language choice: the binary speaks its default, Chinese (a test
    /// that wants English says `--english` or sets `LANG`).
    static var neutralEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["LC_ALL"] = nil
        environment["LC_MESSAGES"] = nil
        environment["LANG"] = "C.UTF-8"
        return environment
    }

    /// A configuration directory with nothing loaded.
    static let emptyConfig = FileManager.default.temporaryDirectory
        .appendingPathComponent("teacher-registry-empty-config-\(ProcessInfo.processInfo.processIdentifier)")
}
