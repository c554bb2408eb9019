import Foundation

/// One piece of an XML document. Names are local names: a prefix such as "x:" in "x:row" is dropped.
enum XMLToken: Equatable {
    case startElement(name: String, attributes: [XMLAttribute])
    /// Also given right after the start of a self-closing element, so readers handle one shape.
    case endElement(name: String)
    case text(String)
}

struct XMLAttribute: Equatable {
    let name: String
    let value: String
}

extension [XMLAttribute] {
    func value(of name: String) -> String? {
        first { $0.name == name }?.value
    }
}

/// A pull tokenizer over UTF-8 bytes fed in chunks, so a part of any size is read without holding it whole.
/// It checks that elements nest properly and decodes the predefined and numeric character references;
/// comments, processing instructions and the XML declaration are skipped, a DOCTYPE is refused.
struct XMLTokenizer {
    private let part: String
    private var buffer: [UInt8] = []
    private var position = 0
    private var inputEnded = false
    private var openElements: [String] = []
    private var pendingEnd: String?
    private var sawRootElement = false
    /// Most names in a sheet are one letter (c, v, r, s, t): handing out ready strings saves decoding each.
    private static let asciiCharacters = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

    /// - Parameter part: the archive path of the document, named in errors.
    init(part: String) {
        self.part = part
    }

    mutating func append(_ bytes: Data) {
        buffer.removeSubrange(0..<position)
        position = 0
        buffer.append(contentsOf: bytes)
    }

    mutating func endInput() {
        inputEnded = true
    }

    /// The next token, or nil when the buffered input holds no complete token:
    /// then append more, or after `endInput()` the document is complete.
    mutating func next() throws(SpreadsheetError) -> XMLToken? {
        if let name = pendingEnd {
            pendingEnd = nil
            return .endElement(name: name)
        }
        while position < buffer.count {
            guard buffer[position] == .lessThan else {
                guard let text = try text() else { return nil }
                // Text outside the root element is only whitespace or a byte-order mark; nobody needs it.
                if !openElements.isEmpty { return .text(text) }
                continue
            }
            guard position + 1 < buffer.count else { return try incomplete() }
            switch buffer[position + 1] {
            case .slash: return try endTag()
            case .question: guard try skip(past: "?>") else { return nil }
            case .exclamation:
                guard let isComment = bufferedBytes(at: position, startWith: "<!--") else { return try incomplete() }
                guard isComment else { return try characterData() }
                guard try skip(past: "-->") else { return nil }
            default: return try startTag()
            }
        }
        if inputEnded { try checkDocumentComplete() }
        return nil
    }

    // MARK: - Markup

    private mutating func startTag() throws(SpreadsheetError) -> XMLToken? {
        var index = position + 1
        guard let name = try name(from: &index) else { return try incomplete() }
        var attributes: [XMLAttribute] = []
        while true {
            skipWhitespace(from: &index)
            guard index < buffer.count else { return try incomplete() }
            switch buffer[index] {
            case .greaterThan:
                position = index + 1
                openElements.append(name)
                sawRootElement = true
                return .startElement(name: name, attributes: attributes)
            case .slash:
                guard index + 1 < buffer.count else { return try incomplete() }
                guard buffer[index + 1] == .greaterThan else { throw malformed("\"/\" not followed by \">\" in <\(name)>") }
                position = index + 2
                pendingEnd = name
                sawRootElement = true
                return .startElement(name: name, attributes: attributes)
            default:
                let declaresNamespace = bufferedBytes(at: index, startWith: "xmlns:") ?? false
                    || bufferedBytes(at: index, startWith: "xmlns=") ?? false
                guard let attribute = try attribute(from: &index, in: name) else { return try incomplete() }
                // Names lose their prefixes, so a declaration "xmlns:r" would pass for an attribute "r": leave them out.
                guard !declaresNamespace else { continue }
                // One allocation for the usual few attributes rather than one per growth.
                if attributes.isEmpty { attributes.reserveCapacity(4) }
                attributes.append(attribute)
            }
        }
    }

    private mutating func attribute(from index: inout Int, in element: String) throws(SpreadsheetError) -> XMLAttribute? {
        guard let name = try name(from: &index) else { return nil }
        skipWhitespace(from: &index)
        guard index < buffer.count else { return nil }
        guard buffer[index] == .equals else { throw malformed("attribute \(name) of <\(element)> has no value") }
        index += 1
        skipWhitespace(from: &index)
        guard index < buffer.count else { return nil }
        let quote = buffer[index]
        guard quote == .quote || quote == .apostrophe else { throw malformed("attribute \(name) of <\(element)> is not quoted") }
        guard let closing = buffer[(index + 1)...].firstIndex(of: quote) else { return nil }
        let value = try decoded(index + 1..<closing)
        index = closing + 1
        return XMLAttribute(name: name, value: value)
    }

    private mutating func endTag() throws(SpreadsheetError) -> XMLToken? {
        var index = position + 2
        guard let name = try name(from: &index) else { return try incomplete() }
        skipWhitespace(from: &index)
        guard index < buffer.count else { return try incomplete() }
        guard buffer[index] == .greaterThan else { throw malformed("unexpected character in </\(name)>") }
        guard let open = openElements.popLast() else { throw malformed("</\(name)> closes no element") }
        guard open == name else { throw malformed("</\(name)> found where </\(open)> was expected") }
        position = index + 1
        return .endElement(name: name)
    }

