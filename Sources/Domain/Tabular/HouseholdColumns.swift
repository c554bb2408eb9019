/// The two tables of the flat (CSV/XLSX) form of the interchange format.
public enum HouseholdTable: String, CaseIterable, Codable, Sendable {
    case households, members

    public var columns: [HouseholdColumn] {
        switch self {
        case .households: return HouseholdColumns.households
        case .members: return HouseholdColumns.members
        }
    }

    /// Translation key of the sheet's name in the template.
    public var nameKey: String { "sheet.\(rawValue)" }
}

/// One column of the flat form: a key of the JSON format, flattened.
public struct HouseholdColumn: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case text
        case integer
        case decimal
        case bool
        case date
        /// One of `codes`; a cell may also hold its label, translation key `labelPrefix.code`.
        case code(codes: [String], labelPrefix: String)
        /// Several of `codes`, joined with `;`.
        case codeList(codes: [String], labelPrefix: String)
        /// The name of one of the 54 ethnic groups, in any common spelling.
        case ethnicity
        /// Five digits kept as text.
        case communeCode
        /// Twelve (CCCD) or nine (CMND) digits kept as text.
        case idNumber

        static func code<Code: RawRepresentable & CaseIterable>(_ type: Code.Type, labelPrefix: String) -> Kind
        where Code.RawValue == String {
            .code(codes: Code.allCases.map(\.rawValue), labelPrefix: labelPrefix)
        }

        static func codeList<Code: RawRepresentable & CaseIterable>(_ type: Code.Type, labelPrefix: String) -> Kind
        where Code.RawValue == String {
            .codeList(codes: Code.allCases.map(\.rawValue), labelPrefix: labelPrefix)
        }
    }

    public let table: HouseholdTable
    /// The heading of the template in English: `income_per_capita_monthly`.
    public let key: String
    /// Where the value goes in the JSON format, from the household or the member:
    /// `income.perCapitaMonthly`, `idNumber`. Empty for `household_code`, which is no fact of a
    /// member but names the household it belongs to.
    public let path: String
    public let kind: Kind
    /// Translation key of the Vietnamese heading.
    public let headingKey: String
    /// Sensitive personal data (`SensitiveData`), left out of exports for users not granted it.
    public let isSensitive: Bool
    /// Every row needs a value here: the household code, the member's name and household.
    public let isRequired: Bool
    /// The path's object (`income`) and key in it (`perCapitaMonthly`); a top-level key has no object.
    let jsonObject: String?
    let jsonKey: String

    init(_ table: HouseholdTable, path: String, kind: Kind, key: String? = nil, headingKey: String? = nil) {
        self.table = table
        self.path = path
        self.kind = kind
        self.key = key ?? Self.snakeCase(path)
        self.headingKey = headingKey ?? "field.\(path)"
        isSensitive = table == .members && SensitiveData.sensitiveMemberFields.contains(path)
        isRequired = Self.requiredKeys.contains(self.key)
        let parts = path.split(separator: ".", maxSplits: 1)
        jsonObject = parts.count == 2 ? String(parts[0]) : nil
        jsonKey = String(parts.last ?? "")
    }

    private static let requiredKeys: Set<String> = ["code", "name", HouseholdColumns.householdCodeKey]

    /// `income.perCapitaMonthly` → `income_per_capita_monthly`, `housing.floorAreaM2` → `housing_floor_area_m2`.
    static func snakeCase(_ path: String) -> String {
        var key = ""
        for character in path {
            if character == "." {
                key.append("_")
            } else if character.isUppercase {
                key.append("_")
                key += character.lowercased()
            } else {
                key.append(character)
            }
        }
        return key
    }
}

/// The column catalogue: the one list both tables, the reader, the writer and the template
/// take their columns from, in the order of the JSON format.
public enum HouseholdColumns {
    /// The members table's link to its household.
    public static let householdCodeKey = "household_code"

    public static let households: [HouseholdColumn] = {
        func column(_ path: String, _ kind: HouseholdColumn.Kind) -> HouseholdColumn {
            HouseholdColumn(.households, path: path, kind: kind)
        }
        return [
            column("code", .text),
            column("communeCode", .communeCode),
            column("area", .code(Area.self, labelPrefix: "area")),
            column("hamlet", .text),
            column("address", .text),
            column("surveyDate", .date),
            column("income.perCapitaMonthly", .integer),
            column("income.scoreA", .integer),
        ] + IndicatorKey.allCases.map { column("indicators.\($0.rawValue)", .bool) } + [
            column("housing.durable", .bool),
            column("housing.floorAreaM2", .decimal),
            column("housing.hygienicWater", .bool),
            column("housing.hygienicLatrine", .bool),
            column("housing.wasteCollected", .bool),
            column("information.devices", .codeList(Device.self, labelPrefix: "device")),
            column("information.hearsLoudspeaker", .bool),
            column("needs", .codeList(Need.self, labelPrefix: "need")),
        ]
    }()

    public static let members: [HouseholdColumn] = {
        func column(_ path: String, _ kind: HouseholdColumn.Kind) -> HouseholdColumn {
            HouseholdColumn(.members, path: path, kind: kind)
        }
        return [
            HouseholdColumn(.members, path: "", kind: .text, key: householdCodeKey, headingKey: "field.code"),
            column("name", .text),
            column("sex", .code(Sex.self, labelPrefix: "sex")),
            column("birthDate", .date),
            column("birthYear", .integer),
            column("relation", .code(Relation.self, labelPrefix: "relation")),
            column("idNumber", .idNumber),
            column("ethnicity", .ethnicity),
            column("religion", .text),
            column("employment", .code(Employment.self, labelPrefix: "employment")),
            column("ableToWork", .bool),
            column("disability", .code(Disability.self, labelPrefix: "disability")),
            column("monthlyAllowance", .bool),
            column("healthInsurance", .bool),
            column("malnourished", .bool),
            column("education", .code(Education.self, labelPrefix: "education")),
            column("studying", .bool),
            column("schoolOnTrack", .bool),
            column("usesInternet", .bool),
        ]
    }()
}
