/// The two published layouts of the official list of administrative units
/// (thanglequoc/vietnamese-provinces-database JSON).
public enum AdministrativeUnitListFormat: String, CaseIterable, Sendable {
    /// Before the 2025 reform: provinces → `District` → `Ward` (three levels).
    case preReform2025
    /// After the reform (1 July 2025): provinces → `Wards` (two levels, no districts).
    case postReform2025

    /// Tells the layout from the first province: `District` means pre-reform, `Wards`
    /// post-reform; `nil` when the document is not such a list (or is empty).
    public init?(detectingIn json: JSONValue) {
        guard case let .array(provinces) = json, let first = provinces.first else { return nil }
        switch (first["District"] != nil, first["Wards"] != nil) {
        case (true, false): self = .preReform2025
        case (false, true): self = .postReform2025
        default: return nil
        }
    }
}

/// A whole list of administrative units, flattened.
public struct AdministrativeUnitList: Equatable, Sendable {
    public var format: AdministrativeUnitListFormat
    /// Document order, each unit followed by its children, so every parent comes before them.
    public var units: [AdministrativeUnitRecord]

    public init(format: AdministrativeUnitListFormat, units: [AdministrativeUnitRecord]) {
        self.format = format
        self.units = units
    }

    /// Parses a list file (UTF-8 JSON) in either format.
    public static func parse(_ bytes: some Sequence<UInt8>) throws(AdministrativeUnitListError) -> AdministrativeUnitList {
        let json: JSONValue
        do throws(JSONSyntaxError) {
            json = try JSONParser.parse(bytes)
        } catch {
            throw .notJSON(offset: error.offset, reason: error.reason)
        }
        return try parse(json: json)
    }

    /// Reads an already parsed list in either format.
    public static func parse(json: JSONValue) throws(AdministrativeUnitListError) -> AdministrativeUnitList {
        guard let format = AdministrativeUnitListFormat(detectingIn: json), case let .array(provinces) = json else {
            throw .unknownFormat
        }
        var reader = UnitReader(format: format)
        for (index, province) in provinces.enumerated() {
            try reader.readProvince(province, path: "[\(index)]")
        }
        return AdministrativeUnitList(format: format, units: reader.units)
    }
}

/// Walks the document once, appending units and remembering where each code was first seen.
private struct UnitReader {
    typealias Fields = [(key: String, value: JSONValue)]

    let format: AdministrativeUnitListFormat
    var units: [AdministrativeUnitRecord] = []
    private var pathByCode: [String: String] = [:]

    init(format: AdministrativeUnitListFormat) {
        self.format = format
    }

    mutating func readProvince(_ value: JSONValue, path: String) throws(AdministrativeUnitListError) {
        let fields = try Self.object(value, path: path)
        let province = try readUnit(fields, path: path, level: .province, parent: nil, parentCodeKey: nil)
        switch format {
        case .preReform2025:
            for (index, district) in try Self.list(fields, "District", path: path).enumerated() {
                let districtPath = "\(path).District[\(index)]"
                let districtFields = try Self.object(district, path: districtPath)
                let unit = try readUnit(districtFields, path: districtPath, level: .district, parent: province, parentCodeKey: "ProvinceCode")
                for (index, commune) in try Self.list(districtFields, "Ward", path: districtPath).enumerated() {
                    let communePath = "\(districtPath).Ward[\(index)]"
                    _ = try readUnit(Self.object(commune, path: communePath), path: communePath, level: .commune, parent: unit, parentCodeKey: "DistrictCode")
                }
            }
        case .postReform2025:
            for (index, commune) in try Self.list(fields, "Wards", path: path).enumerated() {
                let communePath = "\(path).Wards[\(index)]"
                _ = try readUnit(Self.object(commune, path: communePath), path: communePath, level: .commune, parent: province, parentCodeKey: "ProvinceCode")
            }
        }
    }

