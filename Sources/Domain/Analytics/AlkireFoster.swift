/// The Alkire–Foster measure of multidimensional poverty over any selection of households
/// (a commune, an ethnic group, a targeting group, a review round): every indicator of the
/// standard weighs 1/d, a unit is multidimensionally poor when deprived in at least the
/// standard's cut-off k (`deprivationCutoff`, 3 indicators for Decree 07/2021 and 351/2025).
///
/// Income is not part of the measure: the Vietnamese standards combine it with deprivations to
/// decide the legal status, but the measure describes deprivations alone, so income is
/// reported beside it (`AlkireFosterResult.IncomeReport`).
///
/// Every figure is kept as an exact ratio of integer totals (weights are whole households or
/// whole people), so that tests compare fractions and pages round only when they display.
public enum AlkireFoster {
    /// What one unit of `n` is. Alkire–Foster counts people (each member carries the household's
    /// deprivations); Vietnamese poverty rates count households ("tỷ lệ hộ nghèo"): both are offered.
    public enum Weighting: String, CaseIterable, Sendable {
        case households, people
    }

    /// `numerator / denominator`, both whole totals. A ratio over nothing (denominator 0) is 0,
    /// which is what an empty selection displays; no figure here divides by zero.
    /// Equal when they are the same number (1/2 == 2/4), so tests state expected fractions as
    /// they compute them.
    public struct Ratio: Sendable, Equatable, CustomStringConvertible {
        public let numerator: Int
        public let denominator: Int

        public init(_ numerator: Int, _ denominator: Int) {
            self.numerator = numerator
            self.denominator = denominator
        }

        public var value: Double { denominator == 0 ? 0 : Double(numerator) / Double(denominator) }
        public var percent: Double { value * 100 }
        public var description: String { "\(numerator)/\(denominator)" }

        public static func == (lhs: Ratio, rhs: Ratio) -> Bool {
            guard lhs.denominator != 0, rhs.denominator != 0 else { return lhs.value == rhs.value }
            return lhs.numerator * rhs.denominator == rhs.numerator * lhs.denominator
        }
    }

    /// The measure over `observations` under `standard`. Only the standard's own indicators are
    /// counted, so d and the weights always come from the standard.
    ///
    /// A household with any of the standard's indicators unknown is left out of the measure and
    /// counted in `excludedIncomplete`: intensity needs the full deprivation count c_i of every
    /// poor unit and the censored headcounts need to know who is poor, so Alkire–Foster is only
    /// defined on complete deprivation profiles. Guessing the unknown indicators (as deprived or
    /// not) would bias H, A and M0 in a direction nobody could see on the page.
    public static func measure(
        _ observations: some Sequence<AlkireFosterObservation>, standard: PovertyStandard, weighting: Weighting
    ) -> AlkireFosterResult {
        let order = standard.indicatorOrder
        let cutoff = standard.deprivationCutoff
        var households = 0, excluded = 0, n = 0, q = 0, poorDeprivations = 0
        var incomePoor = 0, incomeAndPoor = 0, incomeUnknown = 0
        var uncensored = [Int](repeating: 0, count: order.count)
        var censored = [Int](repeating: 0, count: order.count)

        for observation in observations {
            guard observation.unknown.intersection(standard.indicatorSet).isEmpty else {
                excluded += 1
                continue
            }
            let weight = weighting == .households ? 1 : max(observation.members, 0)
            let deprived = observation.deprived.intersection(standard.indicatorSet)
            let isPoor = deprived.count >= cutoff
            households += 1
            n += weight
            for (index, key) in order.enumerated() where deprived.contains(key) {
                uncensored[index] += weight
                if isPoor { censored[index] += weight }
            }
            if isPoor {
                q += weight
                poorDeprivations += weight * deprived.count
            }
            switch observation.incomeAtOrBelowLine {
            case true?:
                incomePoor += weight
                if isPoor { incomeAndPoor += weight }
            case false?: break
            case nil: incomeUnknown += weight
            }
        }

        return AlkireFosterResult(
            standardID: standard.id, weighting: weighting, indicatorCount: order.count, cutoff: cutoff,
            households: households, excludedIncomplete: excluded, n: n, q: q, poorDeprivations: poorDeprivations,
            indicators: order.indices.map { index in
                AlkireFosterResult.IndicatorResult(
                    key: order[index], uncensoredCount: uncensored[index], censoredCount: censored[index],
                    n: n, poorDeprivations: poorDeprivations
                )
            },
            income: AlkireFosterResult.IncomeReport(
                atOrBelowLine: Ratio(incomePoor, n), atOrBelowLineAndPoor: Ratio(incomeAndPoor, n),
                unknown: Ratio(incomeUnknown, n)
            )
        )
    }
}

