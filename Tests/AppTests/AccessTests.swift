import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Login and health")
struct AccessTests {
    @Test("healthz answers 200 with the database status, without login")
    func health() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/healthz") { res in
                #expect(res.status == .ok, "\(res.body.string)")
                let body = try res.content.decode([String: String].self)
                #expect(body["database"] == "ok")
                #expect(body["status"] == "ok")
            }
        }
    }

    @Test("a visitor who is not logged in is sent to the login page")
    func redirects() async throws {
        try await withTestApp { app in
            try await app.testing().test(.GET, "/") { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/login")
            }
            try await app.testing().test(.GET, "/households") { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/login?next=/households")
            }
            try await app.testing().test(.GET, "/login") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Đăng nhập"))
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
            }
        }
    }

    @Test("pages render from the resources built into the binary, wherever they live")
    func bundledResources() async throws {
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: Settings(database: .sqliteInMemory))
            try await app.autoMigrate()
            try await app.testing().test(.GET, "/login") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Đăng nhập Đồng Hành"))
            }
            try await app.testing().test(.GET, "/css/app.css") { res in
                #expect(res.status == .ok)
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("a bad DATABASE_URL is refused with a message that names it", arguments: ["mysql://x", "sqlite:", "", "postgres"])
    func badDatabaseURL(url: String) {
        #expect(throws: SettingsError.self) { try Settings.parseDatabaseURL(url) }
        #expect(String(describing: SettingsError.badDatabaseURL(url)).contains("DATABASE_URL"))
    }

    @Test("the message about a bad DATABASE_URL never shows its password")
    func redactedPassword() {
        let message = String(describing: SettingsError.badDatabaseURL("mysql://admin:s3cret@db:3306/x"))
        #expect(!message.contains("s3cret"))
        #expect(message.contains("mysql://admin:***@db:3306/x"))
    }

    @Test("DATABASE_URL forms", arguments: [
        ("sqlite:donghanh.sqlite", Settings.Database.sqlite(path: "donghanh.sqlite")),
        ("sqlite:///var/lib/dh.sqlite", .sqlite(path: "/var/lib/dh.sqlite")),
        ("sqlite::memory:", .sqliteInMemory),
        ("postgres://u:p@127.0.0.1:5432/db", .postgres(url: "postgres://u:p@127.0.0.1:5432/db")),
    ])
    func databaseURLs(text: String, expected: Settings.Database) throws {
        #expect(try Settings.parseDatabaseURL(text) == expected)
    }

    @Test("the API answers 401 JSON, never a redirect, to a caller who is not logged in")
    func apiUnauthorised() async throws {
        try await withTestApp { app in
            for path in ["/api/v1/households", "/api/v1/households/BL-31840-0001"] {
                try await app.testing().test(.GET, path) { res in
                    #expect(res.status == .unauthorized)
                    #expect(res.headers.contentType == .json)
                    #expect(res.body.string.contains("\"error\""))
                }
            }
            try await app.testing().test(.POST, "/api/v1/households", headers: ["Content-Type": "application/json"], body: ByteBuffer(string: "{}")) { res in
                #expect(res.status == .unauthorized)
            }
        }
    }

    @Test("a wrong password is refused with a message; the right one opens the registry")
    func login() async throws {
        try await withTestApp(demo: true) { app in
            let stranger = Browser(app: app)
            try await stranger.refreshToken(path: "/login")
            try await stranger.post("/login", form: ["username": "admin", "password": "wrong"]) { res in
                #expect(res.status == .unauthorized)
                #expect(res.body.string.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
                #expect(res.headers.first(name: .location) == nil)
            }
            let browser = Browser(app: app)
            try await browser.login("admin", DemoAccounts.password("admin"))
            try await browser.get("/households") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Danh sách hộ gia đình"))
            }
            try await browser.post("/logout", form: [:]) { res in
                #expect(res.status == .seeOther)
            }
        }
    }

    @Test("the session cookie is HttpOnly and SameSite, and a new one is issued at login")
    func cookieFlags() async throws {
        try await withTestApp(demo: true) { app in
            let browser = Browser(app: app)
            try await browser.refreshToken(path: "/login")
            let before = browser.cookie
            try await browser.post("/login", form: ["username": "admin", "password": DemoAccounts.password("admin")]) { res in
                let header = res.headers.first(name: .setCookie) ?? ""
                #expect(header.contains("HttpOnly"))
                #expect(header.contains("SameSite=Lax"))
            }
            #expect(before != nil)
            #expect(browser.cookie != before, "the session id changes at login")
            #expect(!(try await Self.sessionCookie(app, headers: [:])).contains("Secure"))
            #expect(try await Self.sessionCookie(app, headers: ["X-Forwarded-Proto": "https"]).contains("Secure"), "behind a TLS proxy the cookie is Secure")
        }
    }

    /// The session cookie set on the login page, as its Set-Cookie header.
    static func sessionCookie(_ app: Application, headers: HTTPHeaders) async throws -> String {
        var header = ""
        try await app.testing().test(.GET, "/login", headers: headers) { res in header = res.headers.first(name: .setCookie) ?? "" }
        return header
    }
}
