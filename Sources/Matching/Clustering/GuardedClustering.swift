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
        var size = [Int32](repeating: 1, count: recordCount)
        // The valid resident ID a root's records carry: 0 none, `mixed` more than one.
        let mixed = UInt64.max
        var rootID = residentIDs
        // Members of each root as a circular linked list, so a root's records
        // can be listed in O(size) when the guard must look at them.
        var nextMember = Array(Int32(0)..<Int32(recordCount))

        func find(_ x: Int32) -> Int32 {
            var root = x
            while parent[Int(root)] != root { root = parent[Int(root)] }
            var node = x
            while parent[Int(node)] != root { let next = parent[Int(node)]; parent[Int(node)] = root; node = next }
            return root
        }
        func members(_ root: Int32) -> [Int32] {
            var list = [root]
            var node = nextMember[Int(root)]
            while node != root { list.append(node); node = nextMember[Int(node)] }
            return list
        }
        func key(_ x: Int32, _ y: Int32) -> UInt64 {
            x < y ? UInt64(UInt32(x)) << 32 | UInt64(UInt32(y)) : UInt64(UInt32(y)) << 32 | UInt64(UInt32(x))
        }

        // `pairs` come strongest first; only matches join clusters.
        let matches = pairs.filter { $0.decision == .match }
        var matchSet: Set<UInt64>? = nil
        var refused = 0

        for pair in matches {
            let ra = find(pair.a), rb = find(pair.b)
            if ra == rb { continue }
            let idA = rootID[Int(ra)], idB = rootID[Int(rb)]
            if idA != 0, idB != 0, idA != idB || idA == mixed {
                // Allowed only if every record pair with different IDs is itself a match.
                if matchSet == nil { matchSet = Set(matches.map { key($0.a, $0.b) }) }
                var allowed = true
                let right = members(rb).filter { residentIDs[Int($0)] != 0 }
                outer: for x in members(ra) where residentIDs[Int(x)] != 0 {
                    for y in right where residentIDs[Int(x)] != residentIDs[Int(y)] {
                        if !matchSet!.contains(key(x, y)) { allowed = false; break outer }
                    }
                }
                if !allowed { refused += 1; continue }
            }
            let (root, child) = size[Int(ra)] >= size[Int(rb)] ? (ra, rb) : (rb, ra)
            parent[Int(child)] = root
            size[Int(root)] += size[Int(child)]
            rootID[Int(root)] = idA == 0 ? idB : idB == 0 ? idA : idA == idB ? idA : mixed
            nextMember.swapAt(Int(root), Int(child))  // splice the two circular lists
        }

        var assignment = [Int32](repeating: -1, count: recordCount)
        var clusterOfRoot = [Int32](repeating: -1, count: recordCount)
        var next: Int32 = 0
        var groups: [[Int32]] = []
        for record in 0..<recordCount {
            let root = find(Int32(record))
            if clusterOfRoot[Int(root)] < 0 {
                clusterOfRoot[Int(root)] = next
                next += 1
                if size[Int(root)] > 1 { groups.append(members(root).sorted()) }
            }
            assignment[record] = clusterOfRoot[Int(root)]
        }
        return Clusters(assignment: assignment, groups: groups, refusedLinks: refused)
    }
}
