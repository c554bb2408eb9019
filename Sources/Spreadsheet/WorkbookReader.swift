import Foundation
import ZIPFoundation

/// Reads an XLSX workbook: its sheet names, and the rows of any sheet one at a time.
///
/// Opening reads the package's small parts and the shared-strings table; sheets are streamed
/// when asked for, so a sheet of any length is read without holding it whole.
public final class WorkbookReader {
    /// The sheet names in workbook order, hidden sheets included.
    public let sheetNames: [String]

    private let url: URL
    private let archive: Archive
    private let sheetParts: [String: String]
    private let context: SheetReader.Context

    public init(url: URL) throws {
        guard FileManager.default.fileExists(atPath: url.path) else { throw SpreadsheetError.fileNotFound(path: url.path) }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw SpreadsheetError.notAZipArchive(path: url.path)
        }
        let workbookPart = try Self.officeDocumentPart(in: archive)
        let workbook = try WorkbookPart(archive: archive, path: workbookPart)
        let relationships = try Relationships(archive: archive, sourcePart: workbookPart)
        var sheetParts: [String: String] = [:]
        for sheet in workbook.sheets {
            guard let part = relationships.targets[sheet.relationshipID] else {
                throw SpreadsheetError.malformedXML(part: workbookPart, reason: "sheet \"\(sheet.name)\" has no part")
            }
            sheetParts[sheet.name] = part
        }
        let sharedStrings = try relationships.target(ofType: "sharedStrings").map { try Self.sharedStrings(in: archive, part: $0) }
        let dateStyles = try relationships.target(ofType: "styles").map { try Self.dateStyles(in: archive, part: $0) }
        self.url = url
        self.archive = archive
        self.sheetNames = workbook.sheets.map(\.name)
        self.sheetParts = sheetParts
        context = SheetReader.Context(
            sharedStrings: sharedStrings ?? [],
            dateStyles: dateStyles ?? [],
            dateSystem: workbook.usesDate1904 ? .system1904 : .system1900
        )
    }

    /// Calls `body` with each stored row of the sheet in order; rows absent from the file are skipped,
    /// so `SheetRow.number` tells where each one is. Throw from `body` to stop early: that error is rethrown.
    public func forEachRow(inSheet name: String, _ body: (SheetRow) throws -> Void) throws {
        let reader = try rowReader(inSheet: name)
        while let row = try reader.next() { try body(row) }
    }

    /// The sheet's stored rows, each read when asked for: several sheets can be read side by side.
    public func rowReader(inSheet name: String) throws -> SheetRowReader {
        guard let part = sheetParts[name] else { throw SpreadsheetError.sheetNotFound(name) }
        let file: FileHandle
        do {
            file = try FileHandle(forReadingFrom: url)
        } catch {
            throw SpreadsheetError.fileNotFound(path: url.path)
        }
        return SheetRowReader(entry: try ZipEntryReader(part, in: file), part: part, reader: SheetReader(sheetName: name, context: context))
    }

    /// All stored rows of a sheet; for small sheets, where holding them is fine.
    public func rows(inSheet name: String) throws -> [SheetRow] {
        var rows: [SheetRow] = []
        try forEachRow(inSheet: name) { rows.append($0) }
        return rows
    }

    // MARK: - Package parts

    /// The workbook part named by the package relationships; "xl/workbook.xml" where they do not say.
    private static func officeDocumentPart(in archive: Archive) throws -> String {
        let conventionalPart = "xl/workbook.xml"
        guard archive["_rels/.rels"] != nil else { return conventionalPart }
        return try Relationships(archive: archive, sourcePart: "").target(ofType: "officeDocument") ?? conventionalPart
    }

    private static func sharedStrings(in archive: Archive, part: String) throws -> [String] {
        var strings: [String] = []
        var item = RichTextCollector()
        try archive.forEachToken(inPart: part) { token in
            switch token {
            case .startElement("si", _): item = RichTextCollector()
            case .endElement("si"): strings.append(item.text)
            default: item.consume(token)
            }
        }
        return strings
    }

    /// Flags by style index (the cell attribute s) for the styles that show numbers as dates.
    private static func dateStyles(in archive: Archive, part: String) throws -> [Bool] {
        var formatCodes: [Int: String] = [:]
        var styleFormats: [Int] = []
        var isInCellFormats = false
        try archive.forEachToken(inPart: part) { token in
            switch token {
            case .startElement("numFmt", let attributes):
                if let id = attributes.value(of: "numFmtId").flatMap(Int.init) { formatCodes[id] = attributes.value(of: "formatCode") }
            case .startElement("cellXfs", _): isInCellFormats = true
            case .endElement("cellXfs"): isInCellFormats = false
            case .startElement("xf", let attributes) where isInCellFormats:
                styleFormats.append(attributes.value(of: "numFmtId").flatMap(Int.init) ?? 0)
            default: break
            }
        }
        return styleFormats.map { DateFormatDetector.isDateFormat(id: $0, code: formatCodes[$0]) }
    }
}

/// The sheet list and date system of xl/workbook.xml.
private struct WorkbookPart {
    struct Sheet {
        let name: String
        let relationshipID: String
    }

    private(set) var sheets: [Sheet] = []
    private(set) var usesDate1904 = false

    init(archive: Archive, path: String) throws {
        try archive.forEachToken(inPart: path) { token in
            switch token {
            case .startElement("sheet", let attributes):
                guard let name = attributes.value(of: "name"), let id = attributes.value(of: "id") else {
                    throw SpreadsheetError.malformedXML(part: path, reason: "a <sheet> lacks its name or r:id")
                }
                sheets.append(Sheet(name: name, relationshipID: id))
            case .startElement("workbookPr", let attributes):
                usesDate1904 = ["1", "true"].contains(attributes.value(of: "date1904"))
            default: break
            }
        }
    }
}

/// The relationships of one part (its _rels/NAME.rels), with targets resolved to archive paths.
private struct Relationships {
    private(set) var targets: [String: String] = [:]
    private var types: [(type: String, target: String)] = []

    /// - Parameter sourcePart: the part whose relationships to read; "" for the package's own.
    init(archive: Archive, sourcePart: String) throws {
        let directory = sourcePart.split(separator: "/").dropLast()
        let fileName = sourcePart.split(separator: "/").last ?? ""
        let path = (directory + ["_rels", "\(fileName).rels"]).joined(separator: "/")
        try archive.forEachToken(inPart: path) { token in
            guard case .startElement("Relationship", let attributes) = token,
                  let id = attributes.value(of: "Id"), let target = attributes.value(of: "Target"),
                  attributes.value(of: "TargetMode") != "External"
            else { return }
            let resolved = Self.resolve(target, from: directory)
            targets[id] = resolved
            types.append((attributes.value(of: "Type") ?? "", resolved))
        }
    }

    /// The target of the first relationship whose type URI ends in "/" + `typeName`.
    func target(ofType typeName: String) -> String? {
        types.first { $0.type.hasSuffix("/" + typeName) }?.target
    }

    /// Targets are relative to the source part's folder unless they start with "/".
    private static func resolve(_ target: String, from directory: ArraySlice<Substring>) -> String {
        var components = target.hasPrefix("/") ? [] : Array(directory)
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return components.joined(separator: "/")
    }
}