    /// Validates one unit's own fields and appends it.
    private mutating func readUnit(
        _ fields: Fields, path: String, level: AdministrativeLevel,
        parent: AdministrativeUnitRecord?, parentCodeKey: String?
    ) throws(AdministrativeUnitListError) -> AdministrativeUnitRecord {
        let codePath = "\(path).Code"
        let code = try Self.requiredString(fields, "Code", path: path)
        let digits = Self.codeDigits(level)
        guard code.utf8.count == digits, code.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw .badCode(path: codePath, code: code, digits: digits)
        }
        let name = try Self.requiredString(fields, "Name", path: path)
        if let parent, let parentCodeKey, let stated = try Self.optionalString(fields, parentCodeKey, path: path),
           stated != parent.code {
            throw .parentMismatch(path: "\(path).\(parentCodeKey)", expected: parent.code, found: stated)
        }
        let kind = try Self.kind(fields, path: path, level: level, parentKind: parent?.kind)
        if let firstPath = pathByCode.updateValue(codePath, forKey: code) {
            throw .duplicateCode(path: codePath, code: code, firstPath: firstPath)
        }
        let unit = AdministrativeUnitRecord(code: code, name: name, level: level, kind: kind, parentCode: parent?.code)
        units.append(unit)
        return unit
    }

    /// GSO code lengths: province 2 digits, district 3, commune 5.
    private static func codeDigits(_ level: AdministrativeLevel) -> Int {
        switch level {
        case .province: return 2
        case .district: return 3
        case .commune: return 5
        }
    }

    // MARK: Kinds

    /// The kind words a level may use, lowercased; "thành phố" as a district is refined by its parent.
    private static let provinceKinds: [(word: String, kind: AdministrativeKind)] = [
        ("tỉnh", .province), ("thành phố", .municipality),
    ]
    private static let districtKinds: [(word: String, kind: AdministrativeKind)] = [
        ("quận", .urbanDistrict), ("huyện", .ruralDistrict), ("thị xã", .town), ("thành phố", .provincialCity),
    ]
    private static let communeKinds: [(word: String, kind: AdministrativeKind)] = [
        ("xã", .commune), ("phường", .ward), ("thị trấn", .townlet), ("đặc khu", .specialZone),
    ]

    /// The kind from `AdministrativeUnitShortName` when given, otherwise from the start of
    /// `FullName`. Compared lowercased because the source has the odd "xã Bắc Sơn".
    private static func kind(
        _ fields: Fields, path: String, level: AdministrativeLevel, parentKind: AdministrativeKind?
    ) throws(AdministrativeUnitListError) -> AdministrativeKind {
        let candidates: [(word: String, kind: AdministrativeKind)]
        switch level {
        case .province: candidates = provinceKinds
        case .district: candidates = districtKinds
        case .commune: candidates = communeKinds
        }
        let match: (word: String, kind: AdministrativeKind)?
        let text: String
        let textPath: String
        if let shortName = try optionalString(fields, "AdministrativeUnitShortName", path: path) {
            (text, textPath) = (shortName, "\(path).AdministrativeUnitShortName")
            let lowered = shortName.lowercased()
            match = candidates.first { $0.word == lowered }
        } else {
            (text, textPath) = (try requiredString(fields, "FullName", path: path), "\(path).FullName")
            let lowered = text.lowercased()
            match = candidates.first { lowered.hasPrefix($0.word + " ") }
        }
        guard let match else {
            let expected = candidates.map { $0.word.prefix(1).uppercased() + $0.word.dropFirst() }
            throw .unknownKind(path: textPath, text: text, expected: expected)
        }
        // A city inside a centrally run city (Thủ Đức in Hồ Chí Minh) is not a provincial city.
        if match.kind == .provincialCity, parentKind == .municipality { return .municipalCity }
        return match.kind
    }

    // MARK: Fields

    private static func object(_ value: JSONValue, path: String) throws(AdministrativeUnitListError) -> Fields {
        guard case let .object(fields) = value else {
            throw .wrongType(path: path, expected: "object", found: value.typeName)
        }
        return fields
    }

    /// A list of children; `null` means none (the source writes it for island districts
    /// such as Côn Đảo, which had no communes).
    private static func list(_ fields: Fields, _ key: String, path: String) throws(AdministrativeUnitListError) -> [JSONValue] {
        switch field(fields, key) {
        case nil: throw .missingField(path: "\(path).\(key)")
        case .null?: return []
        case let .array(items)?: return items
        case let other?: throw .wrongType(path: "\(path).\(key)", expected: "array", found: other.typeName)
        }
    }

    private static func requiredString(_ fields: Fields, _ key: String, path: String) throws(AdministrativeUnitListError) -> String {
        guard let text = try optionalString(fields, key, path: path) else { throw .missingField(path: "\(path).\(key)") }
        guard !text.isEmpty else { throw .emptyField(path: "\(path).\(key)") }
        return text
    }

    /// A string field that may be absent or `null`.
    private static func optionalString(_ fields: Fields, _ key: String, path: String) throws(AdministrativeUnitListError) -> String? {
        switch field(fields, key) {
        case nil, .null?: return nil
        case let .string(text)?: return text
        case let other?: throw .wrongType(path: "\(path).\(key)", expected: "string", found: other.typeName)
        }
    }

    private static func field(_ fields: Fields, _ key: String) -> JSONValue? {
        fields.first { $0.key == key }?.value
    }
}
