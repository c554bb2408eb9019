/// Decodes one household straight from its bytes, without building a `JSONValue` tree: the way
/// in for `classify`, which reads millions of them.
///
/// Exact by construction: the fast parser accepts only households that are well-formed and
/// well-typed in the common way (no escapes in strings, known keys, no duplicates, integers
/// that fit), and gives up at the first thing it does not expect. Everything it gives up on goes
/// through `JSONParser` and `HouseholdJSON.decode`, so problems are always reported by the one
/// reader that defines them; what it accepts it decodes to the value that reader would.
public enum HouseholdFastDecoder {
    /// The same result as `HouseholdJSON.decode(bytes:)` with no `today`.
    public static func decode(_ bytes: ArraySlice<UInt8>) -> Result<HouseholdRecord, InvalidHousehold> {
        guard let record = decodeWellFormed(bytes) else { return HouseholdJSON.decode(bytes: bytes) }
        let issues = HouseholdValidator.validate(record)
        return issues.isEmpty ? .success(record) : .failure(InvalidHousehold(issues))
    }

    /// The household when the fast parser understands all of it; the value rules of
    /// `HouseholdValidator` are not checked. nil: ask `JSONParser` and `HouseholdJSON`.
    static func decodeWellFormed(_ bytes: ArraySlice<UInt8>) -> HouseholdRecord? {
        decode(bytes, keepingText: true)
    }

    /// For classifying, which reads no text but the code: the household when the fast parser
    /// understands all of it and its other text surely keeps the rules of `HouseholdValidator`.
    /// That text is checked on its bytes and left out (names as empty strings), which saves
    /// making strings of it; `HouseholdValidator.validate(_:namesChecked: true)` checks the
    /// rest. nil: ask `JSONParser` and `HouseholdJSON`.
    static func decodeForClassifying(_ bytes: ArraySlice<UInt8>) -> HouseholdRecord? {
        decode(bytes, keepingText: false)
    }

    private static func decode(_ bytes: ArraySlice<UInt8>, keepingText: Bool) -> HouseholdRecord? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var parser = FastParser(base: base, count: buffer.count, keepingText: keepingText)
            return try? parser.document()
        }
    }
}

/// Gives up on anything unusual; the caller then takes the exact path.
private struct GiveUp: Error {}

/// Keys of one object or codes of one enum, each stored as it appears in JSON — quoted, and
/// followed by a colon for a key — so that the usual case is matched by comparing memory,
/// without first finding where the string ends. The bytes are allocated once and never freed:
/// tables live as long as the process, and reading them costs no reference counting.
private struct Patterns: @unchecked Sendable {
    let bytes: UnsafePointer<UInt8>
    /// `count + 1` offsets into `bytes`.
    let offsets: UnsafePointer<Int>
    /// Each pattern of up to 24 bytes as three words, with masks that keep its bytes: a
    /// match is three loads and no loop or branch (`prefixLength`).
    let words: UnsafePointer<Words>
    let count: Int
    /// Bytes after the closing quote: 1 for `:`.
    let suffix: Int

    struct Words {
        var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var masks: (UInt64, UInt64, UInt64) = (0, 0, 0)
        /// The pattern's length; 0 when longer than 24 bytes, which are compared byte-wise.
        var length = 0
    }

