/// Writes a classification's explanation as JSON strings: the sentences `Reason.text(in:)`
/// gives, without most of its cost. A sentence already written for an equal reason is copied
/// (households share most reasons); otherwise the template, split at its placeholders once,
/// is filled in with the reason's values as bytes.
///
/// `Translations.render` finds `{` and `}` as characters, this as bytes; they differ only where
/// a brace is joined to its neighbour in one character (a combining mark after it, say). Each
/// template is checked once against `Translations.render`, which renders any that differ.
struct ExplanationWriter {
    let language: Language
    private var templates: [String: Template?] = [:]
    /// Escaped sentences by reason; emptied when full, so that memory stays bounded however
    /// many distinct incomes and floor areas a file holds.
    private var sentences: [ReasonKey: [UInt8]] = [:]
    private static let maximumSentences = 16_384

    init(language: Language) {
        self.language = language
    }

    private enum Token {
        /// JSON-escaped text.
        case literal([UInt8])
        /// `{name}`; the raw text, JSON-escaped, stays when the message has no such parameter.
        case placeholder(name: String, raw: [UInt8])
    }

    private typealias Template = [Token]

    mutating func write(_ reasons: [Reason], to output: inout [UInt8]) {
        for (position, reason) in reasons.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            let key = ReasonKey(reason: reason)
            if let sentence = sentences[key] {
                output.append(contentsOf: sentence)
                continue
            }
            var sentence: [UInt8] = []
            render(reason.message(in: language), to: &sentence)
            if sentences.count >= Self.maximumSentences { sentences.removeAll(keepingCapacity: true) }
            sentences[key] = sentence
            output.append(contentsOf: sentence)
        }
    }

    /// The message as a JSON string.
    private mutating func render(_ message: Message, to output: inout [UInt8]) {
        guard let tokens = template(message.key) else {
            ClassificationJSON.writeString(Translations.render(message, in: language), to: &output)
            return
        }
        output.append(UInt8(ascii: "\""))
        Self.fill(tokens, message.parameters, to: &output)
        output.append(UInt8(ascii: "\""))
    }

    private static func fill(_ tokens: Template, _ parameters: [String: String], to output: inout [UInt8]) {
        for token in tokens {
            switch token {
            case let .literal(bytes):
                output.append(contentsOf: bytes)
            case let .placeholder(name, raw):
                if let value = parameters[name] {
                    ClassificationJSON.writeEscaped(value, to: &output)
                } else {
                    output.append(contentsOf: raw)
                }
            }
        }
    }

    private mutating func template(_ key: String) -> Template? {
        if let known = templates[key] { return known }
        let tokens = Self.parse(Array(Translations.text(key, in: language).utf8))
        // One value per placeholder, each different: the two renderings agree on these only
        // if they find the same placeholders.
        var parameters: [String: String] = [:]
        for case let .placeholder(name, _) in tokens { parameters[name] = "<\(parameters.count)>" }
        var expected: [UInt8] = []
        ClassificationJSON.writeEscaped(Translations.render(Message(key, parameters), in: language), to: &expected)
        var actual: [UInt8] = []
        Self.fill(tokens, parameters, to: &actual)
        let template = actual == expected ? tokens : nil
        templates[key] = template
        return template
    }

    private static func parse(_ text: [UInt8]) -> Template {
        func escaped(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
            var output: [UInt8] = []
            ClassificationJSON.writeEscaped(String(decoding: bytes, as: UTF8.self), to: &output)
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
}

/// A reason as a dictionary key. Hashes the numbers and codes only, never the strings (the
/// citation): a hash that leaves out part of a value is still consistent with `==`, which
/// compares everything.
private struct ReasonKey: Hashable {
    let reason: Reason

    static func == (lhs: ReasonKey, rhs: ReasonKey) -> Bool { lhs.reason == rhs.reason }

    func hash(into hasher: inout Hasher) {
        switch reason {
        case let .scoreAtOrBelowLine(score, line, area, _):
            hasher.combine(0); hasher.combine(score); hasher.combine(line); hasher.combine(area)
        case let .scoreAboveLine(score, line, area, _):
            hasher.combine(1); hasher.combine(score); hasher.combine(line); hasher.combine(area)
        case let .scoreNotUsed(score, _):
            hasher.combine(2); hasher.combine(score)
        case let .incomeAtOrBelowLine(income, line, area, _):
            hasher.combine(3); hasher.combine(income); hasher.combine(line); hasher.combine(area)
        case let .incomeInAverageLivingBand(income, line, upperBound, area, _):
            hasher.combine(4); hasher.combine(income); hasher.combine(line); hasher.combine(upperBound); hasher.combine(area)
        case let .incomeAboveAverageLivingBand(income, upperBound, area, _):
            hasher.combine(5); hasher.combine(income); hasher.combine(upperBound); hasher.combine(area)
        case let .incomeAboveLine(income, line, area, _):
            hasher.combine(6); hasher.combine(income); hasher.combine(line); hasher.combine(area)
        case .incomeUnknown:
            hasher.combine(7)
        case let .answeredOnFormB2(indicator):
            hasher.combine(8); hasher.combine(indicator)
        case let .derivedFromFacts(indicator, evidence):
            hasher.combine(9); hasher.combine(indicator)
            switch evidence {
            case let .members(count, fromAge, toAge): hasher.combine(count); hasher.combine(fromAge); hasher.combine(toAge)
            case let .dependants(count, members, abovePercent): hasher.combine(count); hasher.combine(members); hasher.combine(abovePercent)
            case let .floorArea(squareMetres, members, belowM2): hasher.combine(squareMetres); hasher.combine(members); hasher.combine(belowM2)
            case let .noMemberOnline(members): hasher.combine(members)
            case .householdFact: break
            }
        case let .indicatorUnknown(indicator):
            hasher.combine(10); hasher.combine(indicator)
        case let .deprivationsAtOrAboveCutoff(count, score, cutoff):
            hasher.combine(11); hasher.combine(count); hasher.combine(score); hasher.combine(cutoff)
        case let .deprivationsBelowCutoff(count, score, cutoff):
            hasher.combine(12); hasher.combine(count); hasher.combine(score); hasher.combine(cutoff)
        case let .deprivationsUndetermined(count, unknown, cutoff):
            hasher.combine(13); hasher.combine(count); hasher.combine(unknown); hasher.combine(cutoff)
        case let .conclusion(status, _):
            hasher.combine(14); hasher.combine(status)
        }
    }
}
