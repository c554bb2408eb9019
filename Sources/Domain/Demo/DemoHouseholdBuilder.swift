/// Writes the households' histories: sponsored households poor at their first review and
/// recognised as escaped by January 2024; unsponsored ones poor or near-poor in 2023–2024.
struct DemoHouseholdBuilder {
    private var random: DemoRandom
    private var ids: Set<String> = []
    private var sequences: [String: Int] = [:]
    private var decisions: [String: (number: Int, date: LocalDate, signer: String)] = [:]

    init(seed: UInt64) {
        random = DemoRandom(seed: seed)
    }

    // MARK: Sponsored

    /// The 115 households of the units' quotas.
    mutating func sponsoredHouseholds() -> [DemoHousehold] {
        DemoOrganisation.quotas.flatMap { quota in
            (0..<quota.households).map { _ in sponsored(by: quota.unit, in: DemoPlaces.commune(quota.commune)) }
        }
    }

    /// Poor from the review of `firstYear` until the review of `escapeYear`, one survey per
    /// yearly review, then (for some) a 2024 review that finds the household still out of poverty.
    private mutating func sponsored(by unit: String, in commune: DemoPlaces.Commune) -> DemoHousehold {
        let home = newHome(in: commune)
        let firstYear = random.weighted([(2020, 25), (2021, 40), (2022, 35)])
        let escapeYear: Int
        switch firstYear {
        case 2020: escapeYear = random.weighted([(2021, 30), (2022, 40), (2023, 30)])
        case 2021: escapeYear = random.weighted([(2022, 55), (2023, 45)])
        default: escapeYear = 2023
        }

        var surveys: [HouseholdRecord] = []
        var recognitions: [DemoRecognition] = []
        var deprived: Set<IndicatorKey> = []
        for year in firstYear..<escapeYear {
            let date = reviewDate(year)
            if year == firstYear {
                deprived = poorDeprivations(home, on: date)
            } else {
                deprived = deprived.filter { home.isPossible($0, on: date) }
                // Health-insurance cards are usually the first help to arrive.
                if deprived.intersection(DemoHome.alwaysPossible).count > 3 { deprived.remove(.healthInsurance) }
            }
            surveys.append(survey(home, on: date, deprived: deprived, band: .poor))
            recognitions.append(recognition(commune, year: year + 1, status: .poor))
        }

        let escapeDate = reviewDate(escapeYear)
        let remaining = deprived.filter { home.isPossible($0, on: escapeDate) }.sorted { $0.rawValue < $1.rawValue }
        deprived = Set(random.sample(remaining, count: random.int(0...1)))
        surveys.append(survey(home, on: escapeDate, deprived: deprived, band: .aboveLine))
        let escape = recognition(commune, year: escapeYear + 1, status: .escapedPoverty)
        recognitions.append(escape)
        if random.percent(40) {
            let date = reviewDate(2024)
            surveys.append(survey(home, on: date, deprived: deprived.filter { home.isPossible($0, on: date) }, band: .aboveLine))
        }

        let from = random.date(.demo(firstYear + 1, 2, 15), .demo(firstYear + 1, 6, 30))
        let to = random.percent(45) ? escape.decisionDate.adding(days: random.int(60...330)) : nil
        return household(home, surveys: surveys, deprived: deprived, recognitions: recognitions,
                         sponsorship: DemoSponsorship(organisationUnitCode: unit, from: from, to: to))
    }

    // MARK: Unsponsored

    /// About 300 poor and near-poor households from the 2023 and 2024 reviews. One in 33 is
    /// deliberately recognised with the other status than its latest survey shows, so that the
    /// app's disagreement flag has cases to show.
    mutating func unsponsoredHouseholds() -> [DemoHousehold] {
        var index = 0
        return DemoPlaces.communes.flatMap { commune in
            (0..<commune.unsponsored).map { _ in
                defer { index += 1 }
                return unsponsored(in: commune, disagreeing: index % 33 == 16)
            }
        }
    }

