/// Turns the identity cells of a row into canonical fields and the
/// problems a school must fix: unreadable cells, and a stated birth date or
/// sex that contradicts the document number.
public struct IdentityNormalizer: Sendable {
    public let names: NameNormalizer
    public let documents: DocumentValidator
    public let documentTypes: [TemplateDocumentType]

    public init(names: NameNormalizer, documents: DocumentValidator, documentTypes: [TemplateDocumentType]) {
        self.names = names
        self.documents = documents
        self.documentTypes = documentTypes
    }

    public static func standard(regions: RegionTable? = nil) throws -> IdentityNormalizer {
        IdentityNormalizer(names: try .shared(), documents: DocumentValidator(regions: regions),
                           documentTypes: try TemplateDocumentType.all())
    }

    public func normalize(_ cells: borrowing IdentityCells) -> NormalizedIdentity {
        var problems: [IdentityProblem] = []
        func problem(_ field: IdentityProblem.Field, _ code: String, _ message: String, _ chinese: String) {
            problems.append(IdentityProblem(field: field, code: code, message: message, messageChinese: chinese))
        }

        let name = names.keys(for: cells.name)
        if name.flags.contains(.empty) { problem(.name, "name-empty", "the name is empty", "姓名为空") }
        if name.flags.contains(.privateUse) {
            problem(.name, "name-private-use", "the name has a private-use character no table maps",
                    "姓名含有无法映射的自造字(私用区字符),请人工核对")
        }
        let formerName = cells.formerName.flatMap { $0.trimmingWhitespace().isEmpty ? nil : names.keys(for: $0) }

        var gender: Gender?
        if let text = cells.gender, !text.isBlank {
            gender = Gender(cell: text)
            if gender == nil { problem(.gender, "gender-unreadable", "\"\(text)\" is not a sex code", "性别“\(text)”无法识别") }
        }

        var birthDate: PartialDate?
        if let text = cells.birthDate, !text.isBlank {
            switch DateParser.parse(text) {
            case .success(let date): birthDate = date
            case .failure(let error): problem(.birthDate, "date-unreadable", error.message, error.messageChinese)
            }
        }

        var declared: TemplateDocumentType?
        if let text = cells.documentType, !text.isBlank {
            declared = TemplateDocumentType.parse(text, from: documentTypes)
            if declared == nil {
                problem(.documentType, "document-type-unknown", "\"\(text)\" is not a document type code",
                        "身份证件类型“\(text)”不在代码表中")
            }
        }

        var document: DocumentCheck?
        if let text = cells.documentNumber, !text.isBlank {
            let check = documents.check(text, declared: declared)
            document = check
            if let error = check.error {
                problem(.documentNumber, "document-\(error.code.rawValue)", error.detail, error.detailChinese)
            } else if let valid = check.document {
                if let birthDate, case .disagrees(let says) = valid.crossCheck(birthDate: birthDate) {
                    problem(.birthDate, "birth-date-mismatch", "birth date \(birthDate) differs from the document's \(says)",
                            "出生日期\(birthDate)与证件号码中的\(says)不一致")
                }
                if let gender, case .disagrees(let says) = valid.crossCheck(gender: gender) {
                    problem(.gender, "gender-mismatch", "sex \(gender.label) differs from the document's \(says)",
                            "性别\(gender.label)与证件号码显示的\(says)不一致")
                }
            }
        }
        return NormalizedIdentity(name: name, formerName: formerName, gender: gender, birthDate: birthDate,
                                  document: document, problems: problems)
    }
}
