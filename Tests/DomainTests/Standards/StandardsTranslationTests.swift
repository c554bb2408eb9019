import Testing
@testable import Domain

@Suite("Standards texts")
struct StandardsTranslationTests {
    /// One reason of every kind, every indicator and every status.
    static let everyReason: [Reason] = {
        let citation = "C"
        var reasons: [Reason] = [
            .scoreAtOrBelowLine(score: 1, line: 2, area: .rural, citation: citation),
            .scoreAboveLine(score: 3, line: 2, area: .urban, citation: citation),
            .scoreNotUsed(score: 1, citation: citation),
            .incomeAtOrBelowLine(income: 1, line: 2, area: .rural, citation: citation),
            .incomeInAverageLivingBand(income: 3, line: 2, upperBound: 4, area: .rural, citation: citation),
            .incomeAboveAverageLivingBand(income: 5, upperBound: 4, area: .urban, citation: citation),
            .incomeAboveLine(income: 3, line: 2, area: .urban, citation: citation),
            .incomeUnknown,
            .deprivationsAtOrAboveCutoff(count: 3, score: 30, cutoff: 3),
            .deprivationsBelowCutoff(count: 1, score: 10, cutoff: 3),
            .deprivationsUndetermined(count: 1, unknown: 2, cutoff: 3),
        ]
        for key in IndicatorKey.allCases {
            reasons.append(.answeredOnFormB2(key))
            reasons.append(.indicatorUnknown(key))
        }
        for standard in Fixtures.catalog.standards {
            let record = Fixtures.household(members: [])
            let evaluation = IndicatorEvaluation(record, standard: standard)
            for key in standard.indicatorOrder { reasons.append(.derivedFromFacts(key, evaluation.evidence(for: key))) }
        }
        for status in ComputedStatus.allCases { reasons.append(.conclusion(status, citation: citation)) }
        return reasons
    }()

    @Test("every reason has text in both languages using exactly its values")
    func reasons() {
        let entries = Translations.standardsEntries
        for reason in Self.everyReason {
            guard let entry = entries[reason.key] else {
                Issue.record("missing \(reason.key)")
                continue
            }
            let names = Set(reason.values.map(\.name))
            #expect(placeholders(entry.vi).isSubset(of: names), "\(reason.key)")
            #expect(placeholders(entry.vi) == placeholders(entry.en), "\(reason.key)")
        }
    }

    @Test("every dimension, area, state and source has a label; indicator names come from the table")
    func labels() {
        let entries = Translations.standardsEntries
        var keys = Area.allCases.map { "standards.area.\($0.rawValue)" }
            + IndicatorState.allCases.map { "standards.state.\($0.rawValue)" }
            + IndicatorSource.allCases.map { "standards.source.\($0.rawValue)" }
            + IncomeBasis.allCases.map { "standards.incomeBasis.\($0.rawValue)" }
        for standard in Fixtures.catalog.standards { keys += standard.dimensions.map { "standards.dimension.\($0.key)" } }
        for key in keys { #expect(entries[key] != nil, "missing \(key)") }
        for key in IndicatorKey.allCases { #expect(Translations.keys.contains("indicator.\(key.rawValue)")) }
    }

    @Test("every entry has both languages with the same placeholders")
    func complete() {
        for (key, entry) in Translations.standardsEntries {
            #expect(!entry.vi.isEmpty && !entry.en.isEmpty, "\(key)")
            #expect(placeholders(entry.vi) == placeholders(entry.en), "\(key)")
        }
    }

    @Test("data errors render in both languages")
    func errors() {
        let problems: [StandardDataError.Problem] = [
            .syntax(offset: 1, reason: "r"), .required, .unknownKey, .wrongType(expected: "string"),
            .notInList(allowed: ["a"]), .invalidDate, .notPositive, .outOfRange, .endBeforeStart, .duplicate,
            .unknownDimension, .unknownStandard(id: "x"), .overlappingValidity(otherID: "y"), .noStandards,
        ]
        for problem in problems {
            let message = StandardDataError(path: "p", problem: problem).message
            #expect(Translations.standardsEntries[message.key] != nil, "\(message.key)")
            for language in Language.allCases {
                #expect(!Translations.render(message, in: language).contains("{"), "\(message.key)")
            }
        }
    }

    private func placeholders(_ text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
