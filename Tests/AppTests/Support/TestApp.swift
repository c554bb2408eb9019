import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import App

/// Runs `body` against a fresh, migrated application: in-memory SQLite by default, or with
/// `TEST_DATABASE_URL` set, a PostgreSQL database of its own cloned from a migrated template
/// (tests run in parallel and must never share rows or migrations).
func withTestApp(demo: Bool = false, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    var database: Settings.Database = .sqliteInMemory
    var createdDatabase: String?
    if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] {
        let name = try await PostgresTestDatabases.shared.create(from: url, demo: demo)
        createdDatabase = name
        database = .postgres(url: PostgresTestDatabases.url(url, database: name))
    }
    do {
        try await configure(app, settings: Settings(database: database, resourcesDirectory: TestPaths.resources))
        app.passwords.use(.plaintext)
        if createdDatabase == nil {
            try await app.autoMigrate()
            if demo { try await loadDemo(app) }
        }
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        if let createdDatabase { try? await PostgresTestDatabases.shared.drop(createdDatabase) }
        throw error
    }
    try await app.asyncShutdown()
    if let createdDatabase { try await PostgresTestDatabases.shared.drop(createdDatabase) }
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
    private var templates: [Bool: String] = [:]
    private let runID = String(UUID().uuidString.prefix(8)).lowercased()

    static func url(_ base: String, database: String) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        return components.string!
    }

    func create(from baseURL: String, demo: Bool) async throws -> String {
        let template = try await template(baseURL, demo: demo)
        let name = "dh_test_\(runID)_\(UUID().uuidString.prefix(8).lowercased())"
        try await admin(baseURL) { sql in
            try await sql.raw("CREATE DATABASE \(ident: name) TEMPLATE \(ident: template)").run()
        }
        return name
    }

    func drop(_ name: String) async throws {
        guard let baseURL = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] else { return }
        try await admin(baseURL) { sql in
            try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
        }
    }

    private func template(_ baseURL: String, demo: Bool) async throws -> String {
        if let name = templates[demo] { return name }
        let name = "dh_template_\(runID)_\(demo ? "demo" : "empty")"
        try await admin(baseURL) { sql in
            try await sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
            try await sql.raw("CREATE DATABASE \(ident: name)").run()
        }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: Settings(database: .postgres(url: Self.url(baseURL, database: name)), resourcesDirectory: TestPaths.resources))
            app.passwords.use(.plaintext)
            try await app.autoMigrate()
            if demo { try await loadDemo(app) }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        templates[demo] = name
        return name
    }

    /// Runs statements on the server's maintenance database, where databases are created.
    private func admin(_ baseURL: String, _ body: (any SQLDatabase) async throws -> Void) async throws {
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

/// A logged-in browser: keeps the session cookie between requests.
struct Browser {
    let app: Application
    var cookie: String?

    init(app: Application) { self.app = app }

    mutating func login(_ username: String, _ password: String) async throws {
        var cookie: String?
        try await app.testing().test(.POST, "login", beforeRequest: { req in
            try req.content.encode(["username": username, "password": password], as: .urlEncodedForm)
        }, afterResponse: { res async in
            #expect(res.status == .seeOther, "login of \(username) should succeed")
            cookie = res.headers.setCookie?["donghanh-session"].map { "donghanh-session=\($0.string)" }
        })
        self.cookie = cookie
    }

    func get(_ path: String, headers: HTTPHeaders = [:], _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        var headers = headers
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        try await app.testing().test(.GET, path, headers: headers, afterResponse: check)
    }

    func post(_ path: String, form: [String: String], _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        var headers = HTTPHeaders()
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        try await app.testing().test(.POST, path, headers: headers, beforeRequest: { req in
            try req.content.encode(form, as: .urlEncodedForm)
        }, afterResponse: check)
    }

    func send(_ method: HTTPMethod, _ path: String, json: String, headers: HTTPHeaders = [:], _ check: (TestingHTTPResponse) async throws -> Void) async throws {
        var headers = headers
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        headers.contentType = .json
        try await app.testing().test(method, path, headers: headers, body: ByteBuffer(string: json), afterResponse: check)
    }
}
