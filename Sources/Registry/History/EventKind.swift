/// What an event of the history records. The stored text is the raw value;
/// the label is what officers read (pages, CLI, reports).
public enum EventKind: String, Sendable, CaseIterable, Codable {
    case registered, sourceAttached = "source-attached", updatedFromRow = "updated-from-row", identityDiffers = "identity-differs"
    case updated, documentAdded = "document-added", documentRetired = "document-retired"
    case assignmentOpened = "assignment-opened", assignmentClosed = "assignment-closed", statusChanged = "status-changed"
    case transferRequested = "transfer-requested", transferApproved = "transfer-approved", transferRejected = "transfer-rejected"
    case merged, mergedInto = "merged-into", mergeFill = "merge-fill", unmerged, unmergeRestore = "unmerge-restore"
    case decidedDifferent = "decided-different", reviewQueued = "review-queued", reviewDecided = "review-decided"
    case changeRequested = "change-requested", changeApproved = "change-approved", changeRejected = "change-rejected"
    case subsetChanged = "subset-changed", batchImported = "batch-imported", batchApproved = "batch-approved", batchRejected = "batch-rejected"
    case schoolAdded = "school-added", schoolDescribed = "school-described", accountAdded = "account-added"

    public var label: String {
        switch self {
        case .registered: "登记（分配编号）"
        case .sourceAttached: "收到同一人的记录"
        case .updatedFromRow: "按提交记录更新"
        case .identityDiffers: "身份信息与提交不一致（未采用）"
        case .updated: "信息更新"
        case .documentAdded: "新增证件"
        case .documentRetired: "证件停用"
        case .assignmentOpened: "任职开始"
        case .assignmentClosed: "任职结束"
        case .statusChanged: "人员状态变更"
        case .transferRequested: "申请调动"
        case .transferApproved: "调动审批通过"
        case .transferRejected: "调动被退回"
        case .merged: "合并"
        case .mergedInto: "被合并"
        case .mergeFill: "合并时补全信息"
        case .unmerged: "撤销合并"
        case .unmergeRestore: "撤销合并时恢复信息"
        case .decidedDifferent: "判定为不同人"
        case .reviewQueued: "待人工判定"
        case .reviewDecided: "人工判定"
        case .changeRequested: "申请变更信息"
        case .changeApproved: "信息变更通过"
        case .changeRejected: "信息变更被退回"
        case .subsetChanged: "子集信息更新"
        case .batchImported: "导入批次"
        case .batchApproved: "批次审核通过"
        case .batchRejected: "批次被退回"
        case .schoolAdded: "新增学校"
        case .schoolDescribed: "学校信息更新"
        case .accountAdded: "新增用户"
        }
    }
}