    init(_ strings: [String], suffix: String = "") {
        let patterns = strings.map { Array("\"\($0)\"\(suffix)".utf8) }
        let all = patterns.flatMap { $0 }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: all.count)
        bytes.initialize(from: all, count: all.count)
        let offsets = UnsafeMutablePointer<Int>.allocate(capacity: patterns.count + 1)
        offsets[0] = 0
        for (position, pattern) in patterns.enumerated() { offsets[position + 1] = offsets[position] + pattern.count }
        let words = UnsafeMutablePointer<Words>.allocate(capacity: patterns.count)
        words.initialize(from: patterns.map(Self.words), count: patterns.count)
        self.bytes = UnsafePointer(bytes)
        self.offsets = UnsafePointer(offsets)
        self.words = UnsafePointer(words)
        count = strings.count
        self.suffix = suffix.utf8.count
    }

    /// The keys of an object, in the order they are usually written.
    init(keys: [String]) { self.init(keys, suffix: ":") }

    private static func words(_ pattern: [UInt8]) -> Words {
        guard pattern.count <= 24 else { return Words() }
        var result = Words(length: pattern.count)
        func word(_ from: Int) -> (word: UInt64, mask: UInt64) {
            var word: UInt64 = 0, mask: UInt64 = 0
            for offset in 0..<8 where from + offset < pattern.count {
                word |= UInt64(pattern[from + offset]) << (8 * UInt64(offset))
                mask |= 0xFF << (8 * UInt64(offset))
            }
            return (word, mask)
        }
        (result.words.0, result.masks.0) = word(0)
        (result.words.1, result.masks.1) = word(8)
        (result.words.2, result.masks.2) = word(16)
        return result
    }

    /// The length of pattern `position` if the `available` bytes at `start` begin with it.
    @inline(__always)
    func prefixLength(_ position: Int, of start: UnsafePointer<UInt8>, available: Int) -> Int? {
        if available >= 24, words[position].length > 0 { return wordsPrefixLength(position, of: start) }
        // Near the end of the household, or a long pattern.
        let from = offsets[position], length = offsets[position + 1] - from
        guard length <= available else { return nil }
        return Self.equal(bytes + from, start, length) ? length : nil
    }

    /// `prefixLength` for a pattern of up to 24 bytes, with 24 bytes available at `start`.
    @inline(__always)
    func wordsPrefixLength(_ position: Int, of start: UnsafePointer<UInt8>) -> Int? {
        let pattern = words[position]
        let difference = (Self.word(start) ^ pattern.words.0) & pattern.masks.0
            | (Self.word(start + 8) ^ pattern.words.1) & pattern.masks.1
            | (Self.word(start + 16) ^ pattern.words.2) & pattern.masks.2
        return difference == 0 && pattern.length > 0 ? pattern.length : nil
    }

    /// The position of the string whose text is the `length` bytes at `start`, looking from
    /// `position` on first: keys come in order, some left out.
    @inline(__always)
    func find(_ start: UnsafePointer<UInt8>, _ length: Int, from position: Int = 0) -> Int? {
        @inline(__always) func matches(_ candidate: Int) -> Bool {
            let from = offsets[candidate]
            return offsets[candidate + 1] - from - 2 - suffix == length && Self.equal(bytes + from + 1, start, length)
        }
        for candidate in position..<count where matches(candidate) { return candidate }
        for candidate in 0..<min(position, count) where matches(candidate) { return candidate }
        return nil
    }

    @inline(__always)
    static func equal(_ first: UnsafePointer<UInt8>, _ second: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        guard length >= 8 else {
            for offset in 0..<length where first[offset] != second[offset] { return false }
            return true
        }
        // Eight bytes at a time; the last eight, which may overlap the others, compared last.
        var offset = 0
        while offset + 8 < length {
            guard word(first + offset) == word(second + offset) else { return false }
            offset += 8
        }
        return word(first + length - 8) == word(second + length - 8)
    }

    /// The eight bytes at `start`, the first in the lowest bits.
    @inline(__always)
    static func word(_ start: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(start).loadUnaligned(as: UInt64.self))
    }
}

/// The codes of one enum; like `Patterns`, never freed.
private struct CodeTable<Code: Sendable>: @unchecked Sendable {
    let patterns: Patterns
    let codes: UnsafePointer<Code>
    init() where Code: CaseIterable & RawRepresentable, Code.RawValue == String {
        let all = Array(Code.allCases)
        let codes = UnsafeMutablePointer<Code>.allocate(capacity: all.count)
        codes.initialize(from: all, count: all.count)
        self.codes = UnsafePointer(codes)
        patterns = Patterns(all.map(\.rawValue))
    }
}

/// Every table, built once; a parser holds it so that it is not looked up for each key.
private final class Tables: Sendable {
    static let shared = Tables()

    let household = Patterns(keys: [
        "code", "communeCode", "area", "hamlet", "address", "surveyDate", "income", "indicators",
        "housing", "information", "needs", "members",
    ])
    let income = Patterns(keys: ["perCapitaMonthly", "scoreA"])
    let indicators = Patterns(keys: IndicatorKey.allCases.map(\.rawValue))
    let indicatorKeys = IndicatorKey.allCases
    let housing = Patterns(keys: ["durable", "floorAreaM2", "hygienicWater", "hygienicLatrine", "wasteCollected"])
    let information = Patterns(keys: ["devices", "hearsLoudspeaker"])
    let member = Patterns(keys: [
        "name", "sex", "birthDate", "birthYear", "relation", "idNumber", "ethnicity", "religion",
        "employment", "ableToWork", "disability", "monthlyAllowance", "healthInsurance", "malnourished",
        "education", "studying", "schoolOnTrack", "usesInternet",
    ])
    let areas = CodeTable<Area>()
    let needs = CodeTable<Need>()
    let devices = CodeTable<Device>()
    let sexes = CodeTable<Sex>()
    let relations = CodeTable<Relation>()
    let employments = CodeTable<Employment>()
    let disabilities = CodeTable<Disability>()
    let educations = CodeTable<Education>()
}

