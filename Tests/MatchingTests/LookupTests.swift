import Normalization
import Testing
@testable import Matching

@Suite struct LookupTests {
    @Test func incomingRecordFindsItsTeacherWithExplanation() throws {
        let registry = [
            Fixtures.record("1", name: "張偉", gender: "1", birth: "1985-03-07", number: "360102198503070016", school: "3136010001"),
            Fixtures.record("2", name: "张伟", gender: "1", birth: "1985-03-07", number: ResidentIDNumber(body: 36010319850307003).fullNumber),
            Fixtures.record("3", name: "买买提·艾力", gender: "1", birth: "1979-05-01", number: "650102197905010037"),
        ]
        let index = MatchIndex(records: registry, model: .standard)
        // Same person, entered at another school with a 15-digit ID and simplified characters.
        let best = try #require(index.lookup(Fixtures.record("x", name: "张伟", birth: "1985年3月7日", number: "360102850307001")).first)
        #expect(best.record.recordID == "1")
        #expect(best.score.decision == .match)
        #expect(best.evidence.contains { $0.comparison == .document && $0.level.id == "same" })
        // A dot variant and a check-digit typo still find the Uyghur teacher.
        let found = index.lookup(Fixtures.record("y", name: "买买提・艾力", birth: "1979-05-01", number: "650102197905010038"))
        #expect(found.first?.record.recordID == "3")
        #expect(index.lookup(Fixtures.record("z", name: "刘德华", birth: "1961-09-27")).isEmpty)
    }

    @Test func concurrentLookupsAgree() async {
        let synthetic = SyntheticTeachers(count: 3_000, seed: 9)
        let records = MatchRecord.normalizeAll(synthetic.rows.map(\.cells), normalizer: Fixtures.normalizer)
        let index = MatchIndex(records: records, model: .standard)
        let queries = Array(records.prefix(200))
        let expected = queries.map { index.lookup($0).map(\.index) }
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask { queries.map { index.lookup($0).map(\.index) } == expected }
            }
            for await same in group { #expect(same) }
        }
        // Every record finds itself first.
        for (position, candidates) in expected.enumerated() { #expect(candidates.contains(position)) }
    }
}
