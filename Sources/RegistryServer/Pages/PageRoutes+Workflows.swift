import Foundation
import Hummingbird
import NIOCore
import Normalization
import RegistryService

extension PageRoutes {
    /// Transfers waiting for me, rotations, and who is due for rotation.
    func registerTransfers(_ router: Router<RegistryRequestContext>) {
        page(router, .get, "/transfers") { request, context, principal in
            let (awaiting, eligible) = try await blocking { [service] in
                (try service.transfersAwaiting(principal),
                 principal.role == .school ? [] : try service.rotationEligible(principal, asOf: CivilDate.todayInChina()))
            }
            let csrf = HTML.csrfField(context)
            let places = service.placeLabels(schools: awaiting.flatMap { [$0.fromSchool, $0.toSchool] } + eligible.prefix(200).map(\.school),
                                             regions: eligible.prefix(200).map(\.county))
            var body = "<h2>待我审批的调动</h2>"
            if awaiting.isEmpty { body += "<p data-testid=\"no-transfers\">没有待审批的调动。</p>" }
            for transfer in awaiting {
                body += """
                    <div class="card" data-testid="transfer" data-id="\(transfer.id)"><p>#\(transfer.id) \(HTML.escape(transfer.teacherName))（\(transfer.teacher)）
                    \(HTML.escape(places.school(transfer.fromSchool))) → \(HTML.escape(places.school(transfer.toSchool)))，生效日期 \(HTML.escape(transfer.effectiveDate))；
                    第 \(transfer.stepsDone + 1) 步：\(HTML.escape(Self.stepLabel(transfer.nextStep)))（申请人 \(HTML.escape(transfer.requestedBy))）</p>
                    <form method="post" action="/transfers/\(transfer.id)/approve" class="inline">\(csrf)<input type="hidden" name="step" value="\(transfer.stepsDone + 1)">
                    <button type="submit">同意</button></form>
                    <form method="post" action="/transfers/\(transfer.id)/reject" class="inline">\(csrf)<input type="hidden" name="step" value="\(transfer.stepsDone + 1)">
                    <label for="reject-\(transfer.id)">退回理由</label><input id="reject-\(transfer.id)" name="reason" required><button type="submit" class="secondary">退回</button></form></div>
                    """
            }
            body += """
                <h2>发起调动（调入方）</h2><form method="post" action="/transfers" class="card">\(csrf)
                <label for="t-document">身份证件号</label><input id="t-document" name="document" required size="20" autocomplete="off">
                <label for="t-name">姓名</label><input id="t-name" name="name" required size="10">
                <label for="t-school">调入学校标识码</label><input id="t-school" name="toSchool" required size="11">
                <label for="t-date">生效日期</label><input id="t-date" name="effectiveDate" type="date" required>
                <button type="submit">提交申请</button></form>
                """
            if principal.role != .school {
                body += """
                    <h2>交流轮岗</h2><form method="post" action="/rotations" class="card">\(csrf)
                    <label for="r-teacher">教师编号</label><input id="r-teacher" name="teacher" required size="14">
                    <label for="r-host">交流学校</label><input id="r-host" name="hostSchool" required size="11">
                    <label for="r-start">开始</label><input id="r-start" name="start" type="date" required>
                    <label for="r-end">计划结束</label><input id="r-end" name="plannedEnd" type="date" required>
                    <label><input type="checkbox" name="establishmentMoved" value="1"> 编制随转</label>
                    <button type="submit">开始轮岗</button></form>
                    <form method="post" action="/rotations/end" class="card">\(csrf)
                    <label for="e-teacher">教师编号</label><input id="e-teacher" name="teacher" required size="14">
                    <label for="e-date">结束日期</label><input id="e-date" name="date" type="date" required><button type="submit">结束轮岗</button></form>
                    <h2>在同一学校任教满 6 年的教师（\(eligible.count) 人）</h2><table><tr><th>县区</th><th>教师编号</th><th>学校</th><th>起始</th></tr>
                    """
                for row in eligible.prefix(200) {
                    body += "<tr><td>\(HTML.escape(places.region(row.county)))</td><td><a href=\"/teachers/\(row.teacher)\">\(row.teacher)</a></td><td>\(HTML.escape(places.school(row.school)))</td><td>\(HTML.escape(row.since))</td></tr>"
                }
                body += "</table>"
            }
            return HTML.page("调动与轮岗", principal: principal, current: "/transfers", flash: request.query("done"), body)
        }
        for (path, approve) in [("/transfers/{id}/approve", true), ("/transfers/{id}/reject", false)] {
            page(router, .post, RouterPath(path)) { request, context, _ in
                let id = try context.parameters.require("id", as: Int64.self)
                var request = request
                let (principal, form) = try await Form.readChecked(&request, context: context)
                let step = try form.integer("step", in: 1...4, label: "步骤"), reason = form["reason"]
                let transfer = try await blocking { [service] in
                    try service.decideTransfer(principal, id: id, approve: approve, expectedStep: step, reason: reason)
                }
                return HTML.redirect("/transfers?done=" + Self.encode("调动 #\(id)：\(approve ? "已同意" : "已退回")，当前状态 \(["pending": "审批中", "approved": "已生效", "rejected": "已退回"][transfer.state] ?? transfer.state)"))
            }
        }
        page(router, .post, "/transfers") { request, context, _ in
            var request = request
            let (principal, form) = try await Form.readChecked(&request, context: context)
            let effective = try form.date("effectiveDate", label: "生效日期")
            let transfer = try await blocking { [service] in
                try service.requestTransfer(principal, document: form["document"] ?? "", name: form["name"] ?? "", toSchool: form["toSchool"] ?? "",
                                            effective: effective, address: context.address)
            }
            return HTML.redirect("/transfers?done=" + Self.encode("已提交调动申请 #\(transfer.id)"))
        }
        page(router, .post, "/rotations") { request, context, _ in
            var request = request
            let (principal, form) = try await Form.readChecked(&request, context: context)
            let start = try form.date("start", label: "开始"), plannedEnd = try form.date("plannedEnd", label: "计划结束")
            try await blocking { [service] in
                try service.startRotation(principal, teacher: form["teacher"] ?? "", host: form["hostSchool"] ?? "", start: start,
                                          plannedEnd: plannedEnd, establishmentMoved: form["establishmentMoved"] == "1")
            }
            return HTML.redirect("/teachers/\(form["teacher"] ?? "")")
        }
        page(router, .post, "/rotations/end") { request, context, _ in
            var request = request
            let (principal, form) = try await Form.readChecked(&request, context: context)
            let date = try form.date("date", label: "结束日期")
            try await blocking { [service] in try service.endRotation(principal, teacher: form["teacher"] ?? "", on: date) }
            return HTML.redirect("/teachers/\(form["teacher"] ?? "")")
        }
    }

