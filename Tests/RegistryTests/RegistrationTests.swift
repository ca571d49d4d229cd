import Foundation
import GRDB
import Matching
import Testing
@testable import Registry

@Suite struct RegistrationTests {
    @Test func samePersonKeepsTheirNumberAcrossFormsOfTheID() throws {
        let registry = try TemporaryRegistry()
        let first = try registry.register(name: "張偉", birth: "1985-03-07", gender: "1", number: "360102198503070016", school: "3136010001")
        guard case .registered(let number) = first else { Issue.record("not registered: \(first)"); return }
        // The old 15-digit form of the same ID, simplified characters, another school.
        let again = try registry.register(name: "张伟", birth: "1985年3月7日", number: "360102850307001", school: "2136010102", row: 2)
        #expect(again.number == number.text)
        // Same name and birth date but another valid ID: a person decides (twins share the rest).
        let namesake = try registry.register(name: "张伟", birth: "1985-03-07", gender: "1",
                                             number: ResidentIDNumberFixture.valid(region: 360103, birth: 19_850_307, sequence: 31), row: 3)
        #expect(namesake == .needsReview(candidates: [number.text]))
        // Someone else entirely gets a number of their own.
        let other = try registry.register(name: "刘德华", birth: "1961-09-27", gender: "1",
                                          number: ResidentIDNumberFixture.valid(region: 360103, birth: 19_610_927, sequence: 33), row: 4)
        guard case .registered(let otherNumber) = other else { Issue.record("\(other)"); return }
        #expect(otherNumber != number)
    }

    @Test func aTeacherFirstSubmittedWithoutAnIDTakesTheIDOfALaterRowRecognisedAsThem() throws {
        let registry = try TemporaryRegistry()
        let first = try registry.register(name: "买买提·艾力", birth: "1979-05-01", gender: "1", school: "2136010102")
        // The same person a term later, now with the ID: recognised by name, birth date, sex and school.
        let again = try registry.register(name: "買買提·艾力", birth: "1979年5月1日", gender: "1", number: "650102197905010037",
                                          school: "2136010102", row: 2)
        #expect(again.number == first.number && first.number != nil)
        try registry.database.read { (reader: RegistryReader) throws -> Void in
            #expect(try reader.teacher(documentKind: nil, number: "650102197905010037")?.number == first.number)
            let history = try reader.history(of: try reader.teacher(number: first.number!)!.id)
            let added = history.first { $0.kind == "document-added" }
            #expect(added?.source == "test.csv › row 2")
            #expect(added?.changes.first?.after == "resident 650102**********37")
        }
        // A third row with another valid ID does not replace it: the difference is noted.
        _ = try registry.register(name: "买买提·艾力", birth: "1979-05-01", gender: "1",
                                  number: ResidentIDNumberFixture.valid(region: 650102, birth: 19_790_501, sequence: 5),
                                  school: "2136010102", row: 3)
        #expect(try registry.database.read { try $0.teacher(documentKind: nil, number: "650102197905010037")?.number } == first.number)
        // Recognised again, now with a passport: noted, not taken (one current document is enough to be found by).
        let passport = TeacherCells(recordID: "r4", schoolCode: "2136010102", identity: IdentityCells(
            name: "买买提·艾力", gender: "1", birthDate: "1979-05-01", documentType: "A", documentNumber: "E12345678"))
        let fourth = try registry.registrar.register(passport, source: SourceRow(file: "test.csv", row: 4, raw: passport.sourceJSON),
                                                     actor: TemporaryRegistry.clerk)
        #expect(fourth.number == first.number)
        try registry.database.read { (reader: RegistryReader) throws -> Void in
            let id = try reader.teacher(number: first.number!)!.id
            #expect(try reader.documents(of: id).map(\.number) == ["650102197905010037"])
            let noted = try reader.history(of: id).last { $0.kind == "identity-differs" }
            #expect(noted?.source == "test.csv › row 4")
            #expect(noted?.changes.first?.field == "document")
            #expect(noted?.changes.first?.after?.contains("E12345678") == false)
        }
    }

    @Test func aStoredTeacherIsComparedWithTheCountyOfTheirSchoolAsARowIs() throws {
        let registry = try TemporaryRegistry()
        let cells = TeacherCells(recordID: "r1", schoolCode: "2136010102", countyCode: "360102", identity: IdentityCells(
            name: "買買提·艾力", gender: "1", birthDate: "1979-05-01", documentType: "1", documentNumber: "650102197905010037"))
        let outcome = try registry.registrar.register(cells, source: SourceRow(file: "a.csv", row: 2, raw: cells.sourceJSON),
                                                      actor: TemporaryRegistry.clerk)
        let id = try #require(try registry.database.read { try $0.teacher(number: outcome.number ?? "")?.id })
        #expect(try registry.registrar.storedRecord(id: id).record.countyCode == "360102")
        #expect(try registry.registrar.allStoredRecords().records.map(\.countyCode) == ["360102"])
    }

    @Test func aCertainMatchWithoutDocumentReusesTheNumber() throws {
        let registry = try TemporaryRegistry()
        let first = try registry.register(name: "买买提·艾力", birth: "1979-05-01", gender: "1", number: "650102197905010037",
                                          school: "2136010102")
        // Same person, no document this time, a dot variant, same school.
        let again = try registry.register(name: "买买提・艾力", birth: "1979-05-01", gender: "1", school: "2136010102", row: 2)
        guard case .existing(let number, let evidence) = again else { Issue.record("\(again)"); return }
        #expect(number.text == first.number)
        #expect(evidence.contains("姓名"))
    }

