/// What income a household was judged on.
public enum IncomeBasis: String, CaseIterable, Sendable {
    /// Form-B1 points (điểm A) against the standard's point line.
    case scoreA
    /// Per-capita monthly income in VND against the income line.
    case perCapitaMonthly
}

/// The result of classifying one household under one standard (`household-format.md`,
/// "Classification result"). Lists and reasons are built from bit sets and counters only when
/// read, so that classifying stays cheap.
public struct Classification: Equatable, Sendable {
    public let standardID: String
    public let area: Area
    public let status: ComputedStatus
    /// nil when income is unknown.
    public var incomeBasis: IncomeBasis? { income.basis }
    /// The line that decided: points for `.scoreA`, VND for `.perCapitaMonthly`.
    public var incomeLine: Int? { income.line }
    /// Deprived indicators (B2 answers and derivations) as a bit set.
    public var deprivedSet: IndicatorSet { evaluation.deprived }
    /// Indicators that could not be determined.
    public var unknownSet: IndicatorSet { evaluation.unknown }
    public let deprivationScore: Int
    /// The standard's short legal citation, as the reasons quote it.
    public let citation: String

    let deprivationCutoff: Int
    let income: IncomeJudgement
    let evaluation: IndicatorEvaluation
    /// The standard's indicator order, for lists.
    let indicatorOrder: [IndicatorKey]

    /// Deprived indicator keys in the standard's order.
    public var deprived: [IndicatorKey] { deprivedSet.ordered(by: indicatorOrder) }

    /// When the status is incomplete: the unknown indicator keys, then "income" if income is unknown.
    public var missing: [String] {
        guard status == .incomplete else { return [] }
        var keys = unknownSet.ordered(by: indicatorOrder).map(\.rawValue)
        if income.outcome == .unknown { keys.append("income") }
        return keys
    }

    /// Why, in order: income, deprived indicators, unknown indicators (when incomplete), the
    /// count of deprivations (when income is at or below the line, or unknown), the conclusion.
    public var reasons: [Reason] {
        var reasons: [Reason] = []
        // Income, the conclusion and the count, besides the indicators: reserved at once, not
        // grown step by step.
        reasons.reserveCapacity(4 + evaluation.deprived.count + (status == .incomplete ? evaluation.unknown.count : 0))
        if let score = income.unusedScore { reasons.append(.scoreNotUsed(score: score, citation: citation)) }
        switch (income.outcome, income.basis) {
        case (.unknown, _), (_, nil):
            reasons.append(.incomeUnknown)
        case (.atOrBelowLine, .scoreA):
            reasons.append(.scoreAtOrBelowLine(score: income.value, line: income.line!, area: area, citation: citation))
        case (_, .scoreA):
            reasons.append(.scoreAboveLine(score: income.value, line: income.line!, area: area, citation: citation))
        case (.atOrBelowLine, .perCapitaMonthly):
            reasons.append(.incomeAtOrBelowLine(income: income.value, line: income.line!, area: area, citation: citation))
        case (.averageLiving, .perCapitaMonthly):
            reasons.append(.incomeInAverageLivingBand(
                income: income.value, line: income.line!, upperBound: income.upperBound!, area: area, citation: citation))
        case (.above, .perCapitaMonthly):
            if let upperBound = income.upperBound {
                reasons.append(.incomeAboveAverageLivingBand(income: income.value, upperBound: upperBound, area: area, citation: citation))
            } else {
                reasons.append(.incomeAboveLine(income: income.value, line: income.line!, area: area, citation: citation))
            }
        }
        for key in indicatorOrder where evaluation.deprived.contains(key) {
            reasons.append(evaluation.answered.contains(key)
                ? .answeredOnFormB2(key) : .derivedFromFacts(key, evaluation.evidence(for: key)))
        }
        if status == .incomplete {
            for key in indicatorOrder where evaluation.unknown.contains(key) { reasons.append(.indicatorUnknown(key)) }
        }
        if income.outcome == .atOrBelowLine || income.outcome == .unknown {
            let count = evaluation.deprived.count
            if count >= deprivationCutoff {
                reasons.append(.deprivationsAtOrAboveCutoff(count: count, score: deprivationScore, cutoff: deprivationCutoff))
            } else if count + evaluation.unknown.count >= deprivationCutoff {
                reasons.append(.deprivationsUndetermined(count: count, unknown: evaluation.unknown.count, cutoff: deprivationCutoff))
            } else {
                reasons.append(.deprivationsBelowCutoff(count: count, score: deprivationScore, cutoff: deprivationCutoff))
            }
        }
        reasons.append(.conclusion(status, citation: citation))
        return reasons
    }
}

/// How income compared with the standard's lines.
struct IncomeJudgement: Equatable, Sendable {
    enum Outcome: Equatable, Sendable { case atOrBelowLine, averageLiving, above, unknown }

    var outcome: Outcome
    var basis: IncomeBasis?
    var line: Int?
    /// The points or VND judged.
    var value = 0
    /// The average-living upper bound, where the standard has one and income is above the line.
    var upperBound: Int?
    /// Form-B1 points given for a standard without point lines.
    var unusedScore: Int?
}
