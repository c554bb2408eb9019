/// Where a survey put the household's income: under the line (poor or near-poor, depending on
/// the deprivations) or above it.
enum DemoBand {
    case poor, nearPoor, aboveLine
}

/// A demo household's constant facts, and how to write one survey of it in the interchange
/// format so that the facts show exactly the deprivations the generator chose
/// (`household-format.md`, "From facts to indicators").
struct DemoHome {
    var code: String
    var communeCode: String
    var area: Area
    var hamlet: String
    var address: String
    var people: [DemoPerson]
    /// Floor area of the dwelling before any rebuilding, m².
    var floorArea: Double
    var wasteCollected: Bool
    /// What the workless member does when the household is deprived in employment.
    var jobless: Employment

    /// The indicators of Decree 07/2021, which every demo survey falls under (or just before).
    static let decree07Indicators = IndicatorKey.allCases.filter { $0 != .waste }

    /// Indicators that any household can be deprived in, whatever its roster.
    static let alwaysPossible: [IndicatorKey] = [.housingQuality, .latrine, .water, .healthInsurance, .telecom]

    func members(on date: LocalDate) -> [DemoPerson] {
        people.filter { $0.birthDate < date && $0.recordedBirthDate < date }
    }

    /// The member a member-level deprivation is pinned on, if anybody fits; ages are kept
    /// clear of the indicator's bounds so that no reading of the rules can disagree.
    func target(_ key: IndicatorKey, among members: [DemoPerson], on date: LocalDate) -> Int? {
        members.firstIndex { person in
            let age = person.age(on: date)
            let finishedSchool = age >= person.studiesUntil
            switch key {
            case .employment: return (18...50).contains(age) && finishedSchool && person.disability == .none
            case .adultEducation: return (18...29).contains(age) && finishedSchool
            case .childSchooling: return (6...14).contains(age)
            case .nutrition: return (1...9).contains(age)
            default: return false
            }
        }
    }

    func isPossible(_ key: IndicatorKey, on date: LocalDate) -> Bool {
        let members = members(on: date)
        switch key {
        case .employment, .adultEducation, .childSchooling, .nutrition:
            return target(key, among: members, on: date) != nil
        case .housingArea:
            return members.count >= 3
        case .dependents, .waste:
            return false
        default:
            return true
        }
    }

    /// Whether dependants (under 16, past working age, severely disabled) are more than half
    /// the members. With `cautious`, a year's margin on every age and "half" counting as more,
    /// so that a household kept under three deprivations stays there under any reading.
    func hasManyDependents(on date: LocalDate, cautious: Bool) -> Bool {
        let members = members(on: date)
        let margin = cautious ? 12 : 0
        let dependants = members.filter { person in
            let birth = person.recordedBirthDate
            let months = (date.year - birth.year) * 12 + date.month - birth.month - (date.day < birth.day ? 1 : 0)
            return months < 16 * 12 + margin
                || person.disability == .severe || person.disability == .extreme
                || months >= Self.retirementMonths(person.sex, in: date.year) - margin
        }.count
        return cautious ? dependants * 2 >= members.count : dependants * 2 > members.count
    }

    /// Retirement age in months (Labour Code 2019, Decree 135/2020): men 60 years 3 months in
    /// 2021, 3 months more each year up to 62; women 55 years 4 months, 4 months more up to 60.
    static func retirementMonths(_ sex: Sex, in year: Int) -> Int {
        let steps = max(0, year - 2020)
        return sex == .male ? 720 + 3 * min(steps, 8) : 660 + 4 * min(steps, 15)
    }