    @Test func aBlockingKeyHeldByMoreTeachersThanTheCapGivesNoStoredCandidates() throws {
        // A hundred different people; all but one share a key, as 王芳 + 1985 would in a province.
        let registry = try TemporaryRegistry()
        let surnames = Array("王李张刘陈杨黄赵吴周"), given = Array("伟芳娜秀敏静丽强磊军")
        let rows = (0..<100).map { index in
            let birth = 19_600_101 + 10_000 * (index % 40) + 100 * (index % 12) + index % 28
            return TeacherCells(recordID: "p\(index)", identity: IdentityCells(
                name: String(surnames[index % 10]) + String(given[index / 10]), documentType: "1",
                documentNumber: ResidentIDNumberFixture.valid(region: 360102, birth: birth, sequence: 2 * index + 2)))
        }
        _ = try registry.registrar.registerBatch(rows, sources: rows.indices.map {
            SourceRow(file: "全县.csv", row: $0 + 2, raw: rows[$0].sourceJSON)
        }, actor: TemporaryRegistry.clerk)
        let common: Int64 = 0x5A5A_5A5A
        let last = try registry.database.change(TemporaryRegistry.clerk) { change in
            let ids = try Int64.fetchAll(change.db, sql: "SELECT id FROM teacher ORDER BY id")
            for id in ids.dropLast() { try change.db.execute(sql: "INSERT INTO match_key (key, teacher_id) VALUES (?, ?)", arguments: [common, id]) }
            try change.db.execute(sql: "INSERT INTO match_key (key, teacher_id) VALUES (?, ?)", arguments: [common + 1, ids.last!])
            return ids.last!
        }
        #expect(try registry.database.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM match_key WHERE key = ?", arguments: [common]) }! > 60)
        let found = try registry.database.read { try Registrar.candidateIDs([common, common + 1], reader: $0) }
        #expect(found == [last])
        // At the cap, every holder is a candidate.
        try registry.database.change(TemporaryRegistry.clerk) {
            try $0.db.execute(sql: "DELETE FROM match_key WHERE key = ? AND teacher_id > (SELECT min(teacher_id) + 59 FROM match_key WHERE key = ?)",
                              arguments: [common, common])
        }
        #expect(try registry.database.read { try Registrar.candidateIDs([common], reader: $0) }.count == 60)
    }

    @Test func aReviewDecisionWhoseDocumentAnotherTeacherTookMeanwhileIsRefusedAndChangesNothing() throws {
        let registry = try TemporaryRegistry()
        _ = try registry.register(name: "張偉", birth: "1985-03-07", gender: "1", number: "360102198503070016", school: "3136010001")
        // A namesake born the same day with another ID waits for review…
        let other = ResidentIDNumberFixture.valid(region: 360103, birth: 19_850_307, sequence: 31)
        #expect(try registry.register(name: "张伟", birth: "1985-03-07", gender: "1", number: other, row: 2).number == nil)
        // …while a second file registers that ID under the person's correct name.
        guard case .registered(let holder) = try registry.register(name: "刘德华", gender: "1", number: other, row: 3) else {
            Issue.record("the ID was not registered"); return
        }
        let item = try #require(try registry.database.read { try $0.openReviewItems() }.first)
        let before = try registry.database.read { try $0.teacherCount() }
        do {
            try registry.registrar.resolveReview(item.id, decision: .differentPersons, actor: Actor(user: "city-officer", role: "city"),
                                                 reason: "不同的人")
            Issue.record("a second current holder of a document was registered")
        } catch let error as RegistryError {
            #expect(error.code == .conflict)
            #expect(error.message.contains("test.csv › row 2") && error.message.contains(holder.text))
            #expect(!error.message.contains(other))
        }
        #expect(try registry.database.read { try $0.teacherCount() } == before)
        #expect(try registry.database.read { try $0.openReviewItems() }.map(\.id) == [item.id])
        #expect(try registry.database.integrityProblems().isEmpty)
    }

    @Test func registrationWritesTeacherDocumentAssignmentSourceAndHistoryTogether() throws {
        let registry = try TemporaryRegistry()
        let id = ResidentIDNumberFixture.valid(region: 360104, birth: 19_900_812, sequence: 4)
        let outcome = try registry.register(name: "李静", birth: "1990-08-12", gender: "2", number: id, school: "3136010001")
        let number = try #require(outcome.number)
        try registry.database.read { (reader: RegistryReader) throws in
            let teacher = try #require(try reader.teacher(number: number))
            #expect(teacher.name == "李静")
            #expect(try reader.documents(of: teacher.id).map(\.number) == [id])
            #expect(try reader.assignments(of: teacher.id).map(\.schoolCode) == ["3136010001"])
            #expect(try reader.sources(of: teacher.id).count == 1)
            let history = try reader.history(of: teacher.id)
            #expect(history.first?.kind == "registered")
            #expect(history.first?.changes.contains(FieldChange(field: "birth_date", before: nil, after: "1990-08-12")) == true)
            #expect(history.allSatisfy { $0.actor == "county-clerk" && $0.role == "county" })
            // History never shows a full document number.
            #expect(history.flatMap(\.changes).allSatisfy { !($0.after ?? "").contains(id) })
        }
    }

    @Test func theStoreCheckCountsBlockingKeysOfNoTeacher() throws {
        // Blocking keys carry no foreign-key check (it dominated writing them): the store check counts strays instead.
        let registry = try TemporaryRegistry()
        _ = try registry.register(name: "阿依古丽·吐尔逊", birth: "1988-03-02", gender: "2",
                                  number: ResidentIDNumberFixture.valid(region: 650102, birth: 19_880_302, sequence: 2))
        #expect(try registry.database.integrityProblems().isEmpty)
        try registry.database.change(TemporaryRegistry.clerk) {
            try $0.db.execute(sql: "INSERT INTO match_key (key, teacher_id) VALUES (42, 999999)")
        }
        #expect(try registry.database.integrityProblems() == ["1 blocking keys of no teacher"])
    }

