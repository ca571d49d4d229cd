import ArgumentParser
import Foundation
import Normalization
import Registry
import RegistryService

struct TransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer", abstract: "Transfers (调动): request, approve in four steps, reject, show.",
        subcommands: [Request.self, Approve.self, Reject.self, Show.self])

    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Started by the receiving school.")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "The receiving school's 10-digit code.") var to: String
        @Option(help: "YYYY-MM-DD the move takes effect.") var effective: CivilDate
        @Argument(help: "A teacher number or document number.") var key: String

        func run() throws {
            try registryAction(options.language) {
                let database = try options.open()
                let teacher = try database.read { try findTeacher(key, in: $0) }
                let id = try database.change(acting.who) { try $0.requestTransfer(teacher.id, to: to, effective: effective) }
                options.say(.transferRequested(id, teacher: teacher.number))
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve the next step (receiving school → its authority → sending school → its authority).")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "The step you mean to approve (1–4): refused when someone acted first.") var step: Int?
        @Argument(help: "The transfer's number (#id, from `transfer request` or `transfer show`).") var id: Int64

        func run() throws {
            try registryAction(options.language) {
                let transfer = try options.open().change(acting.who) { try $0.approveTransfer(id, expectedStep: step) }
                options.say(transfer.state == .approved ? .transferApproved(id, effective: transfer.effectiveDate)
                                                        : .transferStepApproved(id, done: transfer.stepsDone))
            }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a pending transfer, with a reason.")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "Why.") var reason: String
        @Option(help: "The step you act at (1–4).") var step: Int?
        @Argument(help: "The transfer's number (#id, from `transfer request` or `transfer show`).") var id: Int64

        func run() throws {
            try registryAction(options.language) {
                try options.open().change(acting.who, reason: reason) { try $0.rejectTransfer(id, expectedStep: step) }
                options.say(.transferRejected(id))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Where a transfer stands.")
        @OptionGroup var options: RegistryOptions
        @Argument(help: "The transfer's number (#id, from `transfer request` or `transfer show`).") var id: Int64

        func run() throws {
            try registryAction(options.language) {
                let transfer = try options.open().read { try $0.transfer(id) }
                if options.json {
                    print(JSONValue.object([("id", .number(Double(transfer.id))), ("from", .string(transfer.fromSchool)),
                                            ("to", .string(transfer.toSchool)), ("effective", .string(transfer.effectiveDate)),
                                            ("state", .string(transfer.state.rawValue)), ("stepsDone", .number(Double(transfer.stepsDone))),
                                            ("next", .optional(transfer.nextStep))]).serialized)
                } else {
                    options.say(.transferLine(transfer.id, from: transfer.fromSchool, to: transfer.toSchool, effective: transfer.effectiveDate,
                                              state: transfer.state.rawValue, done: transfer.stepsDone,
                                              next: transfer.nextStep == nil ? nil : transfer.stepsDone + 1))
                }
            }
        }
    }
}

struct RotationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotation", abstract: "交流轮岗: time-boxed assignments at a host school.",
        subcommands: [Start.self, End.self, Eligible.self])

    struct Start: ParsableCommand {
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "The host school's code.") var host: String
        @Option(help: "YYYY-MM-DD") var start: CivilDate
        @Option(name: .customLong("planned-end"), help: "YYYY-MM-DD") var plannedEnd: CivilDate
        @Flag(name: .customLong("establishment-moved"), help: "编制 moved with the teacher.") var establishmentMoved = false
        @Argument(help: "The teacher: a teacher number or a document number (any form, 15-digit IDs too).") var key: String

        func run() throws {
            try registryAction(options.language) {
                let database = try options.open()
                let teacher = try database.read { try findTeacher(key, in: $0) }
                _ = try database.change(acting.who) {
                    try $0.startRotation(teacher.id, host: host, start: start, plannedEnd: plannedEnd, establishmentMoved: establishmentMoved)
                }
                options.say(.rotationStarted(teacher.number, host: host, start: "\(start)", end: "\(plannedEnd)"))
            }
        }
    }

    struct End: ParsableCommand {
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "YYYY-MM-DD") var on: CivilDate
        @Argument(help: "The teacher: a teacher number or a document number (any form, 15-digit IDs too).") var key: String

        func run() throws {
            try registryAction(options.language) {
                let database = try options.open()
                let teacher = try database.read { try findTeacher(key, in: $0) }
                try database.change(acting.who) { try $0.endRotation(teacher.id, on: on) }
                options.say(.rotationEnded(teacher.number, on: "\(on)"))
            }
        }
    }

    struct Eligible: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Teachers 6+ years at one school, by county.")
        @OptionGroup var options: RegistryOptions
        @Option(name: .customLong("as-of"), help: "YYYY-MM-DD") var asOf: CivilDate = CivilDate.todayInChina()

        func run() throws {
            let service = try RegistryService(database: try options.open())
            let principal = try operatorPrincipal(options.reader, scope: nil, service: service, language: options.language)
            let rows = try registryAction(options.language) { try service.rotationEligible(principal, asOf: asOf) }
            let places = service.placeLabels(schools: rows.map(\.school), regions: rows.map(\.county))
            for row in rows { print("\(places.region(row.county))  \(row.teacher)  \(places.school(row.school))  \(Text.since(row.since)(options.language))") }
            options.note(.eligibleCount(asOf: "\(asOf)", count: rows.count))
        }
    }
}

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Status changes (退休, 死亡, 辞职 …).", subcommands: [Set.self])

    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a JY/T 1001 status code; leaving statuses end open assignments.")
        @OptionGroup var options: RegistryOptions
        @OptionGroup var acting: ActorOptions
        @Option(help: "Why.") var reason: String
        @Option(help: "YYYY-MM-DD the status takes effect.") var on: CivilDate
        @Argument(help: "The teacher: a teacher number or a document number (any form, 15-digit IDs too).") var key: String
        @Argument(help: "Status code: 11 在职, 01 退休, 03 死亡, 05 调出, 06 辞职, 07 离职 …") var code: String

        func run() throws {
            let database = try options.open()
            let service = try RegistryService(database: database)
            let teacher = try registryAction(options.language) { try database.read { try findTeacher(key, in: $0) } }
            let principal = try operatorPrincipal(acting.actor, scope: nil, service: service, language: options.language)
            try registryAction(options.language) { try service.setStatus(principal, teacher: teacher.number, status: code, on: on, reason: reason) }
            options.say(.statusSet(teacher.number, name: teacher.name, on: "\(on)", label: StaffStatus(code: code)?.label ?? code, code: code))
        }
    }
}
