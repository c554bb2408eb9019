/// One step of a classification's explanation: the rule applied and the raw values it used.
/// Text is produced only when asked, through the translation table (`standards.reason.*`).
public enum Reason: Equatable, Sendable {
    case scoreAtOrBelowLine(score: Int, line: Int, area: Area, citation: String)
    case scoreAboveLine(score: Int, line: Int, area: Area, citation: String)
    /// The standard has no point lines, so form-B1 points cannot decide.
    case scoreNotUsed(score: Int, citation: String)
    case incomeAtOrBelowLine(income: Int, line: Int, area: Area, citation: String)
    case incomeInAverageLivingBand(income: Int, line: Int, upperBound: Int, area: Area, citation: String)
    case incomeAboveAverageLivingBand(income: Int, upperBound: Int, area: Area, citation: String)
    /// Above the line of a standard that defines no average-living band.
    case incomeAboveLine(income: Int, line: Int, area: Area, citation: String)
    case incomeUnknown
    case answeredOnFormB2(IndicatorKey)
    case derivedFromFacts(IndicatorKey, Evidence)
    case indicatorUnknown(IndicatorKey)
    case deprivationsAtOrAboveCutoff(count: Int, score: Int, cutoff: Int)
    case deprivationsBelowCutoff(count: Int, score: Int, cutoff: Int)
    /// Fewer than `cutoff` known deprivations, but enough unknown ones to reach it.
    case deprivationsUndetermined(count: Int, unknown: Int, cutoff: Int)
    case conclusion(ComputedStatus, citation: String)

    /// A raw value of a reason; formatted for a language only by `message(in:)`.
    public enum Value: Equatable, Sendable {
        case integer(Int)
        case decimal(Double)
        case area(Area)
        case indicator(IndicatorKey)
        case text(String)
    }

    /// The rule: the translation key of the reason's text.
    public var key: String {
        switch self {
        case .scoreAtOrBelowLine: return "standards.reason.scoreAtOrBelowLine"
        case .scoreAboveLine: return "standards.reason.scoreAboveLine"
        case .scoreNotUsed: return "standards.reason.scoreNotUsed"
        case .incomeAtOrBelowLine: return "standards.reason.incomeAtOrBelowLine"
        case .incomeInAverageLivingBand: return "standards.reason.incomeInAverageLivingBand"
        case .incomeAboveAverageLivingBand: return "standards.reason.incomeAboveAverageLivingBand"
        case .incomeAboveLine: return "standards.reason.incomeAboveLine"
        case .incomeUnknown: return "standards.reason.incomeUnknown"
        case .answeredOnFormB2: return "standards.reason.answeredOnFormB2"
        case let .derivedFromFacts(indicator, _): return "standards.reason.derived.\(indicator.rawValue)"
        case .indicatorUnknown: return "standards.reason.indicatorUnknown"
        case .deprivationsAtOrAboveCutoff: return "standards.reason.deprivationsAtOrAboveCutoff"
        case .deprivationsBelowCutoff: return "standards.reason.deprivationsBelowCutoff"
        case .deprivationsUndetermined: return "standards.reason.deprivationsUndetermined"
        case let .conclusion(status, _): return "standards.reason.conclusion.\(status.rawValue)"
        }
    }

