import Domain
import Fluent
import Vapor

/// `POST /api/v1/auth/token`: a bearer token for a username and password, under the same
/// throttle as the login page.
struct TokenController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post("auth", "token", use: issue)
    }

    struct Credentials: Content {
        let username: String?
        let password: String?
    }

    struct Issued: Content {
        let token: String
        let expiresAt: Date
    }

    func issue(req: Request) async throws -> Response {
        guard let credentials = try? req.content.decode(Credentials.self, as: .json) else {
            return try APIError.response(status: .badRequest, message: req.text("api.token.badBody"), fields: [])
        }
        let username = (credentials.username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let now = Date()
        if let until = try await LoginGuard.waitUntil(username: username, now: now, on: req.db) {
            let response = try APIError.response(status: .tooManyRequests, message: req.text("login.wait", ["seconds": String(Int(until.timeIntervalSince(now).rounded(.up)))]), fields: [])
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(until.timeIntervalSince(now).rounded(.up))))
            return response
        }
        switch try await LoginController.verify(username: username, password: credentials.password ?? "", on: req) {
        case let .success(user):
            try await LoginGuard.recordSuccess(username: username, on: req.db)
            let (token, row) = try APIToken.issue(for: user, now: now)
            try await req.db.transaction { db in
                try await row.create(on: db)
                try await AuditLog.record(.tokenCreate, entity: "token", key: row.id?.uuidString, by: AuditActor(user: user), on: db)
            }
            let response = Response(status: .created)
            try response.content.encode(Issued(token: token, expiresAt: row.expiresAt), as: .json)
            return response
        case let .failure(user):
            let locked = try await LoginGuard.recordFailure(username: username, now: now, on: req.db)
            try await AuditLog.record(locked ? .loginLocked : .loginFailure, entity: "token", key: username,
                                      by: AuditActor(userID: user?.id, name: username), on: req.db)
            return try APIError.response(status: .unauthorized, message: req.text("login.failed"), fields: [])
        }
    }
}

/// A request with `Authorization: Bearer` is authenticated by its token alone: it neither reads
/// nor makes a session, so a cookie sent along gives no authority and CSRF checks can rely on
/// the header. Other requests go through the cookie session.
struct SessionOrTokenMiddleware: AsyncMiddleware {
    let sessions: any Middleware
    let sessionAuthenticator: any Middleware

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization {
            if let user = try await APIToken.owner(of: bearer.token, on: request.db) {
                request.auth.login(user)
            }
            return try await next.respond(to: request)
        }
        let chained = [sessions, sessionAuthenticator].makeResponder(chainingTo: AsyncBasicResponder { request in
            try await next.respond(to: request)
        })
        return try await chained.respond(to: request).get()
    }
}
