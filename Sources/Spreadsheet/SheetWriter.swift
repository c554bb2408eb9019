import Foundation

/// Writes the rows of one sheet, in order, straight to a file or into a streamed workbook: memory
/// use does not grow with the sheet. Get one from `WorkbookWriter` or `WorkbookStream`.
public final class SheetWriter {
    public let name: String
    let isHidden: Bool
    private let destination: Destination
    private let closingXML: String
    private var output: [UInt8] = []
    private var nextRowNumber = 1
    private var columnLetters: [[UInt8]] = []
    private static let flushSize = 1 << 16

    private enum Destination {
        /// A file of its own, deflated as it is written, which `SheetCopy` copies into the archive.
        case file(FileHandle, URL, Deflater)
        /// The open entry of a streamed archive.
        case entry(ZipStream)
    }

    /// A sheet that waits in a file of its own (deflated: a province's members sheet is 900 MB of
    /// XML) until `WorkbookWriter` or `WorkbookStream` copies it in.
    convenience init(name: String, layout: SheetLayout, fileURL: URL) throws {
        // What can fail comes first: a sheet that fails to start leaves no file behind.
        let closingXML = try Self.closingXML(layout, sheet: name)
        let deflater = try Deflater(path: fileURL.path)
        let handle = try SpreadsheetError.reportingWriteFailure(of: fileURL) {
            // Should creating fail, opening the file below reports why.
            _ = FileManager.default.createFile(atPath: fileURL.path, contents: nil)
            return try FileHandle(forWritingTo: fileURL)
        }
        self.init(name: name, layout: layout, closingXML: closingXML, destination: .file(handle, fileURL, deflater))
    }

    /// A sheet written into the entry `archive` has open.
    convenience init(name: String, layout: SheetLayout, entryOf archive: ZipStream) throws {
        self.init(name: name, layout: layout, closingXML: try Self.closingXML(layout, sheet: name), destination: .entry(archive))
    }

    private init(name: String, layout: SheetLayout, closingXML: String, destination: Destination) {
        self.name = name
        self.destination = destination
        isHidden = layout.isHidden
        self.closingXML = closingXML
        output.reserveCapacity(Self.flushSize + 4096)
        output.append(contentsOf: Self.openingXML(layout).utf8)
    }

    /// The file the sheet is written to, if it has one of its own.
    var fileURL: URL? {
        guard case let .file(_, url, _) = destination else { return nil }
        return url
    }

    /// What the archive records of the deflated file, once the sheet is finished.
    private(set) var deflated: Deflater.Summary?

    /// Its file goes with it; once added to a workbook, the archive holds a copy.
    deinit {
        guard case let .file(handle, url, _) = destination else { return }
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }

    /// Appends a row of column titles, bold.
    public func appendHeaderRow(_ titles: [String]) throws {
        try appendRow(titles.map(CellValue.text), isHeader: true)
    }

    /// Appends the next row; `.empty` cells are left out of the file.
    /// Text is stored as text even when it looks like a number, so "001234567890" keeps its zeros.
    public func appendRow(_ cells: [CellValue]) throws {
        try appendRow(cells, isHeader: false)
    }

    private func appendRow(_ cells: [CellValue], isHeader: Bool) throws {
        guard nextRowNumber <= CellReference.maximumRowNumber else {
            throw SpreadsheetError.tooManyRows(sheet: name)
        }
        while columnLetters.count < cells.count {
            columnLetters.append(Array(CellReference.columnLetters(columnLetters.count).utf8))
        }
        let row = RowXML(number: nextRowNumber, columnLetters: columnLetters, isHeader: isHeader)
        // Encoding into `output` passed inout checks exclusive access once a row, not at every append.
        do {
            try row.encode(cells, into: &output)
        } catch {
            let reference = CellReference(columnIndex: error.columnIndex, rowNumber: nextRowNumber)
            throw SpreadsheetError.invalidCellValue(sheet: name, cell: reference.description, value: error.text)
        }
        nextRowNumber += 1
        if output.count >= Self.flushSize { try flush() }
    }

