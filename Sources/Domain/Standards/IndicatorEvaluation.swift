/// Whether a household is deprived in one indicator.
public enum IndicatorState: String, CaseIterable, Sendable {
    case deprived, notDeprived, unknown
}

/// Where an indicator's state comes from.
public enum IndicatorSource: String, CaseIterable, Sendable {
    /// The answer ticked on form B2 (`record.indicators`), used as given.
    case formB2
    /// Derived from the facts of the survey.
    case facts
}

/// The facts behind an indicator derived as deprived, with the thresholds that applied.
public enum Evidence: Equatable, Sendable {
    /// `count` members of the ages concerned (inclusive bounds, where the rule has them) have
    /// the fact that deprives the household.
    case members(count: Int, fromAge: Int?, toAge: Int?)
    /// `count` of the `members` members are dependants; deprived above `abovePercent` %.
    case dependants(count: Int, members: Int, abovePercent: Int)
    /// Floor area for `members` members; deprived below `belowM2` per person.
    case floorArea(squareMetres: Double, members: Int, belowM2: Double)
    /// None of the `members` members uses the internet.
    case noMemberOnline(members: Int)
    /// A fact of the dwelling or of the household's information means.
    case householdFact
}

/// One indicator of a standard as judged for one household, for display grouped by dimension.
public struct IndicatorAssessment: Equatable, Sendable {
    public var indicator: PovertyStandard.Indicator
    public var state: IndicatorState
    public var source: IndicatorSource
    /// For an indicator derived as deprived.
    public var evidence: Evidence?
}

/// Three-valued (Kleene) logic: an unknown fact makes a result unknown only when the result
/// depends on it. With no < unknown < yes, "and" is the minimum and "or" the maximum.
enum Tri: UInt8, Comparable, Sendable {
    case no = 0, unknown = 1, yes = 2

    @inline(__always) init(_ value: Bool?) {
        switch value {
        case .some(true): self = .yes
        case .some(false): self = .no
        case .none: self = .unknown
        }
    }

    @inline(__always) static func < (lhs: Tri, rhs: Tri) -> Bool { lhs.rawValue < rhs.rawValue }
    @inline(__always) static func && (lhs: Tri, rhs: Tri) -> Tri { min(lhs, rhs) }
    @inline(__always) static func || (lhs: Tri, rhs: Tri) -> Tri { max(lhs, rhs) }
    @inline(__always) static prefix func ! (value: Tri) -> Tri { Tri(rawValue: 2 - value.rawValue)! }
}

/// The indicators of one household under one standard: B2 answers where given, the rest
/// derived from the facts in a single pass over the members. Plain integers and bit sets only,
/// so that it is copied without reference counting and can be kept for explanations.
struct IndicatorEvaluation: Equatable, Sendable {
    /// Indicators whose state was ticked on form B2.
    private(set) var answered = IndicatorSet()
    private(set) var deprived = IndicatorSet()
    private(set) var unknown = IndicatorSet()

    // Evidence for indicators derived as deprived.
    private var memberCount = 0
    private var employmentCount = 0
    private var dependantCount = 0
    private var nutritionCount = 0
    private var healthInsuranceCount = 0
    private var adultEducationCount = 0
    private var childSchoolingCount = 0
    private var floorAreaM2 = 0.0
    private let rules: PovertyStandard.DerivationRules

    private static let memberIndicators = IndicatorSet([
        .employment, .dependents, .nutrition, .healthInsurance, .adultEducation, .childSchooling, .telecom,
    ])

