import Foundation

/// Reads what schools and counties send: a CSV (UTF-8 or GBK), an .xlsx
/// workbook, or a ZIP of many (nested folders allowed) — into tables, each
/// named by its file (and sheet).
public enum TeacherFiles {
    public static func read(contentsOf url: URL, limits: IntakeLimits = .standard) throws -> [CSVTable] {
        let name = url.lastPathComponent
        switch url.pathExtension.lowercased() {
        case "xlsx": return try XLSXReader.read(contentsOf: url, limits: limits)
        case "zip": return try readBatch(try ZipPackage(url: url, limits: limits), limits: limits)
        case "xls": throw xlsError(name)
        default:
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw IntakeError(file: name, "cannot be read: \(error.localizedDescription)")
            }
            return [try CSVTable.parse(data: data, file: name)]
        }
    }

    static func readBatch(_ package: ZipPackage, limits: IntakeLimits) throws -> [CSVTable] {
        var package = package
        var tables: [CSVTable] = []
        for path in package.paths {
            let components = path.split(separator: "/")
            guard !path.hasPrefix("/"), !components.contains("..") else {
                throw IntakeError(file: package.name, location: path, "an entry path must stay inside the archive")
            }
            let base = components.last.map(String.init) ?? path
            if base.hasPrefix(".") || path.hasPrefix("__MACOSX/") { continue }
            let label = package.name + " › " + path
            switch (base as NSString).pathExtension.lowercased() {
            case "xlsx": tables += try XLSXReader.read(data: try package.part(path), name: label, limits: limits)
            case "csv", "txt": tables.append(try CSVTable.parse(data: try package.part(path), file: label))
            case "xls": throw xlsError(label)
            default: continue
            }
        }
        guard !tables.isEmpty else { throw IntakeError(file: package.name, "holds no .xlsx or .csv file") }
        return tables
    }

    static func xlsError(_ name: String) -> IntakeError {
        IntakeError(file: name, "is an old Excel 97-2003 (.xls) file: open it in Excel or WPS and save it as .xlsx "
                    + "(文件 › 另存为 › Excel 工作簿 *.xlsx), then send it again")
    }
}
