import ArgumentParser
import Foundation
import Intake
import Normalization
import Registry
import RegistryService

struct TeacherCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teacher", abstract: "Register, look up and correct teachers.",
        subcommands: [Register.self, Show.self, History.self, Merge.self, Unmerge.self, Different.self, Rekey.self])

    struct Register: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register each row of a teacher CSV, issuing or reusing numbers; the whole file or nothing.")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Argument(help: "UTF-8 CSV (English columns or the template's Chinese headers).")
        var file: String

        func run() throws {
            let database = try options.open()
            let (name, cells) = try TeacherFileReader.read(file)
            let registrar = Registrar(database: database, normalizer: try IdentityNormalizer.standard())
            var counts = (registered: 0, existing: 0, review: 0)
            var rows: [JSONValue] = []
            let sources = cells.indices.map { SourceRow(file: name, row: $0 + 2, raw: cells[$0].sourceJSON) }
            let outcomes: [Registrar.Outcome]
            do {
                outcomes = try registrar.registerBatch(cells, sources: sources, actor: acting.who)
            } catch let error as RegistryError {
                // All or nothing: the file changed nothing.
                options.note(.nothingRegistered(name, error.text))
                throw ExitCode(1)
            }
            for (index, outcome) in outcomes.enumerated() {
                var outcomeText: Text, number: String?
                switch outcome {
                case .registered(let issued): counts.registered += 1; outcomeText = .outcomeRegistered; number = issued.text
                case .existing(let found, _): counts.existing += 1; outcomeText = .outcomeExisting; number = found.text
                case .needsReview(let candidates):
                    counts.review += 1; outcomeText = .outcomeClose(candidates)
                case .heldElsewhere:
                    counts.review += 1; outcomeText = .outcomeElsewhere
                }
                let row = cells[index]
                rows.append(.object([("row", .number(Double(index + 2))), ("recordId", .string(row.recordID)),
                                     ("outcome", .string(outcomeText.english)), ("number", .optional(number))]))
                if !options.json { print("\(name):\(index + 2)  \(row.recordID)  \(number ?? "-")  \(outcomeText(options.language))") }
            }
            if options.json { print(JSONValue.array(rows).serialized) }
            options.note(.registerSummary(rows: cells.count, registered: counts.registered, existing: counts.existing, review: counts.review))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a teacher by teacher number or document number.")
        @OptionGroup var options: RegistryOptions
        @Flag(name: .customLong("show-full"), help: "Show full document numbers.")
        var showFull = false
        @Argument(help: "A teacher number or a document number (current or retired).")
        var key: String

        func run() throws {
            try registryAction(options.language) {
                try options.open().read { reader in
                    let teacher = try findTeacher(key, in: reader)
                    let documents = try reader.documents(of: teacher.id)
                    let assignments = try reader.assignments(of: teacher.id)
                    func shown(_ number: String) -> String { showFull ? number : Masking.mask(number) }
                    let record = RecordFieldView.all(of: teacher, record: try reader.record(of: teacher.id))
                    let schoolNames = try reader.schoolNames(assignments.map(\.schoolCode))
                    let subsets = try reader.subsets(of: teacher.id)
                    if options.json {
                        print(JSONValue.object([
                            ("number", .string(teacher.number)), ("name", .string(teacher.name)),
                            ("formerName", .optional(teacher.formerName)), ("gender", .optional(teacher.gender)),
                            ("birthDate", .optional(teacher.birthDate)), ("status", .string(teacher.status)),
                            ("documents", .array(documents.map { .object([("kind", .string($0.kind)), ("number", .string(shown($0.number))),
                                                                          ("current", .bool($0.current))]) })),
                            ("assignments", .array(assignments.map {
                                .object([("school", .string($0.schoolCode)), ("schoolName", .optional(schoolNames[$0.schoolCode])),
                                         ("kind", .string($0.kind.rawValue)),
                                         ("start", .string($0.startDate)), ("end", .optional($0.endDate))])
                            })),
                            ("record", .array(record.map {
                                .object([("key", .string($0.key)), ("label", .string($0.label)), ("value", .string($0.value)),
                                         ("valueLabel", .string($0.valueLabel))])
                            })),
                            ("subsets", .array(subsets.map { row in
                                let subset = TeacherSubset.subset(key: row.subset)
                                return .object([("subset", .string(row.subset)), ("subsetLabel", .string(subset?.label ?? row.subset)),
                                                ("values", .array((subset?.fields ?? []).compactMap { field in
                                                    row.values[field.key].map {
                                                        .object([("key", .string(field.key)), ("label", .string(field.label)), ("value", .string($0)),
                                                                 ("valueLabel", .string(field.display($0)))])
                                                    }
                                                }))])
                            })),
                        ]).serialized)
                    } else {
                        let status = StaffStatus(code: teacher.status)?.label ?? teacher.status
                        let language = options.language
                        print("\(teacher.number)  \(teacher.name)  \(teacher.gender == "1" ? "男" : teacher.gender == "2" ? "女" : "")  \(teacher.birthDate ?? "")  \(Text.staffStatus(language)) \(status)")
                        for document in documents {
                            let kind = DocumentKind(rawValue: document.kind)?.label ?? document.kind
                            print("  \(Text.document(language)) \(kind) \(shown(document.number))\(document.current ? "" : Text.retiredDocument(language))")
                        }
                        for a in assignments {
                            let school = schoolNames[a.schoolCode].map { "\($0)（\(a.schoolCode)）" } ?? a.schoolCode
                            print("  \(a.kind.label) \(school) \(Text.span(a.startDate, a.endDate)(language))")
                        }
                        for field in record { print("  \(field.label)：\(field.valueLabel)") }
                        for row in subsets {
                            guard let subset = TeacherSubset.subset(key: row.subset) else { continue }
                            let values = subset.fields.compactMap { field in row.values[field.key].map { "\(field.label) \(field.display($0))" } }
                            print("  \(subset.label)：\(values.joined(separator: "，"))")
                        }
                    }
                }
            }
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A teacher's history, or the teacher as of a date.")
        @OptionGroup var options: RegistryOptions
        @Option(name: .customLong("as-of"), help: "YYYY-MM-DD: show the teacher as they were at the end of that day.")
        var asOf: CivilDate?
        @Argument(help: "A teacher number or a document number.")
        var key: String

        func run() throws {
            try registryAction(options.language) {
                try options.open().read { reader in
                    let teacher = try findTeacher(key, in: reader)
                    if let asOf {
                        guard let past = try reader.teacher(id: teacher.id, asOf: asOf) else {
                            throw RegistryError(.notFound, .notRegisteredOn(teacher.number, day: "\(asOf)"))
                        }
                        print(options.json
                              ? JSONValue.object([("number", .string(past.number)), ("name", .string(past.name)),
                                                  ("birthDate", .optional(past.birthDate)), ("status", .string(past.status))]).serialized
                              : "\(past.number)  \(past.name)  \(past.birthDate ?? "")  \(Text.staffStatus(options.language)) "
                                + "\(StaffStatus(code: past.status)?.label ?? past.status)\(Text.asOfDay("\(asOf)")(options.language))")
                        return
                    }
                    let events = try reader.history(of: teacher.id)
                    if options.json {
                        print(JSONValue.array(events.map { event in
                            .object([("at", .string(event.at)), ("kind", .string(event.kind)), ("actor", .string(event.actor)),
                                     ("role", .string(event.role)), ("reason", .optional(event.reason)), ("source", .optional(event.source)),
                                     ("changes", .array(event.changes.map {
                                         .object([("field", .string($0.field)), ("before", .optional($0.before)), ("after", .optional($0.after))])
                                     }))])
                        }).serialized)
                    } else {
                        for event in events {
                            let changes = event.changes.filter { !HistoryText.isInternal($0.field) }.map {
                                "\(HistoryText.field($0.field))：\(HistoryText.value($0.field, $0.before)) → \(HistoryText.value($0.field, $0.after))"
                            }.joined(separator: "；")
                            print("\(BeijingTime.labelled(utc: event.at))  \(HistoryText.event(event.kind))  \(event.actor)/\(event.role)  \(event.reason ?? "")  \(HistoryText.source(event.source) ?? "")  \(changes)")
                        }
                    }
                }
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Merge teacher B into teacher A (B's number becomes an alias of A).")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "Why (recorded in history).")
        var reason: String
        @Argument(help: "The surviving teacher.") var a: String
        @Argument(help: "The teacher merged away.") var b: String

        func run() throws {
            try registryAction(options.language) {
                let database = try options.open()
                let (survivor, merged) = try database.read { (try findTeacher(a, in: $0), try findTeacher(b, in: $0)) }
                try database.change(acting.who, reason: reason) { try $0.merge(merged.id, into: survivor.id) }
                options.say(.merged(merged.number, into: survivor.number))
            }
        }
    }

    struct Unmerge: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Undo the merge of teacher B, restoring it exactly.")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "Why (recorded in history).")
        var reason: String
        @Argument(help: "The teacher number that was merged away.") var b: String

        func run() throws {
            try registryAction(options.language) {
                let database = try options.open()
                let id = try database.read { reader -> Int64 in
                    guard let number = try reader.teacherNumberOwner(b) else {
                        throw RegistryError(.notFound, .noTeacherNumber(b))
                    }
                    return number
                }
                try database.change(acting.who, reason: reason) { try $0.unmerge(id) }
                options.say(.unmerged(b))
            }
        }
    }

    struct Different: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record that two teachers are different persons (never merged automatically).")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "Why (recorded in history).")
        var reason: String
        @Argument(help: "One teacher (teacher or document number).") var a: String
        @Argument(help: "The other teacher.") var b: String

        func run() throws {
            try registryAction(options.language) {
                let database = try options.open()
                let (x, y) = try database.read { (try findTeacher(a, in: $0), try findTeacher(b, in: $0)) }
                try database.change(acting.who, reason: reason) { try $0.recordDifferentPersons(x.id, y.id, reason: reason) }
                options.say(.recordedDifferent(x.number, y.number))
            }
        }
    }

    struct Rekey: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a teacher a new resident ID; the old one is retired and still finds them.")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "Why (重号/错号 correction, birth-date correction …).")
        var reason: String
        @Option(help: "The new document number.")
        var document: String
        @Argument(help: "A teacher number or current document number.") var key: String

        func run() throws {
            let check = DocumentValidator().check(document)
            guard let valid = check.document else {
                throw ValidationError(Text.newDocumentInvalid(check.error?.text(options.language) ?? "")(options.language))
            }
            try registryAction(options.language) {
                let database = try options.open()
                let teacher = try database.read { try findTeacher(key, in: $0) }
                try database.change(acting.who, reason: reason) {
                    try $0.rekey(teacher.id, kind: valid.kind.rawValue, newNumber: valid.canonical)
                }
                options.say(.nowHolds(teacher.number, valid.masked))
            }
        }
    }
}
