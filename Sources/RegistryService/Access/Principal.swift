import Foundation
import Registry

/// The five levels of the national system.
public enum Role: String, Sendable, Codable, CaseIterable {
    case ministry, province, city, county, school

    /// Digits of the jurisdiction code for the role ("" for the ministry).
    var jurisdictionLength: Int {
        switch self {
        case .ministry: 0
        case .province: 2
        case .city: 4
        case .county: 6
        case .school: 10
        }
    }

    /// Whether the role may ask for full document numbers at all (each view is logged).
    public var mayViewFull: Bool { self == .province || self == .county }
}

/// Who is asking: a signed-in user with a role and a jurisdiction.
public struct Principal: Sendable, Equatable {
    public let name: String
    public let role: Role
    /// A region code (2, 4 or 6 digits), a school code, or "" for the ministry.
    public let jurisdiction: String
    public let fullView: Bool

    public init(name: String, role: Role, jurisdiction: String, fullView: Bool = false) {
        self.name = name
        self.role = role
        self.jurisdiction = jurisdiction
        self.fullView = fullView && role.mayViewFull
    }

    init?(account: Account) {
        guard let role = Role(rawValue: account.role) else { return nil }
        self.init(name: account.name, role: role, jurisdiction: account.jurisdiction, fullView: account.fullView)
    }

    public var actor: Actor { Actor(user: name, role: role.rawValue) }

    /// Whether a school (with its county, when known) lies in the jurisdiction.
    /// A school whose county is unknown is placed by its code's province digits.
    public func covers(school: String, county: String?) -> Bool {
        switch role {
        case .ministry: return true
        case .school: return school == jurisdiction
        case .province:
            // The registry is the province's: every school in it is in the province's care.
            return true
        case .city, .county:
            return county?.hasPrefix(jurisdiction) ?? false
        }
    }

    /// Whether a region (2, 4 or 6 digits) lies in the jurisdiction.
    public func covers(region: String) -> Bool {
        switch role {
        case .ministry: true
        case .school: false
        default: region.hasPrefix(jurisdiction)
        }
    }
}

/// What a user may do with one teacher.
public enum TeacherAccess: Int, Comparable, Sendable {
    case none, read, write
    public static func < (a: TeacherAccess, b: TeacherAccess) -> Bool { a.rawValue < b.rawValue }
}

extension Principal {
    /// A county sees and changes the teachers with a current assignment in
    /// it, and reads those who left; a school, its own staff; the ministry
    /// reads everything and changes nothing; the province, everyone.
    func access(to teacher: Teacher, reader: RegistryReader) throws -> TeacherAccess {
        switch role {
        case .ministry: return .read
        case .province: return .write
        default:
            var best = TeacherAccess.none
            for place in try reader.places(of: teacher.id) where covers(school: place.school, county: place.county) {
                best = max(best, place.open ? .write : .read)
            }
            return best
        }
    }
}
