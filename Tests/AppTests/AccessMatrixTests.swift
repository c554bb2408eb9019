import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// Every route × every role × a household in and out of the role's scope: allowed, denied
/// (403) or not found (404). A route missing from `rules` fails `everyRouteHasARule`.
@Suite("Access matrix")
struct AccessMatrixTests {
    enum Access {
        case anyone
        case loggedIn
        case needs(Permission)
    }

    struct Rule {
        let access: Access
        /// The path names a household (`:code`): outside the scope it does not exist.
        var household = false
    }

    static let rules: [String: Rule] = [
        "GET /": Rule(access: .anyone),
        "GET /healthz": Rule(access: .anyone),
        "GET /login": Rule(access: .anyone),
        "POST /login": Rule(access: .anyone),
        "POST /logout": Rule(access: .anyone),
        "GET /language/:code": Rule(access: .anyone),
        "POST /api/v1/auth/token": Rule(access: .anyone),

        "GET /account": Rule(access: .loggedIn),
        "POST /account/tokens/:token/revoke": Rule(access: .loggedIn),

        "GET /households": Rule(access: .needs(.viewHouseholds)),
        "GET /households/disagreements": Rule(access: .needs(.viewHouseholds)),
        "GET /households/:code": Rule(access: .needs(.viewHouseholds), household: true),
        "POST /households/:code/members/:member/reveal": Rule(access: .needs(.revealIDNumber), household: true),
        "GET /households/new": Rule(access: .needs(.editHouseholds)),
        "POST /households/new": Rule(access: .needs(.editHouseholds)),
        "GET /households/:code/edit": Rule(access: .needs(.editHouseholds), household: true),
        "POST /households/:code/edit": Rule(access: .needs(.editHouseholds), household: true),
        "POST /households/:code/archive": Rule(access: .needs(.editHouseholds), household: true),
        "GET /households/:code/members/new": Rule(access: .needs(.editHouseholds), household: true),
        "POST /households/:code/members/new": Rule(access: .needs(.editHouseholds), household: true),
        "GET /households/:code/members/:member/edit": Rule(access: .needs(.editHouseholds), household: true),
        "POST /households/:code/members/:member/edit": Rule(access: .needs(.editHouseholds), household: true),
        "POST /households/:code/members/:member/event": Rule(access: .needs(.editHouseholds), household: true),
        "GET /households/:code/surveys/new": Rule(access: .needs(.editHouseholds), household: true),
        "POST /households/:code/surveys/new": Rule(access: .needs(.editHouseholds), household: true),
        "GET /households/:code/surveys/:survey/edit": Rule(access: .needs(.editHouseholds), household: true),
        "POST /households/:code/surveys/:survey/edit": Rule(access: .needs(.editHouseholds), household: true),
        "GET /households/:code/recognitions/new": Rule(access: .needs(.recordRecognition), household: true),
        "POST /households/:code/recognitions/new": Rule(access: .needs(.recordRecognition), household: true),
        "GET /households/:code/sponsorships/new": Rule(access: .needs(.assignSponsor), household: true),
        "POST /households/:code/sponsorships/new": Rule(access: .needs(.assignSponsor), household: true),

        "GET /reclassification": Rule(access: .needs(.previewReclassification)),
        "POST /reclassification/confirm": Rule(access: .needs(.confirmReclassification)),
        "GET /analytics": Rule(access: .needs(.viewReports)),
        "GET /analytics.csv": Rule(access: .needs(.viewReports)),
        "GET /audit": Rule(access: .needs(.viewAuditLog)),

        "GET /imports": Rule(access: .needs(.editHouseholds)),
        "POST /imports": Rule(access: .needs(.editHouseholds)),
        "GET /imports/template.xlsx": Rule(access: .needs(.editHouseholds)),
        "GET /imports/:job": Rule(access: .needs(.editHouseholds)),
        "GET /imports/:job/status": Rule(access: .needs(.editHouseholds)),
        "POST /imports/:job/confirm": Rule(access: .needs(.editHouseholds)),
        "POST /imports/:job/valid-only": Rule(access: .needs(.editHouseholds)),
        "POST /imports/:job/restart": Rule(access: .needs(.editHouseholds)),
        "POST /imports/:job/mapping": Rule(access: .needs(.editHouseholds)),
        "GET /imports/:job/issues.csv": Rule(access: .needs(.editHouseholds)),
        "GET /imports/:job/issues.xlsx": Rule(access: .needs(.editHouseholds)),

        "GET /exports/households.xlsx": Rule(access: .needs(.viewHouseholds)),
        "GET /exports/households.csv": Rule(access: .needs(.viewHouseholds)),
        "GET /exports/members.csv": Rule(access: .needs(.viewHouseholds)),
        "GET /exports/results.csv": Rule(access: .needs(.viewHouseholds)),

        "GET /users": Rule(access: .needs(.manageUsers)),
        "GET /users/new": Rule(access: .needs(.manageUsers)),
        "POST /users/new": Rule(access: .needs(.manageUsers)),
        "GET /users/:user/edit": Rule(access: .needs(.manageUsers)),
        "POST /users/:user/edit": Rule(access: .needs(.manageUsers)),
        "GET /users/:user/password": Rule(access: .needs(.manageUsers)),
        "POST /users/:user/password": Rule(access: .needs(.manageUsers)),

        "GET /api/v1/households": Rule(access: .needs(.viewHouseholds)),
        "GET /api/v1/households/:code": Rule(access: .needs(.viewHouseholds), household: true),
        "POST /api/v1/households": Rule(access: .needs(.editHouseholds)),
        "PUT /api/v1/households/:code": Rule(access: .needs(.editHouseholds), household: true),
    ]