    // Borrowed: an initializer would otherwise take (and so copy and retain) both values.
    init(_ record: borrowing HouseholdRecord, standard: borrowing PovertyStandard) {
        rules = standard.derivation
        for (key, isDeprived) in record.indicators where standard.indicatorSet.contains(key) {
            answered.insert(key)
            if isDeprived { deprived.insert(key) }
        }
        let toDerive = standard.indicatorSet.subtracting(answered)
        guard !toDerive.isEmpty else { return }
        memberCount = record.members.count
        if !toDerive.intersection(Self.memberIndicators).isEmpty {
            deriveFromMembers(record, toDerive)
        }
        let housing = record.housing
        if toDerive.contains(.housingQuality) { set(.housingQuality, !Tri(housing?.durable)) }
        if toDerive.contains(.water) { set(.water, !Tri(housing?.hygienicWater)) }
        if toDerive.contains(.latrine) { set(.latrine, !Tri(housing?.hygienicLatrine)) }
        if toDerive.contains(.waste) { set(.waste, !Tri(housing?.wasteCollected)) }
        if toDerive.contains(.housingArea) {
            if let area = housing?.floorAreaM2, memberCount > 0 {
                floorAreaM2 = area
                // Compared as a product so that 32 m² for 4 members is exactly 8, not deprived.
                set(.housingArea, Tri(area < rules.housingAreaPerPersonBelowM2 * Double(memberCount)))
            } else {
                set(.housingArea, .unknown)
            }
        }
        if toDerive.contains(.informationAccess) {
            // The household has none of the devices and does not hear the loudspeakers.
            let devices = record.information?.devices
            let noDevice: Tri = devices.map { Tri($0.isEmpty) } ?? .unknown
            set(.informationAccess, noDevice && !Tri(record.information?.hearsLoudspeaker))
        }
    }

    @inline(__always)
    private mutating func set(_ key: IndicatorKey, _ state: Tri) {
        switch state {
        case .yes: deprived.insert(key)
        case .unknown: unknown.insert(key)
        case .no: break
        }
    }

    /// "At least one member concerned is deprived": deprived if one is, else unknown if one
    /// might be. An empty member list is an unknown roster, never "no one is deprived".
    @inline(__always)
    private mutating func setFromMembers(_ key: IndicatorKey, count: Int, anyUnknown: Bool) {
        set(key, memberCount == 0 ? .unknown : count > 0 ? .yes : anyUnknown ? .unknown : .no)
    }

    private mutating func deriveFromMembers(_ record: HouseholdRecord, _ toDerive: IndicatorSet) {
        let surveyDate = record.surveyDate
        let maleRetirement = surveyDate.map { RetirementAge.months(for: .male, in: $0.year) } ?? 0
        let femaleRetirement = surveyDate.map { RetirementAge.months(for: .female, in: $0.year) } ?? 0
        let education = rules.adultEducation
        var unknownEmployment = false, unknownNutrition = false, unknownInsurance = false
        var unknownEducation = false, unknownSchooling = false
        var possibleDependants = 0
        var online = false, unknownOnline = false

        let members = record.members
        for index in members.indices {
            // Fields are read one at a time: binding the whole member would copy its strings.
            let birth = members[index].effectiveBirthDate
            let age = surveyDate.flatMap { date in birth.map { $0.age(on: date) } }
            let months = surveyDate.flatMap { date in birth.map { RetirementAge.ageInMonths(born: $0, on: date) } }
            func atLeast(_ years: Int) -> Tri { age.map { Tri($0 >= years) } ?? .unknown }

            let pastWorkingAge: Tri
            if let months {
                switch members[index].sex {
                case .male: pastWorkingAge = Tri(months >= maleRetirement)
                case .female: pastWorkingAge = Tri(months >= femaleRetirement)
                case nil:
                    // Unknown sex matters only between the two retirement ages.
                    pastWorkingAge = Tri(months >= maleRetirement) || Tri(months >= femaleRetirement) && .unknown
                }
            } else {
                pastWorkingAge = .unknown
            }

            if toDerive.contains(.employment) {
                let workingAge = atLeast(rules.workingAgeFrom) && !pastWorkingAge
                let insecure: Tri = members[index].employment.map { Tri($0 == .unemployed || $0 == .noContract) } ?? .unknown
                tally(workingAge && insecure, &employmentCount, &unknownEmployment)
            }
            if toDerive.contains(.dependents) {
                let child = !atLeast(rules.dependantChildAgeBelow)
                let dependant: Tri
                switch rules.dependants {
                case .decree07:
                    let disabled: Tri = members[index].disability.map { Tri($0 == .severe || $0 == .extreme) } ?? .unknown
                    dependant = child || pastWorkingAge || disabled
                case .decree351:
                    dependant = child || Tri(members[index].monthlyAllowance)
                }
                if dependant == .yes { dependantCount += 1 }
                if dependant != .no { possibleDependants += 1 }
            }
            if toDerive.contains(.nutrition) {
                tally(!atLeast(rules.nutritionAgeBelow) && Tri(members[index].malnourished), &nutritionCount, &unknownNutrition)
            }
            if toDerive.contains(.healthInsurance) {
                tally(atLeast(rules.healthInsuranceMinimumAge) && !Tri(members[index].healthInsurance),
                      &healthInsuranceCount, &unknownInsurance)
            }
            if toDerive.contains(.adultEducation) {
                let concerned = atLeast(education.fromAge) && !atLeast(education.toAge + 1)
                let lower = members[index].education.map { Tri(education.lowerSecondaryMask.contains($0)) } ?? .unknown
                let upper = members[index].education.map { Tri(education.upperSecondaryMask.contains($0)) } ?? .unknown
                let qualified: Tri
                if let age {
                    qualified = age < education.upperSecondaryFromAge ? lower : upper
                } else {
                    // Age unknown: qualified only if qualified for either band.
                    qualified = lower && upper
                }
                tally(concerned && !Tri(members[index].studying) && !qualified, &adultEducationCount, &unknownEducation)
            }
            if toDerive.contains(.childSchooling) {
                let concerned = atLeast(rules.childSchoolingFromAge) && !atLeast(rules.childSchoolingBelowAge)
                tally(concerned && !Tri(members[index].schoolOnTrack), &childSchoolingCount, &unknownSchooling)
            }
            if toDerive.contains(.telecom) {
                switch members[index].usesInternet {
                case .some(true): online = true
                case .none: unknownOnline = true
                case .some(false): break
                }
            }
        }

        if toDerive.contains(.employment) { setFromMembers(.employment, count: employmentCount, anyUnknown: unknownEmployment) }
        if toDerive.contains(.nutrition) { setFromMembers(.nutrition, count: nutritionCount, anyUnknown: unknownNutrition) }
        if toDerive.contains(.healthInsurance) {
            setFromMembers(.healthInsurance, count: healthInsuranceCount, anyUnknown: unknownInsurance)
        }
        if toDerive.contains(.adultEducation) {
            setFromMembers(.adultEducation, count: adultEducationCount, anyUnknown: unknownEducation)
        }
        if toDerive.contains(.childSchooling) {
            setFromMembers(.childSchooling, count: childSchoolingCount, anyUnknown: unknownSchooling)
        }
        if toDerive.contains(.dependents) {
            // Strictly more than the share: count × 100 > percent × members, in integers.
            let limit = rules.dependantShareAbovePercent * memberCount
            set(.dependents, memberCount == 0 ? .unknown
                : dependantCount * 100 > limit ? .yes
                : possibleDependants * 100 > limit ? .unknown : .no)
        }
        if toDerive.contains(.telecom) {
            set(.telecom, memberCount == 0 ? .unknown : online ? .no : unknownOnline ? .unknown : .yes)
        }
    }

