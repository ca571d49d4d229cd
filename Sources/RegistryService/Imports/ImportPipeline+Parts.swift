import Foundation
import Normalization
import Intake
import Matching
import Registry

/// Large tables, registered a part at a time in one transaction. A large
/// table on disk (a CSV or a sheet) is read twice, a part at a time: once to check it (the
/// verdict on a file needs all its rows), once to register it, so what is
/// held is a part's rows, never the file's.
extension ImportPipeline {
    enum Surveyed {
        /// The file is one part: read whole, it goes the way of any table.
        case small(CSVTable)
        case large(PreparedTable)
    }

    /// Reads a table on disk a part of `partRows` rows at a time, checking
    /// each part as it comes and keeping of the whole only what registering
    /// needs: its problems (and with them the rows they refuse), the schools
    /// it names, its content hash and how many rows it has and will register.
    /// `progress` is told the rows checked so far, once the table is known to be large.
    func survey(_ stream: any TableStream, kinds: Set<String>, partial: Bool, progress: (Int) -> Void = { _ in }) throws -> Surveyed {
        var first: CSVTable?
        var header: [String] = [], found: [ValidationProblem] = [], schools = Set<String>()
        var columns: TeacherColumns?
        var rows = 0, registrable = 0, parts = 0
        var hash: UInt64 = 0
        func check(_ part: CSVTable) {
            let partFound = validator.validate(part: part, isFirst: parts == 0)
            if parts == 0 {
                header = part.header
                hash = StableHash.of(header.joined(separator: "\u{1F}"))
                columns = try? TeacherColumns(header: header, file: part.label)
                columns?.defaultSchool = SchoolFileName(part.file)?.schoolCode
            }
            let verdict = Self.verdict(partFound, partial: true)
            registrable += part.rows.reduce(0) { $0 + (verdict.registers(line: $1.line) ? 1 : 0) }
            rows += part.rows.count
            hash = Self.hashing(part.rows, after: hash)
            if let columns { Self.addSchools(of: part, columns: columns, to: &schools) }
            found += partFound
            parts += 1
            progress(rows)
        }
        try stream.read(rows: max(1, partRows)) { part in
            if let held = first {
                first = nil
                check(held)
                check(part)
            } else if parts == 0 {
                first = part
            } else {
                check(part)
            }
        }
        if let first { return .small(first) }
        found += fileNameProblems(file: stream.file, sheet: stream.sheet, kinds: kinds)
        let name = SchoolFileName(stream.file)
        if let code = name?.schoolCode { schools.insert(code) }
        var outcome = FileOutcome(file: stream.file, sheet: stream.sheet, state: .rejected)
        outcome.rows = rows
        outcome.schoolCode = name?.schoolCode
        var prepared = PreparedTable(file: stream.file, sheet: stream.sheet, header: header, rows: .streamed(stream), rowCount: rows,
                                     outcome: outcome, found: found, name: name, schools: schools.sorted(), columns: columns,
                                     contentHash: String(hash, radix: 16))
        if columns != nil, Self.verdict(found, partial: partial).refusal == nil { prepared.rowsToRegister = registrable }
        return .large(prepared)
    }

    /// Registers a large table a part of `partRows` at a time, in one
    /// transaction (see `ChangeGroup.changeInParts`): all or nothing, as a
    /// whole file is, with two parts' cells and records in memory instead of
    /// the table's. Each part is read and prepared on another thread while
    /// the part ahead of it is registered here, and its stored candidates
    /// start being fetched as soon as it is prepared (not the first part's:
    /// it is registered alone, see `Registrar.registerPart`).
    /// False: the same content was imported before (nothing is registered).
    func registerInParts(_ prepared: PreparedTable, verdict: Verdict, columns: TeacherColumns, batch: ImportBatchRecord, actor: Actor,
                         in group: ChangeGroup, mayAttach: Registrar.AttachCheck?, progress: @escaping (Int) -> Void,
                         tally: ([Registrar.Outcome], [SourceRow]) -> Void) throws -> Bool {
        let file = Registrar.FileInParts(batch: batch, rows: prepared.rowsToRegister ?? 0)
        return try group.changeInParts {
            let handoff = PartHandoff<TablePart>()
            let prefetch = registrar.partPrefetcher(in: group)
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                do {
                    var first = true
                    _ = try forEachPart(of: prepared, verdict: verdict, columns: columns, ready: handoff.waitForRoom) { part in
                        var part = part
                        if !first { part.prefetch = prefetch(part.rows) }
                        first = false
                        handoff.put(part)
                    }
                    handoff.end()
                } catch {
                    handoff.end(error)
                }
            }
            // However this ends, the other thread is done with the file before the transaction is.
            defer {
                handoff.stop()
                handoff.waitForEnd()
            }
            var done = 0
            while let part = try handoff.take() {
                let offset = done
                guard let outcomes = try registrar.registerPart(part.cells, sources: part.sources, actor: actor, of: file, in: group,
                                                                prepared: part.rows, prefetch: part.prefetch, mayAttach: mayAttach,
                                                                progress: { progress(offset + $0) }) else { return false }
                tally(outcomes, part.sources)
                done += part.cells.count
            }
            return true
        }
    }

    /// Prepares the rows `verdict` lets register, a part at a time, in
    /// order, each once `ready` says to go on (false: stop, and return
    /// false). A streamed file is read again: should it have changed since
    /// it was checked, that is an error (and the transaction it is registered in is rolled back).
    private func forEachPart(of prepared: PreparedTable, verdict: Verdict, columns: TeacherColumns, ready: () -> Bool,
                             _ body: (TablePart) throws -> Void) throws -> Bool {
        let size = max(1, partRows)
        switch prepared.rows {
        case .held(let table):
            let valid = table.rows.indices.filter { verdict.registers(line: table.rows[$0].line) }
            for start in stride(from: 0, to: valid.count, by: size) {
                guard ready() else { return false }
                try body(preparePart(table, rows: valid[start..<min(start + size, valid.count)], columns: columns))
            }
            return true
        case .streamed(let stream):
            var hash = StableHash.of(prepared.header.joined(separator: "\u{1F}")), rows = 0
            do {
                try stream.read(rows: size) { part in
                    hash = Self.hashing(part.rows, after: hash)
                    rows += part.rows.count
                    let valid = part.rows.indices.filter { verdict.registers(line: part.rows[$0].line) }
                    guard !valid.isEmpty else { return }
                    guard ready() else { throw StopReading() }
                    try body(preparePart(part, rows: valid[...], columns: columns))
                }
            } catch is StopReading {
                return false
            }
            guard rows == prepared.rowCount, String(hash, radix: 16) == prepared.contentHash else {
                throw IntakeError(file: stream.file, location: stream.sheet, .changedDuringImport)
            }
            return true
        }
    }

    private struct StopReading: Error {}
}
