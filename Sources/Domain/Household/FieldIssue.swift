/// One problem with one field of one household: what every way in (JSON, forms, CSV/XLSX)
/// reports, so that a user is told exactly which household, which field and what is wrong.
public struct FieldIssue: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The household's code, when it is known.
    public var householdCode: String?
    /// Path in the interchange format: `surveyDate`, `housing.floorAreaM2`, `members[2].idNumber`.
    public var field: String
    public var problem: Problem

    public init(householdCode: String? = nil, field: String, problem: Problem) {
        self.householdCode = householdCode
        self.field = field
        self.problem = problem
    }

    /// A problem of a form outside the interchange format (accounts, say), with its own message.
    public init(field: String, message: Message) {
        self.init(field: field, problem: .other(message))
    }

    public enum Problem: Equatable, Hashable, Sendable {
        case required
        case unknownKey
        case wrongType(expected: String)
        case notInList(allowed: [String])
        case notAnInteger
        case negative
        case invalidDate
        case birthAfterSurvey
        case surveyInFuture
        case idNumberDigits
        case duplicateCode
        case duplicateDate
        case endBeforeStart
        case unknownEthnicity
        case unknownCommune
        /// The commune exists but lies outside the areas the user answers for.
        case communeOutsideScope
        case areaContradictsCommune(expected: String)
        case empty
        case tooLong(maximum: Int)
        case implausibleYear
        case syntax(String)
        case other(Message)
    }

    /// Translation key and parameters of the problem's message.
    public var message: Message {
        switch problem {
        case .required: return Message("issue.required")
        case .unknownKey: return Message("issue.unknownKey")
        case let .wrongType(expected): return Message("issue.wrongType", ["expected": expected])
        case let .notInList(allowed): return Message("issue.notInList", ["allowed": allowed.joined(separator: ", ")])
        case .notAnInteger: return Message("issue.notAnInteger")
        case .negative: return Message("issue.negative")
        case .invalidDate: return Message("issue.invalidDate")
        case .birthAfterSurvey: return Message("issue.birthAfterSurvey")
        case .surveyInFuture: return Message("issue.surveyInFuture")
        case .idNumberDigits: return Message("issue.idNumberDigits")
        case .duplicateCode: return Message("issue.duplicateCode")
        case .duplicateDate: return Message("issue.duplicateDate")
        case .endBeforeStart: return Message("issue.endBeforeStart")
        case .unknownEthnicity: return Message("issue.unknownEthnicity")
        case .unknownCommune: return Message("issue.unknownCommune")
        case .communeOutsideScope: return Message("issue.communeOutsideScope")
        case let .areaContradictsCommune(expected): return Message("issue.areaContradictsCommune", ["expected": expected])
        case .empty: return Message("issue.empty")
        case let .tooLong(maximum): return Message("issue.tooLong", ["maximum": String(maximum)])
        case .implausibleYear: return Message("issue.implausibleYear")
        case let .syntax(reason): return Message("issue.syntax", ["reason": reason])
        case let .other(message): return message
        }
    }

    public var description: String {
        let text = Translations.render(message, in: .en)
        if let householdCode { return "household \(householdCode), field \(field): \(text)" }
        return "field \(field): \(text)"
    }
}

/// The problems that make a household unacceptable, all of them at once.
public struct InvalidHousehold: Error, Equatable, Sendable {
    public var issues: [FieldIssue]
    public init(_ issues: [FieldIssue]) { self.issues = issues }
}