    @Test func concurrentRegistrationsGiveEachPersonExactlyOneNumber() async throws {
        let registry = try TemporaryRegistry()
        let surnames = Array("王李张刘陈杨黄赵"), given = Array("伟芳娜秀敏")
        let people = (0..<40).map { index in
            (name: String(surnames[index % 8]) + String(given[index / 8]),
             number: ResidentIDNumberFixture.valid(region: 360102, birth: 19_700_101 + (index / 12) * 10_000 + (index % 12) * 100,
                                                   sequence: 10 + index * 2))
        }
        let outcomes = try await withThrowingTaskGroup(of: [String: String].self) { group in
            for task in 0..<8 {
                group.addTask {
                    var numbers: [String: String] = [:]
                    for (offset, person) in people.shuffled().enumerated() {
                        let outcome = try registry.register(name: person.name, number: person.number, row: task * 100 + offset + 1)
                        numbers[person.number] = outcome.number
                    }
                    return numbers
                }
            }
            var all: [[String: String]] = []
            for try await result in group { all.append(result) }
            return all
        }
        for person in people {
            let numbers = Set(outcomes.compactMap { $0[person.number] })
            #expect(numbers.count == 1, "\(person.name) got \(numbers)")
        }
        let issued = Set(outcomes.flatMap { $0.values })
        #expect(issued.count == people.count)
        let (teachers, sources) = try registry.database.read { (reader: RegistryReader) throws in
            (try reader.teacherCount(), try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM source_record") ?? 0)
        }
        #expect(teachers == people.count)
        #expect(sources == people.count * 8)
    }
}

import Normalization

enum ResidentIDNumberFixture {
    static func valid(region: Int, birth: Int, sequence: Int) -> String {
        ResidentIDNumber(body: UInt64(region) * 100_000_000_000 + UInt64(birth) * 1000 + UInt64(sequence)).fullNumber
    }
}

@Suite struct RowDifferenceTests {
    @Test func anAttachedRowRecordsOnlyItsDifferencesCitingTheRow() throws {
        let registry = try TemporaryRegistry()
        let id = ResidentIDNumberFixture.valid(region: 360104, birth: 19_900_812, sequence: 4)
        let first = try registry.register(name: "李静", birth: "1990-08-12", gender: "2", number: id, row: 2)
        // The corrected file: same teacher, a new phone is filled, a different birth date is only noted.
        let cells = TeacherCells(recordID: "r9", identity: IdentityCells(name: "李静", gender: "2", birthDate: "1990-08-13",
                                                                          documentType: "1", documentNumber: id),
                                 phone: "13800001234")
        let outcome = try registry.registrar.register(cells, source: SourceRow(file: "corrected.csv", row: 9, raw: "corrected"),
                                                      actor: TemporaryRegistry.clerk)
        #expect(outcome.number == first.number)
        try registry.database.read { (reader: RegistryReader) throws in
            let teacher = try #require(try reader.teacher(number: first.number!))
            #expect(teacher.phone == "13800001234")
            #expect(teacher.birthDate == "1990-08-12")
            let events = try reader.history(of: teacher.id)
            let update = try #require(events.first { $0.kind == "updated-from-row" })
            #expect(update.changes == [FieldChange(field: "phone", before: nil, after: "13800001234")])
            #expect(update.source == "corrected.csv › row 9")
            let noted = try #require(events.first { $0.kind == "identity-differs" })
            #expect(noted.changes == [FieldChange(field: "birth_date", before: "1990-08-12", after: "1990-08-13")])
        }
    }
}

@Suite struct AllOrNothingTests {
    @Test func aFileWithARowThatCannotBeRegisteredChangesNothing() throws {
        let registry = try TemporaryRegistry()
        _ = try registry.register(name: "王芳", number: ResidentIDNumberFixture.valid(region: 360103, birth: 19_871_102, sequence: 2))
        let rows = [
            TeacherCells(recordID: "1", identity: IdentityCells(name: "刘洋", documentType: "1",
                                                               documentNumber: ResidentIDNumberFixture.valid(region: 360102, birth: 19_850_505, sequence: 12))),
            TeacherCells(recordID: "2", identity: IdentityCells(name: " \u{3000} ")),  // no name: row 3 cannot be registered
        ]
        let sources = rows.indices.map { SourceRow(file: "school.csv", row: $0 + 2, raw: "row \($0)") }
        do {
            _ = try registry.registrar.registerBatch(rows, sources: sources, actor: TemporaryRegistry.clerk)
            Issue.record("a file with a nameless row was registered")
        } catch let error as RegistryError {
            #expect(error.message.contains("school.csv › row 3"))
        }
        let (teachers, events) = try registry.database.read { reader in
            (try reader.teacherCount(), try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM event") ?? 0)
        }
        #expect(teachers == 1)
        #expect(events == 1)  // the first teacher's registration only (its source row is in that event)
        #expect(try registry.database.integrityProblems().isEmpty)
    }

    @Test func aFirstLoadIntoAnEmptyRegistryGivesTheSameResultAndKeepsEveryIndex() throws {
        // Sixty teachers of four schools; the file repeats some of them in other forms.
        let surnames = Array("王李张刘陈杨黄赵"), given = Array("伟芳娜秀敏强磊军")
        var rows: [TeacherCells] = []
        for index in 0..<60 {
            let birth = 19_700_101 + (index % 28) + 100 * (index % 12) + 10_000 * (index % 25)
            let id = ResidentIDNumberFixture.valid(region: 360102, birth: birth, sequence: index + 1)
            rows.append(TeacherCells(recordID: "r\(index)", schoolCode: "213601010\(index % 4)",
                                     identity: IdentityCells(name: String(surnames[index % 8]) + String(given[index / 8]),
                                                             documentType: "1", documentNumber: id)))
        }
        // The same people again: a 15-digit ID, a traditional-character name with no document at the same school.
        rows.append(TeacherCells(recordID: "again-15", schoolCode: "2136010100", identity: IdentityCells(
            name: "王伟", documentType: "1", documentNumber: String(rows[0].identity.documentNumber!.prefix(6))
                + String(rows[0].identity.documentNumber!.dropFirst(8).prefix(9)))))
        rows.append(TeacherCells(recordID: "again-trad", schoolCode: rows[9].schoolCode, identity: IdentityCells(
            name: "李芳", gender: rows[9].identity.gender, birthDate: String(rows[9].identity.documentNumber!.dropFirst(6).prefix(8)))))
        // Submitted first without an ID, then with one: the ID is taken while the load's indexes are away.
        let withID = ResidentIDNumberFixture.valid(region: 650102, birth: 19_830_709, sequence: 2)
        rows.append(TeacherCells(recordID: "no-id", schoolCode: "2136010101", identity: IdentityCells(
            name: "阿依古丽·吐尔逊", gender: "2", birthDate: "1983-07-09")))
        rows.append(TeacherCells(recordID: "with-id", schoolCode: "2136010101", identity: IdentityCells(
            name: "阿依古麗·吐爾遜", gender: "2", birthDate: "1983年7月9日", documentType: "1", documentNumber: withID)))
        let sources = rows.indices.map { SourceRow(file: "全省首次导入.csv", row: $0 + 2, raw: rows[$0].sourceJSON) }

        let rowByRow = try TemporaryRegistry(), firstLoad = try TemporaryRegistry(firstLoadRows: 1)
        let expected = try rowByRow.registrar.registerBatch(rows, sources: sources, actor: TemporaryRegistry.clerk)
        let indexesBefore = try firstLoad.database.read { try String.fetchAll($0.db, sql: "SELECT name || coalesce(sql, '') FROM sqlite_schema WHERE type = 'index' ORDER BY name") }
        let outcomes = try firstLoad.registrar.registerBatch(rows, sources: sources, actor: TemporaryRegistry.clerk)

        func kind(_ outcome: Registrar.Outcome) -> String {
            switch outcome {
            case .registered: "registered"
            case .existing(_, let evidence): "existing: \(evidence)"
            case .needsReview(let candidates): "review: \(candidates.count)"
            case .heldElsewhere: "elsewhere"
            }
        }
        #expect(outcomes.map(kind) == expected.map(kind))
        #expect(outcomes.filter { kind($0) == "registered" }.count == 61)
        #expect(outcomes.last?.number == outcomes[outcomes.count - 2].number)
        #expect(try firstLoad.database.read { try $0.teacher(documentKind: nil, number: withID)?.number } == outcomes.last?.number)
        let counts = "SELECT (SELECT count(*) FROM teacher), (SELECT count(*) FROM document), (SELECT count(*) FROM assignment), "
            + "(SELECT count(*) FROM source_record), (SELECT count(*) FROM event), (SELECT count(*) FROM match_key)"
        let expectedCounts = try rowByRow.database.read { try Row.fetchOne($0.db, sql: counts)! }
        #expect(try firstLoad.database.read { try Row.fetchOne($0.db, sql: counts)! } == expectedCounts)
        #expect(try firstLoad.database.read { try String.fetchAll($0.db, sql: "SELECT name || coalesce(sql, '') FROM sqlite_schema WHERE type = 'index' ORDER BY name") } == indexesBefore)
        #expect(try firstLoad.database.integrityProblems().isEmpty)
        // A first load that fails leaves the empty registry as it was, its indexes included.
        let failing = try TemporaryRegistry(firstLoadRows: 1)
        let nameless = rows + [TeacherCells(recordID: "blank", identity: IdentityCells(name: "\u{3000}"))]
        #expect(throws: RegistryError.self) {
            try failing.registrar.registerBatch(nameless, sources: nameless.indices.map {
                SourceRow(file: "全省首次导入.csv", row: $0 + 2, raw: nameless[$0].sourceJSON)
            }, actor: TemporaryRegistry.clerk)
        }
        #expect(try failing.database.read { try String.fetchAll($0.db, sql: "SELECT name || coalesce(sql, '') FROM sqlite_schema WHERE type = 'index' ORDER BY name") } == indexesBefore)
        #expect(try failing.database.read { try $0.isEmpty() })
        // The rebuilt unique index still refuses a second holder of a current document.
        #expect(throws: (any Error).self) {
            try firstLoad.database.change(TemporaryRegistry.clerk) { change in
                try change.addDocument(2, kind: "resident", number: rows[0].identity.documentNumber!)
            }
        }
    }
}

