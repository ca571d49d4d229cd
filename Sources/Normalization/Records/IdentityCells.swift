/// The identity cells of one template row, as received.
public struct IdentityCells: Sendable, Hashable {
    public var name: String
    public var formerName: String?
    public var gender: String?
    public var birthDate: String?
    public var documentType: String?
    public var documentNumber: String?

    public init(name: String, formerName: String? = nil, gender: String? = nil, birthDate: String? = nil,
                documentType: String? = nil, documentNumber: String? = nil) {
        self.name = name
        self.formerName = formerName
        self.gender = gender
        self.birthDate = birthDate
        self.documentType = documentType
        self.documentNumber = documentNumber
    }
}

/// The raw cells of one teacher row as received: the identity cells plus
/// the employment context that helps tell people apart.
public struct TeacherCells: Sendable {
    public var recordID: String
    public var schoolCode: String?
    public var countyCode: String?
    public var identity: IdentityCells
    public var ethnicity: String?
    public var certNumber: String?
    public var phone: String?
    public var hireDate: String?
    /// The row's other template cells (`TeacherField`), by field key, as written; blank cells left out.
    public var record: [String: String] = [:]

    public init(recordID: String, schoolCode: String? = nil, countyCode: String? = nil, identity: IdentityCells,
                ethnicity: String? = nil, certNumber: String? = nil, phone: String? = nil, hireDate: String? = nil) {
        self.recordID = recordID
        self.schoolCode = schoolCode
        self.countyCode = countyCode
        self.identity = identity
        self.ethnicity = ethnicity
        self.certNumber = certNumber
        self.phone = phone
        self.hireDate = hireDate
    }
}

/// A problem with one identity field: which field, a stable code, and safe
/// messages (document numbers masked).
public struct IdentityProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Field: String, Sendable { case name, formerName, gender, birthDate, documentType, documentNumber }
    public let field: Field
    public let code: String
    public let message: String
    public let messageChinese: String
    public var description: String { "\(field.rawValue): \(message)" }
}

/// The canonical identity fields of one row.
public struct NormalizedIdentity: Sendable {
    public let name: NameKeys
    public let formerName: NameKeys?
    public let gender: Gender?
    public let birthDate: PartialDate?
    public let document: DocumentCheck?
    public let problems: [IdentityProblem]

    /// The birth date to trust: the stated one, else the document's.
    public var effectiveBirthDate: PartialDate? { birthDate ?? document?.document?.birthDate.map(PartialDate.init) }
    /// The sex to trust: the stated one, else the document's.
    public var effectiveGender: Gender? { gender ?? document?.document?.gender }
}
