/// Surname readings ICU's `Han-Latin/Names` lacks or gets wrong, keyed by
/// simplified form. Toneless, lower-case, space-separated.
enum SurnameReadings {
    /// Single-character surnames whose surname reading differs from the
    /// everyday one and that ICU 72 reads wrongly (朴 pǔ, 覃 tán …).
    static let single: [Character: String] = [
        "朴": "piao", "覃": "qin", "缪": "miao", "黑": "he", "冼": "xian", "谌": "chen", "褚": "chu",
        "郇": "xun", "逄": "pang", "佴": "nai", "厍": "she", "句": "gou", "阚": "kan", "柏": "bai",
        "瞿": "qu", "宿": "su", "都": "du", "薄": "bo", "占": "zhan", "曲": "qu", "殷": "yin",
        "单": "shan", "查": "zha", "曾": "zeng", "仇": "qiu", "区": "ou", "解": "xie", "乐": "yue",
        "盖": "ge", "尉": "wei", "秘": "bi", "繁": "po", "员": "yun", "隗": "wei", "种": "chong",
        "华": "hua", "纪": "ji", "任": "ren", "沈": "shen", "燕": "yan", "召": "shao", "翟": "zhai",
    ]

    /// Two-character surnames, read as one unit at the start of a name.
    static let double: [String: String] = [
        "欧阳": "ou yang", "尉迟": "yu chi", "单于": "chan yu", "万俟": "mo qi", "长孙": "zhang sun",
        "令狐": "ling hu", "澹台": "tan tai", "司马": "si ma", "上官": "shang guan", "诸葛": "zhu ge",
        "东方": "dong fang", "皇甫": "huang fu", "公孙": "gong sun", "慕容": "mu rong", "宇文": "yu wen",
        "司徒": "si tu", "司空": "si kong", "夏侯": "xia hou", "轩辕": "xuan yuan", "端木": "duan mu",
        "呼延": "hu yan", "南宫": "nan gong", "西门": "xi men", "百里": "bai li", "东郭": "dong guo",
        "独孤": "du gu", "闻人": "wen ren", "拓跋": "tuo ba", "申屠": "shen tu", "公冶": "gong ye",
        "太史": "tai shi", "仲孙": "zhong sun", "钟离": "zhong li", "宗政": "zong zheng", "濮阳": "pu yang",
        "淳于": "chun yu", "赫连": "he lian", "第五": "di wu", "公羊": "gong yang", "亓官": "qi guan",
        "乐正": "yue zheng", "鲜于": "xian yu", "闾丘": "lu qiu", "子车": "zi ju",
    ]
}
