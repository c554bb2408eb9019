import Foundation

/// Writes an XLSX workbook to a file, sheet by sheet. Each sheet's rows stream, deflated, to a
/// temporary file that is copied into the archive when the sheet is done, so memory use does not
/// grow with the rows. (`WorkbookStream` writes one to send while it is made.)
///
/// The file appears at `url` only when `finish()` succeeds; until then it is built beside it
/// under a hidden temporary name, which is removed if the writer is dropped unfinished.
public final class WorkbookWriter {
    private let url: URL
    private let partialURL: URL
    private let archive = ZipStream()
    /// The partial file, until the workbook is finished.
    private var file: FileHandle?
    private var sheets: [(name: String, isHidden: Bool)] = []
    /// Names of the sheets begun and not yet added.
    private var begun: [String] = []

    /// Prepares to write to `url`, replacing any file there once finished.
    public init(url: URL) throws {
        self.url = url
        partialURL = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        let partialURL = partialURL
        file = try SpreadsheetError.reportingWriteFailure(of: partialURL) {
            // Should creating fail, opening the file below reports why.
            _ = FileManager.default.createFile(atPath: partialURL.path, contents: nil)
            return try FileHandle(forWritingTo: partialURL)
        }
    }

    deinit {
        guard let file else { return }
        try? file.close()
        try? FileManager.default.removeItem(at: partialURL)
    }

    /// Adds a sheet and has `writeRows` fill it; the sheet is complete when `writeRows` returns.
    /// Names must be 1–31 characters without : \ / ? * [ ], not start or end with an apostrophe,
    /// and differ from the other sheets' regardless of case, as Excel requires.
    public func addSheet(named name: String, layout: SheetLayout = SheetLayout(), writeRows: (SheetWriter) throws -> Void) throws {
        let sheet = try beginSheet(named: name, layout: layout)
        try writeRows(sheet)
        try add(sheet)
    }

    /// Starts a sheet to be filled alongside others (rows of several sheets from one reading of
    /// their source, or from work that waits) and added with `add(_:)`. Sheets take their places
    /// in the workbook in the order they are added. Names as for `addSheet`, unique among the
    /// sheets added and begun.
    public func beginSheet(named name: String, layout: SheetLayout = SheetLayout()) throws -> SheetWriter {
        _ = try openFile()
        guard PackageXML.isValidSheetName(name), !(sheets.map(\.name) + begun).contains(where: { $0.lowercased() == name.lowercased() }) else {
            throw SpreadsheetError.invalidSheetName(name)
        }
        // Beside the partial workbook, hidden like it.
        let temporaryURL = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).sheet")
        let sheet = try SheetWriter(name: name, layout: layout, fileURL: temporaryURL)
        begun.append(name)
        return sheet
    }

    /// Completes a sheet from `beginSheet` and adds it to the workbook.
    public func add(_ sheet: SheetWriter) throws {
        let file = try openFile()
        guard let index = begun.firstIndex(of: sheet.name), sheet.fileURL != nil else { throw SpreadsheetError.invalidSheetName(sheet.name) }
        begun.remove(at: index)
        let copy = try SheetCopy(sheet, as: PackageXML.sheetPart(sheets.count + 1), into: archive)
        while try copy.copyPiece() { try write(to: file) }
        try write(to: file)
        sheets.append((sheet.name, sheet.isHidden))
    }

    /// Completes the workbook and moves it into place. It needs at least one visible sheet.
    public func finish() throws {
        let file = try openFile()
        guard let activeSheet = sheets.firstIndex(where: { !$0.isHidden }) else {
            throw SpreadsheetError.writeFailed(path: url.path, reason: "a workbook needs at least one visible sheet")
        }
        for part in PackageXML.parts(sheets: sheets, activeSheet: activeSheet) {
            try archive.addEntry(part.path, contents: part.contents)
        }
        try archive.finish()
        try write(to: file)
        try SpreadsheetError.reportingWriteFailure(of: partialURL) { try file.close() }
        self.file = nil
        // rename(2) replaces any file at `url` in one step, so readers never see half a workbook.
        guard rename(partialURL.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: partialURL)
            throw SpreadsheetError.writeFailed(path: url.path, reason: reason)
        }
    }

    /// Writes out what the archive has made so far.
    private func write(to file: FileHandle) throws {
        let bytes = archive.takeOutput()
        try SpreadsheetError.reportingWriteFailure(of: partialURL) { try file.write(contentsOf: bytes) }
    }

    private func openFile() throws -> FileHandle {
        guard let file else { throw SpreadsheetError.writeFailed(path: url.path, reason: "the workbook is already finished") }
        return file
    }
}
