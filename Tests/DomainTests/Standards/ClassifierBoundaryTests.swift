import Testing
@testable import Domain

@Suite("Classification at every boundary")
struct ClassifierBoundaryTests {
    typealias F = Fixtures

    private func classify(
        _ record: HouseholdRecord, _ standard: PovertyStandard = F.decree07, _ area: Area = .rural
    ) -> Classification {
        Classifier.classify(record, standard: standard, area: area)
    }

    // MARK: Income

    @Test("income lines are inclusive; above them comes the average band, then not poor", arguments: [
        (Area.rural, 1_500_000, 3, ComputedStatus.poor), (.rural, 1_500_000, 0, .nearPoor),
        (.rural, 1_500_001, 3, .averageLiving), (.rural, 2_250_000, 0, .averageLiving), (.rural, 2_250_001, 3, .notPoor),
        (.urban, 2_000_000, 3, .poor), (.urban, 2_000_000, 2, .nearPoor), (.urban, 2_000_001, 3, .averageLiving),
        (.urban, 3_000_000, 0, .averageLiving), (.urban, 3_000_001, 0, .notPoor),
        (.rural, 0, 12, .poor), (.urban, 1_500_001, 0, .nearPoor),
    ])
    func incomeLines(area: Area, income: Int, deprived: Int, expected: ComputedStatus) {
        let result = classify(F.household(perCapita: income, indicators: F.deprivations(deprived)), F.decree07, area)
        #expect(result.status == expected)
        #expect(result.incomeBasis == .perCapitaMonthly)
        #expect(result.incomeLine == (area == .rural ? 1_500_000 : 2_000_000))
        #expect(result.deprivationScore == deprived * 10)
    }

    @Test("form-B1 points are inclusive and judged alone above the line", arguments: [
        (Area.rural, 140, 3, ComputedStatus.poor), (.rural, 140, 2, .nearPoor), (.rural, 141, 3, .notPoor),
        (.urban, 175, 3, .poor), (.urban, 175, 0, .nearPoor), (.urban, 176, 0, .notPoor),
    ])
    func pointLines(area: Area, score: Int, deprived: Int, expected: ComputedStatus) {
        let result = classify(F.household(perCapita: nil, scoreA: score, indicators: F.deprivations(deprived)), F.decree07, area)
        #expect(result.status == expected)
        #expect(result.incomeBasis == .scoreA)
        #expect(result.incomeLine == (area == .rural ? 140 : 175))
    }

    @Test("points decide when both points and per-capita income are given")
    func pointsDecide() {
        let rich = classify(F.household(perCapita: 900_000, scoreA: 141, indicators: F.deprivations(3)))
        #expect(rich.status == .notPoor && rich.incomeBasis == .scoreA)
        let poor = classify(F.household(perCapita: 9_000_000, scoreA: 140, indicators: F.deprivations(3)))
        #expect(poor.status == .poor && poor.incomeLine == 140)
    }

    @Test("Decree 351 has no point lines and no known average band", arguments: [
        (Area.rural, 2_200_000, ComputedStatus.nearPoor), (.rural, 2_200_001, .notPoor),
        (.urban, 2_800_000, .nearPoor), (.urban, 2_800_001, .notPoor),
    ])
    func decree351Lines(area: Area, income: Int, expected: ComputedStatus) {
        let result = classify(F.household(perCapita: income, scoreA: 100), F.decree351, area)
        #expect(result.status == expected)
        #expect(result.incomeBasis == .perCapitaMonthly)
        #expect(result.reasons.first == .scoreNotUsed(score: 100, citation: "Nghị định 351/2025/NĐ-CP"))
        let pointsOnly = classify(F.household(perCapita: nil, scoreA: 100), F.decree351, area)
        #expect(pointsOnly.status == .incomplete && pointsOnly.missing == ["income"])
    }

    @Test("urban and rural differ for the same household")
    func urbanRural() {
        let record = F.household(perCapita: 1_800_000, indicators: F.deprivations(3))
        #expect(classify(record, F.decree07, .rural).status == .averageLiving)
        #expect(classify(record, F.decree07, .urban).status == .poor)
    }

    // MARK: Housing area

    @Test("floor area per person must be strictly below 8 m²", arguments: [
        (32.0, IndicatorState.notDeprived), (31.9, .deprived), (31.999, .deprived), (40.0, .notDeprived),
    ])
    func housingArea(floor: Double, expected: IndicatorState) {
        let record = F.household(members: Array(repeating: F.adult(), count: 4), floorAreaM2: floor)
        #expect(F.state(.housingArea, record) == expected)
    }

    // MARK: Ages

