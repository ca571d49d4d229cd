import ArgumentParser
import Foundation
import Intake
import Normalization

/// Reads a teacher CSV into row cells, turning read errors into usage errors
/// that name the file and line.
enum TeacherFileReader {
    static func read(_ path: String) throws -> (file: String, cells: [TeacherCells]) {
        do {
            let table = try CSVTable.read(contentsOf: URL(fileURLWithPath: path))
            let columns = try TeacherColumns(header: table.header, file: table.file)
            let cells = table.rows.enumerated().map { index, row in
                columns.cells(of: row.cells, fallbackID: String(index + 1))
            }
            return (table.file, cells)
        } catch let error as CSVTable.ReadError {
            throw ValidationError(error.description)
        } catch let error as TeacherColumns.MissingColumn {
            throw ValidationError(error.description)
        }
    }
}