/// One household of the selection.
public struct AlkireFosterObservation: Sendable, Equatable {
    public var deprived: IndicatorSet
    /// Indicators that could not be determined; any of them excludes the household.
    public var unknown: IndicatorSet
    /// Its weight when people are counted.
    public var members: Int
    /// Income at or below the standard's line; nil when unknown. Reported beside the measure only.
    public var incomeAtOrBelowLine: Bool?

    public init(deprived: IndicatorSet, unknown: IndicatorSet = IndicatorSet(), members: Int, incomeAtOrBelowLine: Bool?) {
        self.deprived = deprived
        self.unknown = unknown
        self.members = members
        self.incomeAtOrBelowLine = incomeAtOrBelowLine
    }

    /// From a household's classification: its deprivations, its unknown indicators and how its
    /// income compared with the line (the average-living band is above the line).
    public init(_ classification: Classification, members: Int) {
        let income: Bool? = switch classification.income.outcome {
        case .atOrBelowLine: true
        case .averageLiving, .above: false
        case .unknown: nil
        }
        self.init(
            deprived: classification.deprivedSet, unknown: classification.unknownSet, members: members,
            incomeAtOrBelowLine: income
        )
    }
}

/// The result of `AlkireFoster.measure`. Counts of units (`n`, `q`, the per-indicator counts)
/// are households or people according to `weighting`; `households` and `excludedIncomplete`
/// are always households.
public struct AlkireFosterResult: Sendable, Equatable {
    public typealias Ratio = AlkireFoster.Ratio

    public let standardID: String
    public let weighting: AlkireFoster.Weighting
    /// d: every indicator weighs 1/d.
    public let indicatorCount: Int
    /// k: poor when deprived in at least k indicators.
    public let cutoff: Int
    /// Households in the measure.
    public let households: Int
    /// Households left out because an indicator of the standard is unknown.
    public let excludedIncomplete: Int
    /// Units in the measure.
    public let n: Int
    /// Units multidimensionally poor.
    public let q: Int
    /// Σ c_i over the poor units: the censored deprivation count.
    public let poorDeprivations: Int
    /// In the standard's order.
    public let indicators: [IndicatorResult]
    public let income: IncomeReport

    /// H = q / n.
    public var headcount: Ratio { Ratio(q, n) }
    /// A = Σ_poor (c_i / d) / q: the average share of indicators a poor unit is deprived in.
    public var intensity: Ratio { Ratio(poorDeprivations, q * indicatorCount) }
    /// M0 = Σ_i c_i(k) / (n · d), which equals H × A.
    public var adjustedHeadcount: Ratio { Ratio(poorDeprivations, n * indicatorCount) }

    public func indicator(_ key: IndicatorKey) -> IndicatorResult? {
        indicators.first { $0.key == key }
    }

    public struct IndicatorResult: Sendable, Equatable {
        public let key: IndicatorKey
        /// Units deprived in the indicator, poor or not.
        public let uncensoredCount: Int
        /// Units deprived in the indicator and multidimensionally poor.
        public let censoredCount: Int
        /// Uncensored headcount ratio: deprived / n.
        public let uncensoredHeadcount: Ratio
        /// Censored headcount ratio h_j: deprived and poor / n.
        public let censoredHeadcount: Ratio
        /// Share of M0 due to this indicator, (1/d · h_j) / M0, which reduces to
        /// censoredCount / Σ c_i(k). The shares of all indicators add up to 1 when M0 > 0;
        /// all are 0 when M0 = 0.
        public let contribution: Ratio

        init(key: IndicatorKey, uncensoredCount: Int, censoredCount: Int, n: Int, poorDeprivations: Int) {
            self.key = key
            self.uncensoredCount = uncensoredCount
            self.censoredCount = censoredCount
            uncensoredHeadcount = Ratio(uncensoredCount, n)
            censoredHeadcount = Ratio(censoredCount, n)
            contribution = Ratio(censoredCount, poorDeprivations)
        }

        /// `contribution` in percent.
        public var contributionPercent: Double { contribution.percent }
    }

    /// Income beside the measure, over the same n units, so that the shares compare with H.
    public struct IncomeReport: Sendable, Equatable {
        /// At or below the standard's income line.
        public let atOrBelowLine: Ratio
        /// At or below the income line and multidimensionally poor.
        public let atOrBelowLineAndPoor: Ratio
        /// Income unknown: the two shares above do not count these units.
        public let unknown: Ratio
    }
}
