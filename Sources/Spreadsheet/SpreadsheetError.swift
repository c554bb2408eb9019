import Foundation

/// Everything the reader and writer report as wrong, with the file, part, sheet or cell concerned.
/// The cases are stable so that the app can map each to its own message.
public enum SpreadsheetError: Error, Hashable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    case notAZipArchive(path: String)
    /// A part the workbook needs is absent from the archive, e.g. "xl/workbook.xml".
    case missingPart(String)
    /// A part whose compressed data is damaged.
    case unreadablePart(String)
    case malformedXML(part: String, reason: String)
    case sheetNotFound(String)
    case invalidCellReference(String)
    case invalidCellValue(sheet: String, cell: String, value: String)
    case invalidSheetName(String)
    /// More rows than the 1,048,576 a sheet can hold.
    case tooManyRows(sheet: String)
    case invalidListValidation(sheet: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path): "File not found: \(path)"
        case .notAZipArchive(let path): "Not an XLSX (ZIP) file: \(path)"
        case .missingPart(let part): "The workbook has no part \(part)"
        case .unreadablePart(let part): "The part \(part) is damaged and cannot be decompressed"
        case .malformedXML(let part, let reason): "Broken XML in \(part): \(reason)"
        case .sheetNotFound(let name): "No sheet named \"\(name)\""
        case .invalidCellReference(let text): "Not a cell reference: \"\(text)\""
        case .invalidCellValue(let sheet, let cell, let value): "Sheet \"\(sheet)\", cell \(cell): invalid value \"\(value)\""
        case .invalidSheetName(let name): "Invalid or duplicate sheet name \"\(name)\""
        case .tooManyRows(let sheet): "Sheet \"\(sheet)\" cannot hold more than \(CellReference.maximumRowNumber) rows"
        case .invalidListValidation(let sheet, let reason): "Sheet \"\(sheet)\": invalid drop-down list: \(reason)"
        case .writeFailed(let path, let reason): "Could not write \(path): \(reason)"
        }
    }
}

extension SpreadsheetError {
    /// Runs a step that writes `file`, reporting the file system's or the archive's failure as `writeFailed`.
    static func reportingWriteFailure<Result>(of file: URL, _ step: () throws -> Result) throws -> Result {
        do {
            return try step()
        } catch {
            throw writeFailed(path: file.path, reason: "\(error)")
        }
    }
}
