/// Excel's 1900 date system: serial 1 is 1900-01-01, and serial 60 is the
/// fictitious 1900-02-29 that Excel keeps for Lotus 1-2-3 compatibility, so
/// every serial from 61 on is one day ahead of a plain count.
public enum ExcelSerialDate {
    public static let maximum = 2_958_465  // 9999-12-31

    public static func date(serial: Int) -> Result<CivilDate, DateParseError> {
        guard serial >= 1, serial <= maximum else {
            return .failure(DateParseError(
                message: "Excel serial \(serial) is outside 1–\(maximum)",
                messageChinese: "Excel日期序号\(serial)超出范围"))
        }
        guard serial != 60 else {
            return .failure(DateParseError(
                message: "Excel serial 60 is 1900-02-29, a day that never existed (Excel's leap-year bug)",
                messageChinese: "Excel日期序号60对应1900年2月29日,该日期不存在"))
        }
        let epoch = CivilDate(year: 1899, month: 12, day: serial < 60 ? 31 : 30)!
        return .success(epoch.adding(days: serial))
    }

    /// The serial of a date (the inverse of `date(serial:)`).
    public static func serial(of date: CivilDate) -> Int {
        let days = date.daysSinceEpoch - CivilDate(year: 1899, month: 12, day: 31)!.daysSinceEpoch
        return days >= 60 ? days + 1 : days
    }
}
