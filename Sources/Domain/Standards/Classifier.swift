/// Classifies households under a poverty standard (`domain.md` §2–3, `household-format.md`).
/// Pure and allocation-free per household: indicators are judged on bit sets and counters;
/// explanations are built from them only when `Classification.reasons` is read.
public enum Classifier {
    public static func classify(_ record: HouseholdRecord, standard: PovertyStandard, area: Area) -> Classification {
        let evaluation = IndicatorEvaluation(record, standard: standard)
        let deprivedCount = evaluation.deprived.count
        let income = judgeIncome(record.income, standard: standard, area: area)
        let cutoff = standard.deprivationCutoff
        let status: ComputedStatus
        switch income.outcome {
        case .unknown:
            // Income could fall on either side of the line: the status is open whatever else is known.
            status = .incomplete
        case .atOrBelowLine:
            if deprivedCount >= cutoff {
                status = .poor
            } else if deprivedCount + evaluation.unknown.count >= cutoff {
                status = .incomplete
            } else {
                status = .nearPoor
            }
        case .averageLiving: status = .averageLiving
        case .above: status = .notPoor
        }
        return Classification(
            standardID: standard.id, area: area, status: status,
            deprivationScore: deprivedCount * standard.pointsPerIndicator,
            citation: standard.citation, deprivationCutoff: cutoff, income: income, evaluation: evaluation,
            indicatorOrder: standard.indicatorOrder
        )
    }

    /// Every indicator of the standard for this household, in the standard's order: its state,
    /// whether form B2 or the facts gave it, and the facts behind a derived deprivation.
    public static func assessIndicators(_ record: HouseholdRecord, standard: PovertyStandard) -> [IndicatorAssessment] {
        let evaluation = IndicatorEvaluation(record, standard: standard)
        return standard.indicators.map { indicator in
            let state = evaluation.state(of: indicator.key)
            let source = evaluation.source(of: indicator.key)
            return IndicatorAssessment(
                indicator: indicator, state: state, source: source,
                evidence: state == .deprived && source == .facts ? evaluation.evidence(for: indicator.key) : nil
            )
        }
    }

    /// `assessIndicators` grouped by the standard's dimensions, in their order.
    public static func assessIndicatorsByDimension(
        _ record: HouseholdRecord, standard: PovertyStandard
    ) -> [(dimension: PovertyStandard.Dimension, indicators: [IndicatorAssessment])] {
        let assessments = assessIndicators(record, standard: standard)
        return standard.dimensions.map { dimension in
            (dimension, assessments.filter { $0.indicator.dimension == dimension.key })
        }
    }

    /// Points decide where the household has a score and the standard has point lines;
    /// otherwise per-capita income against the VND lines. Both lines are inclusive.
    private static func judgeIncome(_ income: HouseholdRecord.Income?, standard: PovertyStandard, area: Area) -> IncomeJudgement {
        var unusedScore: Int?
        if let score = income?.scoreA {
            if let pointLines = standard.pointLines {
                let line = pointLines[area]
                // No point band is known for the average living standard: above the line is not poor.
                return IncomeJudgement(outcome: score <= line ? .atOrBelowLine : .above, basis: .scoreA, line: line, value: score)
            }
            unusedScore = score
        }
        guard let perCapita = income?.perCapitaMonthly else {
            return IncomeJudgement(outcome: .unknown, unusedScore: unusedScore)
        }
        let lines = standard.incomeLines[area]
        let outcome: IncomeJudgement.Outcome
        if perCapita <= lines.poor {
            outcome = .atOrBelowLine
        } else if let upperBound = lines.averageLivingUpperBound, perCapita <= upperBound {
            outcome = .averageLiving
        } else {
            outcome = .above
        }
        return IncomeJudgement(
            outcome: outcome, basis: .perCapitaMonthly, line: lines.poor, value: perCapita,
            upperBound: outcome == .atOrBelowLine ? nil : lines.averageLivingUpperBound, unusedScore: unusedScore
        )
    }
}
