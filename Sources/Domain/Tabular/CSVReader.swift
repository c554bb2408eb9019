/// One record of a CSV file: its fields and where it stands.
public struct CSVRecord: Sendable, Equatable {
    /// 1-based, counting blank lines as a spreadsheet shows them: the row a user looks for.
    public var row: Int
    /// 1-based line of the file on which the record starts; after a field holding line breaks it
    /// runs ahead of `row`.
    public var line: Int
    public var fields: [String]

    public init(row: Int, line: Int, fields: [String]) {
        self.row = row
        self.line = line
        self.fields = fields
    }
}

/// A file that is not CSV as RFC 4180 writes it, or not UTF-8.
public struct CSVSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Problem: String, Sendable, Equatable {
        /// A quoted field that the file ends inside.
        case unterminatedQuote
        /// `ab"c`: quotes belong only around a whole field.
        case quoteInUnquotedField
        /// `"ab"c`: after the closing quote only a separator or a line end may follow.
        case textAfterClosingQuote
        /// Not UTF-8: the file was saved in a legacy code page.
        case invalidUTF8
    }

    public var problem: Problem
    /// The record's row, as in `CSVRecord.row`.
    public var row: Int
    /// The line of the file where the problem is (for an unterminated quote, where it opened).
    public var line: Int

    public init(_ problem: Problem, row: Int, line: Int) {
        self.problem = problem
        self.row = row
        self.line = line
    }

    public var message: Message { Message("csv.\(problem.rawValue)", ["row": String(row), "line": String(line)]) }

    public var description: String { Translations.render(message, in: .en) }
}

/// Reads CSV (RFC 4180) from chunks of bytes as they arrive, so that a file of any size is read
/// without being held whole: fields may be quoted, with doubled quotes and line breaks inside;
/// lines end in CRLF, LF or CR; a UTF-8 byte-order mark is skipped. A blank line is no record
/// but is counted, so that row numbers are those a spreadsheet shows.
///
/// ```swift
/// var reader = CSVReader()
/// for chunk in chunks { handle(try reader.consume(chunk)) }
/// handle(try reader.finish())
/// ```
public struct CSVReader {
    private enum State {
        /// Matching the byte-order mark; `matched` of its bytes seen.
        case start(matched: Int)
        case fieldStart
        case unquoted
        case quoted
        /// A quote inside a quoted field: the closing one, or the first of a doubled pair.
        case quoteInQuoted
        /// A record ended at CR: a following LF belongs to it.
        case afterCarriageReturn
    }

    private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private let separator: UInt8
    private var state = State.start(matched: 0)
    /// Bytes of a field that began in an earlier chunk, or holds doubled quotes.
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var records: [CSVRecord] = []
    private var row = 1
    private var line = 1
    private var recordLine = 1
    private var quoteLine = 1
    private var failure: CSVSyntaxError?

    /// `separator` is a comma by RFC 4180; Excel in some locales writes semicolons.
    public init(separator: UInt8 = UInt8(ascii: ",")) {
        self.separator = separator
    }

    /// The records completed by `bytes`. After an error every call throws it again.
    public mutating func consume(_ bytes: some Collection<UInt8>) throws(CSVSyntaxError) -> [CSVRecord] {
        if bytes.withContiguousStorageIfAvailable({ process($0) }) == nil {
            Array(bytes).withUnsafeBufferPointer { process($0) }
        }
        return try takeRecords()
    }

    /// The last record, when the file does not end with a line break.
    public mutating func finish() throws(CSVSyntaxError) -> [CSVRecord] {
        if failure == nil {
            switch state {
            case let .start(matched):
                state = .fieldStart
                Self.byteOrderMark[..<matched].withUnsafeBufferPointer { process($0) }
                return try finish()
            case .fieldStart:
                if !fields.isEmpty { endField(); endRecord() }
            case .unquoted, .quoteInQuoted:
                endField()
                endRecord()
            case .quoted:
                failure = CSVSyntaxError(.unterminatedQuote, row: row, line: quoteLine)
            case .afterCarriageReturn:
                break
            }
        }
        return try takeRecords()
    }

    private mutating func takeRecords() throws(CSVSyntaxError) -> [CSVRecord] {
        if let failure { throw failure }
        defer {
            let count = records.count
            records = []
            records.reserveCapacity(count)
        }
        return records
    }

