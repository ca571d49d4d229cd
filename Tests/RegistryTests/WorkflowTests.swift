import Foundation
import GRDB
import Normalization
import Testing
@testable import Registry

@Suite struct WorkflowTests {
    static let officer = Actor(user: "city-officer", role: "city")

    /// A teacher written directly (no matching), with a document and a regular assignment.
    func teacher(_ registry: TemporaryRegistry, _ name: String, birth: Int, sequence: Int, school: String) throws -> Teacher {
        let number = ResidentIDNumberFixture.valid(region: 360102, birth: birth, sequence: sequence)
        return try registry.database.change(TemporaryRegistry.clerk) { change in
            let teacher = try change.createTeacher(["name": name, "name_key": name, "birth_date": String(birth)])
            try change.addDocument(teacher.id, kind: "resident", number: number)
            try change.openAssignment(teacher.id, school: school, kind: .regular, start: "2015-09-01")
            try change.attachSource(teacher.id, SourceRow(file: "seed.csv", row: sequence, raw: "{}"))
            return teacher
        }
    }

    struct Snapshot: Equatable {
        var teacher: Teacher
        var documents: [TeacherDocument]
        var assignments: [Assignment]
        var sources: Int
    }

    func snapshot(_ registry: TemporaryRegistry, _ id: Int64) throws -> Snapshot {
        try registry.database.read { (reader: RegistryReader) throws in
            var teacher = try reader.teacher(id: id)
            teacher.version = 0
            return Snapshot(teacher: teacher, documents: try reader.documents(of: id), assignments: try reader.assignments(of: id),
                            sources: try reader.sources(of: id).count)
        }
    }

    @Test func unmergeRestoresBothTeachersExactly() throws {
        let registry = try TemporaryRegistry()
        let a = try teacher(registry, "王芳", birth: 19_870_311, sequence: 22, school: "3136010001")
        let b = try teacher(registry, "王芳", birth: 19_870_311, sequence: 44, school: "2136010102")
        let beforeA = try snapshot(registry, a.id), beforeB = try snapshot(registry, b.id)
        try registry.database.change(Self.officer, reason: "same person entered by two schools") { try $0.merge(b.id, into: a.id) }
        try registry.database.read { (reader: RegistryReader) throws in
            // B's number now resolves to A, and B's documents find A.
            #expect(try reader.teacher(number: b.number)?.id == a.id)
            #expect(try reader.teacher(documentKind: "resident", number: beforeB.documents[0].number)?.id == a.id)
            #expect(try reader.assignments(of: a.id).filter { $0.endDate == nil && $0.kind == .regular }.count == 1)
        }
        try registry.database.change(Self.officer, reason: "they are twins after all") { try $0.unmerge(b.id) }
        #expect(try snapshot(registry, a.id) == beforeA)
        #expect(try snapshot(registry, b.id) == beforeB)
        let kinds = try registry.database.read { try $0.history(of: b.id).map(\.kind) }
        #expect(kinds.contains("merged-into") && kinds.contains("unmerged"))
    }