    /// A CDATA section becomes text; other "<!" declarations such as DOCTYPE are refused.
    private mutating func characterData() throws(SpreadsheetError) -> XMLToken? {
        let opening = "<![CDATA["
        guard let isCharacterData = bufferedBytes(at: position, startWith: opening) else { return try incomplete() }
        guard isCharacterData else { throw malformed("DOCTYPE and other declarations are not supported") }
        guard let end = firstIndex(of: "]]>", from: position) else { return try incomplete() }
        let text = String(decoding: buffer[(position + opening.utf8.count)..<end], as: UTF8.self)
        position = end + 3
        return .text(text)
    }

    private mutating func text() throws(SpreadsheetError) -> String? {
        let end = buffer[position...].firstIndex(of: .lessThan) ?? (inputEnded ? buffer.count : nil)
        guard let end else { return nil }
        let text = try decoded(position..<end)
        position = end
        return text
    }

    // MARK: - Pieces

    /// Reads a name up to whitespace, "/", ">" or "=", dropping any namespace prefix; nil when the buffer ends first.
    private func name(from index: inout Int) throws(SpreadsheetError) -> String? {
        let start = index
        var prefixEnd = start
        while index < buffer.count {
            let byte = buffer[index]
            if byte == .slash || byte == .greaterThan || byte == .equals || byte.isXMLWhitespace { break }
            if byte == .lessThan || byte == .greaterThan || byte == .quote || byte == .apostrophe || byte == .ampersand {
                throw malformed("invalid character in a name at byte \(index)")
            }
            if byte == .colon { prefixEnd = index + 1 }
            index += 1
        }
        guard index < buffer.count else { return nil }
        guard prefixEnd < index else { throw malformed("missing name at byte \(start)") }
        if index - prefixEnd == 1, buffer[prefixEnd] < 0x80 { return Self.asciiCharacters[Int(buffer[prefixEnd])] }
        return String(decoding: buffer[prefixEnd..<index], as: UTF8.self)
    }

    private func skipWhitespace(from index: inout Int) {
        while index < buffer.count, buffer[index].isXMLWhitespace { index += 1 }
    }

    /// Moves past the next `terminator`; false when it is not buffered yet.
    private mutating func skip(past terminator: String) throws(SpreadsheetError) -> Bool {
        guard let end = firstIndex(of: terminator, from: position) else { return try incomplete() ?? false }
        position = end + terminator.utf8.count
        return true
    }

    /// Nil when too few bytes are buffered to tell.
    private func bufferedBytes(at index: Int, startWith prefix: String) -> Bool? {
        guard buffer.count - index >= prefix.utf8.count else { return nil }
        return buffer[index...].starts(with: prefix.utf8)
    }

    private func firstIndex(of pattern: String, from start: Int) -> Int? {
        let pattern = Array(pattern.utf8)
        guard buffer.count >= pattern.count else { return nil }
        var index = start
        while index <= buffer.count - pattern.count {
            if buffer[index] == pattern[0], buffer[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    /// The text of `range` with character references replaced.
    private func decoded(_ range: Range<Int>) throws(SpreadsheetError) -> String {
        let bytes = buffer[range]
        guard var ampersand = bytes.firstIndex(of: .ampersand) else { return String(decoding: bytes, as: UTF8.self) }
        var result = Array(bytes[..<ampersand])
        while true {
            guard let semicolon = bytes[ampersand...].firstIndex(of: .semicolon) else {
                throw malformed("unterminated character reference at byte \(ampersand)")
            }
            let reference = String(decoding: bytes[(ampersand + 1)..<semicolon], as: UTF8.self)
            guard let scalar = Self.characterReference(reference) else { throw malformed("unknown entity &\(reference);") }
            result.append(contentsOf: String(scalar).utf8)
            let next = bytes[(semicolon + 1)...].firstIndex(of: .ampersand) ?? range.upperBound
            result.append(contentsOf: bytes[(semicolon + 1)..<next])
            guard next < range.upperBound else { break }
            ampersand = next
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func characterReference(_ reference: String) -> Unicode.Scalar? {
        switch reference {
        case "amp": "&"
        case "lt": "<"
        case "gt": ">"
        case "quot": "\""
        case "apos": "'"
        default:
            if reference.hasPrefix("#x") { UInt32(reference.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
            else if reference.hasPrefix("#") { UInt32(reference.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init) }
            else { nil }
        }
    }

    // MARK: - Ends of input

    /// A token cut off by the end of the buffer: wait for more input, or fail if there is none.
    private func incomplete<Result>() throws(SpreadsheetError) -> Result? {
        guard !inputEnded else { throw malformed("the document ends inside a tag") }
        return nil
    }

    private func checkDocumentComplete() throws(SpreadsheetError) {
        if let open = openElements.last { throw malformed("the document ends before </\(open)>") }
        guard sawRootElement else { throw malformed("the document has no root element") }
    }

    private func malformed(_ reason: String) -> SpreadsheetError {
        .malformedXML(part: part, reason: reason)
    }
}

private extension UInt8 {
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let slash = UInt8(ascii: "/")
    static let equals = UInt8(ascii: "=")
    static let quote = UInt8(ascii: "\"")
    static let apostrophe = UInt8(ascii: "'")
    static let ampersand = UInt8(ascii: "&")
    static let semicolon = UInt8(ascii: ";")
    static let colon = UInt8(ascii: ":")
    static let question = UInt8(ascii: "?")
    static let exclamation = UInt8(ascii: "!")
    static let space = UInt8(ascii: " ")
}

extension UInt8 {
    /// XML's whitespace: space, tab, line feed and carriage return, and nothing else.
    var isXMLWhitespace: Bool {
        self == UInt8(ascii: " ") || self == 0x09 || self == 0x0A || self == 0x0D
    }
}
