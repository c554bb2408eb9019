/// A cell position such as "AB123": a 0-based column index and a 1-based row number.
public struct CellReference: Hashable, Sendable, CustomStringConvertible {
    /// The largest sheet Excel allows: columns A…XFD, rows 1…1,048,576.
    public static let maximumColumnIndex = 16_383
    public static let maximumRowNumber = 1_048_576

    public let columnIndex: Int
    public let rowNumber: Int

    public init(columnIndex: Int, rowNumber: Int) {
        self.columnIndex = columnIndex
        self.rowNumber = rowNumber
    }

    /// Parses "A1"…"XFD1048576"; absolute markers ("$A$1") are not accepted.
    public init(_ text: String) throws(SpreadsheetError) {
        let bytes = Array(text.utf8)
        let letterCount = bytes.prefix { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }.count
        guard let column = Self.columnIndex(ofLetters: bytes[..<letterCount]),
              let row = Self.positiveNumber(bytes[letterCount...]),
              row <= Self.maximumRowNumber
        else { throw .invalidCellReference(text) }
        self.init(columnIndex: column, rowNumber: row)
    }

    public var description: String { Self.columnLetters(columnIndex) + String(rowNumber) }

    /// "A" for 0, "Z" for 25, "AA" for 26, "XFD" for 16,383.
    public static func columnLetters(_ columnIndex: Int) -> String {
        var remaining = columnIndex + 1
        var letters: [UInt8] = []
        while remaining > 0 {
            remaining -= 1
            letters.append(UInt8(ascii: "A") + UInt8(remaining % 26))
            remaining /= 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }

    /// The 0-based column of letters such as "AB", or nil when they are not a column within XFD.
    static func columnIndex(ofLetters letters: some Collection<UInt8>) -> Int? {
        guard !letters.isEmpty, letters.count <= 3 else { return nil }
        var value = 0
        for letter in letters {
            guard letter >= UInt8(ascii: "A"), letter <= UInt8(ascii: "Z") else { return nil }
            value = value * 26 + Int(letter - UInt8(ascii: "A")) + 1
        }
        return value - 1 <= maximumColumnIndex ? value - 1 : nil
    }

    private static func positiveNumber(_ digits: some Collection<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.count <= 7, digits.first != UInt8(ascii: "0") else { return nil }
        var value = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }
}