    /// The named values the rule used, unformatted.
    public var values: [(name: String, value: Value)] {
        switch self {
        case let .scoreAtOrBelowLine(score, line, area, citation), let .scoreAboveLine(score, line, area, citation):
            return [("score", .integer(score)), ("line", .integer(line)), ("area", .area(area)), ("citation", .text(citation))]
        case let .scoreNotUsed(score, citation):
            return [("score", .integer(score)), ("citation", .text(citation))]
        case let .incomeAtOrBelowLine(income, line, area, citation), let .incomeAboveLine(income, line, area, citation):
            return [("income", .integer(income)), ("line", .integer(line)), ("area", .area(area)), ("citation", .text(citation))]
        case let .incomeInAverageLivingBand(income, line, upperBound, area, citation):
            return [
                ("income", .integer(income)), ("line", .integer(line)), ("upperBound", .integer(upperBound)),
                ("area", .area(area)), ("citation", .text(citation)),
            ]
        case let .incomeAboveAverageLivingBand(income, upperBound, area, citation):
            return [("income", .integer(income)), ("upperBound", .integer(upperBound)), ("area", .area(area)), ("citation", .text(citation))]
        case .incomeUnknown:
            return []
        case let .answeredOnFormB2(indicator), let .indicatorUnknown(indicator):
            return [("indicator", .indicator(indicator))]
        case let .derivedFromFacts(_, evidence):
            return Self.values(of: evidence)
        case let .deprivationsAtOrAboveCutoff(count, score, cutoff), let .deprivationsBelowCutoff(count, score, cutoff):
            return [("count", .integer(count)), ("score", .integer(score)), ("cutoff", .integer(cutoff))]
        case let .deprivationsUndetermined(count, unknown, cutoff):
            return [("count", .integer(count)), ("unknown", .integer(unknown)), ("cutoff", .integer(cutoff))]
        case let .conclusion(_, citation):
            return [("citation", .text(citation))]
        }
    }

    private static func values(of evidence: Evidence) -> [(name: String, value: Value)] {
        switch evidence {
        case let .members(count, fromAge, toAge):
            var values: [(name: String, value: Value)] = [("count", .integer(count))]
            if let fromAge { values.append(("fromAge", .integer(fromAge))) }
            if let toAge {
                values.append(("toAge", .integer(toAge)))
                // Legal texts say "under 16" for children: offer the exclusive bound too.
                values.append(("belowAge", .integer(toAge + 1)))
            }
            return values
        case let .dependants(count, members, abovePercent):
            return [("count", .integer(count)), ("members", .integer(members)), ("abovePercent", .integer(abovePercent))]
        case let .floorArea(squareMetres, members, belowM2):
            return [
                ("floorArea", .decimal(squareMetres)), ("members", .integer(members)),
                ("perPerson", .decimal(squareMetres / Double(max(members, 1)))), ("threshold", .decimal(belowM2)),
            ]
        case let .noMemberOnline(members):
            return [("members", .integer(members))]
        case .householdFact:
            return []
        }
    }

    /// The reason as a message of the translation table, its values formatted for `language`
    /// (1.500.000 and 7,98 in Vietnamese; 1,500,000 and 7.98 in English).
    public func message(in language: Language) -> Message {
        var parameters: [String: String] = [:]
        for (name, value) in values {
            parameters[name] = Self.format(value, in: language)
        }
        return Message(key, parameters)
    }

    /// The rendered sentence.
    public func text(in language: Language) -> String {
        Translations.render(message(in: language), in: language)
    }

    static func format(_ value: Value, in language: Language) -> String {
        switch value {
        case let .integer(number): return VietnameseFormat.integer(number, in: language)
        case let .decimal(number): return decimal(number, in: language)
        case let .area(area): return Translations.text("standards.area.\(area.rawValue)", in: language)
        case let .indicator(key): return Translations.text("indicator.\(key.rawValue)", in: language)
        case let .text(text): return text
        }
    }

    /// At most two decimals, truncated rather than rounded so that a value below a threshold
    /// never shows as equal to it (7,999 m² shows as 7,99, not 8); trailing zeros dropped.
    /// The tiny offset keeps 7.98 (stored as 7.97999…) from truncating to 7,97; the values
    /// are areas, never negative.
    private static func decimal(_ number: Double, in language: Language) -> String {
        let truncated = (number * 100 + 1e-9).rounded(.down) / 100
        var text = VietnameseFormat.decimal(truncated, fractionDigits: 2, in: language)
        let separator: Character = language == .vi ? "," : "."
        guard text.contains(separator) else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.last == separator { text.removeLast() }
        return text
    }
}
