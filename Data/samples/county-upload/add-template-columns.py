"""Adds the 中小学 template's required columns beyond the identity ones to the sample workbook
3136010001_南昌市第一中学_中小学教职工基本信息.xlsx (its cells otherwise as they were: numbers stored as numbers, the
row whose ID Excel turned into 4.4052418800101e+17 that is there to show an error), and rebuilds county-upload.zip
from the workbook and the GBK CSV. Run from the repository root:

    python3 Data/samples/county-upload/add-template-columns.py
"""
import re
import shutil
import zipfile

WORKBOOK = "Data/samples/county-upload/3136010001_南昌市第一中学_中小学教职工基本信息.xlsx"
GBK = "Data/samples/county-upload/2136010102_南昌市育才小学_GBK.csv"
ZIP = "Data/samples/county-upload.zip"

HEADERS = ["*国籍/地区", "*政治面貌", "*参加工作年月", "*进本校年月", "*是否在编", "*人员状态",
           "*是否全日制师范类专业毕业", "*是否受过特教专业培养培训", "*是否有特殊教育从业证书", "*信息技术应用能力",
           "*是否属于免费（公费）师范生", "*是否参加基层服务项目", "*是否是特级教师", "*是否是县级及以上骨干教师", "*是否心理健康教育教师"]
# Rows 3–6 (張偉, 买买提·艾力, 李静, 𠮷田), written the ways schools write them: code-label, label, code.
VALUES = {
    3: ["156-中国", "01-中共党员", "2007-08", "2010-09", "1-是", "11-在职", "1-是", "0-否", "0-否", "2-熟练", "0-否", "0-否", "0-否", "1-是", "0-否"],
    4: ["中国", "群众", "2001年9月", "2001年9月", "是", "在职", "是", "否", "否", "熟练", "否", "否", "否", "否", "否"],
    5: ["156", "13", "2008-07", "2015-09", "1", "11", "1", "0", "0", "1", "0", "0", "0", "0", "1"],
    6: ["156-中国", "03-共青团员", "2013.09", "2013.09", "1-是", "12-延聘", "1-是", "0-否", "0-否", "1-精通", "1-是", "1-是", "0-否", "0-否", "0-否"],
}
FIRST = 8  # column I


def column(index):
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name


def cell(row, index, text):
    return f'<c r="{column(index)}{row}" t="inlineStr"><is><t>{text}</t></is></c>'


def patch(xml):
    if "国籍/地区" in xml:
        return xml  # already done
    def add(match):
        row = int(match.group(1))
        extra = HEADERS if row == 2 else VALUES.get(row)
        if not extra:
            return match.group(0)
        cells = "".join(cell(row, FIRST + i, text) for i, text in enumerate(extra))
        return match.group(0).replace("</row>", cells + "</row>")
    xml = re.sub(r'<row r="(\d+)">.*?</row>', add, xml)
    return xml.replace('<dimension ref="A1:H6" />', f'<dimension ref="A1:{column(FIRST + len(HEADERS) - 1)}6" />')


source = zipfile.ZipFile(WORKBOOK)
entries = [(info, source.read(info.filename)) for info in source.infolist()]
source.close()
with zipfile.ZipFile(WORKBOOK + ".new", "w", zipfile.ZIP_DEFLATED) as target:
    for info, data in entries:
        if info.filename == "xl/worksheets/sheet1.xml":
            data = patch(data.decode("utf-8")).encode("utf-8")
        target.writestr(info, data)
shutil.move(WORKBOOK + ".new", WORKBOOK)

with zipfile.ZipFile(ZIP, "w", zipfile.ZIP_DEFLATED) as archive:
    for path, name in [(WORKBOOK, WORKBOOK.split("/")[-1]), (GBK, "gbk.csv")]:
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 22, 12, 24, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.flag_bits |= 0x800  # UTF-8 names
        with open(path, "rb") as file:
            archive.writestr(info, file.read())
