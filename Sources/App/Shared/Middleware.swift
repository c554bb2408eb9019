import Domain
import Vapor

/// Headers on every response, errors included: no inline script or style is needed, so none is allowed.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        return response
    }
}

/// Pages answer a login page to a visitor who is not logged in.
struct LoginRequiredMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.auth.get(User.self), user.isActive else {
            let target = request.url.path == "/" ? "/login" : "/login?next=\(request.url.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? "/")"
            return request.redirect(to: target)
        }
        return try await next.respond(to: request)
    }
}

/// The JSON API never redirects: a caller who is not logged in gets 401 JSON.
struct APIAuthenticationMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = request.auth.get(User.self), user.isActive else {
            return try APIError.response(status: .unauthorized, message: request.text("error.unauthorized"), fields: [])
        }
        return try await next.respond(to: request)
    }
}

/// Renders errors as an HTML page for browsers and as JSON under `/api`; never leaks internals.
struct PageErrorMiddleware: AsyncMiddleware {
    let environment: Environment

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let status = (error as? any AbortError)?.status ?? .internalServerError
            if status == .internalServerError {
                request.logger.report(error: error)
            }
            let message: String
            switch status {
            case .notFound: message = request.text("error.notFound")
            case .forbidden: message = Self.explicitReason(error) ?? request.text("error.forbidden")
            case .conflict: message = (error as? any AbortError)?.reason ?? request.text("error.conflict")
            case .badRequest, .unprocessableEntity, .payloadTooLarge: message = (error as? any AbortError)?.reason ?? request.text("error.badRequest")
            default: message = request.text("error.internal")
            }
            if request.url.path.hasPrefix("/api/") {
                return try APIError.response(status: status, message: message, fields: [])
            }
            let page = ErrorPage(layout: Layout(request: request, title: request.text("error.title")), status: Int(status.code), message: message)
            do {
                let response = try await request.view.render("error", page).encodeResponse(for: request)
                response.status = status
                return response
            } catch {
                // The error page itself failed (a broken template): still answer, in plain text.
                request.logger.report(error: error)
                var headers = HTTPHeaders()
                headers.contentType = .plainText
                return Response(status: status, headers: headers, body: .init(string: message))
            }
        }
    }
}

extension PageErrorMiddleware {
    /// The reason given when the error was thrown, if any (not the status's stock phrase).
    static func explicitReason(_ error: any Error) -> String? {
        guard let abort = error as? any AbortError, abort.reason != abort.status.reasonPhrase else { return nil }
        return abort.reason
    }
}

struct ErrorPage: Encodable {
    let layout: Layout
    let status: Int
    let message: String
}

/// The JSON body of every API error: a message, and the fields at fault when there are any.
struct APIError: Content {
    struct Field: Content {
        let field: String
        let householdCode: String?
        let message: String
    }

    let error: String
    let fields: [Field]

    static func response(status: HTTPResponseStatus, message: String, fields: [Field]) throws -> Response {
        let response = Response(status: status)
        try response.content.encode(APIError(error: message, fields: fields), as: .json)
        return response
    }

    static func fields(_ issues: [FieldIssue], language: Language) -> [Field] {
        issues.map { Field(field: $0.field, householdCode: $0.householdCode, message: Translations.render($0.message, in: language)) }
    }
}
