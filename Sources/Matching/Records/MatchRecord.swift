import Normalization

/// One teacher record as the matcher sees it: normalised identity fields
/// plus the employment context that helps tell people apart.
public struct MatchRecord: Sendable {
    /// What the document cell gave the matcher.
    public enum DocumentEvidence: Sendable, Hashable {
        case none
        case valid(IdentityDocument)
        /// A resident-layout number that fails its check character, with the
        /// valid numbers one typing error away.
        case typo(suggestions: [ResidentIDNumber])
        /// Present but unusable (Excel-mangled, unreadable).
        case unusable
    }

    public var recordID: String
    public var schoolCode: String?
    public var countyCode: String?
    public var name: NameKeys
    public var formerName: NameKeys?
    public var gender: Gender?
    public var birthDate: PartialDate?
    public var document: DocumentEvidence
    public var ethnicity: String?
    public var certNumber: String?
    public var phone: String?
    public var hireDate: PartialDate?
    /// The number was written in its old 15-digit form.
    public var documentWasUpgraded = false

    public init(recordID: String, schoolCode: String? = nil, countyCode: String? = nil, name: NameKeys,
                formerName: NameKeys? = nil, gender: Gender? = nil, birthDate: PartialDate? = nil,
                document: DocumentEvidence = .none, ethnicity: String? = nil, certNumber: String? = nil,
                phone: String? = nil, hireDate: PartialDate? = nil) {
        self.recordID = recordID
        self.schoolCode = schoolCode
        self.countyCode = countyCode
        self.name = name
        self.formerName = formerName
        self.gender = gender
        self.birthDate = birthDate
        self.document = document
        self.ethnicity = ethnicity
        self.certNumber = certNumber
        self.phone = phone
        self.hireDate = hireDate
    }

    /// The document as every listing shows it: masked, or why it is unusable.
    public var maskedDocument: String {
        switch document {
        case .none: ""
        case .valid(let document): document.masked
        case .typo: "校验位错误"
        case .unusable: "无法识别"
        }
    }

    /// The valid resident ID, the key of the cannot-link guard.
    public var residentNumber: ResidentIDNumber? {
        if case .valid(let document) = document, document.kind == .resident { return document.residentNumber }
        return nil
    }
}

extension MatchRecord {
    /// Normalises one row's cells. Problems are not errors here: the matcher
    /// uses what can be read and treats the rest as missing.
    public init(_ cells: borrowing TeacherCells, normalizer: borrowing IdentityNormalizer) {
        let identity = normalizer.normalize(cells.identity)
        var document = DocumentEvidence.none
        if let check = identity.document {
            if let valid = check.document {
                document = .valid(valid)
            } else if !check.suggestions.isEmpty {
                document = .typo(suggestions: check.suggestions)
            } else {
                document = .unusable
            }
        }
        func code(_ text: String?) -> String? {
            // `01-汉族` → `01`; a label alone stays as written.
            guard let text, !text.isEmpty else { return nil }
            let trimmed = text.trimmingWhitespace()
            guard !trimmed.isEmpty else { return nil }
            guard let dash = trimmed.utf8.firstIndex(of: UInt8(ascii: "-")) else { return trimmed }
            return String(trimmed[..<dash])
        }
        func compact(_ text: String?) -> String? {
            // Letters and digits only, upper-case: `0791-8888 1234` → `079188881234`.
            guard let text, !text.isEmpty else { return nil }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count)
            for byte in text.utf8 {
                switch byte {
                case 0x30...0x39, 0x41...0x5A: bytes.append(byte)
                case 0x61...0x7A: bytes.append(byte - 32)
                default: continue
                }
            }
            return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
        self.init(
            recordID: cells.recordID, schoolCode: code(cells.schoolCode), countyCode: code(cells.countyCode),
            name: identity.name, formerName: identity.formerName, gender: identity.effectiveGender,
            birthDate: identity.effectiveBirthDate, document: document, ethnicity: code(cells.ethnicity),
            certNumber: compact(cells.certNumber), phone: compact(cells.phone).map { String($0.suffix(11)) },
            hireDate: cells.hireDate.flatMap { try? DateParser.parse($0).get() })
        documentWasUpgraded = identity.document?.warnings.contains(.upgradedFrom15Digits) ?? false
    }
}
