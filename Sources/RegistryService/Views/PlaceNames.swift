import Normalization
import Registry

/// The names of schools (from the school directory) and of counties, cities
/// and provinces (from the GB/T 2260 table the project ships), for showing
/// beside their codes. Made for one read; each school is looked up once.
final class PlaceNames {
    private let reader: RegistryReader
    private let regions: RegionTable
    private var schools: [String: String?] = [:]
    private var counties: [String: String?] = [:]

    init(reader: RegistryReader, regions: RegionTable) {
        self.reader = reader
        self.regions = regions
    }

    /// A school's name, when the directory (or a file name) has given one.
    func school(_ code: String) -> String? {
        if let known = schools[code] { return known }
        let name = try? reader.school(code)?.name
        schools[code] = .some(name ?? nil)
        return name ?? nil
    }

    /// The county code of a school, when it is placed.
    func county(ofSchool code: String) -> String? {
        if let known = counties[code] { return known }
        let county = try? reader.school(code)?.countyCode
        counties[code] = .some(county ?? nil)
        return county ?? nil
    }

    /// A region's name: 东湖区 for 360102, 南昌市 for 3601 or 360100, 江西省 for 36.
    func region(_ code: String) -> String? { RegionNames(regions).name(code) }
}

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
    static let shipped: RegionNames? = (try? RegionTable.shipped()).map(RegionNames.init)

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
