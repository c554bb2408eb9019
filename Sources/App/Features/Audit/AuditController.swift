import Domain
import Fluent
import Vapor

/// `/audit`: the audit log, newest first, filtered by who, what and when. Read only: no route
/// changes or deletes an entry.
struct AuditController: RouteCollection {
    static let pageSize = 100

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(.viewAuditLog)).get("audit", use: show)
    }

    struct Filter: Content {
        var actor: String?
        var action: String?
        var key: String?
        var since: String?
        var until: String?
        var page: Int?
    }

    struct Page: Encodable {
        struct Row: Encodable {
            let at: String
            let actor: String
            let action: String
            let entity: String
            let key: String
            let details: String
            let before: String
            let after: String
        }

        let layout: Layout
        let filter: [FormField]
        let values: [String: String]
        let rows: [Row]
        let total: String
        let nextURL: String?
    }

    func show(req: Request) async throws -> View {
        let filter = try req.query.decode(Filter.self)
        var query = AuditEntry.query(on: req.db)
        if let actor = filter.actor?.nonEmpty { query = query.filter(\.$actorName == actor.lowercased()) }
        if let action = filter.action?.nonEmpty { query = query.filter(\.$action == action) }
        if let key = filter.key?.nonEmpty { query = query.filter(\.$entityKey == key) }
        if let since = filter.since.flatMap(VietnameseFormat.parseDate) { query = query.filter(\.$at >= since.startInVietnam) }
        if let until = filter.until.flatMap(VietnameseFormat.parseDate) { query = query.filter(\.$at < until.adding(days: 1).startInVietnam) }
        let total = try await query.count()
        let page = max(1, filter.page ?? 1)
        let entries = try await query.sort(\.$at, .descending).range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let format = req.formatter
        let rows = entries.map { entry in
            Page.Row(at: format.timestamp(entry.at), actor: entry.actorName, action: req.text("audit.action.\(entry.action)"),
                     entity: entry.entity, key: entry.entityKey ?? "", details: entry.details ?? "", before: entry.before ?? "", after: entry.after ?? "")
        }
        let values = ["actor": filter.actor ?? "", "action": filter.action ?? "", "key": filter.key ?? "", "since": filter.since ?? "", "until": filter.until ?? ""]
        let form = FormBuilder(language: req.language, values: values)
        var nextURL: String?
        if page * Self.pageSize < total {
            var components = URLComponents()
            components.path = "/audit"
            components.queryItems = values.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
                + [URLQueryItem(name: "page", value: String(page + 1))]
            nextURL = components.string
        }
        return try await req.view.render("audit", Page(
            layout: Layout(request: req, title: req.text("audit.title")),
            filter: [
                form.field("actor", .text),
                form.choice("action", AuditAction.allCases.map { ($0.rawValue, req.text("audit.action.\($0.rawValue)")) }),
                form.field("key", .text),
                form.field("since", .text, hint: "hint.date"),
                form.field("until", .text, hint: "hint.date"),
            ],
            values: values, rows: rows, total: req.text("audit.total", ["count": VietnameseFormat.integer(total, in: req.language)]),
            nextURL: nextURL))
    }
}
