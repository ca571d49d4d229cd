import Foundation
import Intake
import Normalization
import Registry

/// A teacher's history as officers read it: event kinds, field names and
/// coded values in Chinese, one table for the pages and the CLI. JSON keeps
/// the stored keys and codes.
public enum HistoryText {

    /// The teacher's own columns and the workflow fields, beyond the template's (`TeacherField`) and the sub-sets'.
    static let fields: [String: String] = [
        "number": "教师编号", "name": "姓名", "former_name": "曾用名", "gender": "性别", "birth_date": "出生日期", "ethnicity": "民族",
        "certificate": "教师资格证号码", "phone": "联系电话", "hire_date": "参加工作年月", "document": "证件", "assignment": "任职",
        "transfer": "调动", "merged": "合并", "merged_into": "并入", "different_from": "判定为不同人", "review": "人工判定",
        "recognised_by": "识别依据", "batch": "批次", "file": "文件", "candidates": "候选", "change_request": "变更申请", "account": "用户",
    ]

    /// A file's column as officers read it: the template's header for the matching contract's English ones.
    public static func column(_ header: String) -> String { TeacherColumns.chineseHeader(for: header) ?? header }

    /// Fields kept for the registry's own use (search keys), not shown to officers.
    public static func isInternal(_ field: String) -> Bool { field == "name_key" }

    public static func event(_ kind: String) -> String { EventKind(rawValue: kind)?.label ?? kind }

    /// `学习经历（2005-09 大学本科毕业）·毕业院校` for a sub-set field, the template's header for a template field.
    public static func field(_ key: String) -> String {
        if let (subset, rowKey, field) = subsetField(key) {
            let row = subset.rowLabel(rowKey)
            return subset.label + (row.isEmpty ? "" : "（\(row)）") + "·" + (subset.field(key: field)?.label ?? field)
        }
        return TeacherField.field(key: key)?.label ?? fields[key] ?? (key == "status" ? "人员状态" : key)
    }

    /// Phrases of the workflow values (任职, 证件, 调动, 批次, 人工判定, 变更申请) as officers read them, longest first.
    static let phrases: [(String, String)] = [
        ("receiving school's education authority", "调入方教育行政部门"), ("sending school's education authority", "调出方教育行政部门"),
        ("receiving school", "调入学校"), ("sending school", "调出学校"), ("rejected at step", "退回于第"), ("superseded by", "已被替代为"),
        ("(retired: ", "（已停用："), ("(retired)", "（已停用）"),
    ] + ["county-approved", "city-approved", "province-approved"].map { ($0, Text.state($0).chinese) }
    /// Words of those values.
    static let words: [String: String] = {
        var words = ["regular": "在编任职", "rotation": "交流轮岗", "secondment": "支教/借调", "from": "自", "to": "至", "on": "生效日期",
                     "step": "步骤", "pending": "待办", "approved": "已通过", "rejected": "已退回", "open": "待判定",
                     "same": "同一人", "different": "不同人", "merged": "已合并"]
        for state in ["submitted", "returned", "superseded"] { words[state] = Text.state(state).chinese }
        for kind in DocumentKind.allCases { words[kind.rawValue] = kind.label }
        return words
    }()

    /// A workflow value (`regular 2136010102 from 2005-09-01`, `resident 360102**********28 (retired)`) in Chinese.
    static func workflow(_ value: String) -> String {
        var text = value
        for (english, chinese) in phrases { text = text.replacingOccurrences(of: english, with: chinese) }
        if text.contains("（已停用："), text.hasSuffix(")") { text = String(text.dropLast()) + "）" }
        return text.split(separator: " ", omittingEmptySubsequences: false).map { words[String($0)] ?? String($0) }.joined(separator: " ")
    }

    /// Where an event's values came from (`file.xlsx › 教职工基本信息 › row 3`) in Chinese (`… › 第3行`).
    public static func source(_ text: String?) -> String? {
        guard let text else { return nil }
        return text.split(separator: " › ", omittingEmptySubsequences: false).map { part -> String in
            if part.hasPrefix("row "), let row = Int(part.dropFirst(4)) { return "第\(row)行" }
            if part.hasPrefix("batch ") { return "批次 " + part.dropFirst(6) }
            return String(part)
        }.joined(separator: " › ")
    }

    /// A stored value as officers read it: a code's label (`1` → 男, `11` → 在职), anything else as it is.
    public static func value(_ field: String, _ value: String?) -> String {
        guard let value else { return "—" }
        if let (subset, _, key) = subsetField(field) { return subset.field(key: key)?.display(value) ?? value }
        switch field {
        case "assignment", "document", "transfer", "batch", "review", "change_request": return workflow(value)
        case "recognised_by":
            if value == "the same row as before" { return "与此前提交的行完全相同" }
            if value.hasPrefix("review #") { return "人工判定 #" + value.dropFirst(8) }
            if value.hasPrefix("document ") { return "证件 " + value.dropFirst(9) }
            return value
        case "gender": return Gender(cell: value)?.label ?? value
        case "ethnicity": return (try? CodeTable.shared("ethnicity").label(of: value)) ?? value
        case "hire_date": return value
        default: return TeacherField.field(key: field)?.display(value) ?? value
        }
    }

    static func subsetField(_ key: String) -> (TeacherSubset, String, String)? {
        let parts = key.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let subset = TeacherSubset.subset(key: parts[0]) else { return nil }
        return (subset, parts[1], parts[2])
    }
}