    /// The state machine; each state scans as far as it can in one tight loop.
    private mutating func process(_ buffer: UnsafeBufferPointer<UInt8>) {
        var index = 0
        let count = buffer.count
        while index < count, failure == nil {
            switch state {
            case let .start(matched):
                if buffer[index] == Self.byteOrderMark[matched] {
                    index += 1
                    state = matched == 2 ? .fieldStart : .start(matched: matched + 1)
                } else {
                    state = .fieldStart
                    Self.byteOrderMark[..<matched].withUnsafeBufferPointer { process($0) }
                }
            case .fieldStart:
                let byte = buffer[index]
                if byte == Self.quote {
                    state = .quoted
                    quoteLine = line
                    index += 1
                } else if byte == separator {
                    fields.append("")
                    index += 1
                } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                    if fields.isEmpty { endBlankLine() } else { endField(); endRecord() }
                    state = byte == Self.carriageReturn ? .afterCarriageReturn : .fieldStart
                    index += 1
                } else {
                    state = .unquoted
                }
            case .unquoted:
                let start = index
                while index < count {
                    let byte = buffer[index]
                    if byte == separator || byte == Self.lineFeed || byte == Self.carriageReturn || byte == Self.quote { break }
                    index += 1
                }
                guard index < count else {
                    field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index]))
                    break
                }
                let byte = buffer[index]
                guard byte != Self.quote else {
                    failure = CSVSyntaxError(.quoteInUnquotedField, row: row, line: line)
                    break
                }
                endField(UnsafeBufferPointer(rebasing: buffer[start..<index]))
                index += 1
                if byte == separator {
                    state = .fieldStart
                } else {
                    endRecord()
                    state = byte == Self.carriageReturn ? .afterCarriageReturn : .fieldStart
                }
            case .quoted:
                let start = index
                while index < count, buffer[index] != Self.quote {
                    if buffer[index] == Self.lineFeed { line += 1 }
                    index += 1
                }
                field.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index]))
                if index < count {
                    state = .quoteInQuoted
                    index += 1
                }
            case .quoteInQuoted:
                let byte = buffer[index]
                index += 1
                if byte == Self.quote {
                    field.append(byte)
                    state = .quoted
                } else if byte == separator {
                    endField()
                    state = .fieldStart
                } else if byte == Self.lineFeed || byte == Self.carriageReturn {
                    endField()
                    endRecord()
                    state = byte == Self.carriageReturn ? .afterCarriageReturn : .fieldStart
                } else {
                    failure = CSVSyntaxError(.textAfterClosingQuote, row: row, line: line)
                }
            case .afterCarriageReturn:
                if buffer[index] == Self.lineFeed { index += 1 }
                state = .fieldStart
            }
        }
    }

    /// Ends the field whose last bytes are `tail` (its first ones may wait in `field`).
    private mutating func endField(_ tail: UnsafeBufferPointer<UInt8> = .init(start: nil, count: 0)) {
        let text: String?
        if field.isEmpty {
            text = Self.string(tail)
        } else {
            field.append(contentsOf: tail)
            text = field.withUnsafeBufferPointer(Self.string)
            field.removeAll(keepingCapacity: true)
        }
        guard let text else {
            failure = CSVSyntaxError(.invalidUTF8, row: row, line: line)
            return
        }
        fields.append(text)
    }

    /// `String(validating:)` is generic and takes most of the time on its own; this checks
    /// first, then takes the fast path of `String(decoding:)`, which would repair silently.
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        isValidUTF8(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing past U+10FFFF.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var second: ClosedRange<UInt8> = 0x80...0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; second = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; second = 0x80...0x9F
            case 0xF0: length = 4; second = 0x90...0xBF
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; second = 0x80...0x8F
            default: return false
            }
            guard index + length <= count, second.contains(bytes[index + 1]) else { return false }
            for offset in 2..<length where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    private mutating func endRecord() {
        let count = fields.count
        records.append(CSVRecord(row: row, line: recordLine, fields: fields))
        // A fresh buffer sized for the next record alike. (`removeAll(keepingCapacity:)` of the
        // buffer just handed out allocates one of its capacity, which malloc rounds up: over a
        // million records the capacity crept from 32 to 400 fields, 7 KB a record.)
        fields = []
        fields.reserveCapacity(count)
        endBlankLine()
    }

    private mutating func endBlankLine() {
        row += 1
        line += 1
        recordLine = line
    }
}
