/// Writes a classification's explanation as JSON strings: the sentences `Reason.text(in:)`
/// gives, without most of its cost. Each rule's template is split at its placeholders once,
/// then filled in with the reason's values formatted straight into bytes.
///
/// `Translations.render` finds `{` and `}` as characters, this as bytes; they differ only where
/// a brace is joined to its neighbour in one character (a combining mark after it, say). Each
/// template is checked once against `Translations.render`, which renders any that differ.
struct ExplanationWriter {
    let language: Language
    /// By `rule(of:)`; nil until first needed.
    private var templates: [Template??]
    /// `allCases`, stored: the synthesized property builds a new array each time.
    private static let areas = Area.allCases
    private static let indicators = IndicatorKey.allCases
    private static let statuses = ComputedStatus.allCases
    /// JSON-escaped names, by position in `areas` and `indicators`.
    private let areaNames: [[UInt8]]
    private let indicatorNames: [[UInt8]]
    /// Decimals (floor areas) as formatted, by their bits: few values recur, and formatting one
    /// costs more than the rest of a sentence. Emptied when full, so that memory stays bounded.
    private var decimals: [UInt64: [UInt8]] = [:]
    private static let maximumDecimals = 16_384

    init(language: Language) {
        self.language = language
        templates = Array(repeating: nil, count: Self.ruleCount)
        func escaped(_ value: Reason.Value) -> [UInt8] {
            var bytes: [UInt8] = []
            ClassificationJSON.writeEscaped(Reason.format(value, in: language), to: &bytes)
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
            let rule = Self.rule(of: reason)
            if templates[rule] == nil { templates[rule] = template(reason.key) }
            guard let tokens = templates[rule]! else {
                ClassificationJSON.writeString(reason.text(in: language), to: &output)
                continue
            }
            output.append(UInt8(ascii: "\""))
            fill(tokens, reason.values, to: &output)
            output.append(UInt8(ascii: "\""))
        }
    }

    private mutating func fill(_ tokens: Template, _ values: [(name: String, value: Reason.Value)], to output: inout [UInt8]) {
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
    private mutating func write(_ value: Reason.Value, to output: inout [UInt8]) {
        switch value {
        case let .integer(number): VietnameseFormat.appendInteger(number, in: language, to: &output)
        case let .area(area): output.append(contentsOf: areaNames[Self.areas.firstIndex(of: area)!])
        case let .indicator(key): output.append(contentsOf: indicatorNames[Self.indicators.firstIndex(of: key)!])
        case let .text(text): ClassificationJSON.writeEscaped(text, to: &output)
        case let .decimal(number):
            if let known = decimals[number.bitPattern] {
                output.append(contentsOf: known)
                return
            }
            var formatted: [UInt8] = []
            ClassificationJSON.writeEscaped(Reason.format(value, in: language), to: &formatted)
            if decimals.count >= Self.maximumDecimals { decimals.removeAll(keepingCapacity: true) }
            decimals[number.bitPattern] = formatted
            output.append(contentsOf: formatted)
        }
    }

    /// The template of the rule `key`, or nil when it must be rendered by `Translations.render`.
    private mutating func template(_ key: String) -> Template? {
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
        ClassificationJSON.writeEscaped(Translations.render(Message(key, parameters), in: language), to: &expected)
        var actual: [UInt8] = []
        fill(tokens, values, to: &actual)
        return actual == expected ? tokens : nil
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

    private static let plainRules = 13
    private static let ruleCount = plainRules + indicators.count + statuses.count

    /// A number for each `Reason.key`, to find its template without building the key.
    private static func rule(of reason: Reason) -> Int {
        switch reason {
        case .scoreAtOrBelowLine: return 0
        case .scoreAboveLine: return 1
        case .scoreNotUsed: return 2
        case .incomeAtOrBelowLine: return 3
        case .incomeInAverageLivingBand: return 4
        case .incomeAboveAverageLivingBand: return 5
        case .incomeAboveLine: return 6
        case .incomeUnknown: return 7
        case .answeredOnFormB2: return 8
        case .indicatorUnknown: return 9
        case .deprivationsAtOrAboveCutoff: return 10
        case .deprivationsBelowCutoff: return 11
        case .deprivationsUndetermined: return 12
        case let .derivedFromFacts(indicator, _):
            return plainRules + indicators.firstIndex(of: indicator)!
        case let .conclusion(status, _):
            return plainRules + indicators.count + statuses.firstIndex(of: status)!
        }
    }
}