    static func key(_ route: Route) -> String {
        "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
    }

    @Test("every route of the app has a rule in the matrix, and every rule a route")
    func everyRouteHasARule() async throws {
        try await withTestApp { app in
            let routes = Set(app.routes.all.map(Self.key))
            #expect(routes.subtracting(Self.rules.keys).sorted() == [], "routes without a rule: add them to AccessMatrixTests.rules")
            #expect(Set(Self.rules.keys).subtracting(routes).sorted() == [], "rules without a route")
        }
    }

    @Test("a visitor who is not logged in gets the login page, or 401 JSON from the API, on every protected route")
    func anonymous() async throws {
        try await withTestApp(demo: true) { app in
            let visitor = Browser(app: app)
            let target = try await Self.targets(for: nil, on: app.db).own
            for route in app.routes.all {
                let key = Self.key(route)
                guard let rule = Self.rules[key], !(rule.access.isAnyone) else { continue }
                let status = try await Self.request(route, household: target, user: nil, browser: visitor, app: app)
                if key.contains(" /api/") {
                    #expect(status == .unauthorized, "\(key)")
                } else {
                    // A form post without a session has no CSRF token: refused before anything else.
                    #expect(status == (route.method == .GET ? .seeOther : .forbidden), "\(key)")
                }
            }
        }
    }

    @Test("each role: allowed, 403 without the permission, 404 for a household outside its scope",
          arguments: ["admin", "bcd.thanhtung", "hongdan.chihuy", "hongdan.canbo", "tpbl.canbo", "hiepthanh.ubnd", "kiemtra"])
    func matrix(username: String) async throws {
        try await withTestApp(demo: true) { app in
            let user = try #require(try await User.query(on: app.db).filter(\.$username == username).first())
            let role = try #require(user.roleCode)
            let browser = Browser(app: app)
            try await browser.login(username, DemoAccounts.password(username))
            let targets = try await Self.targets(for: user, on: app.db)
            #expect(role.seesWholeOrganisation == (targets.foreign == nil), "a scoped role has households outside its scope in the demo")
            for route in app.routes.all.sorted(by: { Self.key($0) < Self.key($1) }) {
                let key = Self.key(route)
                let rule = try #require(Self.rules[key], "\(key) has no rule")
                guard !rule.access.isAnyone else { continue }
                let permitted = rule.access.allows(role)
                for (label, household) in [("own", targets.own), ("foreign", targets.foreign)] {
                    guard let household, rule.household || label == "own" else { continue }
                    let status = try await Self.request(route, household: household, user: user, browser: browser, app: app)
                    let expected: String
                    if !permitted { expected = "403" } else if label == "foreign" { expected = "404" } else { expected = "allowed" }
                    let outcome = switch status.code {
                    case 403: "403"
                    case 404: "404"
                    case 401, 500...: "error \(status.code)"
                    default: "allowed"
                    }
                    #expect(outcome == expected, "\(username) \(key) on \(label) household \(household.code): \(status.code)")
                }
            }
        }
    }

