@testable import Domain

/// Standards and observations for the analytics tests.
enum AnalyticsFixtures {
    static let decree07 = StandardCatalog.builtIn.standard(id: "nd-07-2021")!

    /// Decree 07/2021 narrowed to `keys` with cut-off `cutoff`, for examples small enough to
    /// compute by hand.
    static func standard(_ keys: [IndicatorKey], cutoff: Int) -> PovertyStandard {
        let base = decree07
        return PovertyStandard(
            id: "test-\(keys.count)-\(cutoff)", legalReference: base.legalReference, citation: base.citation,
            validFrom: base.validFrom, validTo: base.validTo, incomeLines: base.incomeLines, pointLines: base.pointLines,
            deprivationCutoff: cutoff, pointsPerIndicator: base.pointsPerIndicator, dimensions: base.dimensions,
            indicators: keys.map { key in base.indicator(key)! }, derivation: base.derivation
        )
    }

    /// A household deprived in the first `count` indicators of `standard`.
    static func observation(
        deprivedIn count: Int, of standard: PovertyStandard = decree07, members: Int = 1, incomePoor: Bool? = true
    ) -> AlkireFosterObservation {
        AlkireFosterObservation(
            deprived: IndicatorSet(standard.indicatorOrder.prefix(count)), members: members, incomeAtOrBelowLine: incomePoor
        )
    }
}