    @Test("health insurance concerns members from the day they turn 6", arguments: [
        ("2024-10-05", IndicatorState.deprived), ("2024-10-04", .notDeprived),
    ])
    func healthInsuranceAge(survey: String, expected: IndicatorState) {
        var child = F.adult(born: "2018-10-05")
        child.healthInsurance = false
        let record = F.household(members: [F.adult(), child], surveyDate: survey)
        #expect(F.state(.healthInsurance, record) == expected)
    }

    @Test("child schooling concerns ages 3 to under 16", arguments: [
        ("2021-10-05", "2024-10-05", IndicatorState.deprived), ("2021-10-05", "2024-10-04", .notDeprived),
        ("2008-10-05", "2024-10-04", .deprived), ("2008-10-05", "2024-10-05", .notDeprived),
    ])
    func childSchoolingAge(born: String, survey: String, expected: IndicatorState) {
        var child = F.adult(born: born)
        child.schoolOnTrack = false
        #expect(F.state(.childSchooling, F.household(members: [F.adult(), child], surveyDate: survey)) == expected)
    }

    @Test("nutrition concerns children under 16", arguments: [
        ("2024-10-04", IndicatorState.deprived), ("2024-10-05", .notDeprived),
    ])
    func nutritionAge(survey: String, expected: IndicatorState) {
        var child = F.adult(born: "2008-10-05")
        child.malnourished = true
        #expect(F.state(.nutrition, F.household(members: [F.adult(), child], surveyDate: survey)) == expected)
    }

    @Test("adult education: lower secondary at 16–17, upper secondary or vocational at 18–30, unless studying", arguments: [
        ("2008-10-05", Education.primary, false, IndicatorState.deprived),        // 16
        ("2008-10-06", .primary, false, .notDeprived),                             // 15
        ("2008-10-05", .primary, true, .notDeprived),                              // studying
        ("2006-10-06", .lowerSecondary, false, .notDeprived),                      // 17
        ("2006-10-05", .lowerSecondary, false, .deprived),                         // 18
        ("2006-10-05", .vocational, false, .notDeprived),
        ("1994-10-05", .primary, false, .deprived),                                // 30
        ("1993-10-05", .primary, false, .notDeprived),                             // 31
    ])
    func adultEducation(born: String, education: Education, studying: Bool, expected: IndicatorState) {
        var member = F.adult(born: born)
        member.education = education
        member.studying = studying
        #expect(F.state(.adultEducation, F.household(members: [F.adult(), member])) == expected)
    }

    @Test("working age starts at 15")
    func workingAgeStart() {
        var teen = F.adult(born: "2009-10-05")
        teen.employment = .unemployed
        #expect(F.state(.employment, F.household(members: [F.adult(), teen], surveyDate: "2024-10-05")) == .deprived)
        #expect(F.state(.employment, F.household(members: [F.adult(), teen], surveyDate: "2024-10-04")) == .notDeprived)
    }