/// Where the parser is in one object: keys seen (a duplicate is a syntax error for
/// `JSONParser`) and where to look for the next key first.
private struct ObjectScan {
    var seen: UInt32 = 0
    var expected = 0
    var first = true
}

private struct FastParser {
    let base: UnsafePointer<UInt8>
    let count: Int
    let tables = Tables.shared
    var index = 0

    /// Whether text other than the code is made into strings, or only checked.
    let keepsText: Bool

    init(base: UnsafePointer<UInt8>, count: Int, keepingText: Bool) {
        self.base = base
        self.count = count
        keepsText = keepingText
    }

    mutating func document() throws(GiveUp) -> HouseholdRecord {
        let record = try household()
        skipWhitespace()
        guard index == count else { throw GiveUp() }
        return record
    }

    // MARK: Households

    mutating func household() throws(GiveUp) -> HouseholdRecord {
        var record = HouseholdRecord(code: "")
        var hasCode = false
        var scan = ObjectScan()
        try open()
        while let key = try nextKey(tables.household, &scan) {
            switch key {
            case 0:
                guard let code = try optionalString() else { throw GiveUp() }
                record.code = code
                hasCode = true
            case 1: record.communeCode = try optionalText(.communeCode)
            case 2: record.area = try optionalCode(tables.areas)
            case 3: record.hamlet = try optionalText(.limitedLength)
            case 4: record.address = try optionalText(.limitedLength)
            case 5: record.surveyDate = try optionalDate()
            case 6: record.income = try income()
            case 7: record.indicators = try indicators()
            case 8: record.housing = try housing()
            case 9: record.information = try information()
            case 10: record.needs = try optionalCodes(tables.needs)
            default: record.members = try members()
            }
        }
        guard hasCode else { throw GiveUp() }
        return record
    }

    mutating func income() throws(GiveUp) -> HouseholdRecord.Income? {
        if try null() { return nil }
        var income = HouseholdRecord.Income()
        var scan = ObjectScan()
        try open()
        while let key = try nextKey(tables.income, &scan) {
            if key == 0 { income.perCapitaMonthly = try optionalInteger() } else { income.scoreA = try optionalInteger() }
        }
        return income
    }

    mutating func indicators() throws(GiveUp) -> [IndicatorKey: Bool] {
        var indicators: [IndicatorKey: Bool] = [:]
        if try null() { return indicators }
        var scan = ObjectScan()
        try open()
        while let key = try nextKey(tables.indicators, &scan) {
            if let flag = try optionalBool() { indicators[tables.indicatorKeys[key]] = flag }
        }
        return indicators
    }

    mutating func housing() throws(GiveUp) -> HouseholdRecord.Housing? {
        if try null() { return nil }
        var housing = HouseholdRecord.Housing()
        var scan = ObjectScan()
        try open()
        while let key = try nextKey(tables.housing, &scan) {
            switch key {
            case 0: housing.durable = try optionalBool()
            case 1: housing.floorAreaM2 = try optionalDecimal()
            case 2: housing.hygienicWater = try optionalBool()
            case 3: housing.hygienicLatrine = try optionalBool()
            default: housing.wasteCollected = try optionalBool()
            }
        }
        return housing
    }

    mutating func information() throws(GiveUp) -> HouseholdRecord.Information? {
        if try null() { return nil }
        var information = HouseholdRecord.Information()
        var scan = ObjectScan()
        try open()
        while let key = try nextKey(tables.information, &scan) {
            if key == 0 {
                information.devices = try optionalCodes(tables.devices)
            } else {
                information.hearsLoudspeaker = try optionalBool()
            }
        }
        return information
    }

    mutating func members() throws(GiveUp) -> [MemberRecord] {
        var members: [MemberRecord] = []
        if try null() { return members }
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") { index += 1; return members }
        members.reserveCapacity(4)
        while true {
            // Read into its place in the array: a member is large, and copies cost.
            members.append(MemberRecord(name: ""))
            try member(into: &members[members.count - 1])
            guard try nextItem(closing: UInt8(ascii: "]")) else { return members }
        }
    }

