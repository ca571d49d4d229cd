import Matching

/// The teachers a file has registered so far, found by their blocking keys
/// as its later rows are decided: a file's own teachers are not in the
/// store's key index before it commits (their keys are written then). A
/// file registered in parts keeps them from part to part, so that each part
/// finds those of the parts before it as the rows of a whole file find each
/// other, without asking the store.
///
/// The part being registered maps keys to teachers through one dictionary
/// and one flat array of links (an array per key cost more memory than the
/// rest of the file). Once a part is done (`seal`), its links are let go:
/// its teachers' keys are then the group's pending keys, packed eight bytes
/// a pair, which hold exactly the keys of the file's parts before (the group
/// commits before a file in parts begins). Teachers are kept in id order.
final class FileTeachers {
    struct Teacher {
        let id: Int64
        let number: String
        /// The row as the matcher compared it when the teacher was registered.
        let comparable: ComparableRecord
    }

    private(set) var teachers: [Teacher] = []
    /// `teachers[..<sealed]` are found through the keys given to `holding` as `sealedHolders`.
    private var sealed = 0
    private var heads: [Int64: Int32] = [:]
    private var links: [(teacher: Int32, next: Int32)] = []

    func add(_ teacher: Teacher, keys: [Int64]) {
        precondition(teachers.last.map { $0.id < teacher.id } ?? true, "teachers are registered in id order")
        let index = Int32(teachers.count)
        teachers.append(teacher)
        for key in keys {
            links.append((index, heads[key] ?? -1))
            heads[key] = Int32(links.count - 1)
        }
    }

    /// The part registered so far is done: its teachers are found through the keys the group holds for them from now on.
    func seal() {
        sealed = teachers.count
        heads = [:]
        links = []
    }

    /// The teachers holding `key` (indexes into `teachers`), in the order
    /// registered; none when more than `cap` hold it (a key that common is no
    /// evidence). `sealedHolders` gives the ids of those of parts sealed
    /// before, in id order.
    func holding(_ key: Int64, cap: Int, sealedHolders: (Int64) -> [Int64]) -> [Int] {
        var found: [Int] = []
        if sealed > 0 {
            for id in sealedHolders(key) {
                guard found.count < cap else { return [] }
                found.append(index(of: id))
            }
        }
        guard var link = heads[key] else { return found }
        let before = found.count
        while link >= 0 {
            guard found.count < cap else { return [] }
            found.append(Int(links[Int(link)].teacher))
            link = links[Int(link)].next
        }
        found[before...].reverse()
        return found
    }

    /// The index of a sealed teacher by id: a file's new teachers are given
    /// consecutive ids, so most are found at once; the others by halving.
    private func index(of id: Int64) -> Int {
        if let first = teachers.first?.id, id >= first, id - first < sealed, teachers[Int(id - first)].id == id { return Int(id - first) }
        var low = 0, high = sealed
        while low < high {
            let middle = (low + high) / 2
            if teachers[middle].id < id { low = middle + 1 } else { high = middle }
        }
        precondition(low < sealed && teachers[low].id == id, "a pending key names a teacher of the file")
        return low
    }
}
