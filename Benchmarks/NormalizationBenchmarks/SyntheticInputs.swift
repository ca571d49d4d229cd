import Normalization

/// Deterministic inputs shaped like template cells.
struct SyntheticInputs: Sendable {
    let residentIDs: [String]
    let messyIDs: [String]
    let names: [String]
    let dates: [String]

    init(count: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let regions = [110105, 310104, 360102, 440305, 650102, 510107, 420106, 370202, 410105, 320106]
        func body() -> UInt64 {
            let region = UInt64(regions[Int(random.next() % UInt64(regions.count))])
            let year = 1960 + random.next() % 45, month = 1 + random.next() % 12, day = 1 + random.next() % 28
            return ((region * 10_000 + year) * 100 + month) * 100_000 + day * 1000 + random.next() % 1000
        }
        let weights: [UInt64] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        func full(_ body: UInt64) -> String {
            let digits = String(body)
            let sum = zip(digits.utf8, weights).reduce(UInt64(0)) { $0 + UInt64($1.0 - 48) * $1.1 }
            return digits + String(Array("10X98765432")[Int(sum % 11)])
        }
        residentIDs = (0..<count).map { _ in full(body()) }
        messyIDs = (0..<count).map { index in
            let number = full(body())
            switch index % 8 {
            case 0: return String(number.prefix(6) + number.dropFirst(8).prefix(9))  // 15-digit form
            case 1: return String(number.map { $0.isNumber ? Character(Unicode.Scalar($0.unicodeScalars.first!.value + 0xFEE0)!) : $0 })
            case 2: return number.prefix(6) + " " + number.dropFirst(6).prefix(8) + " " + number.suffix(4)
            case 3: return String(number.dropLast()) + (number.last == "0" ? "1" : "0")  // check-digit typo
            case 4: return "E" + String(100_000_00 + random.next() % 89_999_999)
            default: return number
            }
        }
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢")
        let given = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鑫宇浩凯健俊帆帅旭宁")
        let traditional = ["張偉", "劉德華", "陳淑貞", "黃國強", "歐陽修", "鍾麗萍"]
        let dotted = ["买买提・艾力", "阿依古丽·买买提", "热依拉 · 吐尔逊", "古丽娜尔.艾则孜"]
        names = (0..<count).map { index in
            switch index % 20 {
            case 0: return traditional[index / 20 % traditional.count]
            case 1: return dotted[index / 20 % dotted.count]
            case 2: return " " + String(surnames[index % surnames.count]) + "\u{3000}" + String(given[index % given.count])
            case 3: return "𠮷" + String(given[index % given.count])
            default:
                let length = 1 + Int(random.next() % 2)
                return String(surnames[Int(random.next() % UInt64(surnames.count))])
                    + String((0..<length).map { _ in given[Int(random.next() % UInt64(given.count))] })
            }
        }
        dates = (0..<count).map { index in
            let year = 1960 + index % 45, month = 1 + index % 12, day = 1 + index % 28
            switch index % 6 {
            case 0: return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
            case 1: return "\(year)/\(month)/\(day)"
            case 2: return "\(year)年\(month)月\(day)日"
            case 3: return "\(year)\(month < 10 ? "0" : "")\(month)\(day < 10 ? "0" : "")\(day)"
            case 4: return String(ExcelSerialDate.serial(of: CivilDate(year: year, month: month, day: day)!))
            default: return "\(year).\(month)"
            }
        }
    }
}