/// Files of a batch share transactions, each file still all or nothing.
@Suite struct ChangeGroupTests {
    func rows(_ names: [(String, Int)]) -> (cells: [TeacherCells], sources: [SourceRow]) {
        let cells = names.enumerated().map { index, entry in
            TeacherCells(recordID: "r\(index)", schoolCode: "2136010102", identity: IdentityCells(
                name: entry.0, documentType: "1",
                documentNumber: ResidentIDNumberFixture.valid(region: 360102, birth: 19_800_101 + entry.1, sequence: 2 * entry.1 + 1)))
        }
        return (cells, cells.indices.map { SourceRow(file: "育才小学.csv", row: $0 + 2, raw: cells[$0].sourceJSON) })
    }

    func record(_ file: String, rows: Int) -> ImportBatchRecord {
        ImportBatchRecord(file: file, contentHash: file, school: "2136010102", county: "360102", higherEducation: false, rows: rows)
    }

    @Test func aFailingFileInAGroupLeavesNothingAndTheFilesAroundItAreKept() throws {
        let registry = try TemporaryRegistry()
        let first = rows([("張偉", 1), ("买买提·艾力", 2)])
        // The second file's last row has no name: the file is refused after its first row was decided.
        let second = rows([("王芳", 3), ("", 4)])
        let third = rows([("𠀀明", 5)])
        var seenInside = 0
        var refusal: RegistryError?
        try registry.database.group { (group: ChangeGroup) throws -> Void in
            _ = try registry.registrar.registerBatch(first.cells, sources: first.sources, actor: TemporaryRegistry.clerk,
                                                     batch: record("一.csv", rows: 2), in: group)
            do {
                _ = try registry.registrar.registerBatch(second.cells, sources: second.sources, actor: TemporaryRegistry.clerk,
                                                         batch: record("二.csv", rows: 2), in: group)
            } catch let error as RegistryError { refusal = error }
            _ = try registry.registrar.registerBatch(third.cells, sources: third.sources, actor: TemporaryRegistry.clerk,
                                                     batch: record("三.csv", rows: 1), in: group)
            seenInside = try group.read { try $0.teacherCount() }
            // Not committed yet: other connections do not see the group's teachers.
            #expect(try registry.database.read { try $0.teacherCount() } == 0)
        }
        #expect(refusal?.message.contains("no name") == true)
        #expect(seenInside == 3)
        try registry.database.read { (reader: RegistryReader) throws -> Void in
            #expect(try reader.teacherCount() == 3)
            #expect(try reader.teachers(nameKey: "王芳").isEmpty)
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM import_batch") == 2)
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM source_record") == 3)
            #expect(try String.fetchOne(reader.db, sql: "PRAGMA integrity_check") == "ok")
        }
        // Numbers stay unique and the counter moved on for the kept files only.
        let numbers = try registry.database.read { try String.fetchAll($0.db, sql: "SELECT number FROM teacher") }
        #expect(Set(numbers).count == 3)
    }

