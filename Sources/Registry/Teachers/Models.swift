import Normalization
import Foundation
import GRDB
import Matching

/// A teacher as the registry holds them now.
public struct Teacher: Sendable, Equatable, Codable {
    public var id: Int64
    public var number: String
    public var name: String
    public var nameKey: String
    public var formerName: String?
    /// GB/T 2261.1 code: `1` male, `2` female.
    public var gender: String?
    /// `YYYY-MM-DD` (or `YYYY-MM`).
    public var birthDate: String?
    public var nationality: String?
    public var ethnicity: String?
    public var politicalStatus: String?
    /// 教师资格证号码, as letters and digits.
    public var certificate: String?
    public var phone: String?
    /// 参加工作年月.
    public var hireDate: String?
    /// JY/T 1001 教职工当前状态 code (`11` 在职, `01` 退休 …).
    public var status: String
    /// Set when this record was merged into another teacher.
    public var mergedInto: Int64?
    /// Grows with every change: a stale update is refused.
    public var version: Int64

    init(row: Row) {
        id = row["id"]
        number = row["number"]
        name = row["name"]
        nameKey = row["name_key"]
        formerName = row["former_name"]
        gender = row["gender"]
        birthDate = row["birth_date"]
        nationality = row["nationality"]
        ethnicity = row["ethnicity"]
        politicalStatus = row["political_status"]
        certificate = row["certificate"]
        phone = row["phone"]
        hireDate = row["hire_date"]
        status = row["status"]
        mergedInto = row["merged_into"]
        version = row["version"]
    }

    /// How each field a person may change is changed, by column name: the
    /// one table the registry (rows of later files) and the service (the
    /// API's changes) consult.
    public enum ChangeRule: String, Sendable, Codable {
        /// Only through a change request decided by the level above (or a re-key): a row that disagrees is noted, not applied.
        case identity
        /// Only through transfers, rotations and status changes: a row that disagrees is noted, not applied.
        case employment
        /// Changed directly, with history; a later row's value replaces it.
        case free
    }

    public static let changeRules: [String: ChangeRule] = [
        "name": .identity, "former_name": .identity, "gender": .identity, "birth_date": .identity, "document": .identity,
        "nationality": .identity, "ethnicity": .identity,
        "school": .employment, "status": .employment, "hire_date": .employment,
        "join_school": .employment, "on_establishment": .employment, "employment_form": .employment,
        "phone": .free, "political_status": .free, "certificate": .free,
    ]

    /// The longest value a column takes, in characters; the schema refuses longer ones.
    public static func maximumLength(_ column: String) -> Int {
        switch column {
        case "name", "former_name": 50
        case "phone", "document", "gender", "nationality", "ethnicity", "political_status", "status", "birth_date", "hire_date": 30
        default: 100
        }
    }

    /// The fields history tracks, by column name.
    static let trackedFields = ["name", "name_key", "former_name", "gender", "birth_date", "nationality", "ethnicity",
                                "political_status", "certificate", "phone", "hire_date", "status", "merged_into"]

    func value(of field: String) -> String? {
        switch field {
        case "name": name
        case "name_key": nameKey
        case "former_name": formerName
        case "gender": gender
        case "birth_date": birthDate
        case "nationality": nationality
        case "ethnicity": ethnicity
        case "political_status": politicalStatus
        case "certificate": certificate
        case "phone": phone
        case "hire_date": hireDate
        case "status": status
        case "merged_into": mergedInto.map(String.init)
        default: nil
        }
    }

    mutating func set(_ field: String, _ value: String?) {
        switch field {
        case "name": name = value ?? ""
        case "name_key": nameKey = value ?? ""
        case "former_name": formerName = value
        case "gender": gender = value
        case "birth_date": birthDate = value
        case "nationality": nationality = value
        case "ethnicity": ethnicity = value
        case "political_status": politicalStatus = value
        case "certificate": certificate = value
        case "phone": phone = value
        case "hire_date": hireDate = value
        case "status": status = value ?? status
        case "merged_into": mergedInto = value.flatMap { Int64($0) }
        default: break
        }
    }
}

public struct TeacherDocument: Sendable, Equatable, Codable {
    public var id: Int64
    public var teacherID: Int64
    public var kind: String
    public var number: String
    public var current: Bool
    public var note: String?

    init(row: Row) {
        id = row["id"]
        teacherID = row["teacher_id"]
        kind = row["kind"]
        number = row["number"]
        current = row["current"]
        note = row["note"]
    }
}