    mutating func member(into member: inout MemberRecord) throws(GiveUp) {
        var hasName = false
        var scan = ObjectScan()
        try open()
        while let key = try nextKey(tables.member, &scan) {
            switch key {
            case 0:
                // Required: null is for the exact path to report.
                if try null() { throw GiveUp() }
                member.name = try optionalText(.name) ?? ""
                hasName = true
            case 1: member.sex = try optionalCode(tables.sexes)
            case 2: member.birthDate = try optionalDate()
            case 3: member.birthYear = try optionalInteger()
            case 4: member.relation = try optionalCode(tables.relations)
            case 5: member.idNumber = try optionalText(.idNumber)
            case 6: member.ethnicity = try optionalText(.ethnicity)
            case 7: member.religion = try optionalText(.limitedLength)
            case 8: member.employment = try optionalCode(tables.employments)
            case 9: member.ableToWork = try optionalBool()
            case 10: member.disability = try optionalCode(tables.disabilities)
            case 11: member.monthlyAllowance = try optionalBool()
            case 12: member.healthInsurance = try optionalBool()
            case 13: member.malnourished = try optionalBool()
            case 14: member.education = try optionalCode(tables.educations)
            case 15: member.studying = try optionalBool()
            case 16: member.schoolOnTrack = try optionalBool()
            default: member.usesInternet = try optionalBool()
            }
        }
        guard hasName else { throw GiveUp() }
    }

    // MARK: Structure