    @Test func aLargeFileInAGroupRunsAloneAfterTheFilesBeforeItAreCommitted() throws {
        let registry = try TemporaryRegistry()
        let small = rows([("張偉", 1)])
        let failing = rows([("王芳", 3), ("", 4)])
        let large = rows([("𠀀明", 5), ("买买提·艾力", 6)])
        var refusal: RegistryError?
        try registry.database.group(aloneFrom: 2) { (group: ChangeGroup) throws -> Void in
            _ = try registry.registrar.registerBatch(small.cells, sources: small.sources, actor: TemporaryRegistry.clerk,
                                                     batch: record("一.csv", rows: 1), in: group)
            #expect(try registry.database.read { try $0.teacherCount() } == 0)
            do {
                _ = try registry.registrar.registerBatch(failing.cells, sources: failing.sources, actor: TemporaryRegistry.clerk,
                                                         batch: record("二.csv", rows: 2), in: group)
            } catch let error as RegistryError { refusal = error }
            // The small file was committed before the large one began; the large one left nothing.
            #expect(try registry.database.read { try $0.teacherCount() } == 1)
            _ = try registry.registrar.registerBatch(large.cells, sources: large.sources, actor: TemporaryRegistry.clerk,
                                                     batch: record("三.csv", rows: 2), in: group)
            #expect(try registry.database.read { try $0.teacherCount() } == 3)
        }
        #expect(refusal?.message.contains("no name") == true)
        try registry.database.read { (reader: RegistryReader) throws -> Void in
            #expect(try reader.teachers(nameKey: "王芳").isEmpty)
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(*) FROM import_batch") == 2)
            #expect(try String.fetchOne(reader.db, sql: "PRAGMA integrity_check") == "ok")
        }
    }

    @Test func aGroupCommitsEveryRowsPerCommitRows() throws {
        let registry = try TemporaryRegistry()
        let files = [rows([("張偉", 1)]), rows([("王芳", 2)])]
        try registry.database.group(rowsPerCommit: 1) { (group: ChangeGroup) throws -> Void in
            for (index, file) in files.enumerated() {
                _ = try registry.registrar.registerBatch(file.cells, sources: file.sources, actor: TemporaryRegistry.clerk,
                                                         batch: record("第\(index)次.csv", rows: 1), in: group)
                #expect(try registry.database.read { try $0.teacherCount() } == index + 1)
            }
        }
    }

    @Test func aStoredTeacherChangedByOneFileOfTheGroupIsComparedAsChangedByTheNext() throws {
        let registry = try TemporaryRegistry()
        func file(_ number: String?, phone: String?) -> (cells: [TeacherCells], sources: [SourceRow]) {
            let cells = [TeacherCells(recordID: "r", schoolCode: "2136010102", identity: IdentityCells(
                name: number == nil ? "买买提・艾力" : "买买提·艾力", gender: "1", birthDate: "1979-05-01",
                documentType: number == nil ? nil : "1", documentNumber: number), phone: phone)]
            return (cells, [SourceRow(file: "育才小学.csv", row: 2, raw: cells[0].sourceJSON)])
        }
        // Registered with the ID; then recognised without it (name, birth date, sex, school), bringing a phone
        // number; then a namesake with another ID, compared with the teacher and left for review.
        let namesake = ResidentIDNumberFixture.valid(region: 650102, birth: 19_790_501, sequence: 5)
        let files = [file("650102197905010037", phone: nil), file(nil, phone: "13800000000"), file(namesake, phone: nil)]
        try registry.database.group { (group: ChangeGroup) throws -> Void in
            var numbers: [String?] = []
            for (index, file) in files.enumerated() {
                let outcomes = try registry.registrar.registerBatch(file.cells, sources: file.sources, actor: TemporaryRegistry.clerk,
                                                                    batch: record("第\(index)次.csv", rows: 1), in: group)
                numbers.append(outcomes?.first?.number)
            }
            #expect(numbers[0] != nil && numbers[1] == numbers[0] && numbers[2] == nil)
            // The third file compared its row with the teacher as the second file left them.
            let id = try group.read { try $0.teacher(number: numbers[0]!)!.id }
            let now = try registry.current(id, in: group)
            #expect(now.record.phone != nil && now.isCached)
        }
    }

