import Normalization
import RegistryService

/// The JSON bodies the API accepts, each with its exact field list.
struct SessionBody: StrictBody {
    static let fields: Set<String> = ["user", "password"]
    var user: String
    var password: String
}

struct UserBody: StrictBody {
    static let fields: Set<String> = ["name", "password", "role", "jurisdiction", "fullView"]
    var name: String
    var password: String
    var role: Role
    var jurisdiction: String
    var fullView: Bool?
}

struct PasswordBody: StrictBody {
    static let fields: Set<String> = ["password"]
    var password: String
}

struct SchoolBody: StrictBody {
    static let fields: Set<String> = ["code", "name", "county"]
    var code: String
    var name: String?
    var county: String
}

/// A record to match, in the template's terms.
struct MatchBody: StrictBody {
    static let fields: Set<String> = ["name", "formerName", "gender", "birthDate", "documentType", "documentNumber", "school", "county",
                                      "ethnicity", "certificate", "phone", "hireDate", "limit"]
    var name: String
    var formerName: String?
    var gender: String?
    var birthDate: String?
    var documentType: String?
    var documentNumber: String?
    var school: String?
    var county: String?
    var ethnicity: String?
    var certificate: String?
    var phone: String?
    var hireDate: String?
    var limit: Int?

    var cells: TeacherCells {
        TeacherCells(recordID: "match", schoolCode: school, countyCode: county,
                     identity: IdentityCells(name: name, formerName: formerName, gender: gender, birthDate: birthDate,
                                             documentType: documentType, documentNumber: documentNumber),
                     ethnicity: ethnicity, certNumber: certificate, phone: phone, hireDate: hireDate)
    }
}

struct ReviewDecisionBody: StrictBody {
    static let fields: Set<String> = ["decision", "teacher", "reason"]
    enum Decision: String, Decodable { case same, different }
    var decision: Decision
    /// For `same`: the candidate's teacher number.
    var teacher: String?
    var reason: String
}

struct MergeBody: StrictBody {
    static let fields: Set<String> = ["merged", "survivor", "reason"]
    var merged: String
    var survivor: String
    var reason: String
}

struct UnmergeBody: StrictBody {
    static let fields: Set<String> = ["merged", "reason"]
    var merged: String
    var reason: String
}

/// A transfer is asked for by the teacher's document number and name, both of which must match.
struct TransferBody: StrictBody {
    static let fields: Set<String> = ["document", "name", "toSchool", "effectiveDate"]
    var document: String
    var name: String
    var toSchool: String
    var effectiveDate: CivilDate
}

struct TransferDecisionBody: StrictBody {
    static let fields: Set<String> = ["step", "reason"]
    /// The step the officer saw (1–4); a stale step is refused.
    var step: Int?
    var reason: String?
}

struct RotationBody: StrictBody {
    static let fields: Set<String> = ["teacher", "hostSchool", "start", "plannedEnd", "establishmentMoved"]
    var teacher: String
    var hostSchool: String
    var start: CivilDate
    var plannedEnd: CivilDate
    var establishmentMoved: Bool?
}

struct RotationEndBody: StrictBody {
    static let fields: Set<String> = ["teacher", "date"]
    var teacher: String
    var date: CivilDate
}

struct StatusBody: StrictBody {
    static let fields: Set<String> = ["status", "date", "reason"]
    var status: String
    var date: CivilDate
    var reason: String
}

struct BatchDecisionBody: StrictBody {
    static let fields: Set<String> = ["reason", "rows"]
    var reason: String?
    /// For a rejection of single rows: their row numbers as the file shows them.
    var rows: [Int]?
}

struct ChangeBody: StrictBody {
    static let fields: Set<String> = ["fields", "reason"]
    /// API field name → new value (see FieldPolicy).
    var fields: [String: String]
    var reason: String
}

struct DecisionBody: StrictBody {
    static let fields: Set<String> = ["reason"]
    var reason: String?
}
