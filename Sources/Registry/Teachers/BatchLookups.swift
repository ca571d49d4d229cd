import GRDB

/// What registering a batch needs to know of the store (rows attached
/// before, rows waiting for review, documents held), fetched with a few set
/// queries instead of three lookups per row, and kept current as the batch
/// adds its own rows. Valid inside the batch's write transaction only.
struct BatchLookups {
    private struct Document: Hashable {
        let kind: String, number: String
    }
    private var attached: [String: [(teacher: Int64, raw: String)]] = [:]
    private var pending: [String: [(raw: String, candidates: [String])]] = [:]
    private var holders: [Document: (teacher: Int64, current: Bool)] = [:]

    /// The store's entries for these row hashes and documents.
    init(hashes: [String], documents: [(kind: String, number: String)], reader: RegistryReader) throws {
        let db = reader.db
        // In order: consecutive statements then probe neighbouring pages of the index.
        let distinctHashes = Set(hashes).sorted()
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM source_record)") == true {
            try InListQuery.forEach(db, values: distinctHashes, sql: { "SELECT row_hash, teacher_id, raw FROM source_record WHERE row_hash IN (\($0))" }) {
                attached[$0.text(0) ?? "", default: []].append(($0.integer(1), $0.text(2) ?? ""))
            }
        }
        // Only the file's own rows: a province's queue holds thousands, and a batch of school files asks once per file.
        try InListQuery.forEach(db, values: distinctHashes, sql: {
            "SELECT row_hash, raw, candidates FROM review_item WHERE resolved_at IS NULL AND row_hash IN (\($0))"
        }) {
            pending[$0.text(0) ?? "", default: []].append(($0.text(1) ?? "", ($0.text(2) ?? "").split(separator: ",").map(String.init)))
        }
        let numbers = Set(documents.map(\.number)).sorted()
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM document)") == true {
            try InListQuery.forEach(db, values: numbers, sql: { "SELECT kind, number, teacher_id, current FROM document WHERE number IN (\($0))" }) {
                noteDocument(kind: $0.text(0) ?? "", number: $0.text(1) ?? "", teacher: $0.integer(2), current: $0.integer(3) != 0)
            }
        }
    }

    /// The teacher a row identical to this one was attached to.
    func teacherOfIdenticalRow(hash: String, raw: String) -> Int64? {
        attached[hash]?.first { $0.raw == raw }?.teacher
    }

    mutating func noteAttached(hash: String, raw: String, teacher: Int64) {
        attached[hash, default: []].append((teacher, raw))
    }

    /// The candidates of an identical row still waiting for review.
    func pendingReview(hash: String, raw: String) -> [String]? {
        pending[hash]?.first { $0.raw == raw }?.candidates
    }

    mutating func notePending(hash: String, raw: String, candidates: [String]) {
        pending[hash, default: []].append((raw, candidates))
    }

    /// Who holds the document, current or retired (a current holder first).
    func holder(kind: String, number: String) -> Int64? {
        holders[Document(kind: kind, number: number)]?.teacher
    }

    mutating func noteDocument(kind: String, number: String, teacher: Int64, current: Bool = true) {
        let key = Document(kind: kind, number: number)
        if let known = holders[key], known.current || !current { return }
        holders[key] = (teacher, current)
    }
}
