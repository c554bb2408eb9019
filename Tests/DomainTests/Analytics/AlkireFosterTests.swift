import Testing
@testable import Domain

@Suite("Alkire–Foster measure")
struct AlkireFosterTests {
    typealias Ratio = AlkireFoster.Ratio

    /// Alkire & Foster (2011, J. Public Econ. 95:476) §3: four people, four dimensions with equal
    /// weights and cut-off k = 2. Achievements y and deprivation cut-offs z as in the paper
    /// (income, years of schooling, self-rated health, health insurance); a person is deprived
    /// where y < z. Four indicators of the standard stand for the four dimensions.
    @Test("the textbook example: H, A, M0, censored headcounts and contributions from the definition")
    func textbook() {
        let keys: [IndicatorKey] = [.employment, .dependents, .nutrition, .healthInsurance]
        let standard = AnalyticsFixtures.standard(keys, cutoff: 2)
        let achievements: [[Int]] = [[700, 14, 4, 1], [300, 13, 3, 0], [400, 10, 1, 0], [800, 11, 3, 1]]
        let cutoffs = [500, 12, 3, 1]
        let deprivations = achievements.map { row in row.indices.map { row[$0] < cutoffs[$0] } }
        let observations = deprivations.map { row in
            AlkireFosterObservation(
                deprived: IndicatorSet(keys.indices.filter { row[$0] }.map { keys[$0] }), members: 1, incomeAtOrBelowLine: nil
            )
        }

        let result = AlkireFoster.measure(observations, standard: standard, weighting: .households)

        // The definition, computed here from the deprivation matrix.
        let n = deprivations.count, d = keys.count, k = 2
        let counts = deprivations.map { row in row.filter { $0 }.count }
        let poor = counts.map { $0 >= k }
        let q = poor.filter { $0 }.count
        let censoredCounts = counts.indices.map { poor[$0] ? counts[$0] : 0 }
        let censoredTotal = censoredCounts.reduce(0, +)
        #expect(result.n == n && result.q == q && result.indicatorCount == d && result.cutoff == k)
        #expect(result.headcount == Ratio(q, n))
        #expect(result.intensity == Ratio(censoredTotal, q * d))
        #expect(result.adjustedHeadcount == Ratio(censoredTotal, n * d))
        for (j, key) in keys.enumerated() {
            let uncensored = deprivations.filter { $0[j] }.count
            let censored = deprivations.indices.filter { poor[$0] && deprivations[$0][j] }.count
            let indicator = result.indicator(key)!
            #expect(indicator.uncensoredHeadcount == Ratio(uncensored, n), "\(key)")
            #expect(indicator.censoredHeadcount == Ratio(censored, n), "\(key)")
            // (w_j · h_j) / M0 with w_j = 1/d.
            #expect(indicator.contribution == Ratio(censored * n * d, d * n * censoredTotal), "\(key)")
        }

        // And the figures the paper prints for this example.
        #expect(result.headcount == Ratio(1, 2))
        #expect(result.intensity == Ratio(3, 4))
        #expect(result.adjustedHeadcount == Ratio(3, 8))
        #expect(result.indicators.map(\.censoredHeadcount) == [Ratio(2, 4), Ratio(1, 4), Ratio(1, 4), Ratio(2, 4)])
    }

    @Test("M0 = H × A = Σ censored c_i / (n·d) = Σ w_j h_j; contributions add up to 100 %", arguments: [1, 2, 3, 4, 5] as [UInt64])
    func identities(seed: UInt64) {
        var random = DemoRandom(seed: seed)
        let standard = AnalyticsFixtures.decree07
        let observations = (0..<200).map { _ in
            AlkireFosterObservation(
                deprived: IndicatorSet(standard.indicatorOrder.filter { _ in random.percent(25) }),
                members: random.int(1...9), incomeAtOrBelowLine: random.percent(50)
            )
        }
        for weighting in AlkireFoster.Weighting.allCases {
            let result = AlkireFoster.measure(observations, standard: standard, weighting: weighting)
            let h = result.headcount, a = result.intensity, m0 = result.adjustedHeadcount
            #expect(result.q > 0)
            #expect(Ratio(h.numerator * a.numerator, h.denominator * a.denominator) == m0)
            #expect(abs(h.value * a.value - m0.value) < 1e-12)

            // Directly from the censored deprivation counts c_i(k) of the observations.
            let d = standard.indicators.count
            func weight(_ observation: AlkireFosterObservation) -> Int { weighting == .households ? 1 : observation.members }
            let n = observations.reduce(0) { $0 + weight($1) }
            let censored = observations.reduce(0) { total, observation in
                let count = observation.deprived.count
                return total + (count >= standard.deprivationCutoff ? weight(observation) * count : 0)
            }
            #expect(m0 == Ratio(censored, n * d))
            #expect(m0 == Ratio(result.indicators.reduce(0) { $0 + $1.censoredCount }, n * d))

            let total = result.indicators.reduce(0.0) { $0 + $1.contributionPercent }
            #expect(abs(total - 100) < 1e-9)
        }
    }

