import Crypto
import Foundation
import Matching
import Normalization
import Registry

/// Finding a teacher registered by two provinces without sharing ID numbers
/// or names. Each province exports, per teacher, keyed hashes
/// (HMAC-SHA-256 with a secret the provinces and the ministry share) of
/// the canonical document number and of name key + birth date; the
/// ministry joins the files on the hashes alone.
///
/// What this protects: the files carry no ID number, name or birth date;
/// without the secret, nobody can test a guess against a hash, so a leaked
/// file reveals only how many teachers a province has. What it does not:
/// anyone holding the secret can hash every possible ID number of a region
/// and birth date (about 10^3 per day of birth) and so recover IDs from a
/// file; the ministry, which holds the secret, must be trusted with that,
/// and the secret must stay off the machines that move the files. Equal
/// hashes also tell the holder of two files that a teacher is in both.
public enum CrossProvinceKeys {
    public struct Entry: Sendable, Equatable {
        public var province: String
        public var teacher: String
        public var documentHash: String?
        public var nameBirthHash: String?
    }

    public struct Match: Sendable, Equatable {
        public enum Evidence: String, Sendable { case document = "same-document", nameAndBirth = "same-name-and-birth-date" }
        public var first: Entry
        public var second: Entry
        public var evidence: Evidence
    }

    public static let header = "province,teacher_number,document_hmac,name_birth_hmac"

    /// The key file of one registry: one line per current teacher.
    public static func export(_ service: RegistryService, secret: Data) throws -> String {
        guard secret.count >= 32 else { throw ServiceError(.invalid, .secretTooShort) }
        let key = SymmetricKey(data: secret)
        let province = String(service.province)
        let (records, _) = try service.registrar.allStoredRecords()
        var lines = [header]
        for record in records.sorted(by: { $0.recordID < $1.recordID }) {
            var document: String?
            if case .valid(let valid) = record.document { document = hash("document:\(valid.kind.rawValue):\(valid.canonical)", key) }
            let nameBirth = record.birthDate.flatMap { birth in
                record.name.key.isEmpty ? nil : hash("name-birth:\(record.name.key)|\(birth.description)", key)
            }
            lines.append([province, record.recordID, document ?? "", nameBirth ?? ""].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads key files and lists teachers present in two provinces: a shared
    /// document hash is the same person; a shared name-and-birth hash (with
    /// no document hash in common) is someone for the two provinces to check.
    public static func match(_ files: [(name: String, text: String)]) throws -> [Match] {
        var byDocument: [String: [Entry]] = [:], byNameBirth: [String: [Entry]] = [:]
        for file in files {
            let lines = file.text.split(whereSeparator: \.isNewline)
            guard lines.first.map(String.init) == header else { throw ServiceError(.invalid, .notAKeyFile(file.name, header: header)) }
            for (number, line) in lines.dropFirst().enumerated() {
                let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                guard cells.count == 4 else { throw ServiceError(.invalid, .keyFileLine(file.name, line: number + 2)) }
                let entry = Entry(province: cells[0], teacher: cells[1], documentHash: cells[2].isEmpty ? nil : cells[2],
                                  nameBirthHash: cells[3].isEmpty ? nil : cells[3])
                if let hash = entry.documentHash { byDocument[hash, default: []].append(entry) }
                if let hash = entry.nameBirthHash { byNameBirth[hash, default: []].append(entry) }
            }
        }
        var matches: [Match] = []
        var linked = Set<[String]>()
        func pairs(_ groups: [String: [Entry]], _ evidence: Match.Evidence) {
            for group in groups.values where Set(group.map(\.province)).count > 1 {
                for (i, a) in group.enumerated() {
                    for b in group[(i + 1)...] where a.province != b.province {
                        let key = [a.province + a.teacher, b.province + b.teacher].sorted()
                        guard linked.insert(key).inserted else { continue }
                        matches.append(Match(first: a, second: b, evidence: evidence))
                    }
                }
            }
        }
        pairs(byDocument, .document)
        pairs(byNameBirth, .nameAndBirth)
        // Same documents first, then by province and teacher number.
        return matches.sorted {
            ($0.evidence == .document ? 0 : 1, $0.first.province, $0.first.teacher) < ($1.evidence == .document ? 0 : 1, $1.first.province, $1.first.teacher)
        }
    }

    private static func hash(_ text: String, _ key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)).map { String(format: "%02x", $0) }.joined()
    }
}
