import ArgumentParser
import Foundation
import Intake
import Normalization

/// Reads a teacher file (CSV in UTF-8 or GBK, .xlsx, or a ZIP of them) into
/// row cells, turning read errors into usage errors that name the file,
/// sheet and line.
enum TeacherFileReader {
    static func read(_ path: String) throws -> (file: String, cells: [TeacherCells]) {
        do {
            let tables = try TeacherFiles.read(contentsOf: URL(fileURLWithPath: path))
            var cells: [TeacherCells] = []
            for table in tables {
                let columns = try TeacherColumns(header: table.header, file: table.label)
                let prefix = tables.count > 1 ? table.label + "#" : ""
                // Without record_id: the data row's number in a CSV, the row Excel shows in a sheet.
                let isSheet = table.sheet != nil
                cells += table.rows.enumerated().map { index, row in
                    columns.cells(of: row.cells, fallbackID: prefix + String(isSheet ? row.line : index + 1))
                }
            }
            return (URL(fileURLWithPath: path).lastPathComponent, cells)
        } catch let error as CSVTable.ReadError {
            throw ValidationError(error.description)
        } catch let error as TeacherColumns.MissingColumn {
            throw ValidationError(error.description)
        } catch let error as IntakeError {
            throw ValidationError(error.description)
        }
    }
}
