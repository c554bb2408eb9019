import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Scope, CSRF, tokens, throttling, audit and sensitive data")
struct SecurityTests {
    static func loggedIn(_ username: String, _ app: Application) async throws -> Browser {
        let browser = Browser(app: app)
        try await browser.login(username, DemoAccounts.password(username))
        return browser
    }

    static func auditCount(_ app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).count()
    }

    @Test("a district officer sees only the households his unit sponsors now: list, search, API, analytics")
    func unitScope() async throws {
        try await withTestApp(demo: true) { app in
            let unitIDs = try await OrganisationUnitQuery.subtreeIDs(ofCode: "CAT-HD", on: app.db)
            let today = Clock.today.iso
            let links = try await Sponsorship.query(on: app.db).filter(\.$organisationUnit.$id ~~ unitIDs).all()
            let sponsored = Set(links.filter { $0.endsOn == nil || $0.endsOn! >= today }.map(\.$household.id))
            let expected = try await Household.query(on: app.db).filter(\.$id ~~ Array(sponsored)).filter(\.$archivedAt == nil).all()
            #expect(expected.count > 0)
            let foreign = try #require(try await Household.query(on: app.db).filter(\.$id !~ Array(sponsored)).first())

            let officer = try await Self.loggedIn("hongdan.canbo", app)
            try await officer.get("/api/v1/households") { res in
                let list = try res.content.decode(HouseholdAPIController.ListResponse.self)
                #expect(list.total == expected.count)
            }
            try await officer.get("/households?q=\(foreign.code)") { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains("href=\"/households/\(foreign.code)\""))
            }
            let foreignHead = VietnameseText.fold(foreign.headName).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            try await officer.get("/api/v1/households?q=\(foreignHead)") { res in
                let list = try res.content.decode(HouseholdAPIController.ListResponse.self)
                #expect(!list.items.contains { $0.code == foreign.code })
            }
            try await officer.get("/households/\(foreign.code)") { res in #expect(res.status == .notFound) }
            try await officer.get("/api/v1/households/\(foreign.code)") { res in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType == .json)
            }
            let controller = AnalyticsController()
            let scope = try await AccessScope.of(try #require(try await User.query(on: app.db).filter(\.$username == "hongdan.canbo").first()), today: Clock.today, on: app.db)
            let (mine, _) = try await controller.measure(.init(standard: "nd-07-2021"), scope: scope, on: app.db)
            let (all, _) = try await controller.measure(.init(standard: "nd-07-2021"), scope: .wholeOrganisation, on: app.db)
            #expect(mine.n + mine.excludedIncomplete <= expected.count)
            #expect(mine.n < all.n)
        }
    }

    @Test("a commune official sees her commune's households and cannot place one in another commune")
    func areaScope() async throws {
        try await withTestApp(demo: true) { app in
            let official = try await Self.loggedIn("hiepthanh.ubnd", app)
            let commune = try #require(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "31840").first())
            let expected = try await Household.query(on: app.db).filter(\.$commune.$id == commune.requireID()).filter(\.$archivedAt == nil).count()
            try await official.get("/api/v1/households") { res in
                let list = try res.content.decode(HouseholdAPIController.ListResponse.self)
                #expect(list.total == expected)
                #expect(list.items.allSatisfy { $0.communeCode == "31840" })
            }
            let before = try await Household.query(on: app.db).count()
            try await official.post("/households/new", form: ["code": "OUT-1", "communeCode": "31846"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Xã này không thuộc địa bàn bạn phụ trách."))
            }
            try await official.post("/households/new", form: ["code": "IN-1", "communeCode": "31840"]) { res in
                #expect(res.status == .seeOther)
            }
            #expect(try await Household.query(on: app.db).count() == before + 1)
        }
    }

    @Test("a household an officer creates is assigned to his unit, so he keeps sight of it")
    func creatorKeepsSight() async throws {
        try await withTestApp(demo: true) { app in
            let officer = try await Self.loggedIn("tpbl.canbo", app)
            try await officer.post("/households/new", form: ["code": "TPBL-NEW-1", "communeCode": "31846"]) { res in #expect(res.status == .seeOther) }
            try await officer.get("/households/TPBL-NEW-1") { res in #expect(res.status == .ok) }
            let other = try await Self.loggedIn("hongdan.canbo", app)
            try await other.get("/households/TPBL-NEW-1") { res in #expect(res.status == .notFound) }
        }
    }

    @Test("a form or JSON write without the CSRF token, or with a wrong one, is refused with 403 and changes nothing")
    func csrf() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await Self.loggedIn("admin", app)
            let household = try #require(try await Household.query(on: app.db).with(\.$commune).sort(\.$code).first())
            let entries = try await Self.auditCount(app)
            let form = ["version": String(household.version), "communeCode": household.commune.code, "hamlet": "Ấp Giả Mạo"]
            try await admin.post("/households/\(household.code)/edit", form: form, withToken: false) { res in #expect(res.status == .forbidden) }
            try await admin.post("/households/\(household.code)/edit", form: form.merging(["_csrf": "wrong"]) { $1 }) { res in
                #expect(res.status == .forbidden)
                #expect(res.body.string.contains("Biểu mẫu đã hết hạn"))
            }
            try await admin.send(.POST, "/api/v1/households", json: #"{"code":"CSRF-1","communeCode":"31840"}"#, withToken: false) { res in
                #expect(res.status == .forbidden)
                #expect(res.headers.contentType == .json)
            }
            let reloaded = try #require(try await Household.find(household.id, on: app.db))
            #expect(reloaded.hamlet == household.hamlet)
            #expect(reloaded.version == household.version)
            #expect(try await HouseholdQuery.find(code: "CSRF-1", scope: .wholeOrganisation, on: app.db) == nil)
            #expect(try await Self.auditCount(app) == entries)
        }
    }

    @Test("API tokens: issued for a password, scoped like the user, refused when wrong or revoked; no CSRF needed")
    func tokens() async throws {
        try await withTestApp(demo: true) { app in
            var token = ""
            try await app.testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
                try req.content.encode(["username": "hongdan.canbo", "password": DemoAccounts.password("hongdan.canbo")], as: .json)
            }, afterResponse: { res in
                #expect(res.status == .created)
                token = try res.content.decode(TokenController.Issued.self).token
                #expect(res.headers.setCookie == nil, "a token call makes no session")
            })
            let stored = try await APIToken.query(on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored[0].tokenHash != token, "only the hash is stored")
            try await app.testing().test(.POST, "/api/v1/auth/token", beforeRequest: { req in
                try req.content.encode(["username": "hongdan.canbo", "password": "wrong"], as: .json)
            }, afterResponse: { res in
                #expect(res.status == .unauthorized)
                #expect(res.headers.contentType == .json)
            })
            var bearer = HTTPHeaders()
            bearer.bearerAuthorization = BearerAuthorization(token: token)
            let officer = try #require(try await User.query(on: app.db).filter(\.$username == "hongdan.canbo").first())
            let visible = try await AccessScope.of(officer, today: Clock.today, on: app.db).apply(to: Household.query(on: app.db)).filter(\.$archivedAt == nil).count()
            try await app.testing().test(.GET, "/api/v1/households", headers: bearer) { res in
                #expect(res.status == .ok)
                #expect((try? res.content.decode(HouseholdAPIController.ListResponse.self))?.total == visible)
            }
            var post = bearer
            post.contentType = .json
            try await app.testing().test(.POST, "/api/v1/households", headers: post, body: ByteBuffer(string: #"{"code":"TOK-1","communeCode":"31840"}"#)) { res in
                #expect(res.status == .created, "a bearer call needs no CSRF token")
            }
            let row = try #require(try await APIToken.query(on: app.db).first())
            let browser = try await Self.loggedIn("hongdan.canbo", app)
            try await browser.post("/account/tokens/\(row.requireID())/revoke", form: [:]) { res in #expect(res.status == .seeOther) }
            try await app.testing().test(.GET, "/api/v1/households", headers: bearer) { res in
                #expect(res.status == .unauthorized)
                #expect(res.headers.contentType == .json)
            }
            var wrong = HTTPHeaders()
            wrong.bearerAuthorization = BearerAuthorization(token: "dh_nonsense")
            try await app.testing().test(.GET, "/api/v1/households", headers: wrong) { res in #expect(res.status == .unauthorized) }
        }
    }

    @Test("repeated failed logins slow down, then lock; each failure and the lock are in the audit log")
    func throttling() async throws {
        try await withTestApp(demo: true) { app in
            let throttle = LoginGuard.throttle
            let browser = Browser(app: app)
            var statuses: [HTTPResponseStatus] = []
            for _ in 0...throttle.freeFailures {
                statuses.append(try await browser.attemptLogin("tpbl.chihuy", "wrong password"))
            }
            #expect(statuses.allSatisfy { $0 == .unauthorized })
            let failures = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.loginFailure.rawValue).filter(\.$entityKey == "tpbl.chihuy").count()
            #expect(failures == throttle.freeFailures + 1)
            // Right after a failure beyond the free ones, even the right password must wait.
            let attempts = try #require(try await LoginAttempts.query(on: app.db).filter(\.$username == "tpbl.chihuy").first())
            attempts.lastFailureAt = Date()
            try await attempts.save(on: app.db)
            #expect(try await browser.attemptLogin("tpbl.chihuy", DemoAccounts.password("tpbl.chihuy")) == .tooManyRequests)

            // Past the lock threshold (as if the waits had passed), the account locks for a while.
            attempts.failures = throttle.lockAfter - 1
            attempts.lastFailureAt = Date().addingTimeInterval(-throttle.lockDuration)
            try await attempts.save(on: app.db)
            #expect(try await browser.attemptLogin("tpbl.chihuy", "wrong again") == .unauthorized)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.loginLocked.rawValue).count() == 1)
            #expect(try await browser.attemptLogin("tpbl.chihuy", DemoAccounts.password("tpbl.chihuy")) == .tooManyRequests)
        }
    }

    @Test("the throttle's waits double, then lock", arguments: [(3, 0.0), (4, 5.0), (5, 10.0), (7, 40.0), (8, 900.0)])
    func throttleSchedule(failures: Int, wait: Double) {
        let start = Date(timeIntervalSince1970: 0)
        #expect(LoginThrottle().nextAttemptAllowed(failures: failures, lastFailure: start).timeIntervalSince(start) == wait)
    }

    @Test("a session unused for longer than the idle limit is logged out")
    func idleTimeout() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await Self.loggedIn("admin", app)
            try await browser.get("/households") { res in #expect(res.status == .ok) }
            // As if the last request were an hour ago (the default limit is 30 minutes).
            for record in try await SessionRecord.query(on: app.db).all() {
                record.data[IdleTimeoutMiddleware.sessionKey] = String(Date().addingTimeInterval(-3600).timeIntervalSince1970)
                try await record.save(on: app.db)
            }
            try await browser.get("/households") { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location)?.hasPrefix("/login") == true)
            }
        }
    }

    @Test("every write adds exactly one audit entry naming who, what and the record before and after")
    func oneEntryPerWrite() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await Self.loggedIn("admin", app)
            func expectOneEntry(_ action: AuditAction, _ write: () async throws -> Void) async throws {
                let before = try await Self.auditCount(app)
                try await write()
                #expect(try await Self.auditCount(app) == before + 1, "\(action)")
                let last = try #require(try await AuditEntry.query(on: app.db).sort(\.$at, .descending).first())
                #expect(last.action == action.rawValue)
                #expect(last.actorName == "admin")
            }
            try await expectOneEntry(.householdCreate) {
                try await admin.post("/households/new", form: ["code": "AUD-1", "communeCode": "31840", "hamlet": "Ấp Một"]) { #expect($0.status == .seeOther) }
            }
            var household = try #require(try await HouseholdQuery.find(code: "AUD-1", scope: .wholeOrganisation, on: app.db))
            try await expectOneEntry(.householdUpdate) {
                try await admin.post("/households/AUD-1/edit", form: ["version": String(household.version), "communeCode": "31840", "hamlet": "Ấp Hai"]) { #expect($0.status == .seeOther) }
            }
            let update = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.householdUpdate.rawValue).first())
            #expect(update.before?.contains("Ấp Một") == true)
            #expect(update.after?.contains("Ấp Hai") == true)
            household = try #require(try await HouseholdQuery.find(code: "AUD-1", scope: .wholeOrganisation, on: app.db))
            try await expectOneEntry(.memberCreate) {
                try await admin.post("/households/AUD-1/members/new", form: ["version": String(household.version), "name": "Lâm Văn Tư", "birthYear": "1970", "relation": "head"]) { #expect($0.status == .seeOther) }
            }
            household = try #require(try await HouseholdQuery.find(code: "AUD-1", scope: .wholeOrganisation, on: app.db))
            try await expectOneEntry(.recognitionRecord) {
                try await admin.post("/households/AUD-1/recognitions/new", form: ["version": String(household.version), "year": "2025", "status": "poor"]) { #expect($0.status == .seeOther) }
            }
            household = try #require(try await HouseholdQuery.find(code: "AUD-1", scope: .wholeOrganisation, on: app.db))
            try await expectOneEntry(.householdArchive) {
                try await admin.post("/households/AUD-1/archive", form: ["version": String(household.version), "reason": "Chuyển đi"]) { #expect($0.status == .seeOther) }
            }
            try await expectOneEntry(.export) {
                try await admin.get("/analytics.csv") { #expect($0.status == .ok) }
            }
            // A refused write leaves no entry.
            let before = try await Self.auditCount(app)
            try await admin.post("/households/new", form: ["code": "", "communeCode": "31840"]) { #expect($0.status == .unprocessableEntity) }
            #expect(try await Self.auditCount(app) == before)
        }
    }

    @Test("the audit page lists entries to the auditor, filtered by action; no route changes them")
    func auditPage() async throws {
        try await withTestApp(demo: true) { app in
            _ = try await Self.loggedIn("hongdan.canbo", app)
            let auditor = try await Self.loggedIn("kiemtra", app)
            try await auditor.get("/audit?action=loginSuccess&actor=hongdan.canbo") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("hongdan.canbo"))
                #expect(res.body.string.contains("1 mục"))
            }
            let mutating = app.routes.all.filter { $0.method != .GET && $0.path.first?.description == "audit" }
            #expect(mutating.isEmpty)
        }
    }

    @Test("sensitive data: hidden from the steering committee, ID numbers masked, a reveal is logged")
    func sensitiveData() async throws {
        try await withTestApp(demo: true) { app in
            let member = try #require(try await Member.query(on: app.db).filter(\.$idNumber != nil).filter(\.$ethnicity == "Khmer").with(\.$household).first())
            let household = member.household
            let id = try #require(member.idNumber)
            let steering = try await Self.loggedIn("bcd.thanhtung", app)
            try await steering.get("/households/\(household.code)") { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains(id))
                #expect(res.body.string.contains(SensitiveData.masked(idNumber: id)))
                #expect(!res.body.string.contains(">Khmer<"), "no ethnicity column")
                #expect(!res.body.string.contains("/reveal"))
            }
            try await steering.get("/api/v1/households/\(household.code)") { res in
                #expect(!res.body.string.contains("\"ethnicity\""))
                #expect(!res.body.string.contains(id))
            }
            try await steering.get("/api/v1/households/\(household.code)?reveal=idNumbers") { res in #expect(res.status == .forbidden) }
            let admin = try await Self.loggedIn("admin", app)
            try await admin.get("/households/\(household.code)") { res in
                #expect(res.body.string.contains(">Khmer<"))
                #expect(!res.body.string.contains(id))
            }
            let before = try await Self.auditCount(app)
            try await admin.post("/households/\(household.code)/members/\(member.requireID())/reveal", form: [:]) { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(id))
            }
            #expect(try await Self.auditCount(app) == before + 1)
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.revealIDNumber.rawValue).first())
            #expect(entry.entityKey == household.code)
        }
    }

    @Test("an officer who may not reveal ID numbers edits a member without losing the stored number")
    func maskedNumberKept() async throws {
        try await withTestApp(demo: true) { app in
            let officer = try #require(try await User.query(on: app.db).filter(\.$username == "hongdan.canbo").first())
            let household = try #require(try await AccessScope.of(officer, today: Clock.today, on: app.db).apply(to: Household.query(on: app.db)).all()
                .asyncFirst { try await Member.query(on: app.db).filter(\.$household.$id == $0.requireID()).filter(\.$idNumber != nil).count() > 0 })
            let member = try #require(try await Member.query(on: app.db).filter(\.$household.$id == household.requireID()).filter(\.$idNumber != nil).first())
            let id = try #require(member.idNumber)
            let browser = try await Self.loggedIn("hongdan.canbo", app)
            var form: [String: String] = [:]
            try await browser.get("/households/\(household.code)/members/\(member.requireID())/edit") { res in
                #expect(res.status == .ok)
                #expect(!res.body.string.contains(id))
                #expect(res.body.string.contains(SensitiveData.masked(idNumber: id)))
            }
            form = MemberPagesController.values(of: SensitiveData.redacted(HouseholdRecord(code: household.code, members: [member.record]), showSensitive: true, revealIDNumbers: false).members[0], version: household.version)
            form["name"] = member.name + " A"
            try await browser.post("/households/\(household.code)/members/\(member.requireID())/edit", form: form) { res in #expect(res.status == .seeOther, "\(res.body.string.prefix(300))") }
            let saved = try #require(try await Member.find(member.id, on: app.db))
            #expect(saved.idNumber == id)
            #expect(saved.name == member.name + " A")
        }
    }

    static let payloads = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"]

    @Test("XSS payloads stored in text fields come back escaped on every page that shows them")
    func escaping() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await Self.loggedIn("admin", app)
            for (index, payload) in Self.payloads.enumerated() {
                let code = "XSS-\(index)"
                try await admin.post("/households/new", form: ["code": code, "communeCode": "31840", "hamlet": payload, "address": payload]) { #expect($0.status == .seeOther) }
                let household = try #require(try await HouseholdQuery.find(code: code, scope: .wholeOrganisation, on: app.db))
                try await admin.post("/households/\(code)/members/new", form: ["version": String(household.version), "name": "Lê \(payload)", "birthYear": "1980", "relation": "head"]) { #expect($0.status == .seeOther) }
                for path in ["/households/\(code)", "/households?q=\(code)", "/households/\(code)/edit", "/audit", "/households/\(code)/members/new"] {
                    try await admin.get(path) { res in
                        #expect(res.status == .ok, "\(path)")
                        #expect(!res.body.string.contains(payload), "\(path) shows the payload unescaped")
                    }
                }
                try await admin.get("/households/\(code)") { res in
                    #expect(res.body.string.contains("&lt;script&gt;") || res.body.string.contains("&quot;&gt;&lt;img"))
                }
            }
        }
    }

    @Test("SQL meta-characters in a search are only text")
    func sqlInSearch() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await Self.loggedIn("admin", app)
            let total = try await Household.query(on: app.db).filter(\.$archivedAt == nil).count()
            for query in ["' OR '1'='1", "%'; DROP TABLE households; --", "\\", "_", "%"] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
                try await admin.get("/api/v1/households?q=\(encoded)") { res in
                    #expect(res.status == .ok)
                    #expect((try? res.content.decode(HouseholdAPIController.ListResponse.self))?.total == 0, "\(query)")
                }
            }
            #expect(try await Household.query(on: app.db).filter(\.$archivedAt == nil).count() == total)
        }
    }

    @Test("an administrator creates, deactivates and resets accounts; a deactivated account cannot log in")
    func accounts() async throws {
        try await withTestApp(demo: true) { app in
            let admin = try await Self.loggedIn("admin", app)
            try await admin.post("/users/new", form: ["username": "moi.canbo", "displayName": "Cán bộ mới", "role": "unitOfficer", "unit": "CAT-HD", "password": "short"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Mật khẩu cần ít nhất 12 ký tự."))
            }
            try await admin.post("/users/new", form: ["username": "moi.canbo", "displayName": "Cán bộ mới", "role": "communeOfficial", "password": "Một mật khẩu dài 2025"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Vai trò này cần một đơn vị hoặc ít nhất một xã."))
            }
            try await admin.post("/users/new", form: ["username": "moi.canbo", "displayName": "Cán bộ mới", "role": "communeOfficial", "communes": "31840", "password": "Một mật khẩu dài 2025"]) { res in
                #expect(res.status == .seeOther)
            }
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "moi.canbo").first())
            let fresh = Browser(app: app)
            #expect(try await fresh.attemptLogin("moi.canbo", "Một mật khẩu dài 2025") == .seeOther)
            try await admin.post("/users/\(user.requireID())/edit", form: ["displayName": "Cán bộ mới", "role": "communeOfficial", "communes": "31840", "active": "false"]) { res in
                #expect(res.status == .seeOther)
            }
            try await fresh.get("/households") { res in #expect(res.status == .seeOther, "the deactivated user's session no longer works") }
            #expect(try await fresh.attemptLogin("moi.canbo", "Một mật khẩu dài 2025") == .unauthorized)
            try await admin.post("/users/\(user.requireID())/password", form: ["password": "Mật khẩu mới hoàn toàn 9"]) { res in #expect(res.status == .seeOther) }
            let actions = try await AuditEntry.query(on: app.db).filter(\.$entityKey == "moi.canbo").filter(\.$entity == "user").all().map(\.action)
            #expect(actions.sorted() == [AuditAction.passwordReset, .userCreate, .userUpdate].map(\.rawValue).sorted())
        }
    }

    @Test("the README's permissions table is the one the code enforces")
    func readmeTable() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        let readme = try String(contentsOf: url.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(PermissionTable.markdown()), "run `swift run donghanh permissions` and paste its output into the README")
    }
}

extension Array {
    func asyncFirst(where predicate: (Element) async throws -> Bool) async rethrows -> Element? {
        for element in self where try await predicate(element) { return element }
        return nil
    }
}
