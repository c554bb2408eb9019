import Testing
@testable import Domain

@Suite("Translation table")
struct TranslationTests {
    @Test("every entry has Vietnamese and English text with the same placeholders")
    func complete() {
        for key in Translations.keys {
            let vi = Translations.text(key, in: .vi)
            let en = Translations.text(key, in: .en)
            #expect(!vi.isEmpty && !en.isEmpty, "\(key)")
            #expect(placeholders(vi) == placeholders(en), "\(key)")
        }
    }

    @Test("every coded value has a label in both languages")
    func codesLabelled() {
        let prefixes: [(String, [String])] = [
            ("recognised", RecognisedStatus.allCases.map(\.rawValue)), ("computed", ComputedStatus.allCases.map(\.rawValue)),
            ("area", Area.allCases.map(\.rawValue)), ("sex", Sex.allCases.map(\.rawValue)),
            ("relation", Relation.allCases.map(\.rawValue)), ("employment", Employment.allCases.map(\.rawValue)),
            ("disability", Disability.allCases.map(\.rawValue)), ("education", Education.allCases.map(\.rawValue)),
            ("device", Device.allCases.map(\.rawValue)), ("need", Need.allCases.map(\.rawValue)),
            ("indicator", IndicatorKey.allCases.map(\.rawValue)), ("role", Role.allCases.map(\.rawValue)),
            ("unitKind.full", AdministrativeKind.allCases.map(\.rawValue)),
        ]
        for (prefix, codes) in prefixes {
            for code in codes {
                #expect(Translations.keys.contains("\(prefix).\(code)"), "missing \(prefix).\(code)")
            }
        }
    }

    @Test("parameters are substituted by name; unknown keys show up as themselves")
    func render() {
        #expect(Translations.render(Message("households.total", ["count": "1.234"]), in: .vi) == "Tìm thấy 1.234 hộ")
        #expect(Translations.render(Message("unitKind.full.commune", ["name": "Hiệp Thành"]), in: .en) == "Hiệp Thành Commune")
        #expect(Translations.text("no.such.key", in: .vi) == "no.such.key")
    }

    private func placeholders(_ text: String) -> Set<String> {
        var names = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
