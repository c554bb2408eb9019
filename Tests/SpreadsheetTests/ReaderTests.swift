import Foundation
import Testing
@testable import Spreadsheet

/// Workbooks written by hand in the shapes other programs produce.
struct ReaderTests {
    private let folder: ScratchFolder

    init() throws {
        folder = try ScratchFolder()
    }

    private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// A worksheet part holding `rows`.
    private static func worksheet(_ rows: String) -> String {
        #"<worksheet xmlns="\#(main)"><sheetData>\#(rows)</sheetData></worksheet>"#
    }

    /// A workbook of the given sheets (name and worksheet XML), with optional shared strings, styles and workbookPr.
    private func workbook(
        sheets: [(name: String, xml: String)], sharedStrings: String? = nil, styles: String? = nil, workbookProperties: String = "",
        storedSheets: Bool = false
    ) throws -> URL {
        var parts = [
            "_rels/.rels": #"<Relationships xmlns="\#(Self.packageRelationships)"><Relationship Id="rId1" Type="\#(Self.relationships)/officeDocument" Target="/xl/workbook.xml"/></Relationships>"#,
        ]
        var sheetElements = "", relationshipElements = ""
        for (index, sheet) in sheets.enumerated() {
            sheetElements += #"<sheet name="\#(sheet.name)" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
            relationshipElements += #"<Relationship Id="rId\#(index + 1)" Type="\#(Self.relationships)/worksheet" Target="sheets/s\#(index).xml"/>"#
            parts["xl/sheets/s\(index).xml"] = sheet.xml
        }
        if let sharedStrings {
            parts["xl/strings.xml"] = #"<sst xmlns="\#(Self.main)">\#(sharedStrings)</sst>"#
            relationshipElements += #"<Relationship Id="rIdS" Type="\#(Self.relationships)/sharedStrings" Target="strings.xml"/>"#
        }
        if let styles {
            parts["xl/styles.xml"] = #"<styleSheet xmlns="\#(Self.main)">\#(styles)</styleSheet>"#
            relationshipElements += #"<Relationship Id="rIdY" Type="\#(Self.relationships)/styles" Target="./styles.xml"/>"#
        }
        parts["xl/workbook.xml"] = #"<workbook xmlns="\#(Self.main)" xmlns:r="\#(Self.relationships)">\#(workbookProperties)<sheets>\#(sheetElements)</sheets></workbook>"#
        parts["xl/_rels/workbook.xml.rels"] = #"<Relationships xmlns="\#(Self.packageRelationships)">\#(relationshipElements)</Relationships>"#
        let sheetParts = sheets.indices.map { "xl/sheets/s\($0).xml" }
        return try folder.archive("\(UUID().uuidString).xlsx", parts: parts, stored: storedSheets ? Set(sheetParts) : [])
    }