    /// Writes the end of the sheet; called by the workbook before the sheet is added.
    func finish() throws {
        append(closingXML)
        try flush(finishing: true)
        switch destination {
        case let .file(handle, url, deflater):
            try SpreadsheetError.reportingWriteFailure(of: url) { try handle.close() }
            deflated = deflater.summary
        case let .entry(archive):
            try archive.endEntry()
        }
    }

    private func flush(finishing: Bool = false) throws {
        switch destination {
        case let .file(handle, url, deflater):
            try output.withUnsafeBufferPointer { xml in
                try deflater.compress(xml, finishing: finishing) { bytes in
                    try SpreadsheetError.reportingWriteFailure(of: url) { try handle.write(contentsOf: bytes) }
                }
            }
        case let .entry(archive):
            try archive.write(output)
        }
        output.removeAll(keepingCapacity: true)
    }

    private func append(_ text: String) {
        output.append(contentsOf: text.utf8)
    }

    // MARK: - Around the rows

    private static func openingXML(_ layout: SheetLayout) -> String {
        var xml = """
            \(PackageXML.declaration)<worksheet xmlns="\(PackageXML.spreadsheetNamespace)" xmlns:r="\(PackageXML.relationshipsNamespace)"><sheetViews><sheetView workbookViewId="0">
            """
        if layout.frozenRows > 0 {
            let topLeft = CellReference(columnIndex: 0, rowNumber: layout.frozenRows + 1)
            xml += #"<pane ySplit="\#(layout.frozenRows)" topLeftCell="\#(topLeft)" activePane="bottomLeft" state="frozen"/>"#
        }
        xml += "</sheetView></sheetViews>"
        if !layout.columns.isEmpty {
            xml += "<cols>"
            for (index, column) in layout.columns.enumerated() {
                let style = column.isText ? #" style="\#(CellStyle.text.rawValue)""# : ""
                xml += #"<col min="\#(index + 1)" max="\#(index + 1)" width="\#(column.width)" customWidth="1"\#(style)/>"#
            }
            xml += "</cols>"
        }
        return xml + "<sheetData>"
    }

    private static func closingXML(_ layout: SheetLayout, sheet: String) throws -> String {
        "</sheetData>" + (try validationsXML(layout.listValidations, sheet: sheet)) + "</worksheet>"
    }

    private static func validationsXML(_ validations: [ListValidation], sheet: String) throws -> String {
        guard !validations.isEmpty else { return "" }
        var xml = #"<dataValidations count="\#(validations.count)">"#
        for validation in validations {
            let column = CellReference.columnLetters(validation.columnIndex)
            let range = "\(column)\(validation.rows.lowerBound):\(column)\(validation.rows.upperBound)"
            let formula = try listFormula(validation.source, sheet: sheet)
            xml += #"<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="\#(range)">"#
                + "<formula1>\(XMLEscaping.escaped(formula))</formula1></dataValidation>"
        }
        return xml + "</dataValidations>"
    }

    /// The list as a formula: a quoted, comma-separated literal or an absolute range on another sheet.
    private static func listFormula(_ source: ListSource, sheet: String) throws -> String {
        switch source {
        case .values(let values):
            let list = values.joined(separator: ",")
            guard !values.contains(where: { $0.contains(",") }) else {
                throw SpreadsheetError.invalidListValidation(sheet: sheet, reason: "a listed value contains a comma; list the values in cells instead")
            }
            guard list.count <= 255 else {
                throw SpreadsheetError.invalidListValidation(sheet: sheet, reason: "the values exceed 255 characters; list them in cells instead")
            }
            return "\"" + list.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .cells(let listSheet, let columnIndex, let rows):
            let column = CellReference.columnLetters(columnIndex)
            let quotedSheet = "'" + listSheet.replacingOccurrences(of: "'", with: "''") + "'"
            return "\(quotedSheet)!$\(column)$\(rows.lowerBound):$\(column)$\(rows.upperBound)"
        }
    }
}
