import Foundation
import Hummingbird
import NIOCore
import Normalization
import RegistryService

extension Routes {
    // MARK: - Merges, transfers, rotations

    func registerWorkflows(_ api: RouterGroup<RegistryRequestContext>) {
        api.post("merges") { request, context in
            let principal = try context.requirePrincipal()
            var request = request
            let body = try await request.decodeStrict(MergeBody.self, context: context)
            try await blocking { [service] in try service.merge(principal, merged: body.merged, into: body.survivor, reason: body.reason) }
            return try JSONResponse.make(try await blocking { [service] in try service.teacher(principal, key: body.survivor) })
        }
        api.post("unmerges") { request, context in
            let principal = try context.requirePrincipal()
            var request = request
            let body = try await request.decodeStrict(UnmergeBody.self, context: context)
            try await blocking { [service] in try service.unmerge(principal, merged: body.merged, reason: body.reason) }
            return try JSONResponse.make(try await blocking { [service] in try service.teacher(principal, key: body.merged) })
        }
        api.post("transfers") { request, context in
            let principal = try context.requirePrincipal()
            var request = request
            let body = try await request.decodeStrict(TransferBody.self, context: context)
            let transfer = try await blocking { [service] in
                try service.requestTransfer(principal, document: body.document, name: body.name, toSchool: body.toSchool,
                                            effective: body.effectiveDate, address: context.address)
            }
            return try JSONResponse.make(transfer, status: .created)
        }
        api.get("transfers") { _, context in
            let principal = try context.requirePrincipal()
            return try JSONResponse.make(["transfers": try await blocking { [service] in try service.transfersAwaiting(principal) }])
        }
        api.get("transfers/{id}") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.parameters.require("id", as: Int64.self)
            return try JSONResponse.make(try await blocking { [service] in try service.transfer(principal, id: id) })
        }
        for (path, approve) in [("transfers/{id}/approve", true), ("transfers/{id}/reject", false)] {
            api.post(RouterPath(path)) { request, context in
                let principal = try context.requirePrincipal()
                let id = try context.parameters.require("id", as: Int64.self)
                var request = request
                let body = try await request.decodeStrict(TransferDecisionBody.self, context: context)
                if let step = body.step, !(1...4).contains(step) {
                    throw RequestProblem(status: .unprocessableContent, code: "invalid-field", message: .stepRange)
                }
                return try JSONResponse.make(try await blocking { [service] in
                    try service.decideTransfer(principal, id: id, approve: approve, expectedStep: body.step, reason: body.reason)
                })
            }
        }
        api.post("rotations") { request, context in
            let principal = try context.requirePrincipal()
            var request = request
            let body = try await request.decodeStrict(RotationBody.self, context: context)
            try await blocking { [service] in
                try service.startRotation(principal, teacher: body.teacher, host: body.hostSchool, start: body.start, plannedEnd: body.plannedEnd,
                                          establishmentMoved: body.establishmentMoved ?? false)
            }
            return try JSONResponse.make(try await blocking { [service] in try service.teacher(principal, key: body.teacher) }, status: .created)
        }
        api.post("rotations/end") { request, context in
            let principal = try context.requirePrincipal()
            var request = request
            let body = try await request.decodeStrict(RotationEndBody.self, context: context)
            try await blocking { [service] in try service.endRotation(principal, teacher: body.teacher, on: body.date) }
            return try JSONResponse.make(try await blocking { [service] in try service.teacher(principal, key: body.teacher) })
        }
        api.get("rotations/eligible") { request, context in
            let principal = try context.requirePrincipal()
            let asOf = try request.date("asOf") ?? CivilDate.todayInChina()
            let years = try request.integer("years", in: RegistryService.rotationYears) ?? 6
            return try JSONResponse.make(["teachers": try await blocking { [service] in try service.rotationEligible(principal, asOf: asOf, years: years) }])
        }
    }

    // MARK: - Change requests

    func registerChangeRequests(_ api: RouterGroup<RegistryRequestContext>) {
        api.post("teachers/{key}/changes") { request, context in
            let principal = try context.requirePrincipal()
            let key = try context.parameters.require("key")
            var request = request
            let body = try await request.decodeStrict(ChangeBody.self, context: context)
            return try JSONResponse.make(try await blocking { [service] in
                try service.changeTeacher(principal, teacher: key, values: body.fields, reason: body.reason)
            })
        }
        api.get("change-requests") { _, context in
            let principal = try context.requirePrincipal()
            return try JSONResponse.make(["requests": try await blocking { [service] in try service.changeRequestsAwaiting(principal) }])
        }
        for (path, approve) in [("change-requests/{id}/approve", true), ("change-requests/{id}/reject", false)] {
            api.post(RouterPath(path)) { request, context in
                let principal = try context.requirePrincipal()
                let id = try context.parameters.require("id", as: Int64.self)
                var request = request
                let body = try await request.decodeStrict(DecisionBody.self, context: context)
                return try JSONResponse.make(try await blocking { [service] in
                    try service.decideChangeRequest(principal, id: id, approve: approve, reason: body.reason)
                })
            }
        }
    }

    // MARK: - Batch review chain

    func registerBatches(_ api: RouterGroup<RegistryRequestContext>) {
        api.get("batches") { request, context in
            let principal = try context.requirePrincipal()
            let awaitingMe = try request.choice("awaiting", of: ["me"]) != nil
            return try JSONResponse.make(["batches": try await blocking { [service] in try service.batches(principal, awaitingMe: awaitingMe) }])
        }
        api.get("batches/{id}") { _, context in
            let principal = try context.requirePrincipal()
            let id = try context.parameters.require("id", as: Int64.self)
            return try JSONResponse.make(try await blocking { [service] in try service.batch(principal, id: id) })
        }
        for (path, approve) in [("batches/{id}/approve", true), ("batches/{id}/reject", false)] {
            api.post(RouterPath(path)) { request, context in
                let principal = try context.requirePrincipal()
                let id = try context.parameters.require("id", as: Int64.self)
                var request = request
                let body = try await request.decodeStrict(BatchDecisionBody.self, context: context)
                if let rows = body.rows, rows.contains(where: { $0 < 1 || $0 > 10_000_000 }) {
                    throw RequestProblem(status: .unprocessableContent, code: "invalid-field", message: .rowNumbers)
                }
                return try JSONResponse.make(try await blocking { [service] in
                    try service.decideBatch(principal, id: id, approve: approve, rows: body.rows ?? [], reason: body.reason)
                })
            }
        }
    }

    // MARK: - Audit and progress

    func registerReports(_ api: RouterGroup<RegistryRequestContext>) {
        api.get("audit") { _, context in
            let principal = try context.requirePrincipal()
            return try JSONResponse.make(try await blocking { [service] in try service.audit(principal).view })
        }
        api.get("audit/report") { _, context in
            let principal = try context.requirePrincipal()
            let html = try await blocking { [service] in try service.audit(principal).html }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        api.get("progress") { _, context in
            let principal = try context.requirePrincipal()
            return try JSONResponse.make(try await blocking { [service] in try service.progressReport(principal) })
        }
        api.get("progress/report") { request, context in
            let principal = try context.requirePrincipal()
            let report = try await blocking { [service] in try service.progressReport(principal) }
            if try request.choice("format", of: ["csv", "html"]) == "csv" {
                return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"progress.csv\""],
                                body: .init(byteBuffer: ByteBuffer(string: report.csv)))
            }
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: report.html)))
        }
        api.get("submission-gate") { _, context in
            let principal = try context.requirePrincipal()
            return try JSONResponse.make(try await blocking { [service] in try service.submissionGate(principal) })
        }
        api.get("exports") { request, context in
            let principal = try context.requirePrincipal()
            guard let asOf = try request.date("asOf") else { throw RequestProblem.parameter("asOf", .expectedGivenDay) }
            let since = try request.date("since")
            return try JSONResponse.make(try await blocking { [service] in try service.nationalExport(principal, asOf: asOf, since: since).manifest })
        }
        api.get("exports/file") { request, context in
            let principal = try context.requirePrincipal()
            guard let asOf = try request.date("asOf") else { throw RequestProblem.parameter("asOf", .expectedGivenDay) }
            let since = try request.date("since"), format = try request.choice("format", of: ["csv", "xlsx"]) ?? "csv"
            let export = try await blocking { [service] in try service.nationalExport(principal, asOf: asOf, since: since) }
            guard let file = export.files.first(where: { $0.name.hasSuffix("." + format) }) else {
                throw ServiceError(.notFound, .exportHasNoFile(format))
            }
            let type = format == "csv" ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            return Response(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(file.name)\""],
                            body: .init(byteBuffer: ByteBuffer(bytes: file.data)))
        }
    }
}
