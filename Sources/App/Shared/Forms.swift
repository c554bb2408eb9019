import Domain
import Vapor

/// A form field as every form page renders it (one Leaf template draws any form).
struct FormField: Encodable {
    struct Option: Encodable {
        let value: String
        let label: String
        let selected: Bool

        init(value: String, label: String, selected: Bool = false) {
            self.value = value
            self.label = label
            self.selected = selected
        }
    }

    enum Kind: String, Encodable {
        case text, date, number, select, checkboxes, textarea, hidden, password
    }

    let name: String
    let label: String
    let kind: Kind
    var value: String = ""
    var options: [Option] = []
    var error: String?
    var required: Bool = false
    var hint: String?
    var group: String?
}

/// What a form page shows: its fields, where it posts, and any error of the whole form.
struct FormPage: Encodable {
    let layout: Layout
    let heading: String
    let action: String
    let cancel: String
    let submitLabel: String
    let fields: [FormField]
    let formError: String?
}

/// Builds form fields in the visitor's language from submitted values and field issues.
struct FormBuilder {
    let language: Language
    var values: [String: String]
    var errors: [String: String]

    init(language: Language, values: [String: String] = [:], issues: [FieldIssue] = [], fieldPrefix: String = "") {
        self.language = language
        self.values = values
        var errors: [String: String] = [:]
        for issue in issues {
            let name = issue.field.hasPrefix(fieldPrefix) ? String(issue.field.dropFirst(fieldPrefix.count)) : issue.field
            errors[name] = errors[name] ?? Translations.render(issue.message, in: language)
        }
        self.errors = errors
    }

    func label(_ name: String) -> String { Translations.text("field.\(name)", in: language) }

    func field(_ name: String, _ kind: FormField.Kind, required: Bool = false, hint: String? = nil, group: String? = nil) -> FormField {
        FormField(
            name: name, label: label(name), kind: kind, value: values[name] ?? "", error: errors[name],
            required: required, hint: hint.map { Translations.text($0, in: language) },
            group: group.map { Translations.text($0, in: language) })
    }

    /// A drop-down of coded values, labelled through the table (`prefix.code`).
    func select<Code: RawRepresentable & CaseIterable>(_ name: String, _ type: Code.Type, prefix: String, required: Bool = false, group: String? = nil) -> FormField
    where Code.RawValue == String {
        choice(name, Code.allCases.map { ($0.rawValue, Translations.text("\(prefix).\($0.rawValue)", in: language)) }, required: required, group: group)
    }

    /// A drop-down; with a `defaultValue` there is no empty option and that value is preselected.
    func choice(_ name: String, _ choices: [(String, String)], required: Bool = false, group: String? = nil, defaultValue: String? = nil) -> FormField {
        let current = values[name]?.nonEmpty ?? defaultValue ?? ""
        var options = defaultValue == nil
            ? [FormField.Option(value: "", label: Translations.text("value.unknown", in: language), selected: current.isEmpty)] : []
        options += choices.map { FormField.Option(value: $0.0, label: $0.1, selected: $0.0 == current) }
        var result = field(name, .select, required: required, group: group)
        result.options = options
        return result
    }

    /// Yes / no / unknown: a missing fact stays unknown (`household-format.md`).
    func triState(_ name: String, yes: String = "value.yes", no: String = "value.no", group: String? = nil) -> FormField {
        choice(name, [("true", Translations.text(yes, in: language)), ("false", Translations.text(no, in: language))], group: group)
    }

    func checkboxes<Code: RawRepresentable & CaseIterable>(_ name: String, _ type: Code.Type, prefix: String, group: String? = nil) -> FormField
    where Code.RawValue == String {
        let chosen = Set((values[name] ?? "").split(separator: ",").map(String.init))
        var result = field(name, .checkboxes, group: group)
        result.options = Code.allCases.map {
            FormField.Option(value: $0.rawValue, label: Translations.text("\(prefix).\($0.rawValue)", in: language), selected: chosen.contains($0.rawValue))
        }
        return result
    }
}

/// Reads typed values from a submitted form, collecting a field issue for each unreadable one.
struct FormReader {
    let values: [String: String]
    var issues: [FieldIssue] = []

    init(values: [String: String]) { self.values = values }

    func text(_ name: String) -> String? { values[name]?.nonEmpty }

    mutating func integer(_ name: String) -> Int? {
        guard let raw = text(name) else { return nil }
        guard let value = VietnameseFormat.parseInteger(raw) else { issues.append(FieldIssue(field: name, problem: .notAnInteger)); return nil }
        return value
    }

    mutating func decimal(_ name: String) -> Double? {
        guard let raw = text(name) else { return nil }
        guard let value = VietnameseFormat.parseDecimal(raw) else { issues.append(FieldIssue(field: name, problem: .wrongType(expected: "number"))); return nil }
        return value
    }

    mutating func date(_ name: String) -> LocalDate? {
        guard let raw = text(name) else { return nil }
        guard let value = VietnameseFormat.parseDate(raw) else { issues.append(FieldIssue(field: name, problem: .invalidDate)); return nil }
        return value
    }

    mutating func bool(_ name: String) -> Bool? {
        switch text(name) {
        case nil: return nil
        case "true"?: return true
        case "false"?: return false
        default: issues.append(FieldIssue(field: name, problem: .wrongType(expected: "boolean"))); return nil
        }
    }

    mutating func code<Code: RawRepresentable & CaseIterable>(_ name: String, _ type: Code.Type) -> Code? where Code.RawValue == String {
        guard let raw = text(name) else { return nil }
        guard let value = Code(rawValue: raw) else {
            issues.append(FieldIssue(field: name, problem: .notInList(allowed: Code.allCases.map(\.rawValue))))
            return nil
        }
        return value
    }

    mutating func codes<Code: RawRepresentable & CaseIterable>(_ name: String, _ type: Code.Type) -> [Code] where Code.RawValue == String {
        (values[name] ?? "").split(separator: ",").compactMap { part in
            guard let value = Code(rawValue: String(part)) else {
                issues.append(FieldIssue(field: name, problem: .notInList(allowed: Code.allCases.map(\.rawValue))))
                return nil
            }
            return value
        }
    }
}

extension Request {
    /// Renders the one form template; a form with field issues says so above the fields.
    func renderForm(heading: String, action: String, cancel: String, fields: [FormField], issues: [FieldIssue], formError: String?) async throws -> View {
        let page = FormPage(
            layout: Layout(request: self, title: heading), heading: heading, action: action, cancel: cancel,
            submitLabel: text("action.save"), fields: fields,
            formError: formError ?? (issues.isEmpty ? nil : text("error.formHasErrors")))
        return try await view.render("form", page)
    }

    /// Form fields as strings; repeated names (checkboxes) are joined with commas.
    func formValues() throws -> [String: String] {
        guard let body = self.body.string else { return [:] }
        var values: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode: (Substring) -> String = { String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            let name = decode(parts[0])
            let value = parts.count > 1 ? decode(parts[1]) : ""
            if let existing = values[name], !existing.isEmpty {
                values[name] = value.isEmpty ? existing : existing + "," + value
            } else {
                values[name] = value
            }
        }
        return values
    }
}
