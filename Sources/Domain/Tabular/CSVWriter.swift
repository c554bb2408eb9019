/// Writes CSV as RFC 4180 does: CRLF line ends, a field quoted (its quotes doubled) only when it
/// holds the separator, a quote or a line break. Output is UTF-8 bytes; take them as they grow
/// to stream a large file.
public struct CSVWriter {
    public private(set) var bytes: [UInt8] = []
    private let separator: UInt8

    /// `byteOrderMark`: Excel opens a file as UTF-8 only when it begins with one.
    public init(byteOrderMark: Bool = false, separator: UInt8 = UInt8(ascii: ",")) {
        self.separator = separator
        if byteOrderMark { bytes = [0xEF, 0xBB, 0xBF] }
    }

    /// Appends one record.
    public mutating func write(_ fields: some Sequence<String>) {
        var first = true
        for field in fields {
            if !first { bytes.append(separator) }
            first = false
            append(field)
        }
        bytes.append(contentsOf: [UInt8(ascii: "\r"), UInt8(ascii: "\n")])
    }

    /// Appends the header and every row, cells as `TableCell.plainText` gives them.
    public mutating func write(_ sheet: TableSheet) {
        write(sheet.header.map(\.plainText))
        for row in sheet.rows { write(row.cells.map(\.plainText)) }
    }

    /// What was written since the last call, for writing out in parts.
    public mutating func takeBytes() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// The bytes written so far as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func append(_ field: String) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains {
            $0 == separator || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
        guard needsQuotes else {
            bytes.append(contentsOf: utf8)
            return
        }
        bytes.append(UInt8(ascii: "\""))
        for byte in utf8 {
            bytes.append(byte)
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
