import Foundation
import Normalization

/// The duplicate audit as an HTML page for a data officer, in Chinese:
/// certain duplicates by cluster, then pairs that need review, each with
/// its evidence; counts per county. Document numbers are masked.
public struct AuditReport: Sendable {
    public let result: DuplicateAudit.Result
    public let source: String

    public init(result: DuplicateAudit.Result, source: String) {
        self.result = result
        self.source = source
    }

    public var html: String {
        let records = result.records
        let matches = result.pairs.filter { $0.decision == .match }
        let possible = result.pairs.filter { $0.decision == .possible }
        var clusterOf: [Int32: Int] = [:]
        for (index, group) in result.clusters.groups.enumerated() { for member in group { clusterOf[member] = index } }

        var page = """
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>教师重复信息核查报告</title>
            <style>body{font-family:sans-serif;margin:1.5em;max-width:1200px}table{border-collapse:collapse;margin:.5em 0}
            td,th{border:1px solid #bbb;padding:.25em .5em;text-align:left}th{background:#eef}
            .certain{border-left:6px solid #c33;padding-left:.8em;margin:1em 0}.review{border-left:6px solid #e90;padding-left:.8em;margin:1em 0}
            .tag{display:inline-block;background:#f3f3f3;border-radius:3px;padding:0 .4em;margin:.1em}.warn{color:#c33}</style></head><body>
            <h1>教师重复信息核查报告</h1>
            <p>数据来源:\(escape(source));共 \(records.count) 条记录;候选比对 \(result.candidateCount) 对;
            确认重复 \(matches.count) 对(\(result.clusters.groups.count) 组);疑似重复需人工核查 \(possible.count) 对。</p>
            """
        page += countyTable(possible: possible, clusterOf: clusterOf)
        if !result.clusters.suspicious.isEmpty {
            page += "<p class=\"warn\">注意:\(result.clusters.suspicious.count) 组包含超过 \(Clusters.suspiciousSize) 条记录,请重点核查。</p>"
        }
        page += "<h2>一、确认重复(按组)</h2>"
        let strongest = Dictionary(grouping: matches) { clusterOf[$0.a] ?? -1 }
        for (index, group) in result.clusters.groups.enumerated() {
            let size = group.count > Clusters.suspiciousSize ? " <span class=\"warn\">(记录过多,请核查)</span>" : ""
            page += "<div class=\"certain\"><h3>第 \(index + 1) 组:\(group.count) 条记录\(size)</h3>"
            page += recordTable(group.map(Int.init))
            for pair in (strongest[index] ?? []).prefix(6) { page += evidence(pair) }
            page += "</div>"
        }
        page += "<h2>二、疑似重复(需人工核查)</h2>"
        for pair in possible {
            page += "<div class=\"review\">" + recordTable([Int(pair.a), Int(pair.b)]) + evidence(pair) + "</div>"
        }
        page += "</body></html>\n"
        return page
    }

    private func countyTable(possible: [PairScore], clusterOf: [Int32: Int]) -> String {
        var rows: [String: (records: Int, duplicates: Int, review: Int)] = [:]
        for (index, record) in result.records.enumerated() {
            let county = record.countyCode ?? "未知"
            var row = rows[county] ?? (0, 0, 0)
            row.records += 1
            if clusterOf[Int32(index)] != nil { row.duplicates += 1 }
            rows[county] = row
        }
        for pair in possible {
            let county = result.records[Int(pair.a)].countyCode ?? "未知"
            rows[county, default: (0, 0, 0)].review += 1
        }
        var html = "<h2>各县区统计</h2><table><tr><th>县区代码</th><th>记录数</th><th>确认重复记录</th><th>疑似重复(对)</th></tr>"
        for (county, row) in rows.sorted(by: { $0.key < $1.key }) {
            html += "<tr><td>\(escape(county))</td><td>\(row.records)</td><td>\(row.duplicates)</td><td>\(row.review)</td></tr>"
        }
        return html + "</table>"
    }

    private func recordTable(_ members: [Int]) -> String {
        var html = "<table><tr><th>记录号</th><th>学校</th><th>姓名</th><th>性别</th><th>出生日期</th><th>证件号码</th></tr>"
        for member in members {
            let record = result.records[member]
            html += "<tr><td>\(escape(record.recordID))</td><td>\(escape(record.schoolCode ?? ""))</td>"
                + "<td>\(escape(record.name.key))</td><td>\(record.gender?.label ?? "")</td>"
                + "<td>\(record.birthDate.map { Masking.birthDate($0.description) } ?? "")</td><td>\(escape(record.maskedDocument))</td></tr>"
        }
        return html + "</table>"
    }

    private func evidence(_ pair: PairScore) -> String {
        let tags = result.explain(pair).map { "<span class=\"tag\">\(escape($0.chinese))</span>" }.joined()
        return "<p>\(escape(result.records[Int(pair.a)].recordID)) ↔ \(escape(result.records[Int(pair.b)].recordID)):"
            + "\(pair.decision.chinese),匹配权重 \(String(format: "%.1f", pair.weight)):\(tags)</p>"
    }


    private func escape(_ text: String) -> String { Markup.escape(text) }
}
