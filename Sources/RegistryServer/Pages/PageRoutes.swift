import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import Normalization
import RegistryService

/// The pages for data officers: server-rendered HTML over the same service
/// calls as the API, so the same jurisdiction rules and masking apply.
struct PageRoutes {
    let service: RegistryService
    let sessionLifetime: Duration
    let secureCookies: Bool

    typealias Handler = @Sendable (Request, RegistryRequestContext, Principal) async throws -> Response

    /// A page that needs a signed-in user; refusals render as a page, not JSON.
    func page(_ router: Router<RegistryRequestContext>, _ method: HTTPRequest.Method, _ path: RouterPath, _ handler: @escaping Handler) {
        router.on(path, method: method) { request, context in
            guard let principal = context.principal else { return HTML.redirect("/login") }
            do {
                return try await handler(request, context, principal)
            } catch let error as ServiceError {
                var response = HTML.page("无法完成", principal: principal, error: Masking.maskNumbers(in: error.text.chinese, minimumLength: 14),
                                         "<p><a href=\"/\">返回首页</a></p>")
                response.status = ErrorMiddleware.status(of: error.code)
                return response
            } catch let error as RequestProblem {
                var response = HTML.page("无法完成", principal: principal, error: error.message.chinese, "<p><a href=\"/\">首页</a></p>")
                response.status = error.status
                return response
            }
        }
    }

    func register(on router: Router<RegistryRequestContext>) {
        registerSignIn(router)
        registerUpload(router)
        registerReview(router)
        registerTeachers(router)
        registerTransfers(router)
        registerBatches(router)
        registerAudit(router)
    }

    // MARK: - Sign in

    private func registerSignIn(_ router: Router<RegistryRequestContext>) {
        router.get("/assets/pages.css") { _, _ in HTML.asset(HTML.style, type: "text/css; charset=utf-8") }
        router.get("/assets/pages.js") { _, _ in HTML.asset(HTML.script, type: "text/javascript; charset=utf-8") }
        router.get("/login") { request, context in
            if context.principal != nil { return HTML.redirect("/") }
            let failed = request.query("failed")
            let message = failed == "throttled" ? "登录失败次数过多，请稍后再试；账号被锁定时请联系上级管理员解锁" : failed != nil ? "用户名或密码不正确" : nil
            return HTML.page("登录", principal: nil, error: message, """
                <form method="post" action="/login" class="card" style="max-width:420px">
                <p><label for="user">用户名</label><input id="user" name="user" autocomplete="username" required autofocus></p>
                <p><label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
                <p><button type="submit">登录</button></p></form>
                """)
        }
        router.post("/login") { request, context in
            try SameOrigin.check(request)
            do { try service.checkSignInAddress(context.address) } catch { return HTML.redirect("/login?failed=throttled") }
            var request = request
            let form = try await Form.read(&request, context: context)
            let user = form["user"] ?? "", password = form["password"] ?? ""
            let grant: SessionGrant
            do {
                grant = try await service.signIn(name: user, password: password, address: context.address, lifetime: sessionLifetime)
            } catch let error as ServiceError where error.code == .throttled {
                return HTML.redirect("/login?failed=throttled")
            } catch {
                return HTML.redirect("/login?failed=1")
            }
            return HTML.redirect("/", cookie: Cookies.sessionCookie(grant.token, maxAge: Int(grant.expiresIn.components.seconds), secure: secureCookies))
        }
        page(router, .post, "/logout") { request, context, principal in
            var request = request
            _ = try await Form.readChecked(&request, context: context)
            if let token = context.token {
                try await blocking { [service] in try service.signOut(token: token, principal: principal, address: context.address) }
            }
            return HTML.redirect("/login", cookie: Cookies.cleared)
        }
        page(router, .get, "/") { _, _, principal in
            let (review, batches, transfers, changes) = try await blocking { [service] in
                (try service.openReviewItems(principal).count, try service.batches(principal, awaitingMe: true).count,
                 try service.transfersAwaiting(principal).count, try service.changeRequestsAwaiting(principal).count)
            }
            return HTML.page("待办", principal: principal, """
                <ul class="card">
                <li><a href="/review">疑似重复待判定</a>：<strong data-testid="todo-review">\(review)</strong> 条</li>
                <li><a href="/batches">待我审核的批次</a>：<strong>\(batches)</strong> 个</li>
                <li><a href="/transfers">待我审批的调动</a>：<strong>\(transfers)</strong> 件</li>
                <li>待我审批的信息变更：<strong>\(changes)</strong> 件</li>
                </ul>
                """)
        }
    }

    // MARK: - Upload

