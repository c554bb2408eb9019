/// The cell formats of the writer's styles.xml; a cell's s attribute is the raw value.
enum CellStyle: Int, CaseIterable {
    case general, header, date, dateTime, text

    /// 49 is the built-in text format "@"; 164 and 165 are declared in `stylesXML`.
    private var numberFormatID: Int {
        switch self {
        case .general: 0
        case .header, .text: 49
        case .date: 164
        case .dateTime: 165
        }
    }

    /// Dates show day/month/year, as read in Vietnam.
    static let stylesXML: String = {
        let cellFormats = allCases.map { style in
            let fontID = style == .header ? 1 : 0
            return #"<xf numFmtId="\#(style.numberFormatID)" fontId="\#(fontID)" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>"#
        }
        return PackageXML.declaration + #"<styleSheet xmlns="\#(PackageXML.spreadsheetNamespace)">"#
            + #"<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>"#
            + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
            + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + #"<cellXfs count="\#(cellFormats.count)">"# + cellFormats.joined() + "</cellXfs>"
            + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
            + "</styleSheet>"
    }()
}
