import Foundation
import Normalization
import Registry

/// The weekly progress report of the notices: per county and school, what
/// was submitted, validated, imported and is waiting for review; which
/// counties and cities have finished their review.
public struct ProgressReport: Codable, Sendable {
    public struct County: Codable, Sendable {
        public var county: String
        public var schools: Int
        public var schoolsSubmitted: Int
        /// Schools that submitted, over schools known in the county.
        public var completion: Double
        public var batches: Int
        public var batchesApproved: Int
    }
    public var rows: [ProgressRow]
    public var counties: [County]
    /// Counties whose every batch has passed the county level.
    public var countiesReviewed: [String]
    /// Cities whose every batch has passed the city level.
    public var citiesReviewed: [String]
    /// Names of the schools, counties and cities above, for the human forms (CSV, HTML, table); JSON keeps the codes.
    public var places = PlaceLabels(schoolNames: [:], regionNames: [:])

    enum CodingKeys: String, CodingKey { case rows, counties, countiesReviewed, citiesReviewed }

    /// A school counts as submitted when a file of it was uploaded or imported, or teachers are registered at it
    /// (a county's file of many schools, imported from the command line).
    static func submitted(_ row: ProgressRow) -> Bool { !row.school.isEmpty && (row.filesSubmitted > 0 || row.teachers > 0) }

    /// A county as officers read it; `未定县区` for schools not yet placed in one.
    func county(_ code: String) -> String { code.isEmpty ? "未定县区" : places.region(code) }

    /// Codes joined with 、, or 无.
    func list(_ codes: [String]) -> String { codes.isEmpty ? "无" : codes.map { places.region($0) }.joined(separator: "、") }

