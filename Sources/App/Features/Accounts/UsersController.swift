import Domain
import Fluent
import Vapor

/// `/users`: the administrator creates accounts, sets role and scope, resets passwords and
/// deactivates accounts (never deletes them: the audit log names them).
struct UsersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("users").grouped(RequirePermission(.manageUsers))
        users.get(use: list)
        users.get("new", use: newUser)
        users.post("new", use: createUser)
        users.get(":user", "edit", use: editUser)
        users.post(":user", "edit", use: updateUser)
        users.get(":user", "password", use: passwordForm)
        users.post(":user", "password", use: resetPassword)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let id: String
            let username: String
            let displayName: String
            let role: String
            let unit: String
            let communes: String
            let active: Bool
        }

        let layout: Layout
        let rows: [Row]
    }

    func list(req: Request) async throws -> View {
        let users = try await User.query(on: req.db).with(\.$organisationUnit).sort(\.$username).all()
        let areas = try await UserArea.query(on: req.db).with(\.$administrativeUnit).all()
        let rows = users.map { user in
            ListPage.Row(
                id: user.id?.uuidString ?? "", username: user.username, displayName: user.displayName,
                role: req.text("role.\(user.role)"), unit: user.organisationUnit?.name ?? "",
                communes: areas.filter { $0.$user.id == user.id }.map { $0.administrativeUnit.fullName(req.language) }.joined(separator: ", "),
                active: user.isActive)
        }
        return try await req.view.render("users", ListPage(layout: Layout(request: req, title: req.text("users.title")), rows: rows))
    }

    func newUser(req: Request) async throws -> View {
        try await renderForm(req, user: nil, values: ["role": Role.unitOfficer.rawValue, "active": "true"], issues: [])
    }

    func createUser(req: Request) async throws -> Response {
        let values = try req.formValues()
        let username = (values["username"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        var issues = try await scopeIssues(values, req: req)
        if let problem = UserAccounts.usernameProblem(username) { issues.append(FieldIssue(field: "username", message: problem)) }
        else if try await User.query(on: req.db).filter(\.$username == username).count() > 0 {
            issues.append(FieldIssue(field: "username", message: Message("cli.userExists", ["username": username])))
        }
        let password = values["password"] ?? ""
        issues += PasswordPolicy.problems(password: password, username: username).map { FieldIssue(field: "password", message: $0) }
        guard issues.isEmpty else {
            return try await renderForm(req, user: nil, values: values, issues: issues).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let user = User(username: username, displayName: values["displayName"]?.nonEmpty ?? username, passwordHash: try await req.password.async.hash(password),
                        role: Role(rawValue: values["role"] ?? "") ?? .auditor, organisationUnitID: nil, isDemo: false)
        try await req.db.transaction { db in
            try await user.create(on: db)
            try await apply(values, to: user, on: db)
            try await AuditLog.record(.userCreate, entity: "user", key: username, by: try req.auditActor, after: try await snapshot(user, on: db), on: db)
        }
        return req.redirect(to: "/users")
    }

    func editUser(req: Request) async throws -> View {
        let user = try await find(req)
        let communes = try await UserArea.query(on: req.db).filter(\.$user.$id == user.requireID()).with(\.$administrativeUnit).all()
        let unit = try await user.$organisationUnit.get(on: req.db)
        let values = ["displayName": user.displayName, "role": user.role, "unit": unit?.code ?? "",
                      "communes": communes.map(\.administrativeUnit.code).joined(separator: ", "), "active": String(user.isActive)]
        return try await renderForm(req, user: user, values: values, issues: [])
    }

    func updateUser(req: Request) async throws -> Response {
        let user = try await find(req)
        let values = try req.formValues()
        var issues = try await scopeIssues(values, req: req)
        if user.id == (try req.currentUser).id, values["active"] == "false" || values["role"] != Role.administrator.rawValue {
            issues.append(FieldIssue(field: "role", message: Message("users.notYourself")))
        }
        guard issues.isEmpty else {
            return try await renderForm(req, user: user, values: values, issues: issues).encodeResponse(status: .unprocessableEntity, for: req)
        }
        try await req.db.transaction { db in
            let before = try await snapshot(user, on: db)
            user.displayName = values["displayName"]?.nonEmpty ?? user.username
            user.role = values["role"] ?? user.role
            user.isActive = values["active"] != "false"
            user.version += 1
            try await user.save(on: db)
            try await apply(values, to: user, on: db)
            if !user.isActive { try await UsersController.endSessions(of: user, on: db) }
            try await AuditLog.record(.userUpdate, entity: "user", key: user.username, by: try req.auditActor,
                                      before: before, after: try await snapshot(user, on: db), on: db)
        }
        return req.redirect(to: "/users")
    }

    func passwordForm(req: Request) async throws -> View {
        let user = try await find(req)
        return try await renderPassword(req, user: user, issues: [])
    }

    func resetPassword(req: Request) async throws -> Response {
        let user = try await find(req)
        let password = try req.formValues()["password"] ?? ""
        let issues = PasswordPolicy.problems(password: password, username: user.username).map { FieldIssue(field: "password", message: $0) }
        guard issues.isEmpty else {
            return try await renderPassword(req, user: user, issues: issues).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let hash = try await req.password.async.hash(password)
        try await req.db.transaction { db in
            user.passwordHash = hash
            user.version += 1
            try await user.save(on: db)
            try await UsersController.endSessions(of: user, on: db)
            try await LoginGuard.recordSuccess(username: user.username, on: db)
            try await AuditLog.record(.passwordReset, entity: "user", key: user.username, by: try req.auditActor, on: db)
        }
        return req.redirect(to: "/users")
    }

    /// A deactivated account or a reset password ends every session and token of the account.
    static func endSessions(of user: User, on db: any Database) async throws {
        try await APIToken.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$revokedAt == nil).set(\.$revokedAt, to: Date()).update()
    }

    // MARK: helpers

    private func find(_ req: Request) async throws -> User {
        guard let id = req.parameters.get("user").flatMap(UUID.init(uuidString:)),
              let user = try await User.find(id, on: req.db) else { throw Abort(.notFound) }
        return user
    }

    /// The role must exist, the unit code and the commune codes must name real units, and a
    /// scoped role needs a scope.
    private func scopeIssues(_ values: [String: String], req: Request) async throws -> [FieldIssue] {
        var issues: [FieldIssue] = []
        guard let role = Role(rawValue: values["role"] ?? "") else {
            return [FieldIssue(field: "role", problem: .notInList(allowed: Role.allCases.map(\.rawValue)))]
        }
        let unitCode = values["unit"]?.nonEmpty
        if let unitCode, try await OrganisationUnit.query(on: req.db).filter(\.$code == unitCode).count() == 0 {
            issues.append(FieldIssue(field: "unit", message: Message("cli.unknownUnit", ["code": unitCode])))
        }
        let communeCodes = Self.codes(values["communes"])
        let known = try await AdministrativeUnit.query(on: req.db).filter(\.$code ~~ communeCodes).all(\.$code)
        if let unknown = communeCodes.first(where: { !known.contains($0) }) {
            issues.append(FieldIssue(field: "communes", problem: .unknownCommune))
            _ = unknown
        }
        if !role.seesWholeOrganisation, unitCode == nil, communeCodes.isEmpty {
            issues.append(FieldIssue(field: "unit", message: Message("users.scopeRequired")))
        }
        return issues
    }

    private static func codes(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    }

    /// Sets the unit and replaces the areas from the form.
    private func apply(_ values: [String: String], to user: User, on db: any Database) async throws {
        let unitCode = values["unit"]?.nonEmpty
        user.$organisationUnit.id = try await unitCode.asyncMap { code in try await OrganisationUnit.query(on: db).filter(\.$code == code).first()?.id } ?? nil
        try await user.save(on: db)
        let userID = try user.requireID()
        try await UserArea.query(on: db).filter(\.$user.$id == userID).delete()
        let communeCodes = Self.codes(values["communes"])
        let units = try await AdministrativeUnit.query(on: db).filter(\.$code ~~ communeCodes).all()
        // Codes are reused across list versions: the unit in force wins.
        for code in Set(communeCodes) {
            let candidates = units.filter { $0.code == code }
            if let unit = candidates.first(where: { $0.validTo == nil }) ?? candidates.first {
                try await UserArea(userID: userID, administrativeUnitID: unit.requireID()).create(on: db)
            }
        }
    }

    private func snapshot(_ user: User, on db: any Database) async throws -> JSONValue {
        let unit = try await user.$organisationUnit.get(on: db)
        let areas = try await UserArea.query(on: db).filter(\.$user.$id == user.requireID()).with(\.$administrativeUnit).all()
        return .object([
            ("username", .string(user.username)), ("displayName", .string(user.displayName)), ("role", .string(user.role)),
            ("unit", unit.map { .string($0.code) } ?? .null), ("communes", .array(areas.map { .string($0.administrativeUnit.code) })),
            ("active", .bool(user.isActive)),
        ])
    }

    private func renderForm(_ req: Request, user: User?, values: [String: String], issues: [FieldIssue]) async throws -> View {
        let form = FormBuilder(language: req.language, values: values, issues: issues)
        let units = try await OrganisationUnitQuery.tree(on: req.db).map { unit, depth in
            (unit.code, String(repeating: "— ", count: depth) + unit.name)
        }
        var fields: [FormField] = []
        if user == nil { fields.append(form.field("username", .text, required: true)) }
        fields += [
            form.field("displayName", .text, required: true),
            form.choice("role", Role.allCases.map { ($0.rawValue, req.text("role.\($0.rawValue)")) }, required: true),
            form.choice("unit", units),
            form.field("communes", .text, hint: "hint.communeCodes"),
        ]
        if user == nil {
            fields.append(form.field("password", .password, required: true, hint: "hint.password"))
        } else {
            fields.append(form.choice("active", [("true", req.text("users.active")), ("false", req.text("users.inactive"))], required: true))
        }
        let heading = user.map { req.text("users.edit", ["username": $0.username]) } ?? req.text("users.new")
        let action = user.map { "/users/\($0.id?.uuidString ?? "")/edit" } ?? "/users/new"
        return try await req.renderForm(heading: heading, action: action, cancel: "/users", fields: fields, issues: issues, formError: nil)
    }

    private func renderPassword(_ req: Request, user: User, issues: [FieldIssue]) async throws -> View {
        let form = FormBuilder(language: req.language, values: [:], issues: issues)
        return try await req.renderForm(heading: req.text("users.resetPassword", ["username": user.username]),
                                        action: "/users/\(user.id?.uuidString ?? "")/password", cancel: "/users",
                                        fields: [form.field("password", .password, required: true, hint: "hint.password")],
                                        issues: issues, formError: nil)
    }
}