    @Test func aMergeGivesTheSurvivorTheRecordAndSubsetRowsItLackedAndAnUnmergeTakesThemBack() throws {
        let registry = try TemporaryRegistry()
        let a = try teacher(registry, "陳建國", birth: 19_791_123, sequence: 11, school: "2136010102")
        let b = try teacher(registry, "陈建国", birth: 19_791_123, sequence: 33, school: "2136010103")
        let education = try #require(TeacherSubset.subset(key: "education")), assessment = try #require(TeacherSubset.subset(key: "assessment"))
        try registry.database.change(TemporaryRegistry.clerk) { change in
            try change.db.execute(sql: "INSERT INTO teacher_record (teacher_id, fields) VALUES (?, ?), (?, ?)", arguments: [
                a.id, #"{"health":"1","marital_status":"20"}"#, b.id, #"{"health":"2","remark":"曾在九江任教"}"#])
            try change.replaceSubset(education, of: a.id, with: [["start": "1997-09", "education": "21", "institution": "南昌大学"]])
            try change.replaceSubset(education, of: b.id, with: [["start": "1997-09", "education": "21", "institution": "南昌大學"],
                                                                 ["start": "2004-09", "education": "14", "institution": "江西师范大学"]])
            try change.replaceSubset(assessment, of: b.id, with: [["year": "2022", "result": "1"]])
        }
        func state(_ id: Int64) throws -> ([String: String], [String]) {
            try registry.database.read { reader in
                (try reader.record(of: id), try reader.subsets(of: id).map { "\($0.subset) \($0.rowKey) \($0.values["institution"] ?? $0.values["result"] ?? "")" })
            }
        }
        let beforeA = try state(a.id), beforeB = try state(b.id)
        try registry.database.change(Self.officer, reason: "同一人，两校重复填报") { try $0.merge(b.id, into: a.id) }
        let merged = try state(a.id)
        // The survivor keeps its own values (健康状况 1, its 南昌大学 row) and takes only what it lacked.
        #expect(merged.0 == ["health": "1", "marital_status": "20", "remark": "曾在九江任教"])
        #expect(merged.1 == ["education 1997-09|21 南昌大学", "education 2004-09|14 江西师范大学", "assessment 2022 1"])
        try registry.database.change(Self.officer, reason: "核实为两人") { try $0.unmerge(b.id) }
        #expect(try state(a.id) == beforeA)
        #expect(try state(b.id) == beforeB)
        let kinds = try registry.database.read { try $0.history(of: a.id).map(\.kind) }
        #expect(kinds.contains("merge-fill") && kinds.contains("unmerge-restore"))
    }

    @Test func aDifferentPersonsDecisionBlocksAMerge() throws {
        let registry = try TemporaryRegistry()
        let a = try teacher(registry, "李娜", birth: 19_900_101, sequence: 2, school: "3136010001")
        let b = try teacher(registry, "李娜", birth: 19_900_101, sequence: 4, school: "3136010001")
        try registry.database.change(Self.officer) { try $0.recordDifferentPersons(a.id, b.id, reason: "twins, checked 户口簿") }
        #expect(throws: RegistryError.self) {
            try registry.database.change(Self.officer, reason: "looks the same") { try $0.merge(b.id, into: a.id) }
        }
    }

    @Test func rekeyedTeacherIsFoundByOldAndNewNumber() throws {
        let registry = try TemporaryRegistry()
        let a = try teacher(registry, "陈静", birth: 19_880_808, sequence: 2, school: "3136010001")
        let old = try registry.database.read { try $0.documents(of: a.id)[0].number }
        let new = ResidentIDNumberFixture.valid(region: 360102, birth: 19_880_809, sequence: 2)
        try registry.database.change(Self.officer, reason: "出生日期更正") { try $0.rekey(a.id, kind: "resident", newNumber: new) }
        try registry.database.read { (reader: RegistryReader) throws in
            #expect(try reader.teacher(documentKind: "resident", number: old)?.id == a.id)
            #expect(try reader.teacher(documentKind: "resident", number: new)?.id == a.id)
            #expect(try reader.documents(of: a.id).filter(\.current).map(\.number) == [new])
        }
    }

    @Test func transferIsApprovedInFourStepsByDifferentOfficers() throws {
        let registry = try TemporaryRegistry()
        let a = try teacher(registry, "刘洋", birth: 19_850_505, sequence: 12, school: "3136010001")
        let receivingClerk = Actor(user: "school-2-clerk", role: "school")
        let id = try registry.database.change(receivingClerk) { try $0.requestTransfer(a.id, to: "2136010102", effective: CivilDate("2026-09-01")!) }
        // The requester cannot approve; a county user cannot act for a school; steps go in order.
        #expect(throws: RegistryError.self) { try registry.database.change(receivingClerk) { try $0.approveTransfer(id) } }
        #expect(throws: RegistryError.self) {
            try registry.database.change(Actor(user: "county-a", role: "county")) { try $0.approveTransfer(id) }
        }
        let officers = [Actor(user: "school-2-head", role: "school"), Actor(user: "county-2", role: "county"),
                        Actor(user: "school-1-head", role: "school"), Actor(user: "county-1", role: "county")]
        for (index, officer) in officers.enumerated() {
            let transfer = try registry.database.change(officer) { try $0.approveTransfer(id, expectedStep: index + 1) }
            #expect(transfer.stepsDone == index + 1)
        }
        // A stale approval (someone acted first) is refused.
        #expect(throws: RegistryError.self) {
            try registry.database.change(Actor(user: "late", role: "county")) { try $0.approveTransfer(id, expectedStep: 4) }
        }
        let assignments = try registry.database.read { try $0.assignments(of: a.id) }
        #expect(assignments.map(\.schoolCode) == ["3136010001", "2136010102"])
        #expect(assignments[0].endDate == "2026-09-01")
        #expect(assignments[1].startDate == "2026-09-01" && assignments[1].endDate == nil)
    }

    @Test func rejectedTransferChangesNoAssignment() throws {
        let registry = try TemporaryRegistry()
        let a = try teacher(registry, "赵敏", birth: 19_910_101, sequence: 22, school: "3136010001")
        let id = try registry.database.change(Actor(user: "s2", role: "school")) { try $0.requestTransfer(a.id, to: "2136010102", effective: CivilDate("2026-09-01")!) }
        try registry.database.change(Actor(user: "s2-head", role: "school"), reason: "编制已满") { try $0.rejectTransfer(id) }
        #expect(try registry.database.read { try $0.transfer(id).state } == .rejected)
        #expect(try registry.database.read { try $0.assignments(of: a.id).count } == 1)
    }

    @Test func rotationAndRetirementKeepEverything() throws {
        let registry = try TemporaryRegistry()
        let a = try teacher(registry, "孙丽", birth: 19_700_101, sequence: 22, school: "3136010001")
        _ = try registry.database.change(Self.officer) {
            try $0.startRotation(a.id, host: "2136010999", start: CivilDate("2026-09-01")!, plannedEnd: CivilDate("2028-07-31")!, establishmentMoved: false)
        }
        try registry.database.change(Self.officer) { try $0.endRotation(a.id, on: CivilDate("2028-07-31")!) }
        try registry.database.change(Self.officer, reason: "到龄退休") { try $0.setStatus(a.id, to: "01", on: CivilDate("2030-01-31")!) }
        try registry.database.read { (reader: RegistryReader) throws in
            let assignments = try reader.assignments(of: a.id)
            #expect(assignments.count == 2)
            #expect(assignments.allSatisfy { $0.endDate != nil })
            #expect(try reader.teacher(id: a.id).status == "01")
        }
    }

    @Test func schemaEnforcesInvariantsEvenAroundTheSwiftCode() throws {
        let registry = try TemporaryRegistry()
        let a = try teacher(registry, "周杰", birth: 19_800_101, sequence: 12, school: "3136010001")
        // A second open regular assignment is refused by the unique index.
        #expect(throws: (any Error).self) {
            try registry.database.change(Self.officer) { try $0.openAssignment(a.id, school: "2136010102", kind: .regular, start: "2026-01-01") }
        }
        #expect(throws: (any Error).self) {
            try registry.database.change(Self.officer) { change in try change.db.execute(sql: "DELETE FROM event") }
        }
        #expect(throws: (any Error).self) {
            try registry.database.change(Self.officer) { change in try change.db.execute(sql: "UPDATE event SET actor = 'x'") }
        }
        #expect(throws: (any Error).self) {
            try registry.database.change(Self.officer) { change in try change.db.execute(sql: "DELETE FROM teacher") }
        }
        #expect(try registry.database.integrityProblems().isEmpty)
    }

    @Test func teacherAsOfADateUndoesLaterChanges() throws {
        let registry = try TemporaryRegistry()
        let number = try registry.database.change(Self.officer, at: "2025-03-01T02:00:00.000Z") { change in
            try change.createTeacher(["name": "吴明", "name_key": "吴明", "gender": "1"]).id
        }
        try registry.database.change(Self.officer, reason: "户籍更名", at: "2026-05-01T02:00:00.000Z") { change in
            _ = try change.updateTeacher(number, ["name": "吴铭", "name_key": "吴铭", "former_name": "吴明"])
        }
        try registry.database.read { (reader: RegistryReader) throws in
            #expect(try reader.teacher(id: number, asOf: CivilDate("2024-12-31")!) == nil)
            #expect(try reader.teacher(id: number, asOf: CivilDate("2025-12-31")!)?.name == "吴明")
            #expect(try reader.teacher(id: number, asOf: CivilDate("2026-05-01")!)?.name == "吴铭")
            #expect(try reader.changes(from: CivilDate("2026-01-01")!, to: CivilDate("2026-12-31")!).map(\.kind) == ["updated"])
        }
    }
}

