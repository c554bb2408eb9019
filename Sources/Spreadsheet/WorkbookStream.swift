import Foundation

/// Writes an XLSX workbook as bytes to send while it is made, so that a download starts at once
/// however long the workbook takes: the package's small parts first, then the first sheet as its
/// rows come, then the other sheets, which wait in files of their own until the first is done.
/// Take the bytes written with `takeOutput()` as often as suits; memory holds only those.
public final class WorkbookStream {
    private let archive = ZipStream()
    /// The sheets, in the workbook's order, to fill with rows before `finishPiece`.
    public let sheets: [SheetWriter]
    /// The next sheet to copy into the archive, and its copy under way.
    private var nextSheet = 1
    private var copy: SheetCopy?
    private var isFinished = false

    /// `sheets`: names and layouts, in order. Names as for `WorkbookWriter`, unique regardless of
    /// case; at least one sheet is visible.
    public init(sheets: [(name: String, layout: SheetLayout)]) throws {
        var seen = Set<String>()
        for sheet in sheets {
            guard PackageXML.isValidSheetName(sheet.name), seen.insert(sheet.name.lowercased()).inserted else {
                throw SpreadsheetError.invalidSheetName(sheet.name)
            }
        }
        guard let activeSheet = sheets.firstIndex(where: { !$0.layout.isHidden }) else {
            throw SpreadsheetError.writeFailed(path: "", reason: "a workbook needs at least one visible sheet")
        }
        for part in PackageXML.parts(sheets: sheets.map { ($0.name, $0.layout.isHidden) }, activeSheet: activeSheet) {
            try archive.addEntry(part.path, contents: part.contents)
        }
        try archive.beginEntry(PackageXML.sheetPart(1))
        var writers = [try SheetWriter(name: sheets[0].name, layout: sheets[0].layout, entryOf: archive)]
        for sheet in sheets.dropFirst() {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID().uuidString).xml")
            writers.append(try SheetWriter(name: sheet.name, layout: sheet.layout, fileURL: url))
        }
        self.sheets = writers
    }

    /// The bytes written since the last call.
    public func takeOutput() -> [UInt8] { archive.takeOutput() }

    /// Completes the workbook a piece at a time, once every sheet has its rows: true while more
    /// is to come. Take the output after each call, the last one included.
    public func finishPiece() throws -> Bool {
        guard !isFinished else { return false }
        if nextSheet == 1 {
            try sheets[0].finish()
            nextSheet = 2
            return true
        }
        guard nextSheet <= sheets.count else {
            try archive.finish()
            isFinished = true
            return false
        }
        guard let copy else {
            copy = try SheetCopy(sheets[nextSheet - 1], as: PackageXML.sheetPart(nextSheet), into: archive)
            return true
        }
        if try !copy.copyPiece() {
            self.copy = nil
            nextSheet += 1
        }
        return true
    }
}
