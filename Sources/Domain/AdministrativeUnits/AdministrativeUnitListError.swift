/// Why a list of administrative units was rejected. Paths name the offending value in the
/// file, with 0-based indices: `[12].District[3].Ward[7].Code`.
public enum AdministrativeUnitListError: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Not JSON at all; `offset` is the byte where reading failed.
    case notJSON(offset: Int, reason: String)
    /// JSON, but not an array of provinces with `District` or `Wards`.
    case unknownFormat
    case missingField(path: String)
    /// `expected` and `found` are JSON type names ("string", "array", …).
    case wrongType(path: String, expected: String, found: String)
    case emptyField(path: String)
    /// A code that is not exactly `digits` ASCII digits (province 2, district 3, commune 5).
    case badCode(path: String, code: String, digits: Int)
    case duplicateCode(path: String, code: String, firstPath: String)
    /// The kind word (`AdministrativeUnitShortName` or the start of `FullName`) is not one
    /// that the level allows; `expected` lists those that it does.
    case unknownKind(path: String, text: String, expected: [String])
    /// A unit's `ProvinceCode`/`DistrictCode` disagrees with the unit it is nested in.
    case parentMismatch(path: String, expected: String, found: String)

    /// Translation key and parameters (texts in `Translations.administrativeUnitEntries`).
    public var message: Message {
        switch self {
        case let .notJSON(offset, reason):
            return Message("units.notJSON", ["offset": String(offset), "reason": reason])
        case .unknownFormat:
            return Message("units.unknownFormat")
        case let .missingField(path):
            return Message("units.missingField", ["path": path])
        case let .wrongType(path, expected, found):
            return Message("units.wrongType", ["path": path, "expected": expected, "found": found])
        case let .emptyField(path):
            return Message("units.emptyField", ["path": path])
        case let .badCode(path, code, digits):
            return Message("units.badCode", ["path": path, "code": code, "digits": String(digits)])
        case let .duplicateCode(path, code, firstPath):
            return Message("units.duplicateCode", ["path": path, "code": code, "firstPath": firstPath])
        case let .unknownKind(path, text, expected):
            return Message("units.unknownKind", ["path": path, "text": text, "expected": expected.joined(separator: ", ")])
        case let .parentMismatch(path, expected, found):
            return Message("units.parentMismatch", ["path": path, "expected": expected, "found": found])
        }
    }

    public var description: String { Translations.render(message, in: .en) }
}