    struct Targets {
        let own: Household
        let foreign: Household?
    }

    /// A household the user sees and, for a scoped role, one it does not; both with members and a survey.
    static func targets(for user: User?, on db: any Database) async throws -> Targets {
        var scope = AccessScope.wholeOrganisation
        if let user { scope = try await AccessScope.of(user, today: Clock.today, on: db) }
        let visible = Set(try await scope.apply(to: Household.query(on: db)).all(\.$code))
        let candidates = try await Household.query(on: db).filter(\.$archivedAt == nil).filter(\.$memberCount > 0).sort(\.$code).all()
        var withSurvey: [Household] = []
        for household in candidates where try await Survey.query(on: db).filter(\.$household.$id == household.requireID()).count() > 0 {
            withSurvey.append(household)
        }
        let own = try #require(withSurvey.first { visible.contains($0.code) })
        return Targets(own: own, foreign: withSurvey.first { !visible.contains($0.code) })
    }

    /// Sends `route` with its parameters filled in for `household`, and an empty form or `{}`.
    static func request(_ route: Route, household: Household, user: User?, browser: Browser, app: Application) async throws -> HTTPResponseStatus {
        var components: [String] = []
        for component in route.path {
            switch component.description {
            case ":code": components.append(route.path.first?.description == "language" ? "en" : household.code)
            case ":member": components.append(try await Member.query(on: app.db).filter(\.$household.$id == household.requireID()).first()?.id?.uuidString ?? "x")
            case ":survey": components.append(try await Survey.query(on: app.db).filter(\.$household.$id == household.requireID()).first()?.id?.uuidString ?? "x")
            case ":user": components.append(try await User.query(on: app.db).filter(\.$username == "kiemtra").first()?.id?.uuidString ?? "x")
            case ":token": components.append(try await Self.token(of: user, on: app.db))
            case ":job": components.append(try await Self.importJob(of: user, on: app.db))
            default: components.append(component.description)
            }
        }
        let path = "/" + components.joined(separator: "/")
        var status = HTTPResponseStatus.ok
        switch route.method {
        case .GET: try await browser.get(path) { status = $0.status }
        case .POST where path.hasPrefix("/api/"), .PUT: try await browser.send(route.method, path, json: "{}") { status = $0.status }
        default: try await browser.post(path, form: [:]) { status = $0.status }
        }
        return status
    }

    /// An import job of the user's own (made here, already finished), for the job routes.
    static func importJob(of user: User?, on db: any Database) async throws -> String {
        let actor = user.map(AuditActor.init(user:)) ?? .terminal
        let job = ImportJob(files: ["x.json"], validOnly: false, by: actor, at: Date())
        job.state = ImportState.done.rawValue
        try await job.create(on: db)
        return try job.requireID().uuidString
    }

    /// One of the user's own API tokens (made here), for the revoke route.
    static func token(of user: User?, on db: any Database) async throws -> String {
        guard let user else { return UUID().uuidString }
        let (_, row) = try APIToken.issue(for: user, now: Date())
        try await row.create(on: db)
        return try row.requireID().uuidString
    }
}

extension AccessMatrixTests.Access {
    var isAnyone: Bool {
        if case .anyone = self { return true }
        return false
    }

    func allows(_ role: Role) -> Bool {
        switch self {
        case .anyone, .loggedIn: true
        case let .needs(permission): role.may(permission)
        }
    }
}
