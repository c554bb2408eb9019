/// A multidimensional poverty standard as data (`domain.md` §2–3): lines, indicators, legal
/// wording and the parameters used to derive indicators from facts. Shipped as JSON under
/// `Resources/standards/` so that an administrator can correct what was not read from the
/// official text, never hidden in code.
public struct PovertyStandard: Sendable, Equatable {
    /// `nd-07-2021`, `nd-351-2025`.
    public let id: String
    /// Full title of the legal text, in Vietnamese.
    public let legalReference: String
    /// Short form cited in explanations: "Nghị định 07/2021/NĐ-CP".
    public let citation: String
    public let validFrom: LocalDate
    /// Last day in force (inclusive); nil while no successor is known.
    public let validTo: LocalDate?
    /// VND per person per month.
    public let incomeLines: PerArea<IncomeLine>
    /// Form-B1 points (điểm A) matching the income lines; nil when the standard has none.
    public let pointLines: PerArea<Int>?
    /// Deprived indicators needed for "poor" (≥).
    public let deprivationCutoff: Int
    /// Form-B2 points per deprived indicator (điểm B).
    public let pointsPerIndicator: Int
    public let dimensions: [Dimension]
    /// In the order results list them.
    public let indicators: [Indicator]
    public let derivation: DerivationRules
    /// Remarks for administrators: what is unverified, where a value comes from.
    public let notes: [String]

    /// The indicators of `indicators`, as a set and in order: computed once, used per household.
    public let indicatorSet: IndicatorSet
    public let indicatorOrder: [IndicatorKey]

    public init(
        id: String, legalReference: String, citation: String, validFrom: LocalDate, validTo: LocalDate?,
        incomeLines: PerArea<IncomeLine>, pointLines: PerArea<Int>?, deprivationCutoff: Int,
        pointsPerIndicator: Int, dimensions: [Dimension], indicators: [Indicator],
        derivation: DerivationRules, notes: [String] = []
    ) {
        self.id = id
        self.legalReference = legalReference
        self.citation = citation
        self.validFrom = validFrom
        self.validTo = validTo
        self.incomeLines = incomeLines
        self.pointLines = pointLines
        self.deprivationCutoff = deprivationCutoff
        self.pointsPerIndicator = pointsPerIndicator
        self.dimensions = dimensions
        self.indicators = indicators
        self.derivation = derivation
        self.notes = notes
        indicatorOrder = indicators.map(\.key)
        indicatorSet = IndicatorSet(indicatorOrder)
    }

    public func isInForce(on date: LocalDate) -> Bool {
        date >= validFrom && validTo.map { date <= $0 } ?? true
    }

    public func indicator(_ key: IndicatorKey) -> Indicator? {
        indicators.first { $0.key == key }
    }

    public func dimension(_ key: String) -> Dimension? {
        dimensions.first { $0.key == key }
    }

    public struct IncomeLine: Sendable, Equatable {
        /// Poor and near-poor at or below this income ("từ … trở xuống").
        public var poor: Int
        /// Upper bound (inclusive) of the average-living band above `poor`; nil when the
        /// standard defines no such band.
        public var averageLivingUpperBound: Int?

        public init(poor: Int, averageLivingUpperBound: Int? = nil) {
            self.poor = poor
            self.averageLivingUpperBound = averageLivingUpperBound
        }
    }

    public struct Dimension: Sendable, Equatable {
        /// Stable key; its label in both languages is `standards.dimension.<key>`.
        public var key: String
        /// The Vietnamese name used by the standard.
        public var label: String

        public init(key: String, label: String) {
            self.key = key
            self.label = label
        }
    }

    public struct Indicator: Sendable, Equatable {
        public var key: IndicatorKey
        public var dimension: String
        /// Name of the indicator in the standard (Vietnamese).
        public var label: String
        /// When a household is deprived, as the legal text says it (Vietnamese).
        public var legalWording: String

        public init(key: IndicatorKey, dimension: String, label: String, legalWording: String) {
            self.key = key
            self.dimension = dimension
            self.label = label
            self.legalWording = legalWording
        }
    }