    @Test func candidatesFetchedAheadOfAFileFindTheTeachersTheGroupRegisteredAndChangedSince() throws {
        let registry = try TemporaryRegistry()
        func row(_ name: String, gender: String, birth: String, id: String?, phone: String? = nil, line: Int) -> (TeacherCells, SourceRow) {
            let cells = TeacherCells(recordID: "r\(line)", schoolCode: "2136010102", identity: IdentityCells(
                name: name, gender: gender, birthDate: birth, documentType: id == nil ? nil : "1", documentNumber: id), phone: phone)
            return (cells, SourceRow(file: "育才小学.csv", row: line, raw: cells.sourceJSON))
        }
        func register(_ file: [(TeacherCells, SourceRow)], _ name: String, in group: ChangeGroup,
                      prepared: Registrar.PreparedRows? = nil, prefetch: CandidatePrefetch? = nil) throws -> [String?] {
            try registry.registrar.registerBatch(file.map(\.0), sources: file.map(\.1), actor: TemporaryRegistry.clerk,
                                                 batch: record(name, rows: file.count), in: group, prepared: prepared,
                                                 prefetch: prefetch)!.map(\.number)
        }
        // Stored before the group, with an ID and no phone.
        let stored = [row("买买提·艾力", gender: "1", birth: "1979-05-01", id: "650102197905010037", line: 2)]
        _ = try registry.registrar.registerBatch(stored.map(\.0), sources: stored.map(\.1), actor: TemporaryRegistry.clerk)
        let newcomer = ResidentIDNumberFixture.valid(region: 650102, birth: 19_850_312, sequence: 4)
        // The second file registers a newcomer and brings the stored teacher a phone; the third names both
        // without IDs, and a namesake of the stored teacher with an ID of his own.
        let second = [row("买买提・艾力", gender: "1", birth: "1979-05-01", id: nil, phone: "13800000000", line: 2),
                      row("阿依古丽·吐尔逊", gender: "2", birth: "1985-03-12", id: newcomer, line: 3)]
        let third = [row("阿依古丽・吐尔逊", gender: "2", birth: "1985-03-12", id: nil, line: 2),
                     row("买买提·艾力", gender: "1", birth: "1979-05-01",
                         id: ResidentIDNumberFixture.valid(region: 650102, birth: 19_790_501, sequence: 5), line: 3)]
        try registry.database.group { (group: ChangeGroup) throws -> Void in
            _ = try register([row("王芳", gender: "2", birth: "1990-01-01", id: nil, line: 2)], "一.csv", in: group)
            // The third file's candidates are fetched from the store as it was before the second file.
            let prepared = registry.registrar.prepare(third.map(\.0))
            let prefetch = registry.registrar.prefetchCandidates(prepared, in: group)
            #expect(prefetch != nil)
            let registered = try register(second, "二.csv", in: group)
            let numbers = try register(third, "三.csv", in: group, prepared: prepared, prefetch: prefetch)
            // The newcomer is found among the teachers the group registered since; the namesake goes to review.
            #expect(numbers == [registered[1], nil])
            let id = try group.read { try $0.teacher(number: registered[0]!)!.id }
            // The stored teacher was compared as the second file left him, not as fetched ahead.
            let now = try registry.current(id, in: group)
            #expect(now.record.phone == "13800000000" && now.isCached)
        }
        #expect(try registry.database.read { try $0.teacherCount() } == 3)
    }

    @Test func aCandidateFetchedAheadIsNotReadAgainWhenTheCacheLetsItGoBeforeTheFileRegisters() throws {
        let registry = try TemporaryRegistry()
        let stored = rows([("張偉", 1)])
        _ = try registry.registrar.registerBatch(stored.cells, sources: stored.sources, actor: TemporaryRegistry.clerk)
        let id = try registry.database.read { try Int64.fetchOne($0.db, sql: "SELECT id FROM teacher") }!
        final class Count: @unchecked Sendable { var reads = 0 }
        let count = Count()
        try registry.database.group { (group: ChangeGroup) throws -> Void in
            // An unrelated file first: the group holds its transaction. The stored teacher is in its cache, as an earlier part left him.
            let unrelated = rows([("欧阳修", 40)])
            _ = try registry.registrar.registerBatch(unrelated.cells, sources: unrelated.sources, actor: TemporaryRegistry.clerk,
                                                     batch: record("一.csv", rows: 1), in: group)
            let now = try registry.current(id, in: group).record
            group.storedCandidates[id] = StoredCandidates.Candidate(id, try group.read { try $0.resolve(id).number }, ComparableRecord(now))
            // A namesake's file is fetched ahead while the cache holds him; then the cache lets him go (past its bound).
            let namesake = rows([("张伟", 2)])
            let prepared = registry.registrar.prepare(namesake.cells)
            let prefetch = try #require(registry.registrar.prefetchCandidates(prepared, in: group))
            _ = try prefetch.slice.wait()
            group.storedCandidates.removeAll()
            try group.read { reader in
                reader.db.trace(options: .statement) { event in
                    if "\(event)".contains("FROM teacher t WHERE t.id IN") { count.reads += 1 }
                }
            }
            let outcomes = try registry.registrar.registerBatch(namesake.cells, sources: namesake.sources, actor: TemporaryRegistry.clerk,
                                                                batch: record("二.csv", rows: 1), in: group, prepared: prepared,
                                                                prefetch: prefetch)
            try group.read { $0.db.trace(options: []) }
            // Compared with him (a namesake with an ID of his own: a new number), without reading him again.
            #expect(outcomes?.first?.number != nil)
            #expect(count.reads == 0)
            #expect(try registry.current(id, in: group).isCached)
        }
    }

