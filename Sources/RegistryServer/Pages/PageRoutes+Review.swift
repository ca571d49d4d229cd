import Foundation
import Hummingbird
import Normalization
import Registry
import RegistryService

extension PageRoutes {
    static let fieldLabels: [(key: String, label: String)] = [
        ("name", "姓名"), ("formerName", "曾用名"), ("gender", "性别"), ("birthDate", "出生日期"), ("documentType", "证件类型"),
        ("documentNumber", "证件号码"), ("school", "学校"), ("ethnicity", "民族"), ("certificate", "教师资格证"), ("hireDate", "参加工作年月"),
    ]

    /// The review queue: the oldest item side by side with its candidates,
    /// differences marked, the evidence, and the two decisions.
    func registerReview(_ router: Router<RegistryRequestContext>) {
        page(router, .get, "/review") { request, context, principal in
            let items = try await blocking { [service] in try service.reviewQueue(principal) }
            let flash = request.query("done")
            guard !items.isEmpty else {
                return HTML.page("疑似重复", principal: principal, current: "/review", flash: flash, "<p data-testid=\"queue-empty\">没有待判定的记录。</p>")
            }
            let selected = try request.integer("id", in: 1...Int.max).map(Int64.init)
            let item = items.first { $0.id == selected } ?? items[0]
            var body = "<p>待判定 <strong data-testid=\"queue-size\">\(items.count)</strong> 条，按提交时间排列。快捷键：S 同一人，D 不同人，J 下一条。</p>"
            body += "<div class=\"card\" data-testid=\"review-item\" data-id=\"\(item.id)\"><p>#\(item.id) · \(HTML.escape(item.file)) 第 \(item.row) 行 · "
                + "\(HTML.escape(item.queuedBy)) 提交于 \(HTML.escape(BeijingTime.labelled(utc: item.queuedAt)))</p>"
            let places = service.placeLabels(schools: [item.submitted["school"]].compactMap { $0 } + item.candidates.compactMap(\.teacher.school))
            // Birth dates to the month on both sides when the registered side is shown so (the masked digits are the birth date).
            let masked = item.candidates.contains { $0.teacher.birthDate?.hasSuffix("**") == true }
            body += "<table><tr><th>项目</th><th>提交的记录</th>"
            for candidate in item.candidates {
                body += "<th>已登记 \(HTML.escape(candidate.teacher.number))</th>"
            }
            body += "</tr>"
            for (key, label) in Self.fieldLabels {
                let submitted = item.submitted[key].map { Self.shown(key, $0, places: places, masked: masked) }
                body += "<tr><th>\(label)</th><td>\(HTML.escape(submitted))</td>"
                for candidate in item.candidates {
                    let value = Self.value(key, of: candidate.teacher).map { Self.shown(key, $0, places: places, masked: masked) }
                    let css = value == nil || submitted == nil ? "" : (Self.sameValue(key, submitted!, value!) ? "same" : "diff")
                    body += "<td class=\"\(css)\">\(HTML.escape(value))</td>"
                }
                body += "</tr>"
            }
            body += "<tr><th>比对依据</th><td></td>"
            for candidate in item.candidates {
                body += "<td><ul>" + candidate.evidence.map { "<li>\(HTML.escape($0.explanation))</li>" }.joined() + "</ul></td>"
            }
            body += "</tr></table></div>"
            let csrf = HTML.csrfField(context)
            let options = item.candidates.enumerated().map { index, candidate in
                "<label><input type=\"radio\" name=\"teacher\" value=\"\(HTML.escape(candidate.teacher.number))\"\(index == 0 ? " checked" : "")> \(HTML.escape(candidate.teacher.number))</label>"
            }.joined()
            body += """
                <div style="display:flex;gap:16px">
                <form method="post" action="/review/\(item.id)" class="card" id="same" style="flex:1">\(csrf)<input type="hidden" name="decision" value="same">
                <h2>同一人（合并）</h2><p>\(options)</p>
                <p><label for="same-reason">理由</label><input id="same-reason" name="reason" required size="40" placeholder="如：证件号录入错误，已核实"></p>
                <p><button type="submit" accesskey="s">同一人</button></p></form>
                <form method="post" action="/review/\(item.id)" class="card" id="different" style="flex:1">\(csrf)<input type="hidden" name="decision" value="different">
                <h2>不同人（记录在案，以后不再合并）</h2>
                <p><label for="different-reason">理由</label><input id="different-reason" name="reason" required size="40" placeholder="如：双胞胎，已核对户口本"></p>
                <p><button type="submit" accesskey="d">不同人</button></p></form></div>
                <h2>队列</h2><ol>
                """
            for other in items {
                body += "<li><a href=\"/review?id=\(other.id)\"\(other.id == item.id ? " aria-current=\"true\"" : "")>#\(other.id) \(HTML.escape(other.submitted["name"])) · \(HTML.escape(other.file)) 第 \(other.row) 行</a></li>"
            }
            let next = items.first { $0.id > item.id }?.id ?? items[0].id
            body += """
                </ol><div id="review-keys" data-next="/review?id=\(next)" hidden></div>
                """
            return HTML.page("疑似重复", principal: principal, current: "/review", flash: flash, body)
        }
        page(router, .post, "/review/{id}") { request, context, _ in
            let id = try context.parameters.require("id", as: Int64.self)
            var request = request
            let (principal, form) = try await Form.readChecked(&request, context: context)
            let reason = form["reason"] ?? ""
            let decision: ReviewDecision
            if form["decision"] == "same" {
                guard let teacher = form["teacher"] else { throw ServiceError(.invalid, .sameNamesCandidate) }
                decision = .samePerson(teacherNumber: teacher)
            } else {
                decision = .differentPersons
            }
            let number = try await blocking { [service] in try service.decideReview(principal, id: id, decision: decision, reason: reason) }
            let done = (form["decision"] == "same" ? "已确认为同一人：" : "已记录为不同人，新编号：") + number
            return HTML.redirect("/review?done=\(done.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")")
        }
    }

    static func value(_ key: String, of teacher: TeacherSummaryView) -> String? {
        switch key {
        case "name": teacher.name
        case "gender": teacher.gender
        case "birthDate": teacher.birthDate
        case "documentNumber": teacher.documents.first { $0.current }?.number
        case "documentType": HTML.documentKind(teacher.documents.first { $0.current }?.kind)
        case "school": teacher.school
        case "ethnicity": teacher.ethnicity
        case "certificate": teacher.certificate
        case "hireDate": teacher.hireDate
        default: nil
        }
    }

    /// A value of either side as officers read it: labels for codes (性别 2 and 女 alike), the school by name, a birth
    /// date to the month when the registered side is masked.
    static func shown(_ key: String, _ value: String, places: PlaceLabels, masked: Bool) -> String {
        switch key {
        case "gender": return Gender(cell: value)?.label ?? value
        case "ethnicity": return HistoryText.value("ethnicity", (try? CodeTable.shared("ethnicity").code(of: value)) ?? value)
        case "documentType":
            return (try? TemplateDocumentType.all()).flatMap { TemplateDocumentType.parse(value, from: $0)?.label } ?? value
        case "school": return places.school(value)
        case "birthDate" where masked: return value.count >= 7 ? String(value.prefix(7)) + "-**" : value
        default: return value
        }
    }

    /// Equal for the eye: codes and labels alike, masked characters as wildcards.
    static func sameValue(_ key: String, _ submitted: String, _ stored: String) -> Bool {
        let a = submitted.trimmingCharacters(in: .whitespaces), b = stored.trimmingCharacters(in: .whitespaces)
        if a == b { return true }
        if key == "documentType" {
            let resident: Set<String> = ["1", "01", "1-居民身份证", "居民身份证"]
            return resident.contains(a) && resident.contains(b)
        }
        if key == "gender" { return a.first == b.first || (a.contains("男") && b.hasPrefix("1")) || (a.contains("女") && b.hasPrefix("2")) }
        if key == "birthDate" || key == "documentNumber" {
            let x = Array(a), y = Array(b)
            return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || $0 == "*" || $1 == "*" }
        }
        return false
    }
}
