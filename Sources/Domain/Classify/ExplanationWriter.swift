/// Writes a classification's explanation as JSON strings: the sentences `Reason.text(in:)`
/// gives, without most of its cost. Households share most sentences: each is kept, found again
/// by its rule and values as numbers. A new one fills in its rule's template, split at its
/// placeholders once, with the reason's values formatted straight into bytes.
///
/// `Translations.render` finds `{` and `}` as characters, this as bytes; they differ only where
/// a brace is joined to its neighbour in one character (a combining mark after it, say). Each
/// template is checked once against `Translations.render`, which renders any that differ.
struct ExplanationWriter {
    let language: Language
    /// By `SentenceKey.rule`; nil until first needed.
    private var templates: [Template??]
    /// `allCases`, stored: the synthesized property builds a new array each time.
    private static let areas = Area.allCases
    private static let indicators = IndicatorKey.allCases
    private static let statuses = ComputedStatus.allCases
    /// JSON-escaped names, by position in `areas` and `indicators`.
    private let areaNames: [[UInt8]]
    private let indicatorNames: [[UInt8]]
    /// The citations seen, so that keys hold a number for each, and JSON-escaped.
    private var citations: [(text: String, escaped: [UInt8])] = []
    /// Sentences written, as JSON strings, in a direct-mapped cache: a sentence takes the slot
    /// its key hashes to, replacing any other there. Memory stays bounded however many distinct
    /// incomes and floor areas a file holds, and a look-up costs one hash and one comparison
    /// (a `Dictionary` costs several times that, in `Hasher`).
    private var sentences: [(key: SentenceKey, sentence: [UInt8])?] = Array(repeating: nil, count: 1 << slotBits)
    private static let slotBits = 15

    init(language: Language) {
        self.language = language
        templates = Array(repeating: nil, count: Self.ruleCount)
        func escaped(_ value: Reason.Value) -> [UInt8] {
            var bytes: [UInt8] = []
            JSONValue.writeEscaped(Reason.format(value, in: language), to: &bytes)
            return bytes
        }
        areaNames = Self.areas.map { escaped(.area($0)) }
        indicatorNames = Self.indicators.map { escaped(.indicator($0)) }
    }

    private enum Token {
        /// JSON-escaped text.
        case literal([UInt8])
        /// `{name}`; the raw text, JSON-escaped, stays when the reason has no such value.
        case placeholder(name: String, raw: [UInt8])
    }

    private typealias Template = [Token]