    @Test("retirement ages of Decree 135/2020")
    func retirementSchedule() {
        let male = [2020: 720, 2021: 723, 2023: 729, 2024: 732, 2027: 741, 2028: 744, 2040: 744]
        let female = [2020: 660, 2021: 664, 2024: 676, 2034: 716, 2035: 720, 2040: 720]
        for (year, months) in male { #expect(RetirementAge.months(for: .male, in: year) == months, "\(year)") }
        for (year, months) in female { #expect(RetirementAge.months(for: .female, in: year) == months, "\(year)") }
        #expect(RetirementAge.ageInMonths(born: F.date("1963-01-31"), on: F.date("2024-04-30")) == 61 * 12 + 2)
        #expect(RetirementAge.ageInMonths(born: F.date("1963-01-31"), on: F.date("2024-05-01")) == 61 * 12 + 3)
        // Whole years of the month count agree with `LocalDate.age`, 29 February included.
        for (born, on) in [("2000-02-29", "2025-02-28"), ("2000-02-29", "2025-03-01"), ("1990-07-01", "2024-06-30")] {
            #expect(RetirementAge.ageInMonths(born: F.date(born), on: F.date(on)) / 12 == F.date(born).age(on: F.date(on)))
        }
    }

    /// Men retire at 61 years in 2024 (60 years 9 months was 2023's age); women at 56 years 4 months.
    @Test("past working age from the retirement age of the survey year", arguments: [
        ("1963-06-15", Sex.male, "2024-06-14", IndicatorState.deprived, IndicatorState.notDeprived),
        ("1963-06-15", .male, "2024-06-15", .notDeprived, .deprived),
        ("1962-09-15", .male, "2023-06-14", .deprived, .notDeprived),      // 60y8m < 60y9m
        ("1962-09-15", .male, "2023-06-15", .notDeprived, .deprived),      // 60y9m
        ("1968-02-10", .female, "2024-06-09", .deprived, .notDeprived),
        ("1968-02-10", .female, "2024-06-10", .notDeprived, .deprived),
    ])
    func retirement(born: String, sex: Sex, survey: String, employment: IndicatorState, dependants: IndicatorState) {
        var elder = F.adult(born: born, sex: sex)
        elder.employment = .unemployed
        let record = F.household(members: [elder], surveyDate: survey)
        #expect(F.state(.employment, record) == employment)
        #expect(F.state(.dependents, record) == dependants)
    }

    @Test("a birth year alone means a birthday on 1 July")
    func birthYear() {
        var child = F.adult()
        child.birthDate = nil
        child.birthYear = 2018
        child.healthInsurance = false
        #expect(F.state(.healthInsurance, F.household(members: [F.adult(), child], surveyDate: "2024-07-01")) == .deprived)
        #expect(F.state(.healthInsurance, F.household(members: [F.adult(), child], surveyDate: "2024-06-30")) == .notDeprived)
    }

    @Test("dependants must be more than half of the members; Decree 351 counts allowances instead")
    func dependants() {
        let child = F.adult(born: "2015-01-01")
        #expect(F.state(.dependents, F.household(members: [F.adult(), child])) == .notDeprived)
        #expect(F.state(.dependents, F.household(members: [F.adult(), child, child])) == .deprived)
        var disabled = F.adult()
        disabled.disability = .severe
        #expect(F.state(.dependents, F.household(members: [F.adult(), disabled, child])) == .deprived)
        #expect(F.state(.dependents, F.household(members: [F.adult(), disabled, child]), F.decree351) == .notDeprived)
        var onAllowance = F.adult()
        onAllowance.monthlyAllowance = true
        #expect(F.state(.dependents, F.household(members: [F.adult(), onAllowance, child]), F.decree351) == .deprived)
    }

    // MARK: Facts, answers and unknowns

    @Test("household facts and information access; waste only under Decree 351")
    func householdFacts() {
        var record = F.household(indicators: [:])
        record.housing?.wasteCollected = false
        record.information = .init(devices: [], hearsLoudspeaker: false)
        #expect(F.state(.informationAccess, record) == .deprived)
        #expect(F.state(.waste, record) == nil)
        #expect(F.state(.waste, record, F.decree351) == .deprived)
        #expect(F.state(.informationAccess, record, F.decree351) == nil)
        record.information = .init(devices: [], hearsLoudspeaker: nil)
        #expect(F.state(.informationAccess, record) == .unknown)
        record.information = .init(devices: nil, hearsLoudspeaker: true)
        #expect(F.state(.informationAccess, record) == .notDeprived)
    }

    @Test("telecom counts members using the internet, not devices")
    func telecom() {
        var offline = F.adult()
        offline.usesInternet = false
        #expect(F.state(.telecom, F.household(members: [offline])) == .deprived)
        #expect(F.state(.telecom, F.household(members: [offline, F.adult()])) == .notDeprived)
        offline.usesInternet = nil
        #expect(F.state(.telecom, F.household(members: [offline])) == .unknown)
    }

    @Test("a missing fact makes an indicator unknown unless another member already decides it")
    func unknownFacts() {
        var unknown = F.adult()
        unknown.healthInsurance = nil
        var uninsured = F.adult()
        uninsured.healthInsurance = false
        #expect(F.state(.healthInsurance, F.household(members: [F.adult(), unknown])) == .unknown)
        #expect(F.state(.healthInsurance, F.household(members: [unknown, uninsured])) == .deprived)
        var noBirth = F.adult()
        noBirth.birthDate = nil
        #expect(F.state(.healthInsurance, F.household(members: [noBirth])) == .notDeprived)
        noBirth.healthInsurance = false
        #expect(F.state(.healthInsurance, F.household(members: [noBirth])) == .unknown)
        // Sex matters only between the women's and the men's retirement ages.
        var noSex = F.adult(born: "1967-01-01")
        noSex.sex = nil
        noSex.employment = .unemployed
        #expect(F.state(.employment, F.household(members: [noSex])) == .unknown)
        noSex.birthDate = F.date("1980-01-01")
        #expect(F.state(.employment, F.household(members: [noSex])) == .deprived)
        // No member listed: the roster is unknown, not empty of deprivation.
        let empty = F.household(members: [])
        for key in [IndicatorKey.employment, .dependents, .healthInsurance, .telecom, .housingArea] {
            #expect(F.state(key, empty) == .unknown, "\(key)")
        }
        #expect(F.state(.water, empty) == .notDeprived)
    }

    @Test("form B2 answers win over the facts either way")
    func answersWin() {
        var record = F.household(indicators: [.water: false, .latrine: true, .waste: true])
        record.housing?.hygienicWater = false
        let assessments = Classifier.assessIndicators(record, standard: F.decree07)
        #expect(assessments.first { $0.indicator.key == .water }?.state == .notDeprived)
        #expect(assessments.first { $0.indicator.key == .water }?.source == .formB2)
        #expect(assessments.first { $0.indicator.key == .latrine }?.state == .deprived)
        #expect(assessments.first { $0.indicator.key == .housingQuality }?.source == .facts)
        #expect(classify(record).deprived == [.latrine])
    }

    @Test("incomplete only when the missing facts could change the status")
    func incomplete() {
        var known2 = F.deprivations(2)
        known2[.informationAccess] = nil
        var record = F.household(indicators: known2)
        record.housing?.hygienicWater = nil
        let undecided = classify(record)
        #expect(undecided.status == .incomplete)
        #expect(undecided.missing == ["water"])
        #expect(undecided.reasons.contains(.indicatorUnknown(.water)))
        #expect(undecided.reasons.contains(.deprivationsUndetermined(count: 2, unknown: 1, cutoff: 3)))

        record.indicators = F.deprivations(3)
        #expect(classify(record).status == .poor)
        #expect(classify(record).missing == [])

        record.indicators = F.deprivations(1)
        #expect(classify(record).status == .nearPoor)          // 1 known + 1 unknown < 3

        record.indicators = F.deprivations(2)
        record.income = .init(perCapitaMonthly: 1_600_000)
        #expect(classify(record).status == .averageLiving)     // above the line: deprivations irrelevant

        record.income = nil
        let noIncome = classify(record)
        #expect(noIncome.status == .incomplete)
        #expect(noIncome.missing == ["water", "income"])
        #expect(noIncome.incomeBasis == nil && noIncome.incomeLine == nil)
    }

    @Test("deprived lists keys in the standard's order, grouped views follow the dimensions")
    func order() {
        let record = F.household(indicators: [.telecom: true, .employment: true, .latrine: true])
        #expect(classify(record).deprived == [.employment, .latrine, .telecom])
        let groups = Classifier.assessIndicatorsByDimension(record, standard: F.decree351)
        #expect(groups.map(\.dimension.key) == F.decree351.dimensions.map(\.key))
        #expect(groups.first { $0.dimension.key == "waterSanitationEnvironment" }?.indicators.map(\.indicator.key)
            == [.water, .latrine, .waste])
    }

    // MARK: Reasons

    @Test("reasons cite the rule and the values, formatted per language")
    func reasons() {
        var member = F.adult()
        member.healthInsurance = false
        let record = F.household(
            members: [member, F.adult(), F.adult(), F.adult()], perCapita: 1_250_000,
            indicators: [.latrine: true], floorAreaM2: 31.9
        )
        let result = classify(record)
        #expect(result.status == .poor)
        #expect(result.deprived == [.healthInsurance, .housingArea, .latrine])
        #expect(result.reasons == [
            .incomeAtOrBelowLine(income: 1_250_000, line: 1_500_000, area: .rural, citation: "Nghị định 07/2021/NĐ-CP"),
            .derivedFromFacts(.healthInsurance, .members(count: 1, fromAge: 6, toAge: nil)),
            .derivedFromFacts(.housingArea, .floorArea(squareMetres: 31.9, members: 4, belowM2: 8)),
            .answeredOnFormB2(.latrine),
            .deprivationsAtOrAboveCutoff(count: 3, score: 30, cutoff: 3),
            .conclusion(.poor, citation: "Nghị định 07/2021/NĐ-CP"),
        ])
        let vi = result.reasons.map { $0.text(in: .vi) }
        #expect(vi[0] == "Thu nhập bình quân 1.250.000 đồng/người/tháng ≤ chuẩn nghèo nông thôn 1.500.000 đồng (Nghị định 07/2021/NĐ-CP).")
        #expect(vi[1] == "Thiếu hụt bảo hiểm y tế: 1 người từ 6 tuổi trở lên không có bảo hiểm y tế.")
        #expect(vi[2] == "Thiếu hụt diện tích nhà ở: 31,9 m² cho 4 người, bình quân 7,97 m²/người < 8 m².")
        #expect(vi[5] == "Kết luận: hộ nghèo theo Nghị định 07/2021/NĐ-CP.")
        #expect(result.reasons[0].text(in: .en)
            == "Per-capita income 1,250,000 VND/person/month ≤ the rural poverty line of 1,500,000 VND (Nghị định 07/2021/NĐ-CP).")
        #expect(result.reasons[0].values.map(\.name) == ["income", "line", "area", "citation"])
    }
}