    private func registerUpload(_ router: Router<RegistryRequestContext>) {
        page(router, .get, "/upload") { _, context, principal in
            HTML.page("上传数据", principal: principal, current: "/upload", """
                <p>上传学校填报的教职工基本信息表（.xlsx）、CSV，或县区打包的 ZIP。文件名格式：<code>学校标识码_学校名称_模板名称.xlsx</code>。</p>
                <form id="upload" class="card" data-csrf="\(HTML.escape(context.csrf))"><p><label for="file">选择文件</label><input id="file" name="file" type="file" accept=".xlsx,.csv,.zip" required></p>
                <p><label><input type="checkbox" id="partial"> 有错误时导入其余正确的行</label></p>
                <p><button type="submit">上传并校验</button></p>
                <p id="progress" role="status" aria-live="polite"></p></form>
                """)
        }
        router.post("/upload/file") { request, context in
            guard let principal = context.principal, let csrf = context.csrf, request.headers[HTTPField.Name("X-CSRF-Token")!] == csrf else {
                throw RequestProblem(status: .forbidden, code: "csrf", message: .uploadFormExpired)
            }
            guard let name = request.query("name") else { throw RequestProblem(status: .badRequest, code: "missing-name", message: .uploadNamePage) }
            var request = request
            let buffer = try await request.collectBody(upTo: service.uploadLimit)
            let data = Data(buffer.readableBytesView), partial = try request.flag("partial")
            let upload = try await blocking { [service] in try service.importUpload(principal, fileName: name, data: data, partial: partial) }
            return try JSONResponse.make(["id": upload.id], status: .created)
        }
        page(router, .get, "/uploads/{id}") { _, context, principal in
            let id = try context.parameters.require("id", as: Int64.self)
            let upload = try await blocking { [service] in try service.upload(principal, id: id) }
            let stateLabel = ["imported": "已导入", "rejected": "已退回，请修改后重新提交", "unchanged": "内容与之前相同，未重复导入"]
            var body = "<p>\(HTML.escape(upload.file)) · \(HTML.escape(upload.uploadedBy)) · \(HTML.escape(BeijingTime.labelled(utc: upload.at)))</p>"
            body += "<table data-testid=\"files\"><tr><th>文件</th><th>结果</th><th>行数</th><th>有效行</th><th>新编号</th><th>已有教师</th><th>待人工判定</th><th>未导入的行</th><th>说明</th></tr>"
            for file in upload.files {
                // Imported with rows refused (--partial): 部分导入, in the colour of a problem.
                let refused = file.state == .imported ? file.rows - file.validRows - file.outOfScope : file.state == .rejected ? file.rows : 0
                let label = file.state == .imported && refused > 0 ? "部分导入（\(refused) 行未导入）" : stateLabel[file.state.rawValue] ?? ""
                let css = file.state == .imported && refused == 0 ? "ok" : "bad"
                body += "<tr><td>\(HTML.escape(file.sheet.map { "\(file.file) › \($0)" } ?? file.file))</td><td class=\"\(css)\" data-testid=\"file-state\">\(label)</td>"
                    + "<td>\(file.rows)</td><td>\(file.validRows)</td><td>\(file.newNumbers)</td><td>\(file.attached)</td><td>\(file.queuedForReview)</td>"
                    + "<td>\(refused)</td><td>\(HTML.escape(file.reason))</td></tr>"
            }
            body += "</table>"
            if upload.errorWorkbook {
                body += "<p><a href=\"/uploads/\(id)/error-workbook\" data-testid=\"error-workbook\">下载标注了问题的工作簿</a>（红色单元格有问题，最后一列为问题说明）</p>"
            }
            if !upload.problems.isEmpty {
                body += "<h2 id=\"problems\">问题清单（\(upload.problems.count) 处）</h2><table data-testid=\"problems\"><tr><th>文件</th><th>行</th><th>列</th><th>规则</th><th>说明</th></tr>"
                for problem in upload.problems {
                    body += "<tr><td>\(HTML.escape(problem.file))</td><td>\(problem.row)</td><td>\(HTML.escape(HistoryText.column(problem.column)))</td>"
                        + "<td>\(HTML.escape(problem.rule))</td><td class=\"\(problem.severity == "error" ? "bad" : "")\">\(HTML.escape(problem.message))</td></tr>"
                }
                body += "</table>"
            }
            return HTML.page("上传结果 #\(id)", principal: principal, current: "/upload", body)
        }
        page(router, .get, "/uploads/{id}/error-workbook") { _, context, principal in
            let id = try context.parameters.require("id", as: Int64.self)
            let (file, data) = try await blocking { [service] in try service.errorWorkbook(principal, id: id) }
            let encoded = file.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "errors.xlsx"
            return Response(status: .ok, headers: [
                .contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                .contentDisposition: "attachment; filename=\"errors.xlsx\"; filename*=UTF-8''\(encoded)",
            ], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
