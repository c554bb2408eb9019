import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import App

/// Runs `body` against a fresh, migrated application with a database of its own (tests run in
/// parallel and must never share rows or migrations): a copy of a migrated SQLite template file
/// by default, or with `TEST_DATABASE_URL` set, a PostgreSQL database cloned from a template.
/// Templates are migrated, and loaded with the demo when asked, once per test run.
func withTestApp(demo: Bool = false, _ body: (Application) async throws -> Void) async throws {
    guard let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else {
        let path = try await SQLiteTestDatabases.shared.create(demo: demo)
        return try await run(.sqlite(path: path), cleanUp: { try FileManager.default.removeItem(atPath: path) }, body)
    }
    // Each app holds a few connections: too many apps at once exhaust the server's.
    await PostgresTestDatabases.limiter.acquire()
    do {
        let name = try await PostgresTestDatabases.shared.create(from: url, demo: demo)
        try await run(.postgres(url: PostgresTestDatabases.url(url, database: name)),
                      cleanUp: { try await PostgresTestDatabases.shared.drop(name) }, body)
    } catch {
        await PostgresTestDatabases.limiter.release()
        throw error
    }
    await PostgresTestDatabases.limiter.release()
}

private func run(_ database: Settings.Database, cleanUp: () async throws -> Void, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    do {
        try await configure(app, settings: Settings(database: database, resourcesDirectory: TestPaths.resources))
        app.passwords.use(.plaintext)
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        try? await cleanUp()
        throw error
    }
    try await app.asyncShutdown()
    try await cleanUp()
}

/// Migrates `app`'s database and loads the demo into it when asked: what a template holds.
private func prepareTemplate(_ database: Settings.Database, demo: Bool) async throws {
    let app = try await Application.make(.testing)
    do {
        try await configure(app, settings: Settings(database: database, resourcesDirectory: TestPaths.resources))
        app.passwords.use(.plaintext)
        try await app.autoMigrate()
        if demo { try await loadDemo(app) }
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    try await app.asyncShutdown()
}

/// SQLite template files in a temporary folder of this run; each test works on a copy.
actor SQLiteTestDatabases {
    static let shared = SQLiteTestDatabases()
    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("donghanh-tests-\(UUID().uuidString.prefix(8))").path
    private var templates: [Bool: Task<String, any Error>] = [:]

    func create(demo: Bool) async throws -> String {
        let template: String
        if let task = templates[demo] {
            template = try await task.value
        } else {
            let folder = self.folder
            let task = Task {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let path = "\(folder)/template-\(demo ? "demo" : "empty").sqlite"
                try await prepareTemplate(.sqlite(path: path), demo: demo)
                return path
            }
            templates[demo] = task
            template = try await task.value
        }
        let copy = "\(folder)/test-\(UUID().uuidString).sqlite"
        try FileManager.default.copyItem(atPath: template, toPath: copy)
        return copy
    }
}

func loadDemo(_ app: Application) async throws {
    _ = try await DemoLoader.load(on: app.db, hashPassword: { try app.password.hash($0) }, reset: false)
}

enum TestPaths {
    /// The package's own resources folder, so that tests render the real templates.
    static let resources: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("Sources/App/Resources").path
    }()

    /// `../shared/data/admin-units` beside the package, when this checkout has it.
    static let sharedAdminUnits: String? = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<5 { url.deleteLastPathComponent() }
        let path = url.appendingPathComponent("shared/data/admin-units").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()
}

/// Creates one PostgreSQL database per test from migrated templates (one empty, one with the
/// demo), built once per test run.
actor PostgresTestDatabases {
    static let shared = PostgresTestDatabases()
    static let limiter = ConcurrencyLimiter(limit: 10)
    /// One task per template, so that tests arriving while it is built wait for it
    /// (an actor is re-entered at every `await`).
    private var templates: [Bool: Task<String, any Error>] = [:]

    static func url(_ base: String, database: String) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        return components.string!
    }

    func create(from baseURL: String, demo: Bool) async throws -> String {
        let template: String
        do {
            template = try await self.template(baseURL, demo: demo)
        } catch {
            Issue.record("PostgreSQL template: \(String(reflecting: error))")
            throw error
        }
        let name = "dh_test_\(UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: ""))"
        try await Self.admin(baseURL) { sql in
            try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: template)").run()
        }
        return name
    }

    func drop(_ name: String) async throws {
        guard let baseURL = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else { return }
        try await Self.admin(baseURL) { sql in
            try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
        }
    }

    private func template(_ baseURL: String, demo: Bool) async throws -> String {
        if let task = templates[demo] { return try await task.value }
        let task = Task { try await Self.buildTemplate(baseURL, demo: demo) }
        templates[demo] = task
        return try await task.value
    }

    /// Fixed names: each run replaces the templates of the run before, so none is left behind.
    private static func buildTemplate(_ baseURL: String, demo: Bool) async throws -> String {
        let name = "dh_template_\(demo ? "demo" : "empty")"
        try await Self.admin(baseURL) { sql in
            try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
            try await sql.raw("CREATE DATABASE \(ident: name)").run()
        }
        try await prepareTemplate(.postgres(url: Self.url(baseURL, database: name)), demo: demo)
        return name
    }

    /// Runs statements on the server's maintenance database, where databases are created.
    private static func admin(_ baseURL: String, _ body: (any SQLDatabase) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        do {
            app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: Self.url(baseURL, database: "postgres"))), as: .psql)
            try await body(app.db as! any SQLDatabase)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

