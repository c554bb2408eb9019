/// One household in the interchange format of `household-format.md`: the facts as they were
/// on the survey date. Every optional is an unknown fact, never an assumed one.
public struct HouseholdRecord: Equatable, Sendable {
    public var code: String
    public var communeCode: String?
    public var area: Area?
    public var hamlet: String?
    public var address: String?
    public var surveyDate: LocalDate?
    public var income: Income?
    public var indicators: [IndicatorKey: Bool]
    public var housing: Housing?
    public var information: Information?
    public var needs: [Need]?
    public var members: [MemberRecord]

    public init(
        code: String, communeCode: String? = nil, area: Area? = nil, hamlet: String? = nil,
        address: String? = nil, surveyDate: LocalDate? = nil, income: Income? = nil,
        indicators: [IndicatorKey: Bool] = [:], housing: Housing? = nil,
        information: Information? = nil, needs: [Need]? = nil, members: [MemberRecord] = []
    ) {
        self.code = code
        self.communeCode = communeCode
        self.area = area
        self.hamlet = hamlet
        self.address = address
        self.surveyDate = surveyDate
        self.income = income
        self.indicators = indicators
        self.housing = housing
        self.information = information
        self.needs = needs
        self.members = members
    }

    public struct Income: Equatable, Sendable {
        /// Integer đồng per person per month.
        public var perCapitaMonthly: Int?
        /// Points on form B1 (điểm A).
        public var scoreA: Int?
        public init(perCapitaMonthly: Int? = nil, scoreA: Int? = nil) {
            self.perCapitaMonthly = perCapitaMonthly
            self.scoreA = scoreA
        }
    }

    public struct Housing: Equatable, Sendable {
        public var durable: Bool?
        public var floorAreaM2: Double?
        public var hygienicWater: Bool?
        public var hygienicLatrine: Bool?
        public var wasteCollected: Bool?
        public init(
            durable: Bool? = nil, floorAreaM2: Double? = nil, hygienicWater: Bool? = nil,
            hygienicLatrine: Bool? = nil, wasteCollected: Bool? = nil
        ) {
            self.durable = durable
            self.floorAreaM2 = floorAreaM2
            self.hygienicWater = hygienicWater
            self.hygienicLatrine = hygienicLatrine
            self.wasteCollected = wasteCollected
        }
    }

    public struct Information: Equatable, Sendable {
        public var devices: [Device]?
        public var hearsLoudspeaker: Bool?
        public init(devices: [Device]? = nil, hearsLoudspeaker: Bool? = nil) {
            self.devices = devices
            self.hearsLoudspeaker = hearsLoudspeaker
        }
    }

    /// The head's name, else the first member's: how officials name a household.
    public var headName: String? {
        (members.first { $0.relation == .head } ?? members.first)?.name
    }
}

public struct MemberRecord: Equatable, Sendable {
    public var name: String
    public var sex: Sex?
    public var birthDate: LocalDate?
    public var birthYear: Int?
    public var relation: Relation?
    public var idNumber: String?
    public var ethnicity: String?
    public var religion: String?
    public var employment: Employment?
    public var ableToWork: Bool?
    public var disability: Disability?
    public var monthlyAllowance: Bool?
    public var healthInsurance: Bool?
    public var malnourished: Bool?
    public var education: Education?
    public var studying: Bool?
    public var schoolOnTrack: Bool?
    public var usesInternet: Bool?

    public init(
        name: String, sex: Sex? = nil, birthDate: LocalDate? = nil, birthYear: Int? = nil,
        relation: Relation? = nil, idNumber: String? = nil, ethnicity: String? = nil,
        religion: String? = nil, employment: Employment? = nil, ableToWork: Bool? = nil,
        disability: Disability? = nil, monthlyAllowance: Bool? = nil, healthInsurance: Bool? = nil,
        malnourished: Bool? = nil, education: Education? = nil, studying: Bool? = nil,
        schoolOnTrack: Bool? = nil, usesInternet: Bool? = nil
    ) {
        self.name = name
        self.sex = sex
        self.birthDate = birthDate
        self.birthYear = birthYear
        self.relation = relation
        self.idNumber = idNumber
        self.ethnicity = ethnicity
        self.religion = religion
        self.employment = employment
        self.ableToWork = ableToWork
        self.disability = disability
        self.monthlyAllowance = monthlyAllowance
        self.healthInsurance = healthInsurance
        self.malnourished = malnourished
        self.education = education
        self.studying = studying
        self.schoolOnTrack = schoolOnTrack
        self.usesInternet = usesInternet
    }

    /// The birth date, or 1 July of the birth year when only the year is known (`household-format.md`).
    public var effectiveBirthDate: LocalDate? {
        birthDate ?? birthYear.flatMap { LocalDate(year: $0, month: 7, day: 1) }
    }
}
