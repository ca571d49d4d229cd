import Normalization
import Registry

/// Names found for a set of school and region codes, and the text officers read for each code:
/// `南昌市育才小学（2136010102）`, `东湖区（360102）`, the code alone when no name is known.
public struct PlaceLabels: Sendable {
    public let schoolNames: [String: String]
    public let regionNames: [String: String]

    public func school(_ code: String?) -> String {
        guard let code, !code.isEmpty else { return "" }
        return schoolNames[code].map { "\($0)（\(code)）" } ?? code
    }

    public func region(_ code: String?) -> String {
        guard let code, !code.isEmpty else { return "" }
        return regionNames[code].map { "\($0)（\(code)）" } ?? code
    }
}

extension RegistryService {
    /// The names of these schools and regions (school names are not personal data: any signed-in user may read them).
    public func placeLabels(schools: some Sequence<String>, regions regionCodes: some Sequence<String> = [String]()) -> PlaceLabels {
        let schoolNames = (try? database.read { try $0.schoolNames(schools) }) ?? [:]
        var regionNames: [String: String] = [:]
        let names = RegionNames(regions)
        for code in regionCodes { if let name = names.name(code) { regionNames[code] = name } }
        return PlaceLabels(schoolNames: schoolNames, regionNames: regionNames)
    }
}

extension PlaceLabels {
    /// `东湖区（360102）` for a region code, from the table the project ships (read once per process); the code alone when unknown.
    public static func region(_ code: String) -> String {
        RegionNames.shipped?.name(code).map { "\($0)（\(code)）" } ?? code
    }
}

/// A region's name from the GB/T 2260 table: 东湖区 for 360102, 南昌市 for 3601 or 360100, 江西省 for 36.
struct RegionNames {
    static var shipped: RegionNames? { (try? RegionTable.shipped()).map(RegionNames.init) }

    let regions: RegionTable
    init(_ regions: RegionTable) { self.regions = regions }

    func name(_ code: String) -> String? {
        guard code.utf8.allSatisfy({ (48...57).contains($0) }) else { return nil }
        let six: String
        switch code.utf8.count {
        case 2: six = code + "0000"
        case 4: six = code + "00"
        case 6: six = code
        default: return nil
        }
        return Int(six).flatMap { regions.entry($0)?.name }
    }
}
