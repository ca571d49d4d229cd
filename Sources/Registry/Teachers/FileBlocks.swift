/// The blocking keys of the rows a file has registered so far: a multimap
/// from key to rows kept in one dictionary and one flat array of links,
/// rather than an array per key — a province file has some twenty million
/// keys, and an array each cost more memory than the rest of the file.
struct FileBlocks {
    private var heads: [Int64: Int32] = [:]
    private var links: [(row: Int32, next: Int32)] = []

    mutating func add(row: Int, keys: [Int64]) {
        for key in keys {
            links.append((Int32(row), heads[key] ?? -1))
            heads[key] = Int32(links.count - 1)
        }
    }

    /// The rows holding `key`, in the order they were added; none when more
    /// than `cap` rows hold it (a key that common is no evidence).
    func rows(holding key: Int64, cap: Int) -> [Int] {
        guard var link = heads[key] else { return [] }
        var rows: [Int] = []
        while link >= 0 {
            guard rows.count < cap else { return [] }
            rows.append(Int(links[Int(link)].row))
            link = links[Int(link)].next
        }
        return rows.reversed()
    }
}