    private mutating func unsponsored(in commune: DemoPlaces.Commune, disagreeing: Bool) -> DemoHousehold {
        let home = newHome(in: commune)
        let years = random.percent(40) ? [2023, 2024] : [random.percent(60) ? 2024 : 2023]
        var band: DemoBand = random.percent(55) ? .poor : .nearPoor
        var deprived: Set<IndicatorKey> = []
        var surveys: [HouseholdRecord] = []
        var recognitions: [DemoRecognition] = []
        for year in years {
            let date = reviewDate(year)
            if surveys.isEmpty {
                deprived = band == .poor ? poorDeprivations(home, on: date) : nearPoorDeprivations(home, on: date)
            } else {
                deprived = deprived.filter { home.isPossible($0, on: date) }
                if band == .poor && random.percent(25) { band = .nearPoor }
            }
            if band == .nearPoor { deprived = keepNearPoor(deprived, home, on: date) }
            surveys.append(survey(home, on: date, deprived: deprived, band: band))
            var status: RecognisedStatus = band == .poor ? .poor : .nearPoor
            if disagreeing && year == years.last { status = status == .poor ? .nearPoor : .poor }
            recognitions.append(recognition(commune, year: year + 1, status: status))
        }
        return household(home, surveys: surveys, deprived: deprived, recognitions: recognitions, sponsorship: nil)
    }

    // MARK: Deprivations

    /// At least three deprivations that hold whatever the roster, plus some of the
    /// member-level ones where a member fits.
    private mutating func poorDeprivations(_ home: DemoHome, on date: LocalDate) -> Set<IndicatorKey> {
        var deprived = Set(random.sample(DemoHome.alwaysPossible, count: random.weighted([(3, 50), (4, 35), (5, 15)])))
        for key in [IndicatorKey.employment, .childSchooling, .adultEducation, .nutrition, .housingArea]
        where home.isPossible(key, on: date) && random.percent(35) {
            deprived.insert(key)
        }
        if deprived.contains(.telecom) && random.percent(25) { deprived.insert(.informationAccess) }
        return deprived
    }

    private mutating func nearPoorDeprivations(_ home: DemoHome, on date: LocalDate) -> Set<IndicatorKey> {
        let candidates: [IndicatorKey] = [
            .healthInsurance, .latrine, .water, .housingQuality, .employment, .adultEducation, .childSchooling, .telecom,
        ].filter { home.isPossible($0, on: date) }
        return Set(random.sample(candidates, count: random.weighted([(0, 20), (1, 40), (2, 40)])))
    }

    /// Drops deprivations until, counting the dependants' share at its most cautious, fewer
    /// than three remain — the near-poor condition.
    private mutating func keepNearPoor(_ deprived: Set<IndicatorKey>, _ home: DemoHome, on date: LocalDate) -> Set<IndicatorKey> {
        let allowed = home.hasManyDependents(on: date, cautious: true) ? 1 : 2
        let kept = deprived.subtracting([.informationAccess]).sorted { $0.rawValue < $1.rawValue }
        return Set(random.sample(kept, count: allowed))
    }

    // MARK: Pieces

    private mutating func newHome(in commune: DemoPlaces.Commune) -> DemoHome {
        let code = commune.unit.code
        let sequence = (sequences[code] ?? 0) + 1
        sequences[code] = sequence
        let group = random.weighted([
            (DemoEthnicGroup.khmer, commune.khmerPercent), (.hoa, commune.hoaPercent),
            (.kinh, 100 - commune.khmerPercent - commune.hoaPercent),
        ])
        let hamlet = random.pick(commune.hamlets)
        let place = "\(hamlet), \(DemoPlaces.written(commune.unit)), "
            + "\(DemoPlaces.written(DemoPlaces.district(of: commune))), \(DemoPlaces.written(DemoPlaces.province))"
        let street = commune.area == .urban && random.percent(60) ? "Số \(random.int(2...240)), " : ""
        return DemoHome(
            code: "BL-\(code)-" + String(String(sequence + 10_000).dropFirst()),
            communeCode: code, area: commune.area, hamlet: hamlet, address: street + place,
            people: DemoRosterMaker(group: group, area: commune.area).roster(&random, ids: &ids),
            floorArea: Double(random.int(40...120)) / 2,
            wasteCollected: commune.area == .urban || random.percent(35),
            jobless: random.percent(70) ? .noContract : .unemployed
        )
    }

    /// A day of the periodic review (1 September – 14 December).
    private mutating func reviewDate(_ year: Int) -> LocalDate {
        random.date(.demo(year, 9, 10), .demo(year, 12, 10))
    }

    private mutating func survey(_ home: DemoHome, on date: LocalDate, deprived: Set<IndicatorKey>, band: DemoBand) -> HouseholdRecord {
        home.survey(
            on: date, deprived: deprived, income: income(band, home.area), needs: needs(deprived, band, home.area),
            onFormB2: random.percent(30), &random
        )
    }

