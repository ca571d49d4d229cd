/// 人员状态 (JY/T 1001 教职工当前状态), a code of `Data/codes/staff-status.csv`: its label, and whether the person is
/// on staff (every status but those who left — 退休, 离休, 死亡, 调出, 辞职, 离职, 开除, 下落不明 — the table's
/// `on_staff` column). A status that is not on staff ends every open assignment; statistics count those on staff.
public struct StaffStatus: Sendable, Hashable, CustomStringConvertible {
    public let code: String

    /// A code of the table; nil for anything else.
    public init?(code: String) {
        guard Self.table?.label(of: code) != nil else { return nil }
        self.code = code
    }

    /// A cell as schools write it: the code, the label or `code-label`.
    public init?(cell: String) {
        guard let code = Self.table?.code(of: cell) else { return nil }
        self.code = code
    }

    /// 在职: the status of a teacher whose file has no 人员状态 column.
    public static let working = StaffStatus(known: "11")
    /// 退休 and 离休: out of the collection's scope (reported, not imported).
    public static let retired: Set<StaffStatus> = [StaffStatus(known: "01"), StaffStatus(known: "02")]

    private init(known code: String) { self.code = code }

    public var label: String { Self.table?.label(of: code) ?? code }
    public var isOnStaff: Bool { Self.table?.value("on_staff", of: code) == "1" }
    public var description: String { code }

    /// Every status, in the table's order.
    public static var all: [StaffStatus] {
        ["01", "02", "03", "04", "05", "06", "07", "08", "09", "11", "12", "13", "14", "15", "16", "17", "99"].compactMap(StaffStatus.init(code:))
    }

    private static let table = try? CodeTable.shared("staff-status")
}
