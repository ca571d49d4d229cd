import Foundation
import Intake
import Normalization
import Registry

/// One problem of a submitted file, as a school reads it.
public struct ProblemView: Codable, Sendable, Equatable {
    public var file: String
    public var sheet: String?
    public var row: Int
    public var column: String
    public var rule: String
    public var severity: String
    public var message: String
    public var messageEnglish: String

    public init(_ problem: ValidationProblem) {
        file = problem.file
        sheet = problem.sheet
        row = problem.row
        column = problem.column
        rule = problem.rule.id
        severity = problem.rule.severity.rawValue
        message = Masking.maskNumbers(in: problem.message)
        messageEnglish = Masking.maskNumbers(in: problem.messageEnglish)
    }
}

/// An upload and what became of each of its files.
public struct UploadView: Codable, Sendable {
    public var id: Int64
    public var file: String
    public var uploadedBy: String
    public var at: String
    public var files: [ImportPipeline.FileOutcome]
    public var problems: [ProblemView]
    /// Whether a marked copy of the workbook can be downloaded.
    public var errorWorkbook: Bool
}

extension RegistryService {
    /// Validates and imports an uploaded workbook, CSV or ZIP, each file all
    /// or nothing (or its valid rows with `partial`). Files for schools
    /// outside the caller's jurisdiction are rejected whole. The upload and
    /// its outcome are recorded either way.
    public func importUpload(_ principal: Principal, fileName: String, data: Data, partial: Bool = false) throws(ServiceError) -> UploadView {
        guard principal.role != .ministry else { throw ServiceError(.forbidden, .ministryReadsOnly) }
        guard data.count <= uploadLimit else {
            throw ServiceError(.invalid, .uploadTooLarge(fileName, bytes: data.count, limit: uploadLimit))
        }
        let name = (fileName as NSString).lastPathComponent
        guard !name.isEmpty, !name.hasPrefix(".") else { throw ServiceError(.invalid, .uploadNeedsName) }
        return try serviceCall { try work.withFolder("upload") { folder in
            let url = folder.appendingPathComponent(name)
            try data.write(to: url)
            let batch: TeacherFileBatch
            do { batch = try TeacherFiles.open(url) } catch {
                throw ServiceError(.invalid, .verbatim(Masking.maskNumbers(in: Redaction.paths(in: "\(error)"), minimumLength: 14)))
            }
            let result = try pipeline.run(batch, actor: principal.actor, partial: partial, county: try region(of: principal),
                                          schoolAllowed: { try self.schoolRefusal($0, principal: principal, in: $1) },
                                          mayAttach: { id, reader in try principal.access(to: try reader.teacher(id: id), reader: reader) == .write })
            var workbook: Data?
            if name.lowercased().hasSuffix(".xlsx"), !result.problems.isEmpty {
                let marked = folder.appendingPathComponent("marked.xlsx")
                try ErrorWorkbook.write(original: url, problems: result.problems, to: marked)
                workbook = try Data(contentsOf: marked)
            }
            let problems = result.problems.map(ProblemView.init)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let summary = String(decoding: try encoder.encode(result.files), as: UTF8.self)
            let problemText = String(decoding: try encoder.encode(problems), as: UTF8.self)
            let region = try self.region(of: principal)
            let (id, at) = try database.change(principal.actor, reason: "upload") { change in
                let id = try change.recordUpload(file: name, jurisdiction: principal.jurisdiction, region: region, summary: summary,
                                                 problems: problemText, errorWorkbook: workbook)
                try change.linkImports(toUpload: id, validRows: result.validRowsByHash)
                return (id, try change.reader.upload(id)!.at)
            }
            return UploadView(id: id, file: name, uploadedBy: principal.name, at: at, files: result.files, problems: problems,
                              errorWorkbook: workbook != nil)
        } }
    }

    public func upload(_ principal: Principal, id: Int64) throws(ServiceError) -> UploadView {
        try serviceCall {
            let upload = try visibleUpload(principal, id: id)
            let decoder = JSONDecoder()
            return UploadView(id: upload.id, file: upload.file, uploadedBy: upload.uploadedBy, at: upload.at,
                              files: try decoder.decode([ImportPipeline.FileOutcome].self, from: Data(upload.summary.utf8)),
                              problems: try decoder.decode([ProblemView].self, from: Data(upload.problems.utf8)),
                              errorWorkbook: upload.hasErrorWorkbook)
        }
    }

    /// The school's workbook with its problems marked.
    public func errorWorkbook(_ principal: Principal, id: Int64) throws(ServiceError) -> (file: String, data: Data) {
        try serviceCall {
            let upload = try visibleUpload(principal, id: id)
            guard let data = try database.read({ try $0.errorWorkbook(ofUpload: id) }) else {
                throw ServiceError(.notFound, .noErrorWorkbook(id))
            }
            let base = (upload.file as NSString).deletingPathExtension
            return ("\(base)_问题标注.xlsx", data)
        }
    }

    private func visibleUpload(_ principal: Principal, id: Int64) throws -> Upload {
        guard let upload = try database.read({ try $0.upload(id) }) else { throw ServiceError(.notFound, .noUpload(id)) }
        let visible = upload.uploadedBy == principal.name || principal.role == .ministry
            || (principal.role == .school ? upload.jurisdiction == principal.jurisdiction : upload.region.hasPrefix(principal.jurisdiction))
        guard visible else { throw ServiceError(.notFound, .noUpload(id)) }
        return upload
    }

    /// The region a user's submissions belong to: a school's county, or the user's own region.
    func region(of principal: Principal) throws -> String {
        guard principal.role == .school else { return principal.jurisdiction }
        return try database.read { try $0.school(principal.jurisdiction)?.countyCode } ?? principal.jurisdiction
    }

    /// Why a file for `school` may not be imported by the caller (nil: it may).
    /// A county importing a school the registry does not know yet places it in the county.
    func schoolRefusal(_ school: String, principal: Principal, in group: ChangeGroup) throws -> String? {
        let known = try group.read { try $0.school(school) }
        if principal.role == .county, known?.countyCode == nil, school.count == 10, school.allSatisfy(\.isNumber) {
            try group.change(principal.actor, reason: "school first submitted by its county") {
                _ = try $0.describeSchool(SchoolDescription(code: school, county: principal.jurisdiction))
            }
            return nil
        }
        if principal.covers(school: school, county: known?.countyCode) { return nil }
        return "学校 \(school) 不在您的管辖范围内，不能提交其数据 (school \(school) is outside your jurisdiction)"
    }
}
