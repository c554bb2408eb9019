import Domain
import Foundation
import Vapor

/// What a refused job's page offers to map onto the template, once for the commune's next files
/// too: each heading that names no column, and each word of a one-code column that names no code.
struct ColumnMappingForm: Encodable {
    typealias Option = FormField.Option

    struct Heading: Encodable {
        let table: String
        let tableLabel: String
        let heading: String
        let options: [Option]
    }

    struct Word: Encodable {
        let table: String
        let column: String
        let columnLabel: String
        let word: String
        let options: [Option]
    }

    let headings: [Heading]
    let words: [Word]

    /// The choice that leaves a heading or word as it is (still a problem).
    static let unchosen = "?"

    /// Nil when no problem of these can be mended by a mapping.
    static func of(_ issues: [ImportIssue], language: Language) -> ColumnMappingForm? {
        var headings: [Heading] = [], words: [Word] = []
        var seen: Set<String> = []
        let unchosen = Option(value: Self.unchosen, label: Translations.text("mapping.unchosen", in: language))
        for issue in issues {
            guard let table = issue.table else { continue }
            let tableLabel = Translations.text(table.nameKey, in: language)
            if issue.messageKey == "tabular.unknownHeading", let heading = issue.messageParameters["heading"],
               seen.insert("h|\(table.rawValue)|\(heading)").inserted {
                let columns = table.columns.map { Option(value: $0.key, label: "\(Translations.text($0.headingKey, in: language)) (\($0.key))") }
                let leaveOut = Option(value: "", label: Translations.text("mapping.leaveOut", in: language))
                headings.append(Heading(table: table.rawValue, tableLabel: tableLabel, heading: heading, options: [unchosen, leaveOut] + columns))
            } else if issue.messageKey == "tabular.notInList", let key = issue.columnKey,
                      let column = table.columns.first(where: { $0.key == key }), let codes = codeOptions(column, language),
                      seen.insert("w|\(key)|\(issue.value)").inserted {
                words.append(Word(table: table.rawValue, column: key, columnLabel: "\(tableLabel): \(Translations.text(column.headingKey, in: language))",
                                  word: issue.value, options: [unchosen] + codes))
            }
        }
        return headings.isEmpty && words.isEmpty ? nil : ColumnMappingForm(headings: headings, words: words)
    }

    /// The codes a one-code or yes/no column takes; nil for others (a list's cell holds several words).
    private static func codeOptions(_ column: HouseholdColumn, _ language: Language) -> [Option]? {
        switch column.kind {
        case let .code(codes, prefix):
            return codes.map { Option(value: $0, label: "\(Translations.text("\(prefix).\($0)", in: language)) (\($0))") }
        case .bool:
            return [Option(value: "true", label: Translations.text("value.yes", in: language)),
                    Option(value: "false", label: Translations.text("value.no", in: language))]
        default:
            return nil
        }
    }

    /// What a person chose on the form, added to `mapping`.
    struct Choices: Content {
        struct HeadingChoice: Codable {
            var table: String
            var heading: String
            var key: String
        }

        struct WordChoice: Codable {
            var column: String
            var word: String
            var code: String
        }

        var headings: [HeadingChoice]?
        var words: [WordChoice]?
        /// Kept under this name for the next files, when given.
        var name: String?

        func applied(to mapping: ColumnMapping) -> ColumnMapping {
            var mapping = mapping
            for choice in headings ?? [] where choice.key != ColumnMappingForm.unchosen {
                switch HouseholdTable(rawValue: choice.table) {
                case .households: mapping.households[choice.heading] = choice.key
                case .members: mapping.members[choice.heading] = choice.key
                case nil: continue
                }
            }
            for choice in words ?? [] where choice.code != ColumnMappingForm.unchosen {
                mapping.words[choice.column, default: [:]][choice.word] = choice.code
            }
            return mapping
        }
    }
}
