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
