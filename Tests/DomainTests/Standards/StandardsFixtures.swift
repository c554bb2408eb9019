@testable import Domain

/// Households for the standards tests: a baseline in which every fact is known and no indicator
/// is deprived, so that each test changes exactly the fact it is about.
enum Fixtures {
    static let catalog = StandardCatalog.builtIn
    static let decree07 = catalog.standard(id: "nd-07-2021")!
    static let decree351 = catalog.standard(id: "nd-351-2025")!

    static func date(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

    /// A working adult man with every fact known and nothing deprived.
    static func adult(born: String = "1980-01-01", sex: Sex = .male) -> MemberRecord {
        MemberRecord(
            name: "Nguyễn Văn An", sex: sex, birthDate: date(born), employment: .contract, ableToWork: true,
            disability: Disability.none, monthlyAllowance: false, healthInsurance: true, malnourished: false,
            education: .upperSecondary, studying: false, schoolOnTrack: true, usesInternet: true
        )
    }

    static func household(
        members: [MemberRecord] = [adult()], surveyDate: String = "2024-10-05",
        perCapita: Int? = 1_000_000, scoreA: Int? = nil, indicators: [IndicatorKey: Bool] = [:],
        floorAreaM2: Double = 100
    ) -> HouseholdRecord {
        HouseholdRecord(
            code: "T-0001", surveyDate: date(surveyDate),
            income: HouseholdRecord.Income(perCapitaMonthly: perCapita, scoreA: scoreA),
            indicators: indicators,
            housing: HouseholdRecord.Housing(
                durable: true, floorAreaM2: floorAreaM2, hygienicWater: true, hygienicLatrine: true, wasteCollected: true
            ),
            information: HouseholdRecord.Information(devices: [.tv], hearsLoudspeaker: true),
            members: members
        )
    }

    /// B2 answers ticking the first `count` indicators of `standard` as deprived.
    static func deprivations(_ count: Int, of standard: PovertyStandard = decree07) -> [IndicatorKey: Bool] {
        Dictionary(uniqueKeysWithValues: standard.indicatorOrder.prefix(count).map { ($0, true) })
    }

    static func state(
        _ key: IndicatorKey, _ record: HouseholdRecord, _ standard: PovertyStandard = decree07
    ) -> IndicatorState? {
        Classifier.assessIndicators(record, standard: standard).first { $0.indicator.key == key }?.state
    }
}
