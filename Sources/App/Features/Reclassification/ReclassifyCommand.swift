import Domain
import Fluent
import Vapor

/// `donghanh reclassify --standard ID [--confirm]`: the same preview as the page, on the
/// terminal; with `--confirm` it is applied and recorded as confirmed by the operator.
struct ReclassifyCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "standard", help: "Standard id, e.g. nd-351-2025")
        var standard: String?
        @Flag(name: "confirm", help: "Apply the changes and record the confirmation")
        var confirm: Bool
    }

    var help: String { "Preview (and with --confirm apply) a reclassification under another standard" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let standardID = signature.standard ?? "nd-351-2025"
        guard let standard = StandardCatalog.builtIn.standard(id: standardID) else {
            throw CommandLineError(Message("reclassification.unknownStandard", ["standard": standardID]))
        }
        let db = context.application.db
        let preview = try await ReclassificationService.preview(standard: standard, on: db)
        let say: (String, [String: String]) -> Void = { key, parameters in
            context.console.print(Translations.render(Message(key, parameters), in: .vi))
        }
        let status: (ComputedStatus?) -> String = { $0.map { Translations.text("computed.\($0.rawValue)", in: .vi) } ?? Translations.text("status.none", in: .vi) }
        say("reclassification.summary", ["total": String(preview.total), "changed": String(preview.changes.count)])
        for count in preview.byTransition {
            say("reclassification.countLine", ["label": Translations.render(Message("reclassification.transition", ["from": status(count.key.from), "to": status(count.key.to)]), in: .vi), "count": String(count.count)])
        }
        for count in preview.byCommune {
            say("reclassification.countLine", ["label": count.key, "count": String(count.count)])
        }
        for change in preview.changes {
            say("reclassification.changeLine", ["code": change.code, "from": status(change.from), "to": status(change.to)])
        }
        guard signature.confirm else {
            say("reclassification.notApplied", [:])
            return
        }
        let run = try await ReclassificationService.confirm(standardID: standard.id, fingerprint: preview.fingerprint, by: .terminal,
                                                            displayName: Translations.text("reclassification.operator", in: .vi), on: db)
        say("reclassification.applied", ["changed": String(run.changedCount)])
    }
}
