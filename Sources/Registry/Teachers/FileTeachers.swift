import Matching

/// The teachers a file has registered so far, found by their blocking keys
/// as its later rows are decided: a file's own teachers are not in the
/// store's key index before it commits (their keys are written then). A
/// file registered in parts keeps them from part to part, so that each part
/// finds those of the parts before it as the rows of a whole file find each
/// other, without asking the store.
///
/// Keys map to teachers through one dictionary and one flat array of links
/// rather than an array per key: a province file has some twenty million
/// keys, and an array each cost more memory than the rest of the file.
final class FileTeachers {
    struct Teacher {
        let id: Int64
        let number: String
        /// The row as the matcher saw it when the teacher was registered.
        let record: MatchRecord
    }

    private(set) var teachers: [Teacher] = []
    private var heads: [Int64: Int32] = [:]
    private var links: [(teacher: Int32, next: Int32)] = []

    func add(_ teacher: Teacher, keys: [Int64]) {
        let index = Int32(teachers.count)
        teachers.append(teacher)
        for key in keys {
            links.append((index, heads[key] ?? -1))
            heads[key] = Int32(links.count - 1)
        }
    }

    /// The teachers holding `key` (indexes into `teachers`), in the order
    /// registered; none when more than `cap` hold it (a key that common is no evidence).
    func holding(_ key: Int64, cap: Int) -> [Int] {
        guard var link = heads[key] else { return [] }
        var found: [Int] = []
        while link >= 0 {
            guard found.count < cap else { return [] }
            found.append(Int(links[Int(link)].teacher))
            link = links[Int(link)].next
        }
        return found.reversed()
    }
}
