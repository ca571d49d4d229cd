import Foundation
import Intake
import Normalization
import Registry

/// What a school directory import did.
public struct SchoolImportSummary: Sendable {
    public let file: String
    /// Data rows in the file.
    public let rows: Int
    public var added = 0
    public var changed = 0
    public var unchanged = 0
    /// Rows not taken: their problems are in `problems`.
    public var refused = 0
    public var problems: [ValidationProblem]
    /// Whether anything was written (false: the file had errors and `partial` was not asked, or nothing to write).
    public var written = false
}

/// A school with its labels and places, as officers read it.
public struct SchoolView: Sendable, Equatable, Encodable {
    public var school: SchoolDescription
    public var countyName: String?
    public var cityCode: String?
    public var cityName: String?
    public var schoolTypeLabel: String?
    public var urbanRuralLabel: String?
    /// 城区, 镇区 or 乡村.
    public var urbanRuralClassLabel: String?
    public var sponsorshipLabel: String?
    /// Teachers with an open regular assignment here.
    public var teachers: Int

    enum CodingKeys: String, CodingKey {
        case code, name, county, countyName, city, cityName, schoolType, schoolTypeLabel, templateKind, urbanRural, urbanRuralLabel,
             urbanRuralClass, sponsorship, sponsorshipLabel, sponsor, students, teachers
    }

    /// One flat object: the directory's values (codes) with their labels and names beside them.
    public func encode(to encoder: any Encoder) throws {
        var out = encoder.container(keyedBy: CodingKeys.self)
        try out.encode(school.code, forKey: .code)
        try out.encodeIfPresent(school.name, forKey: .name)
        try out.encodeIfPresent(school.county, forKey: .county)
        try out.encodeIfPresent(countyName, forKey: .countyName)
        try out.encodeIfPresent(cityCode, forKey: .city)
        try out.encodeIfPresent(cityName, forKey: .cityName)
        try out.encodeIfPresent(school.schoolType, forKey: .schoolType)
        try out.encodeIfPresent(schoolTypeLabel, forKey: .schoolTypeLabel)
        try out.encodeIfPresent(school.templateKind, forKey: .templateKind)
        try out.encodeIfPresent(school.urbanRural, forKey: .urbanRural)
        try out.encodeIfPresent(urbanRuralLabel, forKey: .urbanRuralLabel)
        try out.encodeIfPresent(urbanRuralClassLabel, forKey: .urbanRuralClass)
        try out.encodeIfPresent(school.sponsorship, forKey: .sponsorship)
        try out.encodeIfPresent(sponsorshipLabel, forKey: .sponsorshipLabel)
        try out.encodeIfPresent(school.sponsor, forKey: .sponsor)
        try out.encodeIfPresent(school.students, forKey: .students)
        try out.encode(teachers, forKey: .teachers)
    }
}

/// One change of a school's directory entry.
public struct SchoolHistoryEntry: Sendable, Equatable, Encodable {
    /// One field's change as officers read it: the field's Chinese label, values as labels and names.
    public struct Shown: Sendable, Equatable, Encodable {
        public var label: String
        public var before: String?
        public var after: String?
    }

    public var at: String
    public var actor: String
    public var kind: String
    /// As stored: field keys and codes.
    public var changes: [FieldChange]
    public var shown: [Shown]
}

extension RegistryService {
    /// The directory reader of this registry's province.
    var schoolDirectory: SchoolDirectory { SchoolDirectory(province: province, regions: regions) }

    /// Imports a school directory (学校名录) file: every row typed and checked, each school in the caller's
    /// jurisdiction (its county, and its former county when the row moves it). With errors nothing is written
    /// unless `partial`, which writes the good rows. All rows are written in one transaction.
    public func importSchoolDirectory(_ principal: Principal, file url: URL, partial: Bool = false) throws(ServiceError) -> SchoolImportSummary {
        guard principal.role != .ministry, principal.role != .school else {
            throw ServiceError(.forbidden, .directoryKeepers)
        }
        let reading: SchoolDirectory.Reading
        do { reading = try schoolDirectory.read(url) } catch let error as IntakeError {
            throw ServiceError(.invalid, .verbatim(error.description))
        } catch { throw ServiceError(.invalid, .verbatim(Redaction.paths(in: "\(error)"))) }
        var summary = SchoolImportSummary(file: reading.file, rows: reading.rows, problems: reading.problems)
        var entries = reading.entries
        try serviceCall {
            try database.read { reader in
                entries = try entries.filter { entry in
                    let known = try reader.school(entry.school.code)
                    let county = entry.school.county ?? known?.countyCode ?? ""
                    let keepsOldPlace = known?.countyCode.map { principal.covers(school: entry.school.code, county: $0) } ?? true
                    if principal.covers(region: county), keepsOldPlace { return true }
                    summary.problems.append(ValidationProblem(
                        file: reading.file, sheet: nil, row: entry.row, column: "所在县区代码", rule: .directoryJurisdiction,
                        message: "学校 \(entry.school.code)（县区 \(county)）不在您的管辖范围内",
                        messageEnglish: "school \(entry.school.code) (county \(county)) is outside your jurisdiction"))
                    return false
                }
            }
        }
        // By row; within a row, in the order the checks found them (the directory's column order).
        summary.problems = summary.problems.enumerated().sorted { ($0.element.row, $0.offset) < ($1.element.row, $1.offset) }.map(\.element)
        summary.refused = Set(summary.problems.filter { $0.rule.id != ValidationRule.directoryColumn.id }.map(\.row)).count
        guard summary.problems.isEmpty || partial, !entries.isEmpty else { return summary }
        try serviceCall {
            try database.change(principal.actor, reason: "school directory \(reading.file)") { change in
                for entry in entries {
                    switch try change.describeSchool(entry.school) {
                    case .added: summary.added += 1
                    case .changed: summary.changed += 1
                    case .unchanged: summary.unchanged += 1
                    }
                }
            }
        }
        summary.written = true
        return summary
    }