    public var csv: String {
        var lines = ["县区,学校,提交文件,导入文件,退回文件,收到行数,有效行数,导入行数,待人工判定,现有教师"]
        for row in rows {
            lines.append([county(row.county), row.school.isEmpty ? "合计" : places.school(row.school), String(row.filesSubmitted), String(row.filesImported),
                          String(row.filesRejected), String(row.rowsReceived), String(row.rowsValid), String(row.rowsImported),
                          String(row.rowsPendingReview), String(row.teachers)].map(Self.csvCell).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A CSV cell: quoted when it holds a comma, quote or line break; a leading = + - @ made inert for spreadsheets.
    static func csvCell(_ text: String) -> String {
        var cell = text
        if let first = cell.first, "=+-@".contains(first) { cell = "'" + cell }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The terminal's table: tab-separated, Chinese headers, names beside codes.
    public var table: String {
        var lines = [["县区", "学校", "提交文件", "有效行/收到行", "导入行数", "待人工判定", "现有教师"].joined(separator: "\t")]
        for row in rows {
            lines.append([county(row.county), row.school.isEmpty ? "合计" : places.school(row.school), String(row.filesSubmitted),
                          "\(row.rowsValid)/\(row.rowsReceived)", String(row.rowsImported), String(row.rowsPendingReview),
                          String(row.teachers)].joined(separator: "\t"))
        }
        for county in counties {
            lines.append("\(self.county(county.county))：学校 \(county.schools) 所，已提交 \(county.schoolsSubmitted) 所，完成率 \(Int((county.completion * 100).rounded()))%")
        }
        lines.append("已完成审核的县区：\(list(countiesReviewed))")
        lines.append("已完成审核的市：\(list(citiesReviewed))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A page a county officer can open: one bar per county (completion) and the table.
    public var html: String {
        """
        <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>教师信息采集进度</title>
        <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
        th{background:#f3f3f3}</style></head><body><h1>教师信息采集进度</h1>\(htmlFragment)</body></html>
        """
    }

    /// The report's tables and bars, for a page of its own or inside another.
    public var htmlFragment: String {
        func escape(_ text: String) -> String { Markup.escape(text) }
        var page = "<h2>各县区学校提交完成率</h2><table><tr><th>县区</th><th>学校</th><th>已提交</th><th>完成率</th><th>进度</th><th>批次已省级审核</th></tr>"
        for county in counties {
            let percent = Int((county.completion * 100).rounded())
            page += "<tr><td>\(escape(self.county(county.county)))</td><td>\(county.schools)</td><td>\(county.schoolsSubmitted)</td><td>\(percent)%</td>"
                + "<td><div style=\"background:#e2e8f0;width:300px\" role=\"img\" aria-label=\"完成率 \(percent)%\">"
                + "<div style=\"background:#2b6cb0;height:14px;width:\(percent * 3)px\"></div></div></td>"
                + "<td>\(county.batchesApproved)/\(county.batches)</td></tr>"
        }
        if counties.isEmpty { page += "<tr><td colspan=\"6\">暂无学校</td></tr>" }
        page += "</table><p>已完成审核的县区：\(escape(list(countiesReviewed)))；已完成审核的市：\(escape(list(citiesReviewed)))</p>"
        page += "<h2>各校明细</h2><table><tr><th>县区</th><th>学校</th><th>提交文件</th><th>收到行数</th><th>有效行数</th><th>导入行数</th><th>待人工判定</th><th>现有教师</th></tr>"
        for row in rows where !row.school.isEmpty {
            page += "<tr><td>\(escape(county(row.county)))</td><td>\(escape(places.school(row.school)))</td><td>\(row.filesSubmitted)</td><td>\(row.rowsReceived)</td>"
                + "<td>\(row.rowsValid)</td><td>\(row.rowsImported)</td><td>\(row.rowsPendingReview)</td><td>\(row.teachers)</td></tr>"
        }
        if !rows.contains(where: { !$0.school.isEmpty }) { page += "<tr><td colspan=\"8\">暂无数据</td></tr>" }
        return page + "</table>"
    }
}

extension RegistryService {
    /// The progress report over the caller's jurisdiction.
    public func progressReport(_ principal: Principal) throws(ServiceError) -> ProgressReport {
        let rows = try progress(principal)
        let batches = try self.batches(principal)
        return try serviceCall {
            let schools = try database.read { try $0.schoolCounts() }.filter { principal.covers(school: $0.school, county: $0.county) }
            var counties: [String: ProgressReport.County] = [:]
            for school in schools {
                counties[school.county ?? "", default: .init(county: school.county ?? "", schools: 0, schoolsSubmitted: 0, completion: 0,
                                                             batches: 0, batchesApproved: 0)].schools += 1
            }
            for row in rows where ProgressReport.submitted(row) { counties[row.county]?.schoolsSubmitted += 1 }
            let passed: (BatchView, Set<String>) -> Bool = { batch, states in batch.state == "superseded" || states.contains(batch.state) }
            var countyDone: [String: Bool] = [:], cityDone: [String: Bool] = [:]
            for batch in batches {
                let county = batch.county ?? ""
                counties[county, default: .init(county: county, schools: 0, schoolsSubmitted: 0, completion: 0, batches: 0, batchesApproved: 0)].batches += 1
                if batch.state == "province-approved" { counties[county]?.batchesApproved += 1 }
                countyDone[county] = (countyDone[county] ?? true)
                    && (batch.higherEducation || passed(batch, ["county-approved", "city-approved", "province-approved"]))
                if county.count >= 4 {
                    let city = String(county.prefix(4))
                    cityDone[city] = (cityDone[city] ?? true) && (batch.higherEducation || passed(batch, ["city-approved", "province-approved"]))
                }
            }
            for key in counties.keys {
                let county = counties[key]!
                counties[key]!.completion = county.schools == 0 ? 0 : Double(county.schoolsSubmitted) / Double(county.schools)
            }
            var report = ProgressReport(rows: rows, counties: counties.values.sorted { $0.county < $1.county },
                                        countiesReviewed: countyDone.filter(\.value).map(\.key).sorted(),
                                        citiesReviewed: cityDone.filter(\.value).map(\.key).sorted())
            report.places = placeLabels(schools: rows.map(\.school).filter { !$0.isEmpty },
                                        regions: rows.map(\.county) + report.countiesReviewed + report.citiesReviewed)
            return report
        }
    }
}