    @Test("exactly k deprivations is poor, k − 1 is not")
    func cutoffBoundary() {
        let standard = AnalyticsFixtures.decree07
        let k = standard.deprivationCutoff
        #expect(k == 3)
        let atCutoff = AlkireFoster.measure(
            [AnalyticsFixtures.observation(deprivedIn: k)], standard: standard, weighting: .households
        )
        #expect(atCutoff.q == 1)
        #expect(atCutoff.intensity == Ratio(k, standard.indicators.count))
        let below = AlkireFoster.measure(
            [AnalyticsFixtures.observation(deprivedIn: k - 1)], standard: standard, weighting: .households
        )
        #expect(below.q == 0 && below.n == 1)
        #expect(below.indicators.allSatisfy { $0.censoredCount == 0 })
        #expect(below.indicators.prefix(k - 1).allSatisfy { $0.uncensoredHeadcount == Ratio(1, 1) })
    }

    @Test("households with an unknown indicator are left out and counted; other standards' indicators are ignored")
    func incomplete() {
        let standard = AnalyticsFixtures.decree07
        var unknown = AnalyticsFixtures.observation(deprivedIn: 5)
        unknown.unknown = IndicatorSet([.water])
        // `waste` is not an indicator of Decree 07/2021: neither its deprivation nor its being unknown counts.
        let wasteOnly = AlkireFosterObservation(
            deprived: IndicatorSet([.employment, .dependents, .waste]), unknown: IndicatorSet([.waste]), members: 4,
            incomeAtOrBelowLine: true
        )
        let result = AlkireFoster.measure(
            [unknown, wasteOnly, AnalyticsFixtures.observation(deprivedIn: 3)], standard: standard, weighting: .people
        )
        #expect(result.excludedIncomplete == 1)
        #expect(result.households == 2)
        #expect(result.n == 5 && result.q == 1)
        #expect(result.headcount == Ratio(1, 5))
    }

    @Test("an empty selection and one with nobody poor divide by nothing")
    func degenerate() {
        let standard = AnalyticsFixtures.decree07
        var onlyIncomplete = AnalyticsFixtures.observation(deprivedIn: 4)
        onlyIncomplete.unknown = IndicatorSet([.telecom])
        for observations in [[], [onlyIncomplete]] {
            let empty = AlkireFoster.measure(observations, standard: standard, weighting: .people)
            #expect(empty.n == 0 && empty.q == 0)
            for ratio in [empty.headcount, empty.intensity, empty.adjustedHeadcount, empty.income.atOrBelowLine] {
                #expect(ratio.value == 0)
            }
            #expect(empty.indicators.count == standard.indicators.count)
            #expect(empty.indicators.allSatisfy { $0.contributionPercent == 0 && $0.uncensoredHeadcount.value == 0 })
        }

        let nobodyPoor = AlkireFoster.measure(
            [AnalyticsFixtures.observation(deprivedIn: 2), AnalyticsFixtures.observation(deprivedIn: 0)],
            standard: standard, weighting: .households
        )
        #expect(nobodyPoor.n == 2)
        #expect(nobodyPoor.adjustedHeadcount.value == 0 && nobodyPoor.intensity.value == 0)
        #expect(nobodyPoor.indicators.allSatisfy { $0.contributionPercent == 0 && !$0.contributionPercent.isNaN })
        #expect(nobodyPoor.indicator(.employment)?.uncensoredHeadcount == Ratio(1, 2))
    }

