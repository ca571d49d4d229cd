import ReferenceData

/// Province-level codes: the first two digits of every GB/T 2260 region
/// code (`Data/codes/provinces.csv`). The set has not changed since 1997.
public struct ProvinceCodes: Sendable {
    private let known: [Bool]
    public let names: [Int: String]

    public init(names: [Int: String]) {
        var known = [Bool](repeating: false, count: 100)
        for code in names.keys where (0..<100).contains(code) { known[code] = true }
        self.known = known
        self.names = names
    }

    public func contains(_ code: Int) -> Bool { code >= 0 && code < 100 && known[code] }

    /// The shipped table. A missing resource is a broken installation.
    public static let standard: ProvinceCodes = {
        do {
            let rows = try ReferenceData.table("provinces")
            return ProvinceCodes(names: Dictionary(uniqueKeysWithValues: rows.map { (Int($0["code"]!)!, $0["name"]!) }))
        } catch {
            fatalError("TeacherRegistry installation is incomplete: \(error)")
        }
    }()
}
