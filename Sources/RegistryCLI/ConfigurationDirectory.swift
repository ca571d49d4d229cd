import ArgumentParser
import Foundation

/// Where a deployment keeps its configuration (the region table, …):
/// `--config DIR`, else `$TEACHER_REGISTRY_CONFIG`, else
/// `$XDG_CONFIG_HOME/teacher-registry`, else `~/.config/teacher-registry`.
struct ConfigurationOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: "Configuration directory.")
    var directory: String?

    var url: URL {
        let environment = ProcessInfo.processInfo.environment
        if let directory { return URL(fileURLWithPath: directory) }
        if let path = environment["TEACHER_REGISTRY_CONFIG"], !path.isEmpty { return URL(fileURLWithPath: path) }
        if let path = environment["XDG_CONFIG_HOME"], !path.isEmpty {
            return URL(fileURLWithPath: path).appendingPathComponent("teacher-registry")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".config/teacher-registry")
    }

    var regionTableURL: URL { url.appendingPathComponent("regions.json") }
}