    @Test("people weighting counts each member: a large poor household raises H")
    func peopleWeighting() {
        let standard = AnalyticsFixtures.decree07
        let d = standard.indicators.count
        let observations = [
            AnalyticsFixtures.observation(deprivedIn: 4, members: 6),
            AnalyticsFixtures.observation(deprivedIn: 3, members: 2),
            AnalyticsFixtures.observation(deprivedIn: 1, members: 1),
            AnalyticsFixtures.observation(deprivedIn: 0, members: 1),
        ]
        let households = AlkireFoster.measure(observations, standard: standard, weighting: .households)
        let people = AlkireFoster.measure(observations, standard: standard, weighting: .people)

        #expect(households.headcount == Ratio(2, 4))
        #expect(households.intensity == Ratio(4 + 3, 2 * d))
        #expect(people.n == 10 && people.q == 8)
        #expect(people.headcount == Ratio(6 + 2, 6 + 2 + 1 + 1))
        #expect(people.intensity == Ratio(6 * 4 + 2 * 3, 8 * d))
        #expect(people.adjustedHeadcount == Ratio(6 * 4 + 2 * 3, 10 * d))
        #expect(people.headcount.value > households.headcount.value)
        // The fourth indicator is deprived only in the six-member household.
        let fourth = standard.indicatorOrder[3]
        #expect(households.indicator(fourth)?.censoredHeadcount == Ratio(1, 4))
        #expect(people.indicator(fourth)?.censoredHeadcount == Ratio(6, 10))
        #expect(people.households == households.households)
    }

    @Test("income is reported beside the measure, over the same units")
    func incomeSideReport() {
        let standard = AnalyticsFixtures.decree07
        let observations = [
            AnalyticsFixtures.observation(deprivedIn: 3, members: 3, incomePoor: true),
            AnalyticsFixtures.observation(deprivedIn: 1, members: 2, incomePoor: true),
            AnalyticsFixtures.observation(deprivedIn: 5, members: 4, incomePoor: false),
            AnalyticsFixtures.observation(deprivedIn: 0, members: 1, incomePoor: nil),
        ]
        let result = AlkireFoster.measure(observations, standard: standard, weighting: .people)
        #expect(result.income.atOrBelowLine == Ratio(3 + 2, 10))
        #expect(result.income.atOrBelowLineAndPoor == Ratio(3, 10))
        #expect(result.income.unknown == Ratio(1, 10))
        // Income does not enter the measure: the income-rich household with 5 deprivations is poor.
        #expect(result.headcount == Ratio(3 + 4, 10))
    }

    @Test("an observation taken from a classification keeps its deprivations, unknowns and income position")
    func fromClassification() {
        let standard = AnalyticsFixtures.decree07
        var answers = Dictionary(uniqueKeysWithValues: standard.indicatorOrder.map { ($0, false) })
        answers[.water] = true
        answers[.latrine] = true
        func observation(perCapita: Int?, answers: [IndicatorKey: Bool]) -> AlkireFosterObservation {
            let record = HouseholdRecord(
                code: "T-0001", surveyDate: LocalDate(iso: "2024-10-05")!,
                income: HouseholdRecord.Income(perCapitaMonthly: perCapita), indicators: answers
            )
            return AlkireFosterObservation(Classifier.classify(record, standard: standard, area: .rural), members: 3)
        }
        let poorIncome = observation(perCapita: 1_000_000, answers: answers)
        #expect(poorIncome.deprived == IndicatorSet([.water, .latrine]))
        #expect(poorIncome.unknown.isEmpty)
        #expect(poorIncome.members == 3)
        #expect(poorIncome.incomeAtOrBelowLine == true)
        #expect(observation(perCapita: 2_000_000, answers: answers).incomeAtOrBelowLine == false)
        #expect(observation(perCapita: 9_000_000, answers: answers).incomeAtOrBelowLine == false)
        #expect(observation(perCapita: nil, answers: answers).incomeAtOrBelowLine == nil)
    }

    @Test("ratios compare as numbers")
    func ratios() {
        #expect(Ratio(1, 2) == Ratio(3, 6))
        #expect(Ratio(1, 2) != Ratio(2, 3))
        #expect(Ratio(0, 0) == Ratio(0, 7))
        #expect(Ratio(3, 8).percent == 37.5)
    }
}
