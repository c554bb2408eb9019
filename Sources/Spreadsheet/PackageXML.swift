/// The small fixed parts of a package the writer produces, around its sheets and styles.
enum PackageXML {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let spreadsheetNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"
    private static let contentTypesNamespace = "http://schemas.openxmlformats.org/package/2006/content-types"
    private static let mainContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml"

    /// Every part but the sheets: content types, relationships, the workbook and its styles.
    static func parts(sheets: [(name: String, isHidden: Bool)], activeSheet: Int) -> [(path: String, contents: String)] {
        [
            ("[Content_Types].xml", contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", packageRelationships),
            ("xl/workbook.xml", workbook(sheets: sheets, activeSheet: activeSheet)),
            ("xl/_rels/workbook.xml.rels", workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", CellStyle.stylesXML),
        ]
    }

    /// Names are 1–31 characters without : \ / ? * [ ], do not start or end with an apostrophe,
    /// as Excel requires.
    static func isValidSheetName(_ name: String) -> Bool {
        (1...31).contains(name.count)
            && !name.contains(where: { ":\\/?*[]".contains($0) })
            && !name.hasPrefix("'") && !name.hasSuffix("'")
    }

    /// The archive path of the n-th sheet, counting from 1.
    static func sheetPart(_ number: Int) -> String {
        "xl/worksheets/sheet\(number).xml"
    }

    static func contentTypes(sheetCount: Int) -> String {
        let sheetOverrides = (1...sheetCount).map {
            #"<Override PartName="/\#(sheetPart($0))" ContentType="\#(mainContentType).worksheet+xml"/>"#
        }
        return declaration + #"<Types xmlns="\#(contentTypesNamespace)">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="\#(mainContentType).sheet.main+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="\#(mainContentType).styles+xml"/>"#
            + sheetOverrides.joined() + "</Types>"
    }

    static let packageRelationships = declaration + #"<Relationships xmlns="\#(packageRelationshipsNamespace)">"#
        + #"<Relationship Id="rId1" Type="\#(relationshipsNamespace)/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    /// Sheet n is relationship "rIdn"; the styles come after the sheets.
    static func workbook(sheets: [(name: String, isHidden: Bool)], activeSheet: Int) -> String {
        let sheetElements = sheets.enumerated().map { index, sheet in
            let state = sheet.isHidden ? #" state="hidden""# : ""
            return #"<sheet name="\#(XMLEscaping.escaped(sheet.name))" sheetId="\#(index + 1)"\#(state) r:id="rId\#(index + 1)"/>"#
        }
        return declaration + #"<workbook xmlns="\#(spreadsheetNamespace)" xmlns:r="\#(relationshipsNamespace)">"#
            + #"<bookViews><workbookView activeTab="\#(activeSheet)"/></bookViews>"#
            + "<sheets>" + sheetElements.joined() + "</sheets></workbook>"
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        let sheetRelationships = (1...sheetCount).map {
            #"<Relationship Id="rId\#($0)" Type="\#(relationshipsNamespace)/worksheet" Target="worksheets/sheet\#($0).xml"/>"#
        }
        return declaration + #"<Relationships xmlns="\#(packageRelationshipsNamespace)">"#
            + sheetRelationships.joined()
            + #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(relationshipsNamespace)/styles" Target="styles.xml"/>"#
            + "</Relationships>"
    }
}
