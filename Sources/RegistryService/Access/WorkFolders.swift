import Foundation

/// Where the service keeps the files of work in progress (an upload being
/// read, an export being written): a folder beside the registry that only
/// its owner may enter (0700), one sub-folder per process and task, removed
/// when the task ends. A process that died leaves its sub-folders behind:
/// the next service to start on the registry removes those whose process is
/// gone, so no submitted file (full ID numbers) outlives its use.
public struct WorkFolders: Sendable {
    public let root: URL

    /// `root` beside the registry file; made private, and cleared of what dead processes left.
    public init(besideRegistry path: String) throws {
        root = URL(fileURLWithPath: path + "-work", isDirectory: true)
        try Self.makePrivate(root)
        removeLeftovers()
    }

    /// A new private folder for one task; the caller removes it (see `withFolder`).
    func make(_ purpose: String) throws -> URL {
        let folder = root.appendingPathComponent("\(getpid())-\(purpose)-\(UUID().uuidString)", isDirectory: true)
        try Self.makePrivate(folder)
        return folder
    }

    /// Runs `body` with a new private folder, removed afterwards whatever happens.
    func withFolder<T>(_ purpose: String, _ body: (URL) throws -> T) throws -> T {
        let folder = try make(purpose)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(folder)
    }

    /// Removes the folders of processes that no longer run.
    func removeLeftovers() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root.path) else { return }
        for name in names {
            guard let pid = name.split(separator: "-").first.flatMap({ Int32($0) }), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else {
                continue
            }
            try? FileManager.default.removeItem(at: root.appendingPathComponent(name))
        }
    }

    static func makePrivate(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
    }
}

/// Error text for users without the machine's paths in it: an absolute path becomes its last component.
enum Redaction {
    static func paths(in text: String) -> String {
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let previous = index == text.startIndex ? " " : text[text.index(before: index)]
            if character == "/", previous == " " || previous == "\"" || previous == "'" || previous == "(" || previous == "=" {
                var end = index
                while end < text.endIndex, !" \"'),;".contains(text[end]) { end = text.index(after: end) }
                let path = text[index..<end]
                output += path.split(separator: "/").last.map(String.init) ?? ""
                index = end
                continue
            }
            output.append(character)
            index = text.index(after: index)
        }
        return output
    }
}
