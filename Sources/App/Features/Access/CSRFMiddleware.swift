import Vapor

/// Refuses a state-changing request that rides on the session cookie unless it carries the
/// session's own token (a hidden `_csrf` field in every form, or the `X-CSRF-Token` header for
/// scripts): another site can make a browser send the cookie, but cannot read the token.
/// Calls with a bearer token carry no cookie authority, and the token endpoint takes a password.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"
    static let headerName = "X-CSRF-Token"
    static let exemptPaths: Set<String> = ["/api/v1/auth/token"]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // An API call that no session authenticates carries no cookie authority: it gets 401.
        let unauthenticatedAPI = request.url.path.hasPrefix("/api/") && !request.auth.has(User.self)
        guard ![.GET, .HEAD, .OPTIONS].contains(request.method),
              request.headers.bearerAuthorization == nil,
              !unauthenticatedAPI,
              !Self.exemptPaths.contains(request.url.path) else {
            return try await next.respond(to: request)
        }
        guard let expected = request.session.data[CSRFToken.sessionKey], !expected.isEmpty,
              let presented = try await presentedToken(request),
              CSRFToken.matches(presented, expected) else {
            throw Abort(.forbidden, reason: request.text("error.csrf"))
        }
        return try await next.respond(to: request)
    }

    private func presentedToken(_ request: Request) async throws -> String? {
        if let header = request.headers.first(name: Self.headerName) { return header }
        // An upload may be far larger than what is read here: its form carries the token in its address.
        if request.headers.contentType?.type == "multipart" { return try? request.query.get(String.self, at: Self.fieldName) }
        guard request.headers.contentType == .urlEncodedForm else { return nil }
        _ = try await request.body.collect(max: request.application.routes.defaultMaxBodySize.value).get()
        return try? request.content.get(String.self, at: Self.fieldName)
    }
}

enum CSRFToken {
    static let sessionKey = "csrf"

    /// Comparison in constant time, so that timing does not give the token away byte by byte.
    static func matches(_ presented: String, _ expected: String) -> Bool {
        let a = Array(presented.utf8), b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Request {
    /// The session's CSRF token, made on first use (the login page makes one before login).
    var csrfToken: String {
        if let token = session.data[CSRFToken.sessionKey] { return token }
        let token = [UInt8].random(count: 32).base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        session.data[CSRFToken.sessionKey] = token
        return token
    }
}

/// Marks the session cookie Secure on a request that came over TLS, directly or through a proxy
/// that says so (`X-Forwarded-Proto: https`), so that the browser never sends it in clear;
/// `DONGHANH_SECURE_COOKIES=1` sets it on every response.
struct SecureCookieMiddleware: AsyncMiddleware {
    let cookieName: String

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let overTLS = request.url.scheme == "https" || request.headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
        if overTLS, var cookie = response.cookies[cookieName] {
            cookie.isSecure = true
            response.cookies[cookieName] = cookie
        }
        return response
    }
}