    /// One survey. `onFormB2`: the official ticked the twelve B2 answers and recorded only who
    /// lives there; otherwise every fact behind the indicators is recorded.
    func survey(
        on date: LocalDate, deprived wanted: Set<IndicatorKey>, income: HouseholdRecord.Income, needs: [Need],
        onFormB2: Bool, _ random: inout DemoRandom
    ) -> HouseholdRecord {
        // No information access without being cut off from telecoms too.
        let deprived = wanted.contains(.telecom) ? wanted : wanted.subtracting([.informationAccess])
        let members = memberRecords(on: date, deprived: deprived, &random)
        var record = HouseholdRecord(
            code: code, communeCode: communeCode, area: area, hamlet: hamlet, address: address,
            surveyDate: date, income: income, needs: needs, members: members
        )
        if onFormB2 {
            let dependents = hasManyDependents(on: date, cautious: false)
            for key in Self.decree07Indicators {
                record.indicators[key] = key == .dependents ? dependents : deprived.contains(key)
            }
            record.members = members.map {
                MemberRecord(
                    name: $0.name, sex: $0.sex, birthDate: $0.birthDate, birthYear: $0.birthYear, relation: $0.relation,
                    idNumber: $0.idNumber, ethnicity: $0.ethnicity, religion: $0.religion
                )
            }
            return record
        }
        let count = Double(members.count)
        record.housing = HouseholdRecord.Housing(
            durable: !deprived.contains(.housingQuality),
            floorAreaM2: deprived.contains(.housingArea) ? min(floorArea, count * 6.5) : max(floorArea, count * 9),
            hygienicWater: !deprived.contains(.water),
            hygienicLatrine: !deprived.contains(.latrine),
            wasteCollected: wasteCollected
        )
        let devices: [Device]
        if deprived.contains(.informationAccess) {
            devices = []
        } else if deprived.contains(.telecom) {
            devices = random.pick([[.tv], [.radio], [.tv, .radio]])
        } else {
            devices = random.pick([[.smartphone], [.tv, .smartphone], [.tv, .radio, .smartphone]])
        }
        record.information = HouseholdRecord.Information(
            devices: devices, hearsLoudspeaker: deprived.contains(.informationAccess) ? false : random.percent(60)
        )
        return record
    }

    /// The roster on `date` with every fact an indicator needs.
    func memberRecords(on date: LocalDate, deprived: Set<IndicatorKey>, _ random: inout DemoRandom) -> [MemberRecord] {
        let present = members(on: date)
        func pinned(_ key: IndicatorKey) -> Int? {
            deprived.contains(key) ? target(key, among: present, on: date) : nil
        }
        let workless = pinned(.employment)
        let unschooled = pinned(.adultEducation)
        let dropout = pinned(.childSchooling)
        let malnourished = pinned(.nutrition)
        let uninsured: Set<Int> = {
            guard deprived.contains(.healthInsurance) else { return [] }
            let adults = present.indices.filter { (18...59).contains(present[$0].age(on: date)) }
            return Set(adults.isEmpty ? [0] : adults)
        }()
        let internetUser = present.firstIndex { (15...69).contains($0.age(on: date)) } ?? 0

        return present.enumerated().map { index, person in
            let age = person.age(on: date)
            let severe = person.disability == .severe || person.disability == .extreme
            let inSchool = age >= 6 && age < person.studiesUntil && index != dropout
            let employment: Employment
            if inSchool {
                employment = .studying
            } else if index == workless {
                employment = jobless
            } else if age < 15 || age >= 65 || severe {
                employment = .notWorking
            } else {
                employment = person.occupation
            }
            let education: Education
            if index == unschooled {
                education = .lowerSecondary
            } else if age >= person.studiesUntil {
                education = person.education
            } else {
                education = age < 11 ? .none : age < 15 ? .primary : age < 18 ? .lowerSecondary : .upperSecondary
            }
            let usesInternet: Bool
            if deprived.contains(.telecom) {
                usesInternet = false
            } else {
                usesInternet = index == internetUser || ((12...69).contains(age) && random.percent(50))
            }
            return MemberRecord(
                name: person.name, sex: person.sex,
                birthDate: person.birthYearOnly ? nil : person.birthDate,
                birthYear: person.birthYearOnly ? person.birthDate.year : nil,
                relation: person.relation,
                idNumber: age >= 14 ? person.idNumber : nil,
                ethnicity: person.ethnicity, religion: person.religion,
                employment: employment,
                ableToWork: age >= 15 ? age < 60 && !severe : nil,
                disability: person.disability,
                monthlyAllowance: severe || age >= 80,
                healthInsurance: !uninsured.contains(index),
                malnourished: age < 17 ? index == malnourished : nil,
                education: education,
                studying: inSchool,
                schoolOnTrack: (3...16).contains(age) ? index != dropout : nil,
                usesInternet: usesInternet
            )
        }
    }
}
