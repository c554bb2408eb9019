import Domain
import Fluent
import Vapor

/// `/account`: the logged-in user's own page: who they are, what they may see, and their API
/// tokens, which they can revoke.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped("account")
        account.get(use: show)
        account.post("tokens", ":token", "revoke", use: revoke)
    }

    struct Page: Encodable {
        struct Token: Encodable {
            let id: String
            let created: String
            let expires: String
            let state: String
            let active: Bool
        }

        let layout: Layout
        let username: String
        let role: String
        let scope: String
        let permissions: [String]
        let tokens: [Token]
    }

    func show(req: Request) async throws -> View {
        let user = try req.currentUser
        let now = Date()
        let tokens = try await APIToken.query(on: req.db).filter(\.$user.$id == user.requireID()).sort(\.$createdAt, .descending).all()
        let format = req.formatter
        let unit = try await user.$organisationUnit.get(on: req.db)
        let areas = try await UserArea.query(on: req.db).filter(\.$user.$id == user.requireID()).with(\.$administrativeUnit).all()
        let role = user.roleCode ?? .auditor
        let scope = role.seesWholeOrganisation ? req.text("scope.whole")
            : req.text("account.scope", ["unit": unit?.name ?? "—", "areas": areas.map { $0.administrativeUnit.fullName(req.language) }.joined(separator: ", ")])
        let page = Page(
            layout: Layout(request: req, title: req.text("account.title")),
            username: user.username, role: req.text("role.\(user.role)"), scope: scope,
            permissions: Permission.allCases.filter(role.may).map { req.text("permission.\($0.rawValue)") },
            tokens: tokens.map { token in
                let active = token.revokedAt == nil && token.expiresAt > now
                let state = token.revokedAt != nil ? "account.token.revoked" : (active ? "account.token.active" : "account.token.expired")
                return Page.Token(id: token.id?.uuidString ?? "", created: format.timestamp(token.createdAt), expires: format.timestamp(token.expiresAt),
                                  state: req.text(state), active: active)
            })
        return try await req.view.render("account", page)
    }

    func revoke(req: Request) async throws -> Response {
        let user = try req.currentUser
        guard let id = req.parameters.get("token").flatMap(UUID.init(uuidString:)),
              let token = try await APIToken.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == user.requireID()).first() else {
            throw Abort(.notFound)
        }
        if token.revokedAt == nil {
            try await req.db.transaction { db in
                token.revokedAt = Date()
                try await token.save(on: db)
                try await AuditLog.record(.tokenRevoke, entity: "token", key: id.uuidString, by: AuditActor(user: user), on: db)
            }
        }
        return req.redirect(to: "/account")
    }
}
