import Normalization
import Testing

/// 人员状态 from one table: labels, the forms schools write, and who has left.
@Suite struct StaffStatusTests {
    @Test func thoseWhoLeftAreExactlyTheEightStatusesOfLeaving() {
        #expect(StaffStatus.all.count == 17)
        #expect(StaffStatus.all.filter { !$0.isOnStaff }.map(\.label) == ["退休", "离休", "死亡", "调出", "辞职", "离职", "开除", "下落不明"])
        #expect(StaffStatus.all.filter(\.isOnStaff).map(\.code) == ["04", "11", "12", "13", "14", "15", "16", "17", "99"])
        #expect(StaffStatus.working.label == "在职" && StaffStatus.retired.map(\.label).sorted() == ["离休", "退休"])
    }

    @Test func aStatusReadsFromItsCodeLabelOrCodeLabelAndNothingElse() {
        #expect(StaffStatus(cell: "12-延聘")?.code == "12")
        #expect(StaffStatus(cell: "延聘")?.code == "12")
        #expect(StaffStatus(cell: " 11 ")?.label == "在职")
        #expect(StaffStatus(cell: "12-在职") == nil)  // a code and a label that disagree
        #expect(StaffStatus(code: "10") == nil && StaffStatus(code: "１１") == nil && StaffStatus(cell: "退休了") == nil)
    }
}