    /// Per-capita income well clear of the line (1,500,000 rural, 2,000,000 urban), in steps of
    /// 10,000 đồng; on some surveys also or only as B1 points, scaled so that 140 points sit on the
    /// rural line and 175 on the urban one.
    private mutating func income(_ band: DemoBand, _ area: Area) -> HouseholdRecord.Income {
        let (line, points) = area == .rural ? (1_500_000, 140) : (2_000_000, 175)
        let share: Int // per mille of the line
        switch band {
        case .poor: share = random.int(400...900)
        case .nearPoor: share = random.int(700...950)
        case .aboveLine: share = random.int(1080...1750)
        }
        let perCapita = line / 1000 * share / 10_000 * 10_000
        let scoreA = perCapita * points / line + random.int(-2...2)
        switch random.weighted([(0, 65), (1, 20), (2, 15)]) {
        case 0: return HouseholdRecord.Income(perCapitaMonthly: perCapita)
        case 1: return HouseholdRecord.Income(perCapitaMonthly: perCapita, scoreA: scoreA)
        default: return HouseholdRecord.Income(scoreA: scoreA)
        }
    }

    /// What the family asks for, following from what it lacks.
    private mutating func needs(_ deprived: Set<IndicatorKey>, _ band: DemoBand, _ area: Area) -> [Need] {
        var needs: Set<Need> = []
        if !deprived.isDisjoint(with: [.housingQuality, .housingArea]) { needs.insert(.housing) }
        if deprived.contains(.healthInsurance) { needs.insert(.healthInsurance) }
        if deprived.contains(.employment) { needs.insert(random.percent(50) ? .vocationalTraining : .jobReferral) }
        if deprived.contains(.adultEducation) { needs.insert(.vocationalTraining) }
        if deprived.contains(.childSchooling) { needs.insert(.scholarship) }
        switch band {
        case .poor, .nearPoor:
            if random.percent(70) { needs.insert(.capital) }
            needs.insert(area == .rural ? random.pick([.livestock, .technicalAdvice, .productionTools]) : random.pick([.productionTools, .jobReferral]))
        case .aboveLine:
            if random.percent(50) { needs.insert(random.pick([.capital, .technicalAdvice])) }
        }
        return Need.allCases.filter(needs.contains)
    }

    /// The commune's decision for `year`: one per commune and year, issued in the second half of
    /// December or early January, with one number per status it recognises.
    private mutating func recognition(_ commune: DemoPlaces.Commune, year: Int, status: RecognisedStatus) -> DemoRecognition {
        let key = "\(commune.unit.code)-\(year)"
        let decision: (number: Int, date: LocalDate, signer: String)
        if let known = decisions[key] {
            decision = known
        } else {
            let inDecember = random.percent(75)
            decision = (
                number: inDecember ? random.int(180...460) : random.int(2...40),
                date: inDecember ? random.date(.demo(year - 1, 12, 16), .demo(year - 1, 12, 30)) : random.date(.demo(year, 1, 3), .demo(year, 1, 20)),
                signer: (random.percent(70) ? "Chủ tịch" : "Phó Chủ tịch") + " UBND " + DemoPlaces.written(commune.unit)
            )
            decisions[key] = decision
        }
        let offset = RecognisedStatus.allCases.firstIndex(of: status)!
        return DemoRecognition(
            year: year, status: status, decisionNumber: "\(decision.number + offset)/QĐ-UBND",
            decisionDate: decision.date, signer: decision.signer
        )
    }

    /// The current roster is the latest survey's; when that survey holds only B2 answers, the
    /// facts behind them are filled in from the same deprivations.
    private mutating func household(
        _ home: DemoHome, surveys: [HouseholdRecord], deprived: Set<IndicatorKey>, recognitions: [DemoRecognition],
        sponsorship: DemoSponsorship?
    ) -> DemoHousehold {
        let last = surveys[surveys.count - 1]
        let members = last.indicators.isEmpty
            ? last.members
            : home.memberRecords(on: last.surveyDate!, deprived: deprived, &random)
        return DemoHousehold(
            code: home.code, communeCode: home.communeCode, hamlet: home.hamlet, address: home.address,
            members: members, surveys: surveys, recognitions: recognitions, sponsorship: sponsorship
        )
    }
}
