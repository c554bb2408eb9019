import Domain
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
        /// On a new database with no account yet: how to create the first administrator.
        let setupHint: String?
    }

    struct LoginForm: Content {
        let username: String?
        let password: String?
        let next: String?
    }

    func showLogin(req: Request) async throws -> View {
        let next = safeNext(try? req.query.get(String.self, at: "next"))
        return try await renderLogin(req, username: "", error: nil, next: next)
    }

    func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let username = (form.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let next = safeNext(form.next)
        let now = Date()
        if let until = try await LoginGuard.waitUntil(username: username, now: now, on: req.db) {
            let error = req.text("login.wait", ["seconds": String(Int(until.timeIntervalSince(now).rounded(.up)))])
            return try await renderLogin(req, username: username, error: error, next: next).encodeResponse(status: .tooManyRequests, for: req)
        }
        switch try await Self.verify(username: username, password: form.password ?? "", on: req) {
        case let .success(user):
            try await LoginGuard.recordSuccess(username: username, on: req.db)
            try await AuditLog.record(.loginSuccess, entity: "session", key: username, by: AuditActor(user: user), on: req.db)
            try await startSession(req, for: user)
            return req.redirect(to: next)
        case let .failure(user):
            let locked = try await LoginGuard.recordFailure(username: username, now: now, on: req.db)
            let actor = AuditActor(userID: user?.id, name: username)
            try await AuditLog.record(locked ? .loginLocked : .loginFailure, entity: "session", key: username, by: actor, on: req.db)
            return try await renderLogin(req, username: username, error: req.text("login.failed"), next: next).encodeResponse(status: .unauthorized, for: req)
        }
    }

    enum Verification {
        case success(User)
        /// The account named, when there is one, for the audit log.
        case failure(User?)
    }

    /// Checks a username and password; an unknown user costs a hash like a known one, so that
    /// timing does not tell which usernames exist.
    static func verify(username: String, password: String, on req: Request) async throws -> Verification {
        let user = try await User.query(on: req.db).filter(\.$username == username).first()
        let matches = try await req.password.async.verify(password, created: user?.passwordHash ?? LoginController.decoyHash(req))
        guard let user, matches, user.isActive else { return .failure(user) }
        return .success(user)
    }

    private static func decoyHash(_ req: Request) throws -> String {
        try req.password.hash("decoy-password-for-timing")
    }

    func logout(req: Request) async throws -> Response {
        if let user = req.auth.get(User.self) {
            try await AuditLog.record(.logout, entity: "session", key: user.username, by: AuditActor(user: user), on: req.db)
        }
        req.auth.logout(User.self)
        req.session.destroy()
        return req.redirect(to: "/login")
    }

    /// A new session id and CSRF token at login: one planted before login (session fixation) is
    /// worth nothing after it.
    private func startSession(_ req: Request, for user: User) async throws {
        if let old = req.session.id {
            try await req.application.sessions.driver.deleteSession(old, for: req).get()
            req.session.id = nil
        }
        req.session.data[CSRFToken.sessionKey] = nil
        req.auth.login(user)
        IdleTimeoutMiddleware.touch(req)
    }

    private func renderLogin(_ req: Request, username: String, error: String?, next: String) async throws -> View {
        let noAccounts = try await User.query(on: req.db).count() == 0
        let page = LoginPage(layout: Layout(request: req, title: req.text("login.title")), username: username, error: error, next: next,
                             setupHint: noAccounts ? req.text("login.setupHint") : nil)
        return try await req.view.render("login", page)
    }

    /// Only a local path: an open redirect would let a phishing link borrow our login page.
    private func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/households" }
        return next
    }
}

/// Ends a session left unused for `limit`: a shared office computer does not stay logged in.
struct IdleTimeoutMiddleware: AsyncMiddleware {
    static let sessionKey = "seen"
    /// The stamp is renewed at most this often: a page polling for progress does not write its
    /// session every second.
    static let resolution: TimeInterval = 30
    let limit: TimeInterval

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.auth.has(User.self), request.headers.bearerAuthorization == nil {
            let seen = request.session.data[Self.sessionKey].flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
            if let seen, Date().timeIntervalSince(seen) > limit {
                request.auth.logout(User.self)
                request.session.destroy()
            } else if seen.map({ Date().timeIntervalSince($0) >= Self.resolution }) ?? true {
                Self.touch(request)
            }
        }
        return try await next.respond(to: request)
    }

    static func touch(_ request: Request) {
        request.session.data[sessionKey] = String(Date().timeIntervalSince1970)
    }
}