public struct Assignment: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case regular, rotation, secondment

        /// What officers read: 在编任职, 交流轮岗, 支教/借调.
        public var label: String {
            switch self {
            case .regular: "在编任职"
            case .rotation: "交流轮岗"
            case .secondment: "支教/借调"
            }
        }
    }
    public var id: Int64
    public var teacherID: Int64
    public var schoolCode: String
    public var kind: Kind
    public var startDate: String
    public var endDate: String?
    public var plannedEnd: String?
    public var establishmentMoved: Bool

    init(row: Row) {
        id = row["id"]
        teacherID = row["teacher_id"]
        schoolCode = row["school_code"]
        kind = Kind(rawValue: row["kind"]) ?? .regular
        startDate = row["start_date"]
        endDate = row["end_date"]
        plannedEnd = row["planned_end"]
        establishmentMoved = row["establishment_moved"]
    }
}

public struct FieldChange: Sendable, Equatable, Codable {
    public var field: String
    public var before: String?
    public var after: String?

    /// The JSON history stores, written by hand (Foundation's encoder costs
    /// more than the rest of a registration): one `[field, before, after]`
    /// array per change, which takes half the room of an object per change,
    /// and `[field, after]` for a value set where there was none (every
    /// field of a registration).
    static func json(_ changes: [FieldChange]) -> String {
        var output = "["
        for (index, change) in changes.enumerated() {
            if index > 0 { output += "," }
            output += "["
            JSONText.quote(change.field, into: &output)
            output += ","
            if let before = change.before {
                JSONText.quote(before, into: &output)
                output += ","
                if let after = change.after { JSONText.quote(after, into: &output) } else { output += "null" }
            } else if let after = change.after {
                JSONText.quote(after, into: &output)
            } else {
                output += "null,null"
            }
            output += "]"
        }
        return output + "]"
    }

    private enum CodingKeys: String, CodingKey { case field, before, after }

    /// Reads every stored form: `[field, before, after]`, `[field, after]`,
    /// and the `{"field":…,"before":…,"after":…}` objects of registries written before them.
    public init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            field = try array.decode(String.self)
            var values: [String?] = []
            while !array.isAtEnd { values.append(try array.decodeIfPresent(String.self)) }
            switch values.count {
            case 1: (before, after) = (nil, values[0])
            case 2: (before, after) = (values[0], values[1])
            default:
                throw DecodingError.dataCorruptedError(in: array, debugDescription: "a change has one or two values, not \(values.count)")
            }
        } else {
            let object = try decoder.container(keyedBy: CodingKeys.self)
            field = try object.decode(String.self, forKey: .field)
            before = try object.decodeIfPresent(String.self, forKey: .before)
            after = try object.decodeIfPresent(String.self, forKey: .after)
        }
    }

    public init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }

}

/// One entry of a teacher's history.
public struct HistoryEvent: Sendable, Equatable {
    public var id: Int64
    public var teacherID: Int64?
    public var kind: String
    public var actor: String
    public var role: String
    /// ISO 8601, UTC, milliseconds.
    public var at: String
    public var reason: String?
    public var source: String?
    public var changes: [FieldChange]

    init(row: Row) throws {
        id = row["id"]
        teacherID = row["teacher_id"]
        kind = row["kind"]
        actor = row["actor"]
        role = row["role"]
        at = row["at"]
        reason = row["reason"]
        source = row["source"]
        let text: String = row["changes"]
        changes = try JSONDecoder().decode([FieldChange].self, from: Data(text.utf8))
    }
}

/// The origin of a submitted row.
public struct SourceRow: Sendable {
    public var batch: String?
    public var file: String
    public var sheet: String?
    public var row: Int
    /// The cells as received, as JSON.
    public var raw: String
    public init(batch: String? = nil, file: String, sheet: String? = nil, row: Int, raw: String) {
        self.batch = batch
        self.file = file
        self.sheet = sheet
        self.row = row
        self.raw = raw
    }

    public var description: String {
        [batch.map { "batch \($0)" }, file, sheet, "row \(row)"].compactMap { $0 }.joined(separator: " › ")
    }

    /// Where the row came from, for messages.
    public var text: Text { Text.row(file: file, sheet: sheet, row: row, batch: batch) }

    /// A stable hash of the raw cells: the same row submitted again has the same hash.
    var hash: String { Self.hash(of: raw) }

    static func hash(of raw: String) -> String { String(StableHash.of(raw), radix: 16) }
}

public enum Clock {
    /// Now as ISO 8601 UTC with milliseconds: sortable text.
    public static func now() -> String { iso(Date()) }

    /// An instant as the registry stores it: ISO 8601 UTC with milliseconds.
    public static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
