import Domain
import Fluent
import Vapor

/// `/reclassification`: preview every household under another standard, then confirm.
struct ReclassificationController: RouteCollection {
    static let listedChanges = 300

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(.previewReclassification)).get("reclassification", use: show)
        routes.grouped(RequirePermission(.confirmReclassification)).post("reclassification", "confirm", use: confirm)
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let code: String
            let headName: String
            let commune: String
            let from: String
            let to: String
        }

        struct CountRow: Encodable {
            let label: String
            let count: String
        }

        struct RunRow: Encodable {
            let when: String
            let who: String
            let standard: String
            let changed: String
        }

        let layout: Layout
        let standards: [FormField.Option]
        let standardName: String
        let standardID: String
        let summary: String
        let byTransition: [CountRow]
        let byCommune: [CountRow]
        let rows: [Row]
        let more: String?
        let fingerprint: String
        let canConfirm: Bool
        let notice: String?
        let runs: [RunRow]
    }

    func show(req: Request) async throws -> View {
        let requested = try? req.query.get(String.self, at: "standard")
        let notice = (try? req.query.get(String.self, at: "done")) == "1" ? req.text("reclassification.done") : nil
        return try await render(req, standardID: requested, notice: notice)
    }

    func confirm(req: Request) async throws -> Response {
        let values = try req.formValues()
        let standardID = values["standard"] ?? ""
        let user = try req.currentUser
        do {
            _ = try await ReclassificationService.confirm(standardID: standardID, fingerprint: values["fingerprint"] ?? "",
                                                          by: AuditActor(user: user), displayName: user.displayName, on: req.db)
        } catch ReclassificationError.unknownStandard {
            throw Abort(.badRequest, reason: req.text("reclassification.unknownStandard", ["standard": standardID]))
        } catch ReclassificationError.previewOutdated {
            return try await render(req, standardID: standardID, notice: req.text("reclassification.outdated")).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: "/reclassification?standard=\(standardID.urlPathComponent)&done=1")
    }

    private func render(_ req: Request, standardID requested: String?, notice: String?) async throws -> View {
        let catalog = StandardCatalog.builtIn
        let language = req.language
        let format = req.formatter
        guard let standard = catalog.standard(id: requested ?? "nd-351-2025") ?? catalog.standards.last else { throw Abort(.internalServerError) }
        let preview = try await ReclassificationService.preview(standard: standard, on: req.db)
        let listed = preview.changes.prefix(Self.listedChanges)
        let households = try await Household.query(on: req.db).filter(\.$code ~~ listed.map(\.code)).with(\.$commune).all()
        let byCode = Dictionary(households.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        let communeCodes = Set(preview.byCommune.map(\.key))
        let communes = try await AdministrativeUnit.query(on: req.db).filter(\.$code ~~ communeCodes).filter(\.$level == AdministrativeLevel.commune.rawValue).all()
        let communeNames = Dictionary(communes.map { ($0.code, $0.fullName(language)) }, uniquingKeysWith: { first, _ in first })
        let statusLabel: (ComputedStatus?) -> String = { $0.map { req.text("computed.\($0.rawValue)") } ?? req.text("status.none") }
        let runs = try await ReclassificationRun.query(on: req.db).sort(\.$confirmedAt, .descending).range(0..<20).all()
        let page = Page(
            layout: Layout(request: req, title: req.text("reclassification.title")),
            standards: catalog.standards.map { FormField.Option(value: $0.id, label: ClassificationDisplay.name(of: $0.id, long: true, language: language), selected: $0.id == standard.id) },
            standardName: ClassificationDisplay.name(of: standard.id, long: true, language: language),
            standardID: standard.id,
            summary: req.text("reclassification.summary", ["total": format.number(preview.total), "changed": format.number(preview.changes.count)]),
            byTransition: preview.byTransition.map {
                Page.CountRow(label: req.text("reclassification.transition", ["from": statusLabel($0.key.from), "to": statusLabel($0.key.to)]), count: format.number($0.count))
            },
            byCommune: preview.byCommune.map { Page.CountRow(label: communeNames[$0.key] ?? $0.key, count: format.number($0.count)) },
            rows: listed.map { change in
                let household = byCode[change.code]
                return Page.Row(code: change.code, headName: household?.headName ?? "", commune: household?.commune.fullName(language) ?? change.communeCode,
                                from: statusLabel(change.from), to: statusLabel(change.to))
            },
            more: preview.changes.count > Self.listedChanges
                ? req.text("reclassification.more", ["count": format.number(preview.changes.count - Self.listedChanges)]) : nil,
            fingerprint: preview.fingerprint,
            canConfirm: !preview.changes.isEmpty,
            notice: notice,
            runs: runs.map { run in
                Page.RunRow(when: format.timestamp(run.confirmedAt), who: run.confirmedByName,
                            standard: ClassificationDisplay.name(of: run.standardID, long: false, language: language),
                            changed: format.number(run.changedCount))
            })
        return try await req.view.render("reclassification", page)
    }
}
