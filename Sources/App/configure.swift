import Fluent
import SQLKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import Vapor

/// Sets up databases, sessions, views, middleware, migrations and routes.
public func configure(_ app: Application, settings: Settings) async throws {
    app.directory.viewsDirectory = settings.resourcesDirectory + "Views/"
    app.directory.publicDirectory = settings.resourcesDirectory + "Public/"

    switch settings.database {
    case let .sqlite(path):
        useOwnBlockingThreads(app)
        app.databases.use(.sqlite(.file(path), connectionPoolTimeout: sqliteConnectionWait), as: .sqlite)
        try await prepareSQLite(app)
    case .sqliteInMemory:
        useOwnBlockingThreads(app)
        app.databases.use(.sqlite(.memory, connectionPoolTimeout: sqliteConnectionWait), as: .sqlite)
        try await prepareSQLite(app)
    case let .postgres(url):
        // Several connections per event loop: an import holds one for its transaction while its
        // progress is written through another.
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url), maxConnectionsPerEventLoop: 3), as: .psql)
    }

    app.sessions.use(.fluent)
    let secure = settings.secureCookies
    app.sessions.configuration = SessionsConfiguration(cookieName: "donghanh-session") { id in
        HTTPCookies.Value(
            string: id.string, expires: Date().addingTimeInterval(12 * 3600), maxAge: nil, domain: nil,
            path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    app.views.use(.leaf)
    // The views may live under a hidden folder (SwiftPM's `.build`): confine Leaf to the views
    // folder itself instead of refusing every path with a dot-component.
    app.leaf.sources = .singleSource(NIOLeafFiles(
        fileio: app.fileio, limits: [.toSandbox, .requireExtensions],
        sandboxDirectory: app.directory.viewsDirectory, viewDirectory: app.directory.viewsDirectory))
    app.leaf.tags["t"] = TranslateTag()
    // Made here, before requests run in parallel, so that every request shares the one board.
    _ = app.importBoard

    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(PageErrorMiddleware(environment: app.environment))
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(SecureCookieMiddleware(cookieName: "donghanh-session"))
    app.middleware.use(SessionOrTokenMiddleware(sessions: app.sessions.middleware, sessionAuthenticator: User.sessionAuthenticator()))
    app.middleware.use(IdleTimeoutMiddleware(limit: settings.idleTimeout))
    app.middleware.use(CSRFMiddleware())

    app.migrations.add(SessionRecord.migration)
    app.migrations.add(CreateAdministrativeUnits())
    app.migrations.add(CreateOrganisationUnits())
    app.migrations.add(CreateUsers())
    app.migrations.add(CreateHouseholds())
    app.migrations.add(CreateClassificationResults())
    app.migrations.add(AddComputedDeprivations())
    app.migrations.add(CreateReclassificationRuns())
    app.migrations.add(CreateAuditEntries())
    app.migrations.add(CreateAPITokens())
    app.migrations.add(CreateLoginAttempts())
    app.migrations.add(CreateImportJobs())
    app.migrations.add(StoreImportFilesInParts())
    app.migrations.add(CreateColumnMappings())
    app.migrations.add(IndexMemberIDNumbers())

    try routes(app)
}

/// Settings of each SQLite connection (the driver keeps one per event loop, opened here and kept):
/// - a write that finds another under way waits for it instead of failing at once ("database is
///   locked"). (The write-ahead log was tried and made transactions that begin by reading fail
///   whenever another connection had written meanwhile.)
/// - temporary data (a multi-row insert's statement journal) in memory, not in a file per statement.
private func prepareSQLite(_ app: Application) async throws {
    for loop in app.eventLoopGroup.makeIterator() {
        guard let sql = app.databases.database(.sqlite, logger: app.logger, on: loop) as? any SQLDatabase else { continue }
        try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(Int(sqliteConnectionWait.nanoseconds / 1_000_000)))").run()
        try await sql.raw("PRAGMA temp_store = MEMORY").run()
    }
}

/// SQLite's calls block a thread of the app's pool, and a write that finds another under way blocks
/// it for as long as that one lasts. The shared pool has a thread per core, so writers waiting (in
/// this app, or in another app of the same process, as in tests) could take every thread and leave
/// none to the transaction they wait for: all of them then wait out the whole busy timeout. So
/// each app gets its own pool with more threads than its calls can block at once: one per
/// connection, plus the concurrent queries of an import's transaction, plus password hashing.
/// Must run before the databases are configured: they take the pool in use then.
private func useOwnBlockingThreads(_ app: Application) {
    let connections = Array(app.eventLoopGroup.makeIterator()).count
    app.threadPool = NIOThreadPool(numberOfThreads: 2 * connections + 4)
}

/// As long as a province's import may take: SQLite has one connection per event loop, which an
/// import's transaction holds until it commits, and one writer at a time; pages wait meanwhile.
private let sqliteConnectionWait = TimeAmount.seconds(120)

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: LoginController())
    let pages = app.grouped(LoginRequiredMiddleware())
    try pages.register(collection: HouseholdPagesController())
    try pages.register(collection: ReclassificationController())
    try pages.register(collection: AnalyticsController())
    try pages.register(collection: AccountController())
    try pages.register(collection: UsersController())
    try pages.register(collection: AuditController())
    try pages.register(collection: ImportController())
    try pages.register(collection: ExportController())
    let api = app.grouped("api", "v1")
    try api.register(collection: TokenController())
    try api.grouped(APIAuthenticationMiddleware()).register(collection: HouseholdAPIController())
}
