import Domain
import Foundation
import Testing

@Suite("Templates")
struct TemplateKeysTests {
    /// A key missing from the table would show its raw name to a user: fail here instead.
    @Test("every #t key used in a template is in the translation table")
    func keysExist() throws {
        let views = URL(fileURLWithPath: TestPaths.resources).appendingPathComponent("Views")
        let files = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" }
        #expect(files.count >= 6)
        let pattern = try Regex(#"#t\("([A-Za-z.]+)""#)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: pattern) {
                let key = String(match.output[1].substring ?? "")
                #expect(Translations.keys.contains(key), "\(file.lastPathComponent): \(key)")
            }
        }
    }
}