    @inline(__always)
    mutating func skipWhitespace() {
        guard index < count, base[index] <= 0x20 else { return }
        while index < count {
            switch base[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    @inline(__always)
    mutating func peek() throws(GiveUp) -> UInt8 {
        skipWhitespace()
        guard index < count else { throw GiveUp() }
        return base[index]
    }

    @inline(__always)
    mutating func expect(_ byte: UInt8) throws(GiveUp) {
        guard try peek() == byte else { throw GiveUp() }
        index += 1
    }

    mutating func open() throws(GiveUp) { try expect(UInt8(ascii: "{")) }

    /// After an item of an array or object: true after `,`, false after `closing`.
    @inline(__always)
    mutating func nextItem(closing: UInt8) throws(GiveUp) -> Bool {
        let byte = try peek()
        index += 1
        if byte == UInt8(ascii: ",") { return true }
        if byte == closing { return false }
        throw GiveUp()
    }

    /// The next key of the object (its position in `table`) with the `:` after it; nil after
    /// the closing brace. Unknown and repeated keys give up.
    @inline(__always)
    mutating func nextKey(_ table: Patterns, _ scan: inout ObjectScan) throws(GiveUp) -> Int? {
        let position: Int
        if !scan.first, scan.expected < table.count, count - index > 24, base[index] == UInt8(ascii: ","),
           let length = table.wordsPrefixLength(scan.expected, of: base + index + 1) {
            // The usual case, taken first: a comma and straight after it the key expected.
            index += 1 + length
            position = scan.expected
        } else {
            if scan.first {
                scan.first = false
                if try peek() == UInt8(ascii: "}") { index += 1; return nil }
            } else if try !nextItem(closing: UInt8(ascii: "}")) {
                return nil
            }
            skipWhitespace()
            if let expected = expectedKey(table, from: scan.expected) {
                position = expected
            } else {
                let key = try rawString()
                guard let found = table.find(base + key.lowerBound, key.count, from: scan.expected) else { throw GiveUp() }
                position = found
                try expect(UInt8(ascii: ":"))
            }
        }
        let bit: UInt32 = 1 << UInt32(position)
        guard scan.seen & bit == 0 else { throw GiveUp() }
        scan.seen |= bit
        scan.expected = position + 1
        return position
    }

    /// The key at `index`, with its colon, consumed, when it is the one expected or one of the
    /// two after it: keys come in order, some left out.
    @inline(__always)
    mutating func expectedKey(_ table: Patterns, from expected: Int) -> Int? {
        for candidate in expected..<min(expected + 3, table.count) {
            if let length = table.prefixLength(candidate, of: base + index, available: count - index) {
                index += length
                return candidate
            }
        }
        return nil
    }

    // MARK: Values

    /// `null`, consumed; false (nothing consumed) for anything else.
    mutating func null() throws(GiveUp) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    @inline(__always)
    mutating func literal(_ text: StaticString) throws(GiveUp) {
        let length = text.utf8CodeUnitCount
        guard index + length <= count, Patterns.equal(base + index, text.utf8Start, length) else { throw GiveUp() }
        index += length
    }

    /// A string's bytes between the quotes; gives up on escapes and control characters.
    mutating func rawString() throws(GiveUp) -> Range<Int> { try scanString().range }

    /// A string's bytes between the quotes, and whether all are ASCII; gives up on escapes and
    /// control characters.
    mutating func scanString() throws(GiveUp) -> (range: Range<Int>, ascii: Bool) {
        try expect(UInt8(ascii: "\""))
        // Locals keep the loop in registers.
        let start = index, base = base, count = count
        var end = start
        // Eight bytes at a time: the first byte flagged as a quote, a backslash or a control
        // character ends the string or gives up, without a second look byte by byte.
        var high: UInt64 = 0
        let raw = UnsafeRawPointer(base)
        while end + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: end, as: UInt64.self)
            let flags = SWAR.bytes(word, equalTo: UInt8(ascii: "\"")) | SWAR.bytes(word, equalTo: UInt8(ascii: "\\"))
                | SWAR.bytes(word, below: 0x20)
            if flags != 0 {
                let length = flags.trailingZeroBitCount / 8
                guard base[end + length] == UInt8(ascii: "\"") else { throw GiveUp() }
                high |= word & ((1 << (8 * UInt64(length))) &- 1)
                index = end + length + 1
                return (start..<end + length, high & SWAR.highBits == 0)
            }
            high |= word
            end += 8
        }
        while end < count {
            let byte = base[end]
            if byte == UInt8(ascii: "\"") {
                index = end + 1
                return (start..<end, high & SWAR.highBits == 0)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { throw GiveUp() }
            high |= UInt64(byte)
            end += 1
        }
        throw GiveUp()
    }

    mutating func optionalString() throws(GiveUp) -> String? {
        if try null() { return nil }
        return String(decoding: try textBytes(), as: UTF8.self)
    }

    /// Text that classification does not read: a string when the parser keeps text; else
    /// checked on its bytes and left out, giving up when it may break `rule`.
    mutating func optionalText(_ rule: HouseholdValidator.TextRule) throws(GiveUp) -> String? {
        if try null() { return nil }
        let bytes = try textBytes()
        if keepsText { return String(decoding: bytes, as: UTF8.self) }
        guard HouseholdValidator.surelyKept(rule, by: bytes) else { throw GiveUp() }
        return nil
    }

    /// A string's bytes, well-formed UTF-8 without escapes.
    mutating func textBytes() throws(GiveUp) -> UnsafeBufferPointer<UInt8> {
        let (range, ascii) = try scanString()
        let bytes = UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
        guard ascii || Self.isValidUTF8(bytes) else { throw GiveUp() }
        return bytes
    }

    /// Well-formed UTF-8 (Unicode §3.9, table 3-7), as `String(validating:)` requires; checked
    /// here because that initializer is generic and, unspecialized, slow.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        @inline(__always) func continuation(_ offset: Int) -> Bool {
            index + offset < count && bytes[index + offset] & 0xC0 == 0x80
        }
        while index < count {
            // ASCII, eight bytes at a time.
            while index + 8 <= count,
                  UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
            }
            guard index < count else { break }
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            switch lead {
            case 0xC2...0xDF:
                guard continuation(1) else { return false }
                index += 2
            case 0xE0...0xEF:
                guard continuation(1), continuation(2) else { return false }
                let second = bytes[index + 1]
                if lead == 0xE0, second < 0xA0 { return false }  // overlong
                if lead == 0xED, second >= 0xA0 { return false }  // surrogate
                index += 3
            case 0xF0...0xF4:
                guard continuation(1), continuation(2), continuation(3) else { return false }
                let second = bytes[index + 1]
                if lead == 0xF0, second < 0x90 { return false }  // overlong
                if lead == 0xF4, second >= 0x90 { return false }  // above U+10FFFF
                index += 4
            default:
                return false
            }
        }
        return true
    }

    mutating func optionalBool() throws(GiveUp) -> Bool? {
        switch try peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        case UInt8(ascii: "n"): try literal("null"); return nil
        default: throw GiveUp()
        }
    }

    /// An integer as `Int(text)` reads it; fractions, exponents and more than 18 digits give up.
    mutating func optionalInteger() throws(GiveUp) -> Int? {
        if try null() { return nil }
        let negative = base[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let start = index
        var value = 0
        while index < count, base[index] &- 48 < 10 {
            value = value &* 10 &+ Int(base[index] &- 48)  // wraps past 18 digits, which give up below
            index += 1
        }
        let digits = index - start
        guard digits > 0, digits <= 18, !(digits > 1 && base[start] == UInt8(ascii: "0")) else { throw GiveUp() }
        if index < count {
            switch base[index] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): throw GiveUp()
            default: break
            }
        }
        return negative ? -value : value
    }

    /// A number of the JSON grammar, read by `Double(text)` as `HouseholdJSON` reads it.
    mutating func optionalDecimal() throws(GiveUp) -> Double? {
        if try null() { return nil }
        let start = index
        func digits(_ parser: inout FastParser) -> Int {
            let begin = parser.index
            while parser.index < parser.count, parser.base[parser.index] &- 48 < 10 { parser.index += 1 }
            return parser.index - begin
        }
        let negative = base[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        let integerStart = index
        let integerDigits = digits(&self)
        guard integerDigits > 0, !(integerDigits > 1 && base[integerStart] == UInt8(ascii: "0")) else { throw GiveUp() }
        var fractionDigits = 0
        if index < count, base[index] == UInt8(ascii: ".") {
            index += 1
            fractionDigits = digits(&self)
            guard fractionDigits > 0 else { throw GiveUp() }
        }
        if index < count, base[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw GiveUp() }
        } else if integerDigits + fractionDigits <= 15 {
            // Clinger's fast path: the digits as an integer below 2^53 and a power of ten up
            // to 10^15 are both exact doubles, so one correctly rounded division gives the
            // double nearest the decimal — what `Double(text)` gives — without strtod.
            var mantissa = 0
            for offset in integerStart..<index where base[offset] != UInt8(ascii: ".") {
                mantissa = mantissa * 10 + Int(base[offset] &- 48)
            }
            let value = Double(mantissa) / Self.powersOfTen[fractionDigits]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: index - start), as: UTF8.self)
        guard let value = Double(text) else { throw GiveUp() }
        return value
    }

    /// 10^0 through 10^15, each exact.
    private static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

    /// `yyyy-MM-dd` as `LocalDate(iso:)` reads it; anything else gives up.
    mutating func optionalDate() throws(GiveUp) -> LocalDate? {
        if try null() { return nil }
        let range = try rawString()
        guard range.count == 10 else { throw GiveUp() }
        let start = base + range.lowerBound
        func number(_ from: Int, _ to: Int) throws(GiveUp) -> Int {
            var value = 0
            for offset in from..<to {
                let digit = start[offset] &- 48
                guard digit < 10 else { throw GiveUp() }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard start[4] == UInt8(ascii: "-"), start[7] == UInt8(ascii: "-"),
              let date = LocalDate(year: try number(0, 4), month: try number(5, 7), day: try number(8, 10))
        else { throw GiveUp() }
        return date
    }

    mutating func optionalCode<Code>(_ table: CodeTable<Code>) throws(GiveUp) -> Code? {
        if try null() { return nil }
        return try code(table)
    }

    /// A code, quotes included; anything else (an escape too) gives up.
    mutating func code<Code>(_ table: CodeTable<Code>) throws(GiveUp) -> Code {
        skipWhitespace()
        let patterns = table.patterns
        for position in 0..<patterns.count {
            if let length = patterns.prefixLength(position, of: base + index, available: count - index) {
                index += length
                return table.codes[position]
            }
        }
        throw GiveUp()
    }

    /// An array of codes; `null` items are skipped, as `HouseholdJSON` skips them.
    mutating func optionalCodes<Code>(_ table: CodeTable<Code>) throws(GiveUp) -> [Code]? {
        if try null() { return nil }
        try expect(UInt8(ascii: "["))
        var codes: [Code] = []
        if try peek() == UInt8(ascii: "]") { index += 1; return codes }
        while true {
            if try !null() { codes.append(try code(table)) }
            guard try nextItem(closing: UInt8(ascii: "]")) else { return codes }
        }
    }
}

/// Byte tests on eight bytes at once (SIMD within a register): the high bit of each byte
/// found is set. A test may flag a byte that is not there only after one that is, so the
/// lowest flag is always right, and a caller that stops there never misses one.
private enum SWAR {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func bytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let matched = word ^ (ones &* UInt64(byte))
        return (matched &- ones) & ~matched & highBits
    }

    /// Bytes below `limit` (at most 0x80).
    @inline(__always)
    static func bytes(_ word: UInt64, below limit: UInt8) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highBits
    }
}
