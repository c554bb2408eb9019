/// Where a households column's value goes in its record. The table decoder reads a household's
/// rows straight into a `HouseholdRecord` with these, and builds the JSON object for
/// `HouseholdJSON` only for a household with a problem, which that reader then reports.
enum HouseholdField {
    case code, communeCode, area, hamlet, address, surveyDate, perCapitaMonthly, scoreA
    case indicator(IndicatorKey)
    case durable, floorAreaM2, hygienicWater, hygienicLatrine, wasteCollected, devices, hearsLoudspeaker, needs

    /// The field of a path of the JSON format (`income.perCapitaMonthly`); nil for no field.
    init?(path: String) {
        let indicatorPrefix = "indicators."
        if path.hasPrefix(indicatorPrefix) {
            guard let key = IndicatorKey(rawValue: String(path.dropFirst(indicatorPrefix.count))) else { return nil }
            self = .indicator(key)
            return
        }
        let fields: [String: HouseholdField] = [
            "code": .code, "communeCode": .communeCode, "area": .area, "hamlet": .hamlet, "address": .address,
            "surveyDate": .surveyDate, "income.perCapitaMonthly": .perCapitaMonthly, "income.scoreA": .scoreA,
            "housing.durable": .durable, "housing.floorAreaM2": .floorAreaM2, "housing.hygienicWater": .hygienicWater,
            "housing.hygienicLatrine": .hygienicLatrine, "housing.wasteCollected": .wasteCollected,
            "information.devices": .devices, "information.hearsLoudspeaker": .hearsLoudspeaker, "needs": .needs,
        ]
        guard let field = fields[path] else { return nil }
        self = field
    }

    /// Puts `value` into `record` as `HouseholdJSON` reads it from the JSON format. False, with
    /// `record` unchanged, when that reader would report a problem instead (a mapping's word
    /// standing for a code that does not exist).
    func set(_ value: CellValue, on record: inout HouseholdRecord) -> Bool {
        switch (self, value) {
        case let (.code, .text(text)): record.code = text
        case let (.communeCode, .text(text)): record.communeCode = text
        case let (.area, .text(code)):
            guard let area = Area(rawValue: code) else { return false }
            record.area = area
        case let (.hamlet, .text(text)): record.hamlet = text
        case let (.address, .text(text)): record.address = text
        case let (.surveyDate, .date(date)): record.surveyDate = date
        case let (.perCapitaMonthly, .integer(number)): record.income[orMaking: .init()].perCapitaMonthly = number
        case let (.scoreA, .integer(number)): record.income[orMaking: .init()].scoreA = number
        case let (.indicator(key), .bool(flag)): record.indicators[key] = flag
        case let (.durable, .bool(flag)): record.housing[orMaking: .init()].durable = flag
        case let (.floorAreaM2, .decimal(number)):
            guard number.isFinite else { return false }
            // The JSON format writes no sign for zero, so that reader gives 0, never -0.
            record.housing[orMaking: .init()].floorAreaM2 = number == 0 ? 0 : number
        case let (.hygienicWater, .bool(flag)): record.housing[orMaking: .init()].hygienicWater = flag
        case let (.hygienicLatrine, .bool(flag)): record.housing[orMaking: .init()].hygienicLatrine = flag
        case let (.wasteCollected, .bool(flag)): record.housing[orMaking: .init()].wasteCollected = flag
        case let (.devices, .codes(codes)):
            guard let devices = codes.codes(of: Device.self) else { return false }
            record.information[orMaking: .init()].devices = devices
        case let (.hearsLoudspeaker, .bool(flag)): record.information[orMaking: .init()].hearsLoudspeaker = flag
        case let (.needs, .codes(codes)):
            guard let needs = codes.codes(of: Need.self) else { return false }
            record.needs = needs
        default: return false
        }
        return true
    }
}

/// Where a members column's value goes in its `MemberRecord`, as `HouseholdField` for households.
enum MemberField: String {
    case name, sex, birthDate, birthYear, relation, idNumber, ethnicity, religion, employment, ableToWork
    case disability, monthlyAllowance, healthInsurance, malnourished, education, studying, schoolOnTrack, usesInternet

    /// As `HouseholdField.set`.
    func set(_ value: CellValue, on member: inout MemberRecord) -> Bool {
        switch (self, value) {
        case let (.name, .text(text)): member.name = text
        case let (.sex, .text(code)):
            guard let sex = Sex(rawValue: code) else { return false }
            member.sex = sex
        case let (.birthDate, .date(date)): member.birthDate = date
        case let (.birthYear, .integer(year)): member.birthYear = year
        case let (.relation, .text(code)):
            guard let relation = Relation(rawValue: code) else { return false }
            member.relation = relation
        case let (.idNumber, .text(text)): member.idNumber = text
        case let (.ethnicity, .text(text)): member.ethnicity = text
        case let (.religion, .text(text)): member.religion = text
        case let (.employment, .text(code)):
            guard let employment = Employment(rawValue: code) else { return false }
            member.employment = employment
        case let (.ableToWork, .bool(flag)): member.ableToWork = flag
        case let (.disability, .text(code)):
            guard let disability = Disability(rawValue: code) else { return false }
            member.disability = disability
        case let (.monthlyAllowance, .bool(flag)): member.monthlyAllowance = flag
        case let (.healthInsurance, .bool(flag)): member.healthInsurance = flag
        case let (.malnourished, .bool(flag)): member.malnourished = flag
        case let (.education, .text(code)):
            guard let education = Education(rawValue: code) else { return false }
            member.education = education
        case let (.studying, .bool(flag)): member.studying = flag
        case let (.schoolOnTrack, .bool(flag)): member.schoolOnTrack = flag
        case let (.usesInternet, .bool(flag)): member.usesInternet = flag
        default: return false
        }
        return true
    }
}

private extension Optional {
    /// The value, made by `empty` first when there is none: a group of facts (`income`,
    /// `housing`, …) exists once one of its facts is known, as an object in the JSON format does.
    subscript(orMaking empty: @autoclosure () -> Wrapped) -> Wrapped {
        get { self ?? empty() }
        set { self = newValue }
    }
}

private extension Array where Element == String {
    /// Each code as `Code`; nil when one is none of them.
    func codes<Code: RawRepresentable>(of type: Code.Type) -> [Code]? where Code.RawValue == String {
        var result: [Code] = []
        result.reserveCapacity(count)
        for text in self {
            guard let code = Code(rawValue: text) else { return nil }
            result.append(code)
        }
        return result
    }
}
