/// An Alkire–Foster result as CSV (RFC 4180, as `CSVWriter` writes it). The header and the
/// labels follow the user's language; keys and numbers are for machines: codes, a dot as decimal
/// separator, no grouping.
///
/// One table with six columns, `key, label, value, uncensored, censored, contribution`: first the
/// summary measures (in `value`), then one row per indicator in the standard's order (in the last
/// three). Ratios are proportions (0.5 for half); contributions are percentages of M0.
/// The caller encodes the text as UTF-8.
public enum AlkireFosterCSV {
    public static func render(_ result: AlkireFosterResult, standard: PovertyStandard, in language: Language) -> String {
        precondition(result.standardID == standard.id, "the result was measured under another standard")
        func text(_ key: String) -> String { Translations.text(key, in: language) }
        func ratio(_ value: AlkireFoster.Ratio) -> String { PlainNumber.decimal(value.value, maxFractionDigits: 6) }
        let unit = result.weighting.rawValue

        var rows: [[String]] = [
            ["key", "label", "value", "uncensored", "censored", "contribution"].map { text("analytics.csv.\($0)") },
        ]
        let summary: [(key: String, label: String, value: String)] = [
            ("standard", Translations.render(Message("analytics.measure.standard", ["citation": standard.citation]), in: language),
             standard.id),
            ("weighting", text("analytics.measure.weighting"), unit),
            ("households", text("analytics.measure.households"), String(result.households)),
            ("excludedIncomplete", text("analytics.measure.excludedIncomplete"), String(result.excludedIncomplete)),
            ("n", text("analytics.measure.n.\(unit)"), String(result.n)),
            ("q", text("analytics.measure.q.\(unit)"), String(result.q)),
            ("d", text("analytics.measure.indicatorCount"), String(result.indicatorCount)),
            ("k", text("analytics.measure.cutoff"), String(result.cutoff)),
            ("H", text("analytics.measure.headcount"), ratio(result.headcount)),
            ("A", text("analytics.measure.intensity"), ratio(result.intensity)),
            ("M0", text("analytics.measure.adjustedHeadcount"), ratio(result.adjustedHeadcount)),
            ("incomeAtOrBelowLine", text("analytics.measure.incomeAtOrBelowLine"), ratio(result.income.atOrBelowLine)),
            ("incomeAtOrBelowLineAndPoor", text("analytics.measure.incomeAtOrBelowLineAndPoor"),
             ratio(result.income.atOrBelowLineAndPoor)),
            ("incomeUnknown", text("analytics.measure.incomeUnknown"), ratio(result.income.unknown)),
        ]
        rows += summary.map { [$0.key, $0.label, $0.value, "", "", ""] }
        rows += result.indicators.map { indicator in
            [
                indicator.key.rawValue, text("indicator.\(indicator.key.rawValue)"), "",
                ratio(indicator.uncensoredHeadcount), ratio(indicator.censoredHeadcount),
                PlainNumber.decimal(indicator.contributionPercent, maxFractionDigits: 4),
            ]
        }
        var writer = CSVWriter()
        for row in rows { writer.write(row) }
        return writer.text
    }
}