    @Test func aGroupKeepsStoredCandidatesAcrossCommitsUntilAnotherConnectionWrites() throws {
        let registry = try TemporaryRegistry()
        let stored = rows([("張偉", 1)])
        _ = try registry.registrar.registerBatch(stored.cells, sources: stored.sources, actor: TemporaryRegistry.clerk)
        let id = try registry.database.read { try Int64.fetchOne($0.db, sql: "SELECT id FROM teacher") }!
        // Namesakes at the same school with IDs of their own: the stored teacher is a candidate of each, and not them.
        let files = [rows([("张伟", 2)]), rows([("張偉", 3)]), rows([("张伟", 4)])]
        try registry.database.group(rowsPerCommit: 1) { (group: ChangeGroup) throws -> Void in
            _ = try registry.registrar.registerBatch(files[0].cells, sources: files[0].sources, actor: TemporaryRegistry.clerk,
                                                     batch: record("一.csv", rows: 1), in: group)
            // Committed, and still known as the matcher saw them.
            #expect(try registry.database.read { try $0.teacherCount() } == 2)
            #expect(group.storedCandidates[id] != nil)
            _ = try registry.registrar.registerBatch(files[1].cells, sources: files[1].sources, actor: TemporaryRegistry.clerk,
                                                     batch: record("二.csv", rows: 1), in: group)
            let before = try registry.current(id, in: group)
            #expect(before.record.phone == nil && before.isCached)
            // Another connection changes the teacher between two of the group's transactions: the next file sees the change.
            let other = try DatabaseQueue(path: registry.directory.appendingPathComponent("registry.sqlite").path)
            try other.write { try $0.execute(sql: "UPDATE teacher SET phone = '13912345678' WHERE id = ?", arguments: [id]) }
            try other.close()
            _ = try registry.registrar.registerBatch(files[2].cells, sources: files[2].sources, actor: TemporaryRegistry.clerk,
                                                     batch: record("三.csv", rows: 1), in: group)
            let after = try registry.current(id, in: group)
            #expect(after.record.phone == "13912345678" && after.isCached)
        }
        #expect(try registry.database.read { try $0.teacherCount() } == 4)
    }

    @Test func blockingKeysOfAGroupAreWrittenAtItsCommitAndOnlyForTheFilesKept() throws {
        let registry = try TemporaryRegistry()
        func file(_ name: String, id: String?, row: Int = 2) -> (cells: [TeacherCells], sources: [SourceRow]) {
            let cells = [TeacherCells(recordID: "r\(row)", schoolCode: "2136010102", identity: IdentityCells(
                name: name, gender: "2", birthDate: "1986-07-15", documentType: id == nil ? nil : "1", documentNumber: id))]
            return (cells, [SourceRow(file: "育才小学.csv", row: row, raw: cells[0].sourceJSON)])
        }
        let registered = file("欧阳娜娜", id: ResidentIDNumberFixture.valid(region: 360102, birth: 19_860_715, sequence: 8))
        let refused = (cells: file("王芳", id: nil).cells + file("", id: nil, row: 3).cells,
                       sources: file("王芳", id: nil).sources + file("", id: nil, row: 3).sources)
        let again = file("歐陽娜娜", id: nil)
        let keys = Set(PairMatcher.blockingKeys(MatchRecord.normalizeAll(registered.cells, normalizer: registry.registrar.normalizer)[0]))
        try registry.database.group { (group: ChangeGroup) throws -> Void in
            let first = try registry.registrar.registerBatch(registered.cells, sources: registered.sources, actor: TemporaryRegistry.clerk,
                                                             batch: record("一.csv", rows: 1), in: group)
            #expect(try group.read { try Int.fetchOne($0.db, sql: "SELECT count(*) FROM match_key") } == 0)
            #expect(throws: RegistryError.self) {
                try registry.registrar.registerBatch(refused.cells, sources: refused.sources, actor: TemporaryRegistry.clerk,
                                                     batch: record("二.csv", rows: 2), in: group)
            }
            // A later file of the group finds the teacher through the keys not yet written.
            let third = try registry.registrar.registerBatch(again.cells, sources: again.sources, actor: TemporaryRegistry.clerk,
                                                             batch: record("三.csv", rows: 1), in: group)
            #expect(third?.first?.number != nil && third?.first?.number == first?.first?.number)
        }
        try registry.database.read { (reader: RegistryReader) throws -> Void in
            #expect(Set(try Int64.fetchAll(reader.db, sql: "SELECT key FROM match_key")) == keys)
            #expect(try Int.fetchOne(reader.db, sql: "SELECT count(DISTINCT teacher_id) FROM match_key") == 1)
        }
        #expect(try registry.database.integrityProblems().isEmpty)
    }
}

