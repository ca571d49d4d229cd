/// Connected components over `match` pairs, with a cannot-link guard: a
/// chain of pairs may not put two records with different valid resident
/// IDs into one cluster unless the pair between them is itself a match.
///
/// Pairs join clusters strongest first (Kruskal's order), so when a chain
/// would break the guard, the link refused is the weakest one.
public struct Clusters: Sendable {
    /// Cluster index of each record.
    public let assignment: [Int32]
    /// Members of every cluster with more than one record.
    public let groups: [[Int32]]
    /// Match links refused by the guard.
    public let refusedLinks: Int

    /// Clusters larger than this are suspicious and listed for review.
    public static let suspiciousSize = 5
    public var suspicious: [[Int32]] { groups.filter { $0.count > Self.suspiciousSize } }

    static func build(recordCount: Int, pairs: [PairScore], residentIDs: [UInt64]) -> Clusters {
        var parent = Array(Int32(0)..<Int32(recordCount))
        // Distinct valid resident IDs per root, kept only for roots that have one.
        var idsOfRoot: [Int32: [UInt64]] = [:]
        for (index, id) in residentIDs.enumerated() where id != 0 { idsOfRoot[Int32(index)] = [id] }

        func find(_ x: Int32) -> Int32 {
            var root = x
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var node = x
            while parent[Int(node)] != root { let next = parent[Int(node)]; parent[Int(node)] = root; node = next }
            return root
        }

        let matches = pairs.filter { $0.decision == .match }.sorted { $0.weight > $1.weight }
        let matchSet = Set(matches.map { UInt64(UInt32($0.a)) << 32 | UInt64(UInt32($0.b)) })
        var members: [Int32: [Int32]] = [:]  // only for roots whose records carry IDs
        for (index, id) in residentIDs.enumerated() where id != 0 { members[Int32(index)] = [Int32(index)] }
        var refused = 0

        for pair in matches {
            let ra = find(pair.a), rb = find(pair.b)
            if ra == rb { continue }
            let idsA = idsOfRoot[ra] ?? [], idsB = idsOfRoot[rb] ?? []
            if !idsA.isEmpty, !idsB.isEmpty, idsA.contains(where: { id in idsB.contains { $0 != id } }) {
                // Allowed only if every record pair with different IDs is itself a match.
                let left = members[ra] ?? [], right = members[rb] ?? []
                var allowed = true
                outer: for x in left {
                    for y in right where residentIDs[Int(x)] != residentIDs[Int(y)] {
                        let key = x < y ? UInt64(UInt32(x)) << 32 | UInt64(UInt32(y)) : UInt64(UInt32(y)) << 32 | UInt64(UInt32(x))
                        if !matchSet.contains(key) { allowed = false; break outer }
                    }
                }
                if !allowed { refused += 1; continue }
            }
            let (root, child) = ra < rb ? (ra, rb) : (rb, ra)
            parent[Int(child)] = root
            if !idsB.isEmpty || !idsA.isEmpty {
                let ids = idsOfRoot[root, default: []] + (idsOfRoot[child] ?? [])
                idsOfRoot[root] = Array(Set(ids)).sorted()
                idsOfRoot[child] = nil
                members[root, default: []] += members[child] ?? []
                members[child] = nil
            }
        }

        var assignment = [Int32](repeating: -1, count: recordCount)
        var groupsByRoot: [Int32: [Int32]] = [:]
        var next: Int32 = 0
        var rootIndex: [Int32: Int32] = [:]
        for record in 0..<recordCount {
            let root = find(Int32(record))
            if let known = rootIndex[root] {
                assignment[record] = known
            } else {
                rootIndex[root] = next
                assignment[record] = next
                next += 1
            }
            groupsByRoot[root, default: []].append(Int32(record))
        }
        let groups = groupsByRoot.values.filter { $0.count > 1 }.sorted { $0[0] < $1[0] }
        return Clusters(assignment: assignment, groups: groups, refusedLinks: refused)
    }
}
