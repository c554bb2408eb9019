/// Why `classify` stopped: which household (position, code, byte offset where known), which
/// fields and what is wrong with them, as messages of the translation table.
public struct ClassifyError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Problem: Equatable, Sendable {
        /// Path in the interchange format (`members[2].idNumber`); nil when the household could
        /// not be read at all.
        public var field: String?
        public var message: Message

        public init(field: String?, message: Message) {
            self.field = field
            self.message = message
        }
    }

    /// Position of the household in the input, from 0; nil for an error about no household
    /// (an unknown `--standard`).
    public var index: Int?
    public var householdCode: String?
    /// Byte offset in the input, for an input that is not JSON.
    public var offset: Int?
    /// At least one.
    public var problems: [Problem]

    public init(index: Int?, householdCode: String? = nil, offset: Int? = nil, problems: [Problem]) {
        self.index = index
        self.householdCode = householdCode
        self.offset = offset
        self.problems = problems
    }

    /// The first problem's field and message.
    public var field: String? { problems.first?.field }
    public var message: Message { problems[0].message }

    /// One line per problem, naming the household and the field.
    public func lines(in language: Language) -> [String] {
        problems.map { problem in
            let text = Translations.render(problem.message, in: language)
            guard let index else { return text }
            var parameters = ["number": VietnameseFormat.integer(index + 1, in: language), "problem": text]
            let key: String
            if let field = problem.field {
                parameters["field"] = field
                if let householdCode {
                    parameters["code"] = householdCode
                    key = "classify.error.household"
                } else {
                    key = "classify.error.householdWithoutCode"
                }
            } else if let offset {
                parameters["offset"] = VietnameseFormat.integer(offset, in: language)
                key = "classify.error.position"
            } else {
                key = "classify.error.householdNumber"
            }
            return Translations.render(Message(key, parameters), in: language)
        }
    }

    public var description: String { lines(in: .en).joined(separator: "\n") }
}

extension ClassifyError {
    init(index: Int, issues: [FieldIssue]) {
        self.init(
            index: index, householdCode: issues.first?.householdCode,
            problems: issues.map { Problem(field: $0.field, message: $0.message) })
    }

    init(index: Int, code: String, field: String, _ message: Message) {
        self.init(index: index, householdCode: code, problems: [Problem(field: field, message: message)])
    }

    init(_ error: HouseholdStreamReader.SyntaxError) {
        let message: Message
        switch error.problem {
        case .expectedCommaOrEnd: message = Message("classify.syntax.expectedCommaOrEnd")
        case .expectedHousehold: message = Message("classify.syntax.expectedHousehold")
        case .unterminatedArray: message = Message("classify.syntax.unterminatedArray")
        case .dataAfterArray: message = Message("classify.syntax.dataAfterArray")
        case let .recordTooLarge(maximum):
            message = Message("classify.syntax.recordTooLarge", ["maximum": String(maximum)])
        }
        self.init(index: error.index, offset: error.offset, problems: [Problem(field: nil, message: message)])
    }
}
