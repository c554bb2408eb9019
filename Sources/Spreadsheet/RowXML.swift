/// The XML of one sheet row: `<row r="7"><c r="A7" …>…</c>…</row>`.
struct RowXML {
    /// Thrown for NaN and infinities, which a cell cannot hold.
    struct NonFiniteNumber: Error {
        let columnIndex: Int
        let text: String
    }

    private static let textAttributes = #" t="inlineStr" s="\#(CellStyle.text.rawValue)""#
    private static let headerAttributes = #" t="inlineStr" s="\#(CellStyle.header.rawValue)""#
    private static let dateAttributes = #" s="\#(CellStyle.date.rawValue)""#
    private static let dateTimeAttributes = #" s="\#(CellStyle.dateTime.rawValue)""#

    private let digits: [UInt8]
    private let columnLetters: [[UInt8]]
    private let isHeader: Bool

    /// - Parameters:
    ///   - columnLetters: the letters of each column, at least as many as the row has cells.
    ///   - isHeader: whether text is bold, as column titles are.
    init(number: Int, columnLetters: [[UInt8]], isHeader: Bool) {
        digits = Array(String(number).utf8)
        self.columnLetters = columnLetters
        self.isHeader = isHeader
    }

    /// Appends the row; `.empty` cells are left out.
    func encode(_ cells: [CellValue], into bytes: inout [UInt8]) throws(NonFiniteNumber) {
        bytes.append(contentsOf: #"<row r=""#.utf8)
        bytes.append(contentsOf: digits)
        bytes.append(contentsOf: #"">"#.utf8)
        for (columnIndex, value) in cells.enumerated() {
            try encode(value, at: columnIndex, into: &bytes)
        }
        bytes.append(contentsOf: "</row>".utf8)
    }

    private func encode(_ value: CellValue, at columnIndex: Int, into bytes: inout [UInt8]) throws(NonFiniteNumber) {
        func open(_ attributes: String) {
            bytes.append(contentsOf: #"<c r=""#.utf8)
            bytes.append(contentsOf: columnLetters[columnIndex])
            bytes.append(contentsOf: digits)
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: attributes.utf8)
            bytes.append(UInt8(ascii: ">"))
        }
        switch value {
        case .empty:
            return
        case .text(let text):
            open(isHeader ? Self.headerAttributes : Self.textAttributes)
            bytes.append(contentsOf: Self.hasOuterWhitespace(text) ? #"<is><t xml:space="preserve">"#.utf8 : "<is><t>".utf8)
            XMLEscaping.append(text, to: &bytes)
            bytes.append(contentsOf: "</t></is></c>".utf8)
        case .number(let number):
            guard number.isFinite else { throw NonFiniteNumber(columnIndex: columnIndex, text: "\(number)") }
            open("")
            appendValue(Self.numberText(number), to: &bytes)
        case .boolean(let flag):
            open(#" t="b""#)
            appendValue(flag ? "1" : "0", to: &bytes)
        case .date(let date):
            let serial = DateSystem.system1900.serial(from: date)
            open(serial == serial.rounded(.down) ? Self.dateAttributes : Self.dateTimeAttributes)
            appendValue(Self.numberText(serial), to: &bytes)
        case .error(let code):
            open(#" t="e""#)
            appendValue(code, to: &bytes)
        }
    }

    private func appendValue(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: "<v>".utf8)
        XMLEscaping.append(text, to: &bytes)
        bytes.append(contentsOf: "</v></c>".utf8)
    }

    /// Whole numbers without a fraction ("42", not "42.0"); others in the shortest form that reads back exactly.
    static func numberText(_ number: Double) -> String {
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }

    /// XML parsers may drop whitespace at either end of an element unless it is marked xml:space="preserve".
    private static func hasOuterWhitespace(_ text: String) -> Bool {
        text.utf8.first?.isXMLWhitespace == true || text.utf8.last?.isXMLWhitespace == true
    }
}
