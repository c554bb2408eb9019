public enum Language: String, CaseIterable, Sendable {
    case vi, en
}

/// A user-facing message: a key of the translation table and its named parameters.
/// Text is produced only by `Translations.render`, never by concatenating pieces by hand.
public struct Message: Equatable, Hashable, Sendable {
    public var key: String
    public var parameters: [String: String]

    public init(_ key: String, _ parameters: [String: String] = [:]) {
        self.key = key
        self.parameters = parameters
    }
}

public enum Translations {
    /// The text for `key` in `language`; an unknown key is returned as is, so that a missing
    /// translation shows up on the page (and in the test that checks every key) instead of crashing.
    public static func text(_ key: String, in language: Language) -> String {
        guard let entry = table[key] else { return key }
        switch language {
        case .vi: return entry.vi
        case .en: return entry.en
        }
    }

    /// Substitutes `{name}` placeholders with the message's parameters.
    public static func render(_ message: Message, in language: Language) -> String {
        let template = text(message.key, in: language)
        guard !message.parameters.isEmpty, template.contains("{") else { return template }
        var output = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: open)..<close])
            if let value = message.parameters[name] {
                output += value
            } else {
                output += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return output
    }

    public static var keys: Dictionary<String, (vi: String, en: String)>.Keys { table.keys }
}