    /// Names a school and places it in a county within the caller's jurisdiction (one directory row).
    public func describeSchool(_ principal: Principal, code: String, name: String?, county: String) throws(ServiceError) {
        if let problem = SchoolFileName.problem(ofSchoolCode: code) { throw ServiceError(.invalid, .schoolCodeProblem(code, problem)) }
        guard code.utf8.dropFirst(2).prefix(2).elementsEqual(String(province).utf8) else {
            throw ServiceError(.invalid, .schoolOutsideProvince(code, province: province))
        }
        guard county.hasPrefix(String(province)), regions.isCounty(county) else {
            throw ServiceError(.invalid, .notACounty(county))
        }
        if let name, SchoolDirectory.textProblem(name, maximum: SchoolDescription.maximumName) != nil {
            throw ServiceError(.invalid, .schoolNameForm)
        }
        guard principal.role != .ministry, principal.role != .school, principal.covers(region: county) else {
            throw ServiceError(.forbidden, .countyOutsideJurisdiction(county))
        }
        try serviceCall {
            try database.change(principal.actor, reason: "school described") { change in
                if let known = try change.reader.school(code), let placed = known.countyCode, !principal.covers(school: code, county: placed) {
                    throw ServiceError(.notFound, .noSchoolInJurisdiction(code))
                }
                try change.describeSchool(SchoolDescription(code: code, name: name, county: county))
            }
        }
    }

    /// The schools in the caller's jurisdiction (or a region within it), with labels, places and teacher counts.
    public func schools(_ principal: Principal, region: String? = nil) throws(ServiceError) -> [SchoolView] {
        let scope = region ?? (principal.role == .ministry ? String(province) : principal.jurisdiction)
        if principal.role == .school {
            guard region == nil || region == principal.jurisdiction else { throw ServiceError(.forbidden, .regionOutsideJurisdiction(scope)) }
            return try serviceCall {
                try database.read { reader in
                    let names = RegionNames(regions)
                    return try reader.school(principal.jurisdiction).map { [try view(of: $0, reader: reader, names: names)] } ?? []
                }
            }
        }
        guard scope.utf8.allSatisfy({ (48...57).contains($0) }), [2, 4, 6].contains(scope.utf8.count) else {
            throw ServiceError(.invalid, .regionForm)
        }
        guard principal.covers(region: scope) else { throw ServiceError(.forbidden, .regionOutsideJurisdiction(scope)) }
        return try serviceCall {
            try database.read { reader in
                let names = RegionNames(regions)
                return try reader.schools(inRegion: scope).map { try view(of: $0, reader: reader, names: names) }
            }
        }
    }

    /// One school in the caller's jurisdiction with its directory history (newest last).
    public func school(_ principal: Principal, code: String) throws(ServiceError) -> (SchoolView, [SchoolHistoryEntry]) {
        try serviceCall {
            try database.read { reader in
                guard let school = try reader.school(code), principal.covers(school: code, county: school.countyCode) else {
                    throw ServiceError(.notFound, .noSchoolInJurisdiction(code))
                }
                let names = RegionNames(regions)
                let history = try reader.schoolHistory(code).map { event in
                    SchoolHistoryEntry(at: event.at, actor: event.actor, kind: event.kind, changes: event.changes, shown: event.changes.map {
                        SchoolHistoryEntry.Shown(label: SchoolDescription.label(ofField: $0.field) ?? $0.field,
                                                 before: $0.before.map { [field = $0.field] in Self.shown(field, $0, names) },
                                                 after: $0.after.map { [field = $0.field] in Self.shown(field, $0, names) })
                    })
                }
                return (try view(of: school, reader: reader, names: names), history)
            }
        }
    }

    /// A stored school value as officers read it: a label for a code, `东湖区（360102）` for a county.
    static func shown(_ field: String, _ value: String, _ names: RegionNames) -> String {
        if field == "county_code" { return names.name(value).map { "\($0)（\(value)）" } ?? value }
        guard let table = SchoolDescription(code: "").fields.first(where: { $0.key == field })?.table else { return value }
        return (try? CodeTable.shared(table).label(of: value)) ?? value
    }

    func view(of school: School, reader: RegistryReader, names: RegionNames) throws -> SchoolView {
        let d = school.description
        let city = d.county.map { String($0.prefix(4)) + "00" }
        return SchoolView(
            school: d, countyName: d.county.flatMap(names.name), cityCode: city, cityName: city.flatMap(names.name),
            schoolTypeLabel: d.schoolType.flatMap { try? CodeTable.shared("school-type").label(of: $0) } ?? d.templateKind,
            urbanRuralLabel: d.urbanRural.flatMap { try? CodeTable.shared("urban-rural").label(of: $0) },
            urbanRuralClassLabel: d.urbanRural.flatMap(SchoolDescription.urbanRuralClass).flatMap { try? CodeTable.shared("urban-rural").label(of: $0) },
            sponsorshipLabel: d.sponsorship.flatMap { try? CodeTable.shared("sponsorship").label(of: $0) },
            teachers: try reader.openRegularCount(school: school.code))
    }
}
