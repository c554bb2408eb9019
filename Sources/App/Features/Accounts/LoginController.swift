import Fluent
import Vapor

struct LoginController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: showLogin)
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        routes.get { req -> Response in
            req.redirect(to: req.auth.has(User.self) ? "/households" : "/login")
        }
        try routes.register(collection: LanguageController())
    }

    struct LoginPage: Encodable {
        let layout: Layout
        let username: String
        let error: String?
        let next: String
    }

    struct LoginForm: Content {
        let username: String?
        let password: String?
        let next: String?
    }

    func showLogin(req: Request) async throws -> View {
        let next = safeNext(try? req.query.get(String.self, at: "next"))
        return try await req.view.render("login", LoginPage(layout: Layout(request: req, title: req.text("login.title")), username: "", error: nil, next: next))
    }

    func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let password = form.password ?? ""
        if let user = try await User.query(on: req.db).filter(\.$username == username).first(),
           user.isActive,
           try await req.password.async.verify(password, created: user.passwordHash) {
            req.auth.login(user)
            return req.redirect(to: safeNext(form.next))
        }
        let page = LoginPage(
            layout: Layout(request: req, title: req.text("login.title")), username: username,
            error: req.text("login.failed"), next: safeNext(form.next))
        let response = try await req.view.render("login", page).encodeResponse(for: req)
        response.status = .unauthorized
        return response
    }

    func logout(req: Request) async throws -> Response {
        req.auth.logout(User.self)
        req.session.destroy()
        return req.redirect(to: "/login")
    }

    /// Only a local path: an open redirect would let a phishing link borrow our login page.
    private func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/households" }
        return next
    }
}
