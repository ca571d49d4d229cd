import Foundation
import Hummingbird
import Normalization
import RegistryService

extension PageRoutes {
    /// 基本信息: every template value the teacher has, two to a row.
    static func recordTable(_ record: [RecordFieldView]) -> String {
        guard !record.isEmpty else { return "<h2>基本信息</h2><p class=\"muted\">学校尚未报送基本信息。</p>" }
        var html = "<h2>基本信息</h2><table data-testid=\"record\">"
        for start in stride(from: 0, to: record.count, by: 2) {
            html += "<tr>"
            for field in record[start..<min(start + 2, record.count)] {
                html += "<th>\(HTML.escape(field.label))</th><td>\(HTML.escape(field.valueLabel))</td>"
            }
            html += "</tr>"
        }
        return html + "</table>"
    }


    /// One table per sub-set that has rows: the columns any row fills, values as labels.
    static func subsetTables(_ rows: [SubsetRowView]) -> String {
        var html = ""
        var index = 0
        while index < rows.count {
            let subset = rows[index].subset
            var group: [SubsetRowView] = []
            while index < rows.count, rows[index].subset == subset { group.append(rows[index]); index += 1 }
            var columns: [(key: String, label: String)] = []
            for row in group { for value in row.values where !columns.contains(where: { $0.key == value.key }) { columns.append((value.key, value.label)) } }
            let order = TeacherSubset.subset(key: subset)?.fields.map(\.key) ?? []
            columns.sort { (order.firstIndex(of: $0.key) ?? 99) < (order.firstIndex(of: $1.key) ?? 99) }
            html += "<h2>\(HTML.escape(group[0].subsetLabel))</h2><table data-testid=\"subset-\(HTML.escape(subset))\"><tr>"
                + columns.map { "<th>\(HTML.escape($0.label))</th>" }.joined() + "</tr>"
            for row in group {
                html += "<tr>" + columns.map { column in
                    "<td>\(HTML.escape(row.values.first { $0.key == column.key }?.valueLabel))</td>"
                }.joined() + "</tr>"
            }
            html += "</table>"
        }
        return html
    }

