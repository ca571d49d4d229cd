/// A valid identity document in canonical form.
///
/// Equal documents are the same document: a 15-digit ID and its 18-digit
/// upgrade compare equal, as do a travel permit with and without its issue
/// count. `description` is masked.
public struct IdentityDocument: Hashable, Sendable, CustomStringConvertible {
    public enum Number: Hashable, Sendable {
        /// An 18-digit MOD 11-2 number (resident ID, residence permit, 2023 permanent-residence ID).
        case checked(ResidentIDNumber)
        /// Any other document, as upper-case letters and digits.
        case text(String)
    }

    public let kind: DocumentKind
    public let number: Number

    public init(kind: DocumentKind, number: Number) {
        self.kind = kind
        self.number = number
    }

    /// The canonical number in full. Personal data: show it only on request.
    public var canonical: String {
        switch number {
        case .checked(let id): id.fullNumber
        case .text(let text): text
        }
    }

    public var masked: String { Masking.mask(canonical) }
    public var description: String { "\(kind.rawValue) \(masked)" }

    public var residentNumber: ResidentIDNumber? {
        if case .checked(let id) = number { return id }
        return nil
    }

    /// The birth date written into the number, where the layout has one.
    public var birthDate: CivilDate? { residentNumber?.birthDate }

    /// Sex from the sequence digit, for the layouts that define it.
    public var gender: Gender? {
        guard kind == .resident || kind == .residencePermit else { return nil }
        return residentNumber?.gender
    }

    /// The 6-digit region code: where a resident ID was issued, 810000/
    /// 820000/830000 for residence permits, the accepting province
    /// (`PP0000`) for a 2023 permanent-residence ID.
    public var regionCode: String? {
        guard let id = residentNumber else { return nil }
        switch kind {
        case .resident, .residencePermit: return id.regionCode
        case .foreignPermanent: return ResidentIDNumber.padded(id.regionNumber / 1000 % 100, width: 2) + "0000"
        default: return nil
        }
    }
}

/// The outcome of checking one input: a document or a specific error, plus
/// warnings and, for check-digit failures, the valid numbers one typing
/// error away. `description` is masked.
public struct DocumentCheck: Sendable, CustomStringConvertible {
    /// The input as given. Personal data.
    public let input: String
    /// The layout the input was read as (also on failure, when known).
    public let kind: DocumentKind?
    public let result: Result<IdentityDocument, DocumentError>
    public let warnings: [DocumentWarning]
    /// Valid numbers one substitution or one adjacent swap away.
    public let suggestions: [ResidentIDNumber]

    public var document: IdentityDocument? { try? result.get() }
    public var error: DocumentError? {
        if case .failure(let error) = result { return error }
        return nil
    }
    public var isValid: Bool { document != nil }

    public var description: String {
        switch result {
        case .success(let document): "valid \(document)"
        case .failure(let error): "invalid \(Masking.maskNumbers(in: input)): \(error)"
        }
    }
}