@Suite struct StoredCandidateTests {
    @Test func aFileFailingWhileItsNextSliceIsFetchedChangesNothingAndLeavesNoReaderBehind() throws {
        let registry = try TemporaryRegistry(candidateSliceRows: 1)
        _ = try registry.register(name: "乌兰·巴特尔", birth: "1982-02-14", gender: "1", school: "2136010120")
        let rows = ["乌兰·巴特尔", "烏蘭·巴特爾", "𠮷永红", "\u{3000}"].enumerated().map { index, name in
            TeacherCells(recordID: "r\(index)", schoolCode: "2136010120",
                         identity: IdentityCells(name: name, gender: "1", birthDate: "1982-02-14"))
        }
        #expect(throws: RegistryError.self) {
            try registry.registrar.registerBatch(rows, sources: rows.indices.map {
                SourceRow(file: "2136010120_本学期.csv", row: $0 + 2, raw: rows[$0].sourceJSON)
            }, actor: TemporaryRegistry.clerk)
        }
        #expect(try registry.database.read { try $0.teacherCount() } == 1)
        // The store can be written again at once: nothing holds it.
        #expect(try registry.register(name: "𠮷永红", birth: "1990-06-01", gender: "2", row: 9).number != nil)
        #expect(try registry.database.integrityProblems().isEmpty)
    }

    @Test func storedTeachersFetchedSliceBySliceOnAnotherConnectionAreFoundAsWhenFetchedAtOnce() throws {
        // Forty teachers registered earlier; a later file names each of them again without an ID, in
        // traditional characters with a birth date written otherwise, between new people.
        let surnames = [("王", "王"), ("张", "張"), ("刘", "劉"), ("陈", "陳"), ("杨", "楊"), ("黄", "黃"), ("赵", "趙"), ("吴", "吳")]
        let given = [("伟", "偉"), ("丽", "麗"), ("军", "軍"), ("红", "紅"), ("华", "華")]
        var stored: [TeacherCells] = [], later: [TeacherCells] = []
        for index in 0..<40 {
            let (surname, given) = (surnames[index % 8], given[index / 8])
            let (year, month, day) = (1970 + index % 20, 1 + index % 12, 1 + index % 27)
            let birth = year * 10_000 + month * 100 + day
            let school = "21360101\(10 + index % 5)"
            stored.append(TeacherCells(recordID: "s\(index)", schoolCode: school, identity: IdentityCells(
                name: surname.0 + given.0, gender: index % 2 == 0 ? "1" : "2", birthDate: String(birth), documentType: "1",
                documentNumber: ResidentIDNumberFixture.valid(region: 360102, birth: birth, sequence: 100 + index * 2 + (index % 2 == 0 ? 1 : 0)))))
            later.append(TeacherCells(recordID: "l\(index)", schoolCode: school, identity: IdentityCells(
                name: surname.1 + given.1, gender: index % 2 == 0 ? "男" : "女", birthDate: "\(year)年\(month)月\(day)日")))
            if index % 4 == 0 {
                later.append(TeacherCells(recordID: "n\(index)", schoolCode: school, identity: IdentityCells(
                    name: "欧阳" + String(Array("明亮晨曦雪霞峰涛勇杰")[index / 4]), gender: "1", birthDate: "1991-0\(1 + index % 9)-1\(index % 10)", documentType: "1",
                    documentNumber: ResidentIDNumberFixture.valid(region: 360103, birth: 19_910_110 + index, sequence: 301 + index))))
            }
        }
        // Outcomes as positions: numbers differ from one registry to another.
        func load(sliceRows: Int) throws -> [String] {
            let registry = try TemporaryRegistry(candidateSliceRows: sliceRows)
            let first = try registry.registrar.registerBatch(stored, sources: stored.indices.map {
                SourceRow(file: "2136010110_上学期.csv", row: $0 + 2, raw: stored[$0].sourceJSON)
            }, actor: TemporaryRegistry.clerk)
            let outcomes = try registry.registrar.registerBatch(later, sources: later.indices.map {
                SourceRow(file: "2136010110_本学期.csv", row: $0 + 2, raw: later[$0].sourceJSON)
            }, actor: TemporaryRegistry.clerk)
            let numbers = first.map(\.number)
            return outcomes.map { outcome in
                switch outcome {
                case .registered: "new"
                case .existing(let number, _): numbers.firstIndex(of: number.text).map { "stored s\($0)" } ?? "new in the file"
                case .needsReview, .heldElsewhere: "review"
                }
            }
        }
        // Three rows a slice: every slice after the first is fetched on a reader while the one before is decided.
        let sliced = try load(sliceRows: 3), whole = try load(sliceRows: 1_000)
        #expect(sliced == whole)
        #expect(sliced == later.map { $0.recordID.hasPrefix("l") ? "stored s\($0.recordID.dropFirst())" : "new" })
    }

    @Test func aSliceFetchedAheadServesRowsAskedPastItsFirstRow() throws {
        // Rows decided without candidates (a known document, the same row as before) are never asked for:
        // the slice fetched ahead still serves the next row asked, instead of being fetched again.
        let registry = try TemporaryRegistry(candidateSliceRows: 2)
        let names = ["李娜", "李娜", "張偉", "张伟", "阿依古丽·吐尔逊", "阿依古丽·吐尔逊", "𠮷祥", "𠮷祥"]
        let rows = names.enumerated().map { index, name in
            TeacherCells(recordID: "r\(index)", schoolCode: "2136010130",
                         identity: IdentityCells(name: name, gender: "2", birthDate: "1985-0\(1 + index / 2)-1\(index / 2)"))
        }
        let stored = stride(from: 0, to: rows.count, by: 2).map { rows[$0] }
        _ = try registry.registrar.registerBatch(stored, sources: stored.indices.map {
            SourceRow(file: "2136010130_上学期.csv", row: $0 + 2, raw: stored[$0].sourceJSON)
        }, actor: TemporaryRegistry.clerk)
        let records = MatchRecord.normalizeAll(rows, normalizer: registry.registrar.normalizer)
        let keys = records.map { PairMatcher.blockingKeys($0) }
        try registry.database.read { (reader: RegistryReader) throws -> Void in
            var index = StoredCandidateIndex(keys: keys, registrar: registry.registrar, known: StoredCandidates(),
                                             concurrentReader: registry.database)
            defer { index.finish() }
            var found: [Set<Int64>] = []
            for row in [0, 3, 5, 7] { found.append(Set(try index.candidates(ofRow: row, reader: reader, cache: StoredCandidates()))) }
            #expect(index.slicesFetchedInline == 0)
            // Each row finds the one stored teacher it names again.
            #expect(found.allSatisfy { $0.count == 1 } && Set(found).count == 4)
        }
    }
}

extension TemporaryRegistry {
    /// A stored teacher as the group's transaction now shows them to the matcher, and whether the group's
    /// cached candidate is that same view (the cache keeps only the compared form).
    func current(_ id: Int64, in group: ChangeGroup) throws -> (record: MatchRecord, isCached: Bool) {
        let record = try group.read { try registrar.storedRecord($0.resolve(id), reader: $0) }
        return (record, group.storedCandidates[id]?.comparable == ComparableRecord(record))
    }
}
