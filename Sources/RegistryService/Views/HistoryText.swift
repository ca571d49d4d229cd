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

    /// A stored value as officers read it: a code's label (`1` → 男, `11` → 在职), anything else as it is.
    public static func value(_ field: String, _ value: String?) -> String {
        guard let value else { return "—" }
        if let (subset, _, key) = subsetField(field) { return subset.field(key: key)?.display(value) ?? value }
        switch field {
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