    mutating func write(_ reasons: [Reason], to output: inout [UInt8]) {
        for (position, reason) in reasons.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            let key = key(of: reason)
            let slot = key.slot(bits: Self.slotBits)
            if let cached = sentences[slot], cached.key == key {
                output.append(contentsOf: cached.sentence)
                continue
            }
            let start = output.count
            write(reason, rule: key.rule, to: &output)
            sentences[slot] = (key, Array(output[start...]))
        }
    }

    /// The reason's sentence as a JSON string.
    private mutating func write(_ reason: Reason, rule: Int, to output: inout [UInt8]) {
        if templates[rule] == nil { templates[rule] = template(reason.key) }
        guard let tokens = templates[rule]! else {
            JSONValue.writeString(reason.text(in: language), to: &output)
            return
        }
        output.append(UInt8(ascii: "\""))
        fill(tokens, reason.values, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    private func fill(_ tokens: Template, _ values: [(name: String, value: Reason.Value)], to output: inout [UInt8]) {
        for token in tokens {
            switch token {
            case let .literal(bytes):
                output.append(contentsOf: bytes)
            case let .placeholder(name, raw):
                if let value = values.first(where: { $0.name == name })?.value {
                    write(value, to: &output)
                } else {
                    output.append(contentsOf: raw)
                }
            }
        }
    }

    /// The value as `Reason.message(in:)` formats it, JSON-escaped.
    private func write(_ value: Reason.Value, to output: inout [UInt8]) {
        switch value {
        case let .integer(number): VietnameseFormat.appendInteger(number, in: language, to: &output)
        case let .area(area): output.append(contentsOf: areaNames[Self.areas.firstIndex(of: area)!])
        case let .indicator(key): output.append(contentsOf: indicatorNames[Self.indicators.firstIndex(of: key)!])
        case let .text(text):
            if let citation = citations.first(where: { $0.text == text }) {
                output.append(contentsOf: citation.escaped)
            } else {
                JSONValue.writeEscaped(text, to: &output)
            }
        case .decimal: JSONValue.writeEscaped(Reason.format(value, in: language), to: &output)
        }
    }

    /// The template of the rule `key`, or nil when it must be rendered by `Translations.render`.
    private func template(_ key: String) -> Template? {
        let tokens = Self.parse(Array(Translations.text(key, in: language).utf8))
        // One value per placeholder, each different: the two renderings agree on these only
        // if they find the same placeholders.
        var values: [(name: String, value: Reason.Value)] = []
        var parameters: [String: String] = [:]
        for case let .placeholder(name, _) in tokens where parameters[name] == nil {
            let text = "<\(values.count)>"
            values.append((name, .text(text)))
            parameters[name] = text
        }
        var expected: [UInt8] = []
        JSONValue.writeEscaped(Translations.render(Message(key, parameters), in: language), to: &expected)
        var actual: [UInt8] = []
        fill(tokens, values, to: &actual)
        return actual == expected ? tokens : nil
    }

    private static func parse(_ text: [UInt8]) -> Template {
        func escaped(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var output: [UInt8] = []
            JSONValue.writeEscaped(String(decoding: bytes, as: UTF8.self), to: &output)
            return output
        }
        var tokens: Template = []
        var rest = text[...]
        while let open = rest.firstIndex(of: UInt8(ascii: "{")) {
            guard let close = rest[open...].firstIndex(of: UInt8(ascii: "}")) else { break }
            if open > rest.startIndex { tokens.append(.literal(escaped(rest[..<open]))) }
            let name = String(decoding: rest[(open + 1)..<close], as: UTF8.self)
            tokens.append(.placeholder(name: name, raw: escaped(rest[open...close])))
            rest = rest[(close + 1)...]
        }
        if !rest.isEmpty { tokens.append(.literal(escaped(rest))) }
        return tokens
    }

    private static let plainRules = 13
    private static let ruleCount = plainRules + indicators.count + statuses.count

    /// The reason as numbers: a number for each `Reason.key`, and the values the sentence shows.
    private mutating func key(of reason: Reason) -> SentenceKey {
        switch reason {
        case let .scoreAtOrBelowLine(score, line, area, citation):
            return SentenceKey(0, number(of: citation), score, line, number(of: area))
        case let .scoreAboveLine(score, line, area, citation):
            return SentenceKey(1, number(of: citation), score, line, number(of: area))
        case let .scoreNotUsed(score, citation):
            return SentenceKey(2, number(of: citation), score)
        case let .incomeAtOrBelowLine(income, line, area, citation):
            return SentenceKey(3, number(of: citation), income, line, number(of: area))
        case let .incomeInAverageLivingBand(income, line, upperBound, area, citation):
            return SentenceKey(4, number(of: citation), income, line, upperBound, number(of: area))
        case let .incomeAboveAverageLivingBand(income, upperBound, area, citation):
            return SentenceKey(5, number(of: citation), income, upperBound, number(of: area))
        case let .incomeAboveLine(income, line, area, citation):
            return SentenceKey(6, number(of: citation), income, line, number(of: area))
        case .incomeUnknown:
            return SentenceKey(7)
        case let .answeredOnFormB2(indicator):
            return SentenceKey(8, number(of: indicator))
        case let .indicatorUnknown(indicator):
            return SentenceKey(9, number(of: indicator))
        case let .deprivationsAtOrAboveCutoff(count, score, cutoff):
            return SentenceKey(10, count, score, cutoff)
        case let .deprivationsBelowCutoff(count, score, cutoff):
            return SentenceKey(11, count, score, cutoff)
        case let .deprivationsUndetermined(count, unknown, cutoff):
            return SentenceKey(12, count, unknown, cutoff)
        case let .derivedFromFacts(indicator, evidence):
            let rule = Self.plainRules + number(of: indicator)
            // The last number tells the kinds of evidence apart.
            switch evidence {
            case let .members(count, fromAge, toAge):
                return SentenceKey(rule, count, fromAge ?? .min, toAge ?? .min, 0)
            case let .dependants(count, members, abovePercent):
                return SentenceKey(rule, count, members, abovePercent, 1)
            case let .floorArea(squareMetres, members, belowM2):
                return SentenceKey(rule, Int(bitPattern: UInt(squareMetres.bitPattern)), members, Int(bitPattern: UInt(belowM2.bitPattern)), 2)
            case let .noMemberOnline(members):
                return SentenceKey(rule, members, 0, 0, 3)
            case .householdFact:
                return SentenceKey(rule, 0, 0, 0, 4)
            }
        case let .conclusion(status, citation):
            return SentenceKey(Self.plainRules + Self.indicators.count + Self.statuses.firstIndex(of: status)!, number(of: citation))
        }
    }

    private func number(of area: Area) -> Int { Self.areas.firstIndex(of: area)! }
    private func number(of indicator: IndicatorKey) -> Int { Self.indicators.firstIndex(of: indicator)! }

    private mutating func number(of citation: String) -> Int {
        // A run has a citation per standard: a few, each compared as one string object.
        if let known = citations.firstIndex(where: { $0.text == citation }) { return known }
        var escaped: [UInt8] = []
        JSONValue.writeEscaped(citation, to: &escaped)
        citations.append((citation, escaped))
        return citations.count - 1
    }
}

/// A reason as numbers (`ExplanationWriter.key(of:)`): its rule and up to five values.
private struct SentenceKey: Equatable {
    let rule: Int
    let values: (Int, Int, Int, Int, Int)

    init(_ rule: Int, _ first: Int = 0, _ second: Int = 0, _ third: Int = 0, _ fourth: Int = 0, _ fifth: Int = 0) {
        self.rule = rule
        values = (first, second, third, fourth, fifth)
    }

    static func == (lhs: SentenceKey, rhs: SentenceKey) -> Bool {
        lhs.rule == rhs.rule && lhs.values == rhs.values
    }

    /// A slot of a table of 2^`bits`: the numbers mixed into one word (multiply–xorshift),
    /// its top bits. Keys that collide only miss the cache, so a seeded `Hasher` is not needed.
    func slot(bits: Int) -> Int {
        func mix(_ mixed: UInt64, _ value: Int) -> UInt64 {
            let product = (mixed ^ UInt64(bitPattern: Int64(value))) &* 0x9E37_79B9_7F4A_7C15
            return product ^ (product >> 29)
        }
        let mixed = mix(mix(mix(mix(mix(UInt64(bitPattern: Int64(rule)), values.0), values.1), values.2), values.3), values.4)
        return Int(truncatingIfNeeded: (mixed &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }
}
