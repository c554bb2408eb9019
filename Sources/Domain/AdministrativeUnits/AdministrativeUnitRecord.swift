/// One administrative unit as read from an official list (pre- or post-2025-reform).
public struct AdministrativeUnitRecord: Equatable, Hashable, Sendable {
    public var code: String
    /// Name without the kind prefix: "Hiệp Thành".
    public var name: String
    public var level: AdministrativeLevel
    public var kind: AdministrativeKind
    public var parentCode: String?

    public init(code: String, name: String, level: AdministrativeLevel, kind: AdministrativeKind, parentCode: String?) {
        self.code = code
        self.name = name
        self.level = level
        self.kind = kind
        self.parentCode = parentCode
    }
}

public enum AdministrativeLevel: String, CaseIterable, Codable, Sendable {
    case province, district, commune
}

/// The kind of unit, as named in its full name ("Xã Hiệp Thành", "Thị xã Giá Rai").
public enum AdministrativeKind: String, CaseIterable, Codable, Sendable {
    // provinces
    case province, municipality
    // districts (abolished 1 July 2025)
    case urbanDistrict, ruralDistrict, town, provincialCity, municipalCity
    // communes
    case commune, ward, townlet, specialZone

    /// Rural or urban, for the communes whose kind decides it (Decree 07/2021: xã rural;
    /// phường, thị trấn urban). A special zone (đặc khu) is treated as rural by default
    /// (verify): the App lets an administrator override the area per unit.
    public var defaultArea: Area? {
        switch self {
        case .commune, .specialZone: return .rural
        case .ward, .townlet: return .urban
        default: return nil
        }
    }
}
