/// A set of indicators as a bit mask: what the per-household path uses instead of
/// dictionaries or arrays.
public struct IndicatorSet: Hashable, Sendable {
    public private(set) var rawValue: UInt16

    public init() { rawValue = 0 }

    public init(_ keys: some Sequence<IndicatorKey>) {
        rawValue = 0
        for key in keys { insert(key) }
    }

    @inline(__always)
    public func contains(_ key: IndicatorKey) -> Bool { rawValue & key.bit != 0 }

    @inline(__always)
    public mutating func insert(_ key: IndicatorKey) { rawValue |= key.bit }

    public var count: Int { rawValue.nonzeroBitCount }
    public var isEmpty: Bool { rawValue == 0 }

    public func intersection(_ other: IndicatorSet) -> IndicatorSet { IndicatorSet(raw: rawValue & other.rawValue) }
    public func subtracting(_ other: IndicatorSet) -> IndicatorSet { IndicatorSet(raw: rawValue & ~other.rawValue) }

    /// The members of the set in the order of `order` (a standard's indicator order).
    public func ordered(by order: [IndicatorKey]) -> [IndicatorKey] {
        order.filter(contains)
    }

    private init(raw: UInt16) { rawValue = raw }
}

extension IndicatorKey {
    /// One bit per key; a switch, so no lookup is needed on the hot path.
    @inline(__always)
    var bit: UInt16 {
        switch self {
        case .employment: return 1 << 0
        case .dependents: return 1 << 1
        case .nutrition: return 1 << 2
        case .healthInsurance: return 1 << 3
        case .adultEducation: return 1 << 4
        case .childSchooling: return 1 << 5
        case .housingQuality: return 1 << 6
        case .housingArea: return 1 << 7
        case .water: return 1 << 8
        case .latrine: return 1 << 9
        case .telecom: return 1 << 10
        case .informationAccess: return 1 << 11
        case .waste: return 1 << 12
        }
    }
}

/// A set of education levels as a bit mask (qualification tests on the hot path).
struct EducationMask: Hashable, Sendable {
    private var rawValue: UInt8

    init(_ levels: some Sequence<Education>) {
        rawValue = 0
        for level in levels { rawValue |= Self.bit(level) }
    }

    @inline(__always)
    func contains(_ level: Education) -> Bool { rawValue & Self.bit(level) != 0 }

    @inline(__always)
    private static func bit(_ level: Education) -> UInt8 {
        switch level {
        case .none: return 1 << 0
        case .primary: return 1 << 1
        case .lowerSecondary: return 1 << 2
        case .upperSecondary: return 1 << 3
        case .vocational: return 1 << 4
        case .college: return 1 << 5
        case .university: return 1 << 6
        }
    }
}
