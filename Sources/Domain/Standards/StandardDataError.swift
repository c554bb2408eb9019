/// A problem in a standard or review-round file, naming the place in it: what an administrator
/// who replaces the shipped files is told.
public struct StandardDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where: `standards[1].incomeLines.rural.poor`, `reviewRounds.overrides[0].standard`.
    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public enum Problem: Equatable, Sendable {
        case syntax(offset: Int, reason: String)
        case required
        case unknownKey
        case wrongType(expected: String)
        case notInList(allowed: [String])
        case invalidDate
        case notPositive
        case outOfRange
        case endBeforeStart
        case duplicate
        case unknownDimension
        case unknownStandard(id: String)
        case overlappingValidity(otherID: String)
        case noStandards
    }

    public var message: Message {
        let path = ["path": path]
        switch problem {
        case let .syntax(offset, reason):
            return Message("standards.error.syntax", ["path": self.path, "offset": String(offset), "reason": reason])
        case .required: return Message("standards.error.required", path)
        case .unknownKey: return Message("standards.error.unknownKey", path)
        case let .wrongType(expected): return Message("standards.error.wrongType", ["path": self.path, "expected": expected])
        case let .notInList(allowed):
            return Message("standards.error.notInList", ["path": self.path, "allowed": allowed.joined(separator: ", ")])
        case .invalidDate: return Message("standards.error.invalidDate", path)
        case .notPositive: return Message("standards.error.notPositive", path)
        case .outOfRange: return Message("standards.error.outOfRange", path)
        case .endBeforeStart: return Message("standards.error.endBeforeStart", path)
        case .duplicate: return Message("standards.error.duplicate", path)
        case .unknownDimension: return Message("standards.error.unknownDimension", path)
        case let .unknownStandard(id): return Message("standards.error.unknownStandard", ["path": self.path, "id": id])
        case let .overlappingValidity(otherID):
            return Message("standards.error.overlappingValidity", ["path": self.path, "id": otherID])
        case .noStandards: return Message("standards.error.noStandards", path)
        }
    }

    public var description: String { Translations.render(message, in: .en) }
}