@Suite struct JurisdictionTests {
    @Test func changesAreFilteredByTheSchoolsRegion() throws {
        let registry = try TemporaryRegistry()
        func register(_ name: String, _ sequence: Int, county: String, school: String) throws {
            let cells = TeacherCells(recordID: name, schoolCode: school, countyCode: county,
                                     identity: IdentityCells(name: name, documentType: "1",
                                                             documentNumber: ResidentIDNumberFixture.valid(region: 360102, birth: 19_800_101, sequence: sequence)))
            _ = try registry.registrar.register(cells, source: SourceRow(file: "f.csv", row: sequence, raw: name), actor: TemporaryRegistry.clerk)
        }
        try register("甲", 12, county: "360102", school: "3136010001")
        try register("乙", 14, county: "360203", school: "3136020001")
        try registry.database.read { (reader: RegistryReader) throws in
            let today = CivilDate.todayInChina()
            let county = try reader.changes(from: CivilDate("2000-01-01")!, to: today, inRegion: "360102")
            let city = try reader.changes(from: CivilDate("2000-01-01")!, to: today, inRegion: "360200")
            let province = try reader.changes(from: CivilDate("2000-01-01")!, to: today, inRegion: "360000")
            #expect(Set(county.compactMap(\.teacherID)).count == 1)
            #expect(Set(city.compactMap(\.teacherID)).count == 1)
            #expect(Set(province.compactMap(\.teacherID)).count == 2)
            #expect(Set(county.compactMap(\.teacherID)) != Set(city.compactMap(\.teacherID)))
        }
    }
}

import Normalization