    @Test func readsASheetStoredUncompressed() throws {
        let rows = (1...300).map { #"<row r="\#($0)"><c r="A\#($0)" t="inlineStr"><is><t>Hộ \#($0)</t></is></c><c r="B\#($0)"><v>\#($0)</v></c></row>"# }
        let url = try workbook(sheets: [("Hộ gia đình", Self.worksheet(rows.joined()))], storedSheets: true)
        let read = try WorkbookReader(url: url).rows(inSheet: "Hộ gia đình")
        #expect(read.count == 300)
        #expect(read.last == SheetRow(number: 300, cells: [.text("Hộ 300"), .number(300)]))
    }

    @Test func readsSharedInlineFormulaBooleanAndErrorCells() throws {
        let url = try workbook(
            sheets: [("Hộ gia đình", Self.worksheet("""
                <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>Khmer</t></is></c></row>
                <row r="2"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="str"><f>A1&amp;"x"</f><v>Đàox</v></c>\
                <c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#DIV/0!</v></c><c r="E2"><v>1.5E-3</v></c></row>
                """))],
            sharedStrings: """
                <si><t>Nguyễn Thị Hồng Đào</t></si>\
                <si><r><rPr><b/></rPr><t xml:space="preserve">Rich </t></r><r><t>text</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>
                """
        )
        let reader = try WorkbookReader(url: url)
        #expect(reader.sheetNames == ["Hộ gia đình"])
        #expect(try reader.rows(inSheet: "Hộ gia đình") == [
            SheetRow(number: 1, cells: [.text("Nguyễn Thị Hồng Đào"), .text("Rich text"), .text("Khmer")]),
            SheetRow(number: 2, cells: [.number(2), .text("Đàox"), .boolean(true), .error("#DIV/0!"), .number(0.0015)]),
        ])
    }

    @Test func detectsDatesByBuiltInAndCustomFormats() throws {
        let styles = """
            <numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00 &quot;đ&quot;"/>\
            <numFmt numFmtId="166" formatCode="[$-42A]d mmmm yyyy;@"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="22"><alignment/></xf><xf numFmtId="166"/></cellXfs>
            """
        let url = try workbook(
            sheets: [("s", Self.worksheet("""
                <row r="3"><c r="A3" s="1"><v>45351</v></c><c r="B3" s="2"><v>45351</v></c><c r="C3" s="3"><v>45351</v></c>\
                <c r="D3" s="4"><v>45351.5625</v></c><c r="E3" s="5"><v>45351</v></c><c r="F3" s="0"><v>45351</v></c></row>
                """))],
            styles: styles
        )
        let row = try #require(try WorkbookReader(url: url).rows(inSheet: "s").first)
        let leapDay = utcDate(2024, 2, 29)
        #expect(row.number == 3)
        #expect(row.cells == [.date(leapDay), .date(leapDay), .number(45351), .date(utcDate(2024, 2, 29, 13, 30)), .date(leapDay), .number(45351)])
    }

    @Test func readsISODateCells() throws {
        let url = try workbook(sheets: [("s", Self.worksheet(#"<row><c t="d"><v>2024-02-29</v></c><c t="d"><v>1987-06-05T13:45:00</v></c></row>"#))])
        #expect(try WorkbookReader(url: url).rows(inSheet: "s").first?.cells == [.date(utcDate(2024, 2, 29)), .date(utcDate(1987, 6, 5, 13, 45))])
    }

    @Test func countsFrom1904WhenTheWorkbookSaysSo() throws {
        let url = try workbook(
            sheets: [("s", Self.worksheet(#"<row><c s="1"><v>0</v></c></row>"#))],
            styles: #"<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>"#,
            workbookProperties: #"<workbookPr date1904="1"/>"#
        )
        #expect(try WorkbookReader(url: url).rows(inSheet: "s").first?.cells == [.date(utcDate(1904, 1, 1))])
    }

    @Test func anIDStoredAsANumberReadsAsANumber() throws {
        let url = try workbook(sheets: [("s", Self.worksheet(#"<row r="1"><c r="A1"><v>1234567890</v></c><c r="B1" t="n"><v>1.23456789012E+11</v></c></row>"#))])
        #expect(try WorkbookReader(url: url).rows(inSheet: "s").first?.cells == [.number(1_234_567_890), .number(123_456_789_012)])
    }

    @Test func fillsGapsAndFollowsCellsWithoutPositions() throws {
        let url = try workbook(sheets: [("s", Self.worksheet("""
            <row r="2" spans="1:30"><c r="C2"><v>3</v></c><c r="AD2"><v>30</v></c></row>
            <row r="5"><c><v>1</v></c><c/><c><v>3</v></c><c r="F5"><v>6</v></c><c><v>7</v></c></row>
            <row/>
            """))])
        let rows = try WorkbookReader(url: url).rows(inSheet: "s")
        #expect(rows.map(\.number) == [2, 5, 6])
        #expect(rows[0].cells == [.empty, .empty, .number(3)] + Array(repeating: .empty, count: 26) + [.number(30)])
        #expect(rows[1].cells == [.number(1), .empty, .number(3), .empty, .empty, .number(6), .number(7)])
        #expect(rows[2].cells.isEmpty)
    }

    @Test func readsPrefixedElementsAndStopsWhenAsked() throws {
        struct Enough: Error {}
        let url = try workbook(sheets: [("p", """
            <x:worksheet xmlns:x="\(Self.main)"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>one</x:t></x:is></x:c></x:row>\
            <x:row r="2"/><x:row r="3"/></x:sheetData></x:worksheet>
            """)])
        var seen: [Int] = []
        #expect(throws: Enough.self) {
            try WorkbookReader(url: url).forEachRow(inSheet: "p") { row in
                seen.append(row.number)
                if row.number == 2 { throw Enough() }
            }
        }
        #expect(seen == [1, 2])
        #expect(try WorkbookReader(url: url).rows(inSheet: "p").first?.cells == [.text("one")])
    }
}
