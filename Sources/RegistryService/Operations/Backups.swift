import Normalization
import Foundation
import Registry

extension RegistryService {
    /// An online backup of the registry (consistent while others read and
    /// write) into `directory` (made private, 0700), named by the UTC time,
    /// `teacher-registry-YYYYMMDDTHHMMSSZ.sqlite`, readable by its owner only;
    /// then only the newest `keep` backups stay. Written under a temporary
    /// name and renamed, so a backup file is always whole.
    @discardableResult
    public func backup(into directory: URL, keep: Int, now: Date = Date()) throws(ServiceError) -> URL {
        guard keep >= 1 else { throw ServiceError(.invalid, .backupsKeep) }
        return try serviceCall {
            try WorkFolders.makePrivate(directory)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            let target = directory.appendingPathComponent("\(Self.backupPrefix)\(formatter.string(from: now)).sqlite")
            let partial = directory.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).partial")
            try? FileManager.default.removeItem(at: partial)
            FileManager.default.createFile(atPath: partial.path, contents: nil, attributes: [.posixPermissions: 0o600])
            do {
                try database.backup(to: partial.path)
                if FileManager.default.fileExists(atPath: target.path) { try FileManager.default.removeItem(at: target) }
                try FileManager.default.moveItem(at: partial, to: target)
            } catch {
                try? FileManager.default.removeItem(at: partial)
                throw error
            }
            let backups = try FileManager.default.contentsOfDirectory(atPath: directory.path)
                .filter { $0.hasPrefix(Self.backupPrefix) && $0.hasSuffix(".sqlite") }.sorted()
            for old in backups.dropLast(keep) { try FileManager.default.removeItem(at: directory.appendingPathComponent(old)) }
            return target
        }
    }

    static let backupPrefix = "teacher-registry-"
}