    /// Search and the teacher's profile with a timeline of assignments and changes.
    func registerTeachers(_ router: Router<RegistryRequestContext>) {
        page(router, .get, "/teachers") { request, _, principal in
            let query = request.query("q")?.trimmingCharacters(in: .whitespaces), birthDay = try request.date("birth"), birth = birthDay?.description
            var body = """
                <form method="get" action="/teachers" class="card"><label for="q">教师编号、证件号码或姓名</label><input id="q" name="q" value="\(HTML.escape(query))" size="24" required>
                <label for="birth">出生日期（按姓名查询时）</label><input id="birth" name="birth" type="date" value="\(HTML.escape(birth))">
                <button type="submit">查询</button></form>
                """
            if let query, !query.isEmpty {
                let isNumber = query.count == 13 && query.prefix(2).allSatisfy(\.isNumber)
                let isDocument = !isNumber && query.count >= 8 && query.filter(\.isNumber).count >= 6
                let found = try await blocking { [service] in
                    try service.searchTeachers(principal, number: isNumber ? query : nil, document: isDocument ? query : nil,
                                               name: isNumber || isDocument ? nil : query, birthDate: birthDay)
                }
                if found.isEmpty {
                    body += "<p data-testid=\"no-results\">在您的管辖范围内没有找到。</p>"
                } else {
                    body += "<table data-testid=\"results\"><tr><th>教师编号</th><th>姓名</th><th>性别</th><th>出生日期</th><th>学校</th><th>证件</th></tr>"
                    for teacher in found {
                        body += "<tr><td><a href=\"/teachers/\(teacher.number)\">\(teacher.number)</a></td><td>\(HTML.escape(teacher.name))</td>"
                            + "<td>\(HTML.escape(HTML.gender(teacher.gender)))</td><td>\(HTML.escape(teacher.birthDate))</td><td>\(HTML.escape(HTML.place(teacher.schoolName, teacher.school)))</td>"
                            + "<td>\(HTML.escape(teacher.documents.first?.number))</td></tr>"
                    }
                    body += "</table>"
                }
            }
            return HTML.page("教师查询", principal: principal, current: "/teachers", body)
        }
        page(router, .get, "/teachers/{key}") { request, context, principal in
            let key = try context.parameters.require("key")
            let asOfDay = try request.date("asOf"), asOf = asOfDay?.description
            let teacher = try await blocking { [service] in try service.teacher(principal, key: key, asOf: asOfDay) }
            let summary = teacher.summary
            var body = """
                <form method="get" class="card"><label for="asOf">查看某日的信息</label><input id="asOf" name="asOf" type="date" value="\(HTML.escape(asOf))">
                <button type="submit">查看</button>\(asOf == nil ? "" : " <a href=\"/teachers/\(summary.number)\">回到当前</a>")</form>
                <table data-testid="profile"><tr><th>教师编号</th><td>\(summary.number)</td><th>姓名</th><td>\(HTML.escape(summary.name))</td></tr>
                <tr><th>性别</th><td>\(HTML.escape(HTML.gender(summary.gender)))</td><th>出生日期</th><td>\(HTML.escape(summary.birthDate))</td></tr>
                <tr><th>民族</th><td>\(HTML.escape(teacher.ethnicity.map { HistoryText.value("ethnicity", $0) }))</td><th>人员状态</th><td>\(HTML.escape(HTML.status(summary.status)))</td></tr>
                <tr><th>曾用名</th><td>\(HTML.escape(teacher.formerName))</td><th>当前学校</th><td>\(HTML.escape(HTML.place(summary.schoolName, summary.school)))</td></tr></table>
                <p class="muted">\(summary.writable ? "" : "该教师已不在您的管辖范围任职：只能查看，不能修改。")</p>
                <h2>证件</h2><table><tr><th>类型</th><th>号码</th><th>状态</th><th>说明</th></tr>
                """
            // The template record, two values a row, as the school submitted it (labels, not codes).
            body = body.replacingOccurrences(of: "<h2>证件</h2>", with: Self.recordTable(teacher.record) + "<h2>证件</h2>")
            for document in summary.documents {
                body += "<tr><td>\(HTML.escape(HTML.documentKind(document.kind)))</td><td>\(HTML.escape(document.number))</td><td>\(document.current ? "在用" : "已停用")</td><td>\(HTML.escape(document.note))</td></tr>"
            }
            body += "</table><h2>任职经历</h2><table data-testid=\"assignments\"><tr><th>类型</th><th>学校</th><th>开始</th><th>结束</th><th>编制随转</th></tr>"
            for assignment in teacher.assignments {
                body += "<tr><td>\(HTML.escape(assignment.kindLabel))</td><td>\(HTML.escape(HTML.place(assignment.schoolName, assignment.school)))</td><td>\(HTML.escape(assignment.start))</td>"
                    + "<td>\(HTML.escape(assignment.end ?? (assignment.plannedEnd.map { "（计划 \($0)）" } ?? "至今")))</td><td>\(assignment.establishmentMoved ? "是" : "")</td></tr>"
            }
            body += "</table>" + Self.subsetTables(teacher.subsets)
            body += "<h2>变更记录</h2><table data-testid=\"history\"><tr><th>时间（北京时间）</th><th>事项</th><th>操作人</th><th>理由</th><th>来源</th><th>内容</th></tr>"
            for event in teacher.history.reversed() {
                let changes = event.changes.filter { !HistoryText.isInternal($0.field) }.map {
                    "\(HTML.escape(HistoryText.field($0.field)))：\(HTML.escape(HistoryText.value($0.field, $0.before))) → \(HTML.escape(HistoryText.value($0.field, $0.after)))"
                }.joined(separator: "<br>")
                body += "<tr><td>\(HTML.escape(BeijingTime.format(utc: event.at) ?? event.at))</td>"
                    + "<td>\(HTML.escape(HistoryText.event(event.kind)))</td><td>\(HTML.escape(event.actor))（\(HTML.escape(Role(rawValue: event.role).map(HTML.roleLabel) ?? event.role))）</td>"
                    + "<td>\(HTML.escape(event.reason))</td><td>\(HTML.escape(HistoryText.source(event.source)))</td><td>\(changes)</td></tr>"
            }
            body += "</table>"
            return HTML.page("\(summary.name) · \(summary.number)", principal: principal, current: "/teachers", body)
        }
    }
}
