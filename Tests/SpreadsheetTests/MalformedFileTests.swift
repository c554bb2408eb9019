import Foundation
import Testing
@testable import Spreadsheet

struct MalformedFileTests {
    private let folder: ScratchFolder

    init() throws {
        folder = try ScratchFolder()
    }

    /// Our own workbook with one part replaced.
    private func workbook(replacing part: String, with contents: String) throws -> URL {
        let original = folder.file("original.xlsx")
        let writer = try WorkbookWriter(url: original)
        try writer.addSheet(named: "households") { try $0.appendRow([.text("a"), .number(1)]) }
        try writer.finish()
        var parts: [String: String] = [:]
        for path in ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml"] {
            parts[path] = try partText(path, in: original)
        }
        parts[part] = contents
        return try folder.archive("changed-\(UUID().uuidString).xlsx", parts: parts)
    }

    @Test func aMissingFile() {
        let url = folder.file("absent.xlsx")
        #expect(throws: SpreadsheetError.fileNotFound(path: url.path)) { try WorkbookReader(url: url) }
    }

    @Test func aFileThatIsNotAZip() throws {
        let url = folder.file("households.xlsx")
        try Data("Họ và tên,Số định danh\n".utf8).write(to: url)
        #expect(throws: SpreadsheetError.notAZipArchive(path: url.path)) { try WorkbookReader(url: url) }
    }

    @Test func aZipWithoutAWorkbook() throws {
        let url = try folder.archive("photos.zip", parts: ["readme.txt": "not a workbook"])
        #expect(throws: SpreadsheetError.missingPart("xl/workbook.xml")) { try WorkbookReader(url: url) }
    }

    @Test func aWorkbookWhoseSheetPartIsMissing() throws {
        let url = try workbook(replacing: "xl/_rels/workbook.xml.rels", with: """
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/gone.xml"/>\
            </Relationships>
            """)
        let reader = try WorkbookReader(url: url)
        #expect(throws: SpreadsheetError.missingPart("xl/worksheets/gone.xml")) { try reader.rows(inSheet: "households") }
    }

    @Test func brokenSheetXML() throws {
        let url = try workbook(replacing: "xl/worksheets/sheet1.xml", with: #"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></row>"#)
        let reader = try WorkbookReader(url: url)
        #expect(throws: SpreadsheetError.malformedXML(part: "xl/worksheets/sheet1.xml", reason: "</row> found where </c> was expected")) {
            try reader.rows(inSheet: "households")
        }
    }

    @Test func brokenWorkbookXML() throws {
        let url = try workbook(replacing: "xl/workbook.xml", with: #"<workbook><sheets><sheet name="a" r:id="rId1"/>"#)
        #expect(throws: SpreadsheetError.malformedXML(part: "xl/workbook.xml", reason: "the document ends before </sheets>")) {
            try WorkbookReader(url: url)
        }
    }

    @Test func cellsWithImpossibleValues() throws {
        let cases = [
            (#"<c r="B7" t="s"><v>9</v></c>"#, "B7", "9"),
            (#"<c r="C7" t="b"><v>yes</v></c>"#, "C7", "yes"),
            (#"<c r="D7"><v>12,5</v></c>"#, "D7", "12,5"),
        ]
        for (cell, reference, value) in cases {
            let url = try workbook(replacing: "xl/worksheets/sheet1.xml", with: #"<worksheet><sheetData><row r="7">\#(cell)</row></sheetData></worksheet>"#)
            #expect(throws: SpreadsheetError.invalidCellValue(sheet: "households", cell: reference, value: value)) {
                try WorkbookReader(url: url).rows(inSheet: "households")
            }
        }
        let url = try workbook(replacing: "xl/worksheets/sheet1.xml", with: #"<worksheet><sheetData><row><c r="7A"/></row></sheetData></worksheet>"#)
        #expect(throws: SpreadsheetError.invalidCellReference("7A")) { try WorkbookReader(url: url).rows(inSheet: "households") }
    }

    @Test func aSheetThatDoesNotExist() throws {
        let url = try workbook(replacing: "xl/styles.xml", with: "<styleSheet/>")
        #expect(throws: SpreadsheetError.sheetNotFound("members")) { try WorkbookReader(url: url).rows(inSheet: "members") }
    }

    @Test func aDamagedArchive() throws {
        let url = folder.file("damaged.xlsx")
        let writer = try WorkbookWriter(url: url)
        try writer.addSheet(named: "households") { sheet in
            for row in 1...2000 { try sheet.appendRow([.text("Thành viên \(row)"), .number(Double(row))]) }
        }
        try writer.finish()
        var bytes = try Data(contentsOf: url)
        // The sheet is the first entry: scramble the middle of its compressed data.
        for offset in 200..<400 { bytes[offset] ^= 0x5A }
        try bytes.write(to: url)
        #expect(throws: SpreadsheetError.unreadablePart("xl/worksheets/sheet1.xml")) {
            try WorkbookReader(url: url).rows(inSheet: "households")
        }
    }
}