/// At most `limit` holders at a time; the others wait their turn in order.
actor ConcurrencyLimiter {
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { available = limit }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            available += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// A logged-in browser: keeps the session cookie and the CSRF token between requests, and
/// sends the token with every form and JSON write as the pages do.
final class Browser {
    let app: Application
    var cookie: String?
    var csrf: String?

    init(app: Application) { self.app = app }

    /// Opens the login page (which starts a session and gives a token), then logs in.
    func login(_ username: String, _ password: String) async throws {
        let status = try await attemptLogin(username, password)
        #expect(status == .seeOther, "login of \(username) should succeed")
        try await refreshToken()
    }

    /// One login attempt from a fresh session; the response status.
    func attemptLogin(_ username: String, _ password: String) async throws -> HTTPResponseStatus {
        cookie = nil
        try await refreshToken(path: "/login")
        var status = HTTPResponseStatus.ok
        try await post("/login", form: ["username": username, "password": password]) { res in status = res.status }
        return status
    }

    /// Reads the session's CSRF token from a page, as a browser's form would carry it.
    func refreshToken(path: String = "/account") async throws {
        var token: String?
        try await get(path) { res in token = Self.csrfToken(in: res.body.string) }
        csrf = token
    }

    static func csrfToken(in html: String) -> String? {
        guard let range = html.range(of: "name=\"_csrf\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    private func remember(_ res: TestingHTTPResponse) {
        if let value = res.headers.setCookie?["donghanh-session"] { cookie = "donghanh-session=\(value.string)" }
    }

    func get(_ path: String, headers: HTTPHeaders = [:], _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        var headers = headers
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        var response: TestingHTTPResponse?
        try await app.testing().test(.GET, path, headers: headers, afterResponse: { res in
            response = res
            try await check(res)
        })
        if let response { remember(response) }
    }

    /// Posts a form with the session's CSRF token, unless `withToken` is false.
    func post(_ path: String, form: [String: String], withToken: Bool = true, _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        var headers = HTTPHeaders()
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        var form = form
        if withToken, let csrf, form["_csrf"] == nil { form["_csrf"] = csrf }
        var response: TestingHTTPResponse?
        try await app.testing().test(.POST, path, headers: headers, beforeRequest: { req in
            try req.content.encode(form, as: .urlEncodedForm)
        }, afterResponse: { res in
            response = res
            try await check(res)
        })
        if let response { remember(response) }
    }

    /// Posts an already encoded form body (for repeated fields), with the CSRF token added.
    func post(_ path: String, encodedForm body: String, _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        var headers = HTTPHeaders()
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        headers.contentType = .urlEncodedForm
        let token = csrf.map { "&_csrf=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" } ?? ""
        try await app.testing().test(.POST, path, headers: headers, body: ByteBuffer(string: body + token), afterResponse: check)
    }

    /// Sends JSON with the session cookie and the `X-CSRF-Token` header, as a page's script would.
    func send(_ method: HTTPMethod, _ path: String, json: String, headers: HTTPHeaders = [:], withToken: Bool = true, _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        var headers = headers
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        if withToken, let csrf { headers.replaceOrAdd(name: CSRFMiddleware.headerName, value: csrf) }
        headers.contentType = .json
        var response: TestingHTTPResponse?
        try await app.testing().test(method, path, headers: headers, body: ByteBuffer(string: json), afterResponse: { res in
            response = res
            try await check(res)
        })
        if let response { remember(response) }
    }
}