    @inline(__always)
    private func tally(_ state: Tri, _ count: inout Int, _ anyUnknown: inout Bool) {
        switch state {
        case .yes: count += 1
        case .unknown: anyUnknown = true
        case .no: break
        }
    }

    func state(of key: IndicatorKey) -> IndicatorState {
        deprived.contains(key) ? .deprived : unknown.contains(key) ? .unknown : .notDeprived
    }

    func source(of key: IndicatorKey) -> IndicatorSource {
        answered.contains(key) ? .formB2 : .facts
    }

    /// The facts behind `key`; meaningful for an indicator derived as deprived.
    func evidence(for key: IndicatorKey) -> Evidence {
        switch key {
        case .employment:
            return .members(count: employmentCount, fromAge: rules.workingAgeFrom, toAge: nil)
        case .dependents:
            return .dependants(count: dependantCount, members: memberCount, abovePercent: rules.dependantShareAbovePercent)
        case .nutrition:
            return .members(count: nutritionCount, fromAge: nil, toAge: rules.nutritionAgeBelow - 1)
        case .healthInsurance:
            return .members(count: healthInsuranceCount, fromAge: rules.healthInsuranceMinimumAge, toAge: nil)
        case .adultEducation:
            return .members(count: adultEducationCount, fromAge: rules.adultEducation.fromAge, toAge: rules.adultEducation.toAge)
        case .childSchooling:
            return .members(count: childSchoolingCount, fromAge: rules.childSchoolingFromAge, toAge: rules.childSchoolingBelowAge - 1)
        case .housingArea:
            return .floorArea(squareMetres: floorAreaM2, members: memberCount, belowM2: rules.housingAreaPerPersonBelowM2)
        case .telecom:
            return .noMemberOnline(members: memberCount)
        case .housingQuality, .water, .latrine, .informationAccess, .waste:
            return .householdFact
        }
    }
}
