import Crypto
import Foundation
import Intake
import Normalization
import Registry

/// A national submission: the core fields of every teacher in scope as
/// known at the end of a day (or only those changed since an earlier
/// submission), as CSV and .xlsx, with a manifest of counts and hashes.
public struct NationalExport: Sendable {
    public struct Manifest: Codable, Sendable, Equatable {
        public struct File: Codable, Sendable, Equatable {
            public var name: String
            public var bytes: Int
            public var sha256: String
        }
        public var province: Int
        public var scope: String
        public var asOf: String
        public var since: String?
        public var teachers: Int
        public var byCounty: [String: Int]
        public var files: [File]
        /// SHA-256 of the CSV: the same day's export always has the same hash.
        public var contentHash: String
    }

    public var manifest: Manifest
    /// File name → bytes (CSV, .xlsx, manifest.json).
    public var files: [(name: String, data: Data)]

    /// The national core fields, in the order of the ministry's template.
    public static let header = ["教师编号", "姓名", "曾用名", "性别", "出生日期", "身份证件类型", "身份证件号", "国籍/地区", "民族", "政治面貌",
                                "人员状态", "学校标识码", "所在县区"]
    static let deltaHeader = header + ["变动类型"]
}

extension RegistryService {
    /// Exports the caller's jurisdiction (province users only) as of `day`.
    /// A submission for today is refused while the gate has blocking items;
    /// an export of a past day reproduces that day's file and is not gated.
    public func nationalExport(_ principal: Principal, asOf day: CivilDate, since: CivilDate? = nil,
                               today: CivilDate = CivilDate.todayInChina()) throws(ServiceError) -> NationalExport {
        guard principal.role == .province else { throw ServiceError(.forbidden, .provinceSubmits) }
        guard day <= today else { throw ServiceError(.invalid, .asOfNotFuture) }
        if let since, !(since < day) { throw ServiceError(.invalid, .sinceBeforeAsOf) }
        if day == today {
            let gate = try submissionGate(principal)
            if gate.blocking {
                let list = gate.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
                throw ServiceError(.conflict, .exportBlocked(scope: gate.scope, list: list))
            }
        }
        return try serviceCall {
            let (rows, changed, unborn) = try database.read { reader -> ([SnapshotRow], Set<Int64>?, Set<Int64>) in
                let rows = try reader.snapshot(asOf: day).filter { row in
                    guard let school = row.school else { return true }
                    return principal.covers(school: school, county: row.county)
                }
                guard let since else { return (rows, nil, []) }
                let before = Set(try reader.snapshot(asOf: since).map(\.teacherID))
                return (rows, try reader.changedTeachers(since: since, asOf: day), Set(rows.map(\.teacherID)).subtracting(before))
            }
            var table: [[String]] = []
            var byCounty: [String: Int] = [:]
            for row in rows where changed?.contains(row.teacherID) ?? true {
                var cells = [row.number, row.name, row.formerName ?? "", row.gender ?? "", row.birthDate ?? "",
                             row.documentKind.map { DocumentKind(rawValue: $0)?.nationalCode(number: row.documentNumber ?? "") ?? $0 } ?? "",
                             row.documentNumber ?? "", row.nationality ?? "", row.ethnicity ?? "", row.politicalStatus ?? "", row.status,
                             row.school ?? "", row.county ?? ""]
                if since != nil { cells.append(unborn.contains(row.teacherID) ? "新增" : "变更") }
                table.append(cells)
                byCounty[row.county ?? "", default: 0] += 1
            }
            let header = since == nil ? NationalExport.header : NationalExport.deltaHeader
            let base = "teachers-\(principal.jurisdiction)-\(day)" + (since.map { "-since-\($0)" } ?? "")
            let lines = ([header] + table).map { $0.map(Self.csvField).joined(separator: ",") + "\r\n" }
            let csv = Data(lines.joined().utf8)
            let xlsx = try work.withFolder("export") { folder in
                let xlsxURL = folder.appendingPathComponent("\(base).xlsx")
                try XLSXWriter.write(sheet: "教师基本信息", header: header, rows: table, to: xlsxURL)
                return try Data(contentsOf: xlsxURL)
            }
            let files = [("\(base).csv", csv), ("\(base).xlsx", xlsx)]
            let manifest = NationalExport.Manifest(
                province: province, scope: principal.jurisdiction, asOf: day.description, since: since?.description, teachers: table.count, byCounty: byCounty,
                files: files.map { .init(name: $0.0, bytes: $0.1.count, sha256: Self.sha256($0.1)) }, contentHash: Self.sha256(csv))
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            return NationalExport(manifest: manifest, files: files + [("\(base).manifest.json", try encoder.encode(manifest))])
        }
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// RFC 4180 quoting. A cell that a spreadsheet would take for a formula
    /// (a leading `=`, `+`, `-`, `@`, tab or carriage return) is written
    /// behind an apostrophe, so opening the file never runs it.
    static func csvField(_ value: String) -> String {
        let text = value.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true ? "'" + value : value
        return text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}
