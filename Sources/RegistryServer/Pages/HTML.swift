import Foundation
import Hummingbird
import NIOCore
import Normalization
import RegistryService

/// The pages' HTML: escaped text, one layout with a header that always
/// shows who is signed in, their level and jurisdiction.
enum HTML {
    /// Text for a page (`Markup.escape`, the project's one escaping).
    static func escape(_ text: String?) -> String { Markup.escape(text) }

    static func roleLabel(_ role: Role) -> String {
        switch role {
        case .ministry: "教育部"
        case .province: "省级"
        case .city: "市级"
        case .county: "县级"
        case .school: "学校"
        }
    }

    /// Labels of the codes the pages show (GB/T 2261.1 sex, JY/T 1001 staff status, document kinds).
    /// `南昌市育才小学（2136010102）`: a name with its code beside it; the code alone when no name is known.
    static func place(_ name: String?, _ code: String?) -> String {
        guard let code, !code.isEmpty else { return "" }
        return name.map { "\($0)（\(code)）" } ?? code
    }

    static func gender(_ code: String?) -> String? { code.map { ["1": "男", "2": "女"][$0] ?? $0 } }
    /// 人员状态 as JY/T 1001 names it (`Data/codes/staff-status.csv`), with its code.
    static func status(_ code: String) -> String {
        guard let status = StaffStatus(code: code) else { return code }
        return "\(status.label)（\(code)）"
    }

    /// 身份证件类型 as officers read it (居民身份证 …).
    static func documentKind(_ kind: String?) -> String? { kind.map { DocumentKind(rawValue: $0)?.label ?? $0 } }

    static let style = """
        *{box-sizing:border-box}body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;color:#1a202c;font-size:15px}
        header{background:#1e4e8c;color:#fff;padding:8px 20px;display:flex;align-items:center;gap:24px}header a{color:#fff}
        header .who{margin-left:auto}nav a{margin-right:14px;text-decoration:none}nav a[aria-current]{font-weight:bold;text-decoration:underline}
        main{padding:16px 20px;max-width:1320px}h1{font-size:20px;margin:4px 0 12px}h2{font-size:17px;margin:18px 0 8px}
        table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #cbd5e0;padding:4px 8px;text-align:left;vertical-align:top}th{background:#edf2f7}
        .diff{background:#fed7d7}.same{background:#f0fff4}.muted{color:#718096}.ok{color:#276749}.bad{color:#c53030}
        form.inline{display:inline}label{margin-right:6px}input,select,button{font-size:15px;padding:4px 8px}
        button{background:#2b6cb0;color:#fff;border:0;border-radius:3px;cursor:pointer}button.secondary{background:#718096}
        .card{border:1px solid #cbd5e0;border-radius:4px;padding:10px 14px;margin:10px 0}.flash{background:#fefcbf;padding:8px 12px;margin:8px 0}
        .error{background:#fed7d7;padding:8px 12px;margin:8px 0}
        """

    /// The pages' one script, served from the server itself (the content policy allows no other):
    /// the review queue's keys (s, d, j) and the upload form's progress.
    static let script = """
        document.addEventListener('DOMContentLoaded', function () {
          var keys = document.getElementById('review-keys');
          if (keys) {
            document.addEventListener('keydown', function (e) {
              if (e.target.tagName === 'INPUT') return;
              if (e.key === 's') { e.preventDefault(); document.getElementById('same-reason').focus(); }
              if (e.key === 'd') { e.preventDefault(); document.getElementById('different-reason').focus(); }
              if (e.key === 'j') { window.location = keys.getAttribute('data-next'); }
            });
          }
          var upload = document.getElementById('upload');
          if (upload) {
            upload.addEventListener('submit', function (event) {
              event.preventDefault();
              var file = document.getElementById('file').files[0], status = document.getElementById('progress');
              if (!file) return;
              var request = new XMLHttpRequest();
              request.open('POST', '/upload/file?name=' + encodeURIComponent(file.name) + (document.getElementById('partial').checked ? '&partial=true' : ''));
              request.setRequestHeader('Content-Type', 'application/octet-stream');
              request.setRequestHeader('X-CSRF-Token', upload.getAttribute('data-csrf'));
              // The page is Chinese: so are the refusals it shows, whatever the browser's own language.
              request.setRequestHeader('Accept-Language', 'zh-CN');
              request.upload.onprogress = function (e) { if (e.lengthComputable) status.textContent = '正在上传 ' + Math.round(e.loaded * 100 / e.total) + '%'; };
              request.upload.onload = function () { status.textContent = '上传完成，正在校验和导入…'; };
              request.onload = function () {
                var answer = JSON.parse(request.responseText);
                if (request.status === 201) { window.location = '/uploads/' + answer.id; }
                else { status.textContent = '上传失败：' + (answer.error ? answer.error.message : request.status); }
              };
              request.send(file);
            });
          }
        });
        """

    static let sections: [(path: String, label: String, roles: Set<Role>)] = [
        ("/upload", "上传数据", [.province, .city, .county, .school]),
        ("/review", "疑似重复", [.province, .city, .county, .school]),
        ("/teachers", "教师查询", Set(Role.allCases)),
        ("/transfers", "调动与轮岗", [.province, .city, .county, .school]),
        ("/batches", "批次审核", [.province, .city, .county, .school]),
        ("/audit", "查重与进度", Set(Role.allCases)),
    ]

    /// A whole page. `current` marks the section in the navigation.
    static func page(_ title: String, principal: Principal?, current: String? = nil, flash: String? = nil, error: String? = nil,
                     _ body: String) -> Response {
        var header = "<header><strong>教师信息管理 · 一人一号</strong>"
        if let principal {
            header += "<nav aria-label=\"主导航\">"
            for section in sections where section.roles.contains(principal.role) {
                let mark = section.path == current ? " aria-current=\"page\"" : ""
                header += "<a href=\"\(section.path)\"\(mark)>\(section.label)</a>"
            }
            header += "</nav><span class=\"who\" data-testid=\"who\">\(escape(principal.name)) · \(roleLabel(principal.role))"
                + " · \(escape(principal.jurisdiction.isEmpty ? "全国" : principal.role == .school ? principal.jurisdiction : PlaceLabels.region(principal.jurisdiction)))</span>"
                + "<form class=\"inline\" method=\"post\" action=\"/logout\"><button class=\"secondary\">退出</button></form>"
        }
        header += "</header>"
        var html = "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
            + "<title>\(escape(title)) · 教师信息管理</title><link rel=\"stylesheet\" href=\"/assets/pages.css\">"
            + "<script src=\"/assets/pages.js\" defer></script></head><body>\(header)<main><h1>\(escape(title))</h1>"
        if let flash { html += "<p class=\"flash\" role=\"status\">\(escape(flash))</p>" }
        if let error { html += "<p class=\"error\" role=\"alert\">\(escape(error))</p>" }
        html += body + "</main></body></html>"
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A hidden field with the session's CSRF token, for every form that changes something.
    static func csrfField(_ context: RegistryRequestContext) -> String {
        "<input type=\"hidden\" name=\"_csrf\" value=\"\(escape(context.csrf))\">"
    }

    /// The stylesheet or the script, for `/assets/…`.
    static func asset(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-cache"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookie: String? = nil) -> Response {
        var headers: HTTPFields = [.location: location]
        if let cookie { headers[.setCookie] = cookie }
        return Response(status: .seeOther, headers: headers)
    }
}
