import Testing
@testable import Intake
import Normalization

@Suite struct CSVTableTests {
    @Test func quotedCellsWithCommasQuotesAndLineBreaksSurvive() throws {
        let text = "\u{FEFF}record_id,name,note\r\n1,\"欧阳, 修\",\"他说\"\"好\"\"\"\n2,\"多\n行\",x\n"
        let table = try CSVTable.parse(text, file: "a.csv")
        #expect(table.header == ["record_id", "name", "note"])
        #expect(table.rows.count == 2)
        #expect(table.rows[0].cells == ["1", "欧阳, 修", "他说\"好\""])
        #expect(table.rows[1].cells[1] == "多\n行")
        #expect(table.rows[1].line == 3)
    }

    @Test func tabSeparatedFilesAreRecognised() throws {
        let table = try CSVTable.parse("姓名\t性别\n張偉\t1-男\n", file: "t.tsv")
        #expect(table.rows[0].cells == ["張偉", "1-男"])
    }

    @Test func unclosedQuoteNamesFileAndLine() {
        do {
            _ = try CSVTable.parse("name\nok\n\"never closed\n", file: "broken.csv")
            Issue.record("parsed a broken file")
        } catch let error as CSVTable.ReadError {
            #expect(error.file == "broken.csv")
            #expect(error.line == 3)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func templateChineseHeadersMapToIdentityColumns() throws {
        let columns = try TeacherColumns(header: ["*姓名", "曾用名", "*性别", "*身份证件类型", "*身份证件号", "*出生日期", "民族"], file: "x.csv")
        let row = ["李静", "李婧", "2-女", "1-居民身份证", "11010519491231002X", "1949-12-31", "01-汉族"]
        let teacher = columns.cells(of: row, fallbackID: "row 2")
        #expect(teacher.recordID == "row 2")
        #expect(teacher.ethnicity == "01-汉族")
        let cells = teacher.identity
        #expect(cells.name == "李静")
        #expect(cells.formerName == "李婧")
        #expect(cells.documentNumber == "11010519491231002X")
        #expect(throws: TeacherColumns.MissingColumn.self) { try TeacherColumns(header: ["性别"], file: "x.csv") }
    }

    @Test func identityNormalizerReportsContradictionsWithTheDocument() throws {
        let normalizer = try IdentityNormalizer.standard()
        let clean = normalizer.normalize(IdentityCells(
            name: "張偉", gender: "2-女", birthDate: "1949年12月31日", documentType: "1", documentNumber: "11010519491231002X"))
        #expect(clean.problems.isEmpty)
        let wrong = normalizer.normalize(IdentityCells(
            name: "張偉", gender: "男", birthDate: "1949-12-30", documentType: "1", documentNumber: "11010519491231002X"))
        #expect(Set(wrong.problems.map(\.code)) == ["gender-mismatch", "birth-date-mismatch"])
        #expect(wrong.problems.allSatisfy { !$0.message.contains("11010519491231002X") })
    }
}