    /// How indicators are derived from facts when form B2 was not filled in for them
    /// (`household-format.md`, "From facts to indicators"). Ages are completed years.
    public struct DerivationRules: Sendable, Equatable {
        public enum DependantsDefinition: String, Sendable, Equatable, CaseIterable {
            /// Under 16, past working age, or severe/extreme disability.
            case decree07
            /// Under 16, or elderly/disabled on a monthly allowance (`monthlyAllowance`).
            case decree351
        }

        /// First age of working age; its end is the retirement age (`RetirementAge`).
        public var workingAgeFrom: Int
        public var dependants: DependantsDefinition
        public var dependantChildAgeBelow: Int
        /// Deprived when dependants are strictly more than this share of members.
        public var dependantShareAbovePercent: Int
        public var nutritionAgeBelow: Int
        public var healthInsuranceMinimumAge: Int
        public var adultEducation: AdultEducation
        /// Children aged `fromAge` up to `belowAge` (exclusive) must be on track at school.
        public var childSchoolingFromAge: Int
        public var childSchoolingBelowAge: Int
        /// Deprived when floor area per member is strictly below this.
        public var housingAreaPerPersonBelowM2: Double

        public init(
            workingAgeFrom: Int, dependants: DependantsDefinition, dependantChildAgeBelow: Int,
            dependantShareAbovePercent: Int, nutritionAgeBelow: Int, healthInsuranceMinimumAge: Int,
            adultEducation: AdultEducation, childSchoolingFromAge: Int, childSchoolingBelowAge: Int,
            housingAreaPerPersonBelowM2: Double
        ) {
            self.workingAgeFrom = workingAgeFrom
            self.dependants = dependants
            self.dependantChildAgeBelow = dependantChildAgeBelow
            self.dependantShareAbovePercent = dependantShareAbovePercent
            self.nutritionAgeBelow = nutritionAgeBelow
            self.healthInsuranceMinimumAge = healthInsuranceMinimumAge
            self.adultEducation = adultEducation
            self.childSchoolingFromAge = childSchoolingFromAge
            self.childSchoolingBelowAge = childSchoolingBelowAge
            self.housingAreaPerPersonBelowM2 = housingAreaPerPersonBelowM2
        }
    }

    /// Members aged `fromAge`…`toAge` (inclusive) who are not studying must hold the
    /// qualification for their age: below `upperSecondaryFromAge` one of
    /// `lowerSecondaryQualifications`, from it one of `upperSecondaryQualifications`.
    /// Kept as bit masks so that the rules are plain values, copied without reference counting.
    public struct AdultEducation: Sendable, Equatable {
        public let fromAge: Int
        public let upperSecondaryFromAge: Int
        public let toAge: Int
        let lowerSecondaryMask: EducationMask
        let upperSecondaryMask: EducationMask

        public init(
            fromAge: Int, upperSecondaryFromAge: Int, toAge: Int,
            lowerSecondaryQualifications: Set<Education>, upperSecondaryQualifications: Set<Education>
        ) {
            self.fromAge = fromAge
            self.upperSecondaryFromAge = upperSecondaryFromAge
            self.toAge = toAge
            lowerSecondaryMask = EducationMask(lowerSecondaryQualifications)
            upperSecondaryMask = EducationMask(upperSecondaryQualifications)
        }

        public var lowerSecondaryQualifications: Set<Education> { Set(Education.allCases.filter(lowerSecondaryMask.contains)) }
        public var upperSecondaryQualifications: Set<Education> { Set(Education.allCases.filter(upperSecondaryMask.contains)) }
    }
}

/// One value per area (rural, urban).
public struct PerArea<Value: Sendable & Equatable>: Sendable, Equatable {
    public var rural: Value
    public var urban: Value

    public init(rural: Value, urban: Value) {
        self.rural = rural
        self.urban = urban
    }

    public subscript(area: Area) -> Value {
        switch area {
        case .rural: return rural
        case .urban: return urban
        }
    }
}
