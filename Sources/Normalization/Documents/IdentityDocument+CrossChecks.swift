/// The result of comparing a stated field with what a document encodes.
public enum CrossCheck: Hashable, Sendable {
    case agrees
    /// The document says otherwise; the associated value is what it says.
    case disagrees(documentSays: String)
    /// The document encodes nothing to compare with.
    case notComparable
}

extension IdentityDocument {
    /// The stated birth date against the one inside the number, at the
    /// stated date's precision (a month-precision date agrees with any day
    /// of that month).
    public func crossCheck(birthDate stated: PartialDate) -> CrossCheck {
        guard let encoded = birthDate else { return .notComparable }
        return stated.admits(encoded) ? .agrees : .disagrees(documentSays: encoded.description)
    }

    /// The stated sex against the number's sequence digit.
    public func crossCheck(gender stated: Gender) -> CrossCheck {
        guard let encoded = gender else { return .notComparable }
        return stated == encoded ? .agrees : .disagrees(documentSays: encoded.label)
    }
}