    static func stepLabel(_ step: String?) -> String {
        switch step {
        case "receiving school": "调入学校"
        case "receiving school's education authority": "调入方教育行政部门"
        case "sending school": "调出学校"
        case "sending school's education authority": "调出方教育行政部门"
        default: step ?? "—"
        }
    }

    static func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }

    /// Batches waiting for my level, with approve and reject (whole, or rows).
    func registerBatches(_ router: Router<RegistryRequestContext>) {
        page(router, .get, "/batches") { request, context, principal in
            let batches = try await blocking { [service] in try service.batches(principal) }
            let csrf = HTML.csrfField(context)
            let places = service.placeLabels(schools: batches.prefix(300).compactMap(\.school))
            var body = "<table data-testid=\"batches\"><tr><th>批次</th><th>文件</th><th>学校</th><th>行数</th><th>提交人</th><th>状态</th><th>审核记录</th><th>操作</th></tr>"
            for batch in batches.prefix(300) {
                let trail = batch.decisions.map {
                    "\($0.level) \($0.decision == "approve" ? "同意" : "退回")\($0.rows.isEmpty ? "" : "第\($0.rows.map(String.init).joined(separator: ","))行") \(HTML.escape($0.actor)) \(HTML.escape($0.reason))"
                }.joined(separator: "<br>")
                var actions = ""
                if let awaiting = batch.awaiting, awaiting == Self.level(of: principal.role), batch.submittedBy != principal.name {
                    actions = """
                        <form method="post" action="/batches/\(batch.id)/approve" class="inline">\(csrf)<button type="submit">审核通过</button></form>
                        <form method="post" action="/batches/\(batch.id)/reject" class="inline">\(csrf)
                        <label for="rows-\(batch.id)">行号</label><input id="rows-\(batch.id)" name="rows" size="6" placeholder="全部">
                        <label for="why-\(batch.id)">理由</label><input id="why-\(batch.id)" name="reason" required size="14"><button type="submit" class="secondary">退回</button></form>
                        """
                }
                body += "<tr><td>#\(batch.id)</td><td>\(HTML.escape(batch.file))</td><td>\(HTML.escape(places.school(batch.school)))</td><td>\(batch.rows)</td>"
                    + "<td>\(HTML.escape(batch.submittedBy))</td><td>\(Text.state(batch.state).chinese)</td><td>\(trail)</td><td>\(actions)</td></tr>"
            }
            body += "</table>"
            return HTML.page("批次审核", principal: principal, current: "/batches", flash: request.query("done"), body)
        }
        for (path, approve) in [("/batches/{id}/approve", true), ("/batches/{id}/reject", false)] {
            page(router, .post, RouterPath(path)) { request, context, _ in
                let id = try context.parameters.require("id", as: Int64.self)
                var request = request
                let (principal, form) = try await Form.readChecked(&request, context: context)
                let rows = (form["rows"] ?? "").split(whereSeparator: { $0 == "," || $0 == "，" || $0 == " " }).compactMap { Int($0) }
                let batch = try await blocking { [service] in
                    try service.decideBatch(principal, id: id, approve: approve, rows: rows, reason: form["reason"])
                }
                return HTML.redirect("/batches?done=" + Self.encode("批次 #\(id)：\(Text.state(batch.state).chinese)"))
            }
        }
    }

    static func level(of role: Role) -> String? {
        switch role {
        case .county: "county"
        case .city: "city"
        case .province: "province"
        default: nil
        }
    }

    /// The submission gate, the progress report and (for the province) the export.
    func registerAudit(_ router: Router<RegistryRequestContext>) {
        page(router, .get, "/audit") { _, _, principal in
            let (gate, progress) = try await blocking { [service] in (try service.submissionGate(principal), try service.progressReport(principal)) }
            var body = "<p>\(gate.blocking ? "<strong class=\"bad\">有 \(gate.items.count) 项问题需处理后才能上报。</strong>" : "<strong class=\"ok\">没有阻止上报的问题。</strong>")</p>"
            let places = service.placeLabels(schools: [String](), regions: gate.counties.map(\.county) + gate.items.prefix(300).map(\.county))
            body += "<table data-testid=\"gate\"><tr><th>县区</th>" + GateReport.Code.allCases.map { "<th title=\"\($0.rawValue)\">\(HTML.escape($0.chinese))</th>" }.joined() + "</tr>"
            for county in gate.counties {
                body += "<tr><td>\(HTML.escape(county.county.isEmpty ? "未知" : places.region(county.county)))</td>"
                    + GateReport.Code.allCases.map { "<td>\(county.counts[$0.rawValue] ?? 0)</td>" }.joined() + "</tr>"
            }
            body += "</table><h2>问题明细</h2><table><tr><th>原因</th><th>县区</th><th>对象</th><th>说明</th></tr>"
            for item in gate.items.prefix(300) {
                let subject = item.subject.split(separator: " ").map { part in
                    part.count == 13 ? "<a href=\"/teachers/\(part)\">\(part)</a>" : HTML.escape(String(part))
                }.joined(separator: " ")
                body += "<tr><td>\(HTML.escape(GateReport.Code(rawValue: item.code)?.chinese ?? item.code))</td><td>\(HTML.escape(places.region(item.county)))</td>"
                    + "<td>\(subject)</td><td>\(HTML.escape(item.detail))</td></tr>"
            }
            body += "</table><h2>采集进度</h2>" + progress.htmlFragment
            if principal.role == .province {
                let today = CivilDate.todayInChina().description
                body += """
                    <h2>上报国家系统</h2><form method="get" action="/export/file" class="card"><label for="asOf">截至日期</label><input id="asOf" name="asOf" type="date" value="\(today)" required>
                    <label for="since">仅导出此日之后的变化</label><input id="since" name="since" type="date">
                    <label for="format">格式</label><select id="format" name="format"><option value="xlsx">Excel</option><option value="csv">CSV</option></select>
                    <button type="submit">导出</button></form>
                    """
            }
            return HTML.page("查重与进度", principal: principal, current: "/audit", body)
        }
        page(router, .get, "/export/file") { request, _, principal in
            guard let asOf = try request.date("asOf") else { throw ServiceError(.invalid, .chooseAsOf) }
            let since = try request.date("since"), format = try request.choice("format", of: ["csv", "xlsx"]) ?? "xlsx"
            let export = try await blocking { [service] in try service.nationalExport(principal, asOf: asOf, since: since) }
            guard let file = export.files.first(where: { $0.name.hasSuffix("." + format) }) else {
                throw ServiceError(.notFound, .exportHasNoFile(format))
            }
            let type = format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(file.name)\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
        }
    }
}
