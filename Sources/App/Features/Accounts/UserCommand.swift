import Domain
import Fluent
import Vapor

/// `donghanh user add USERNAME --role ROLE --name "Họ tên"`: creates an account from the
/// terminal, e.g. the first administrator of a production database. The password comes from
/// `DONGHANH_PASSWORD` or is asked for without echo, never from the command line (which other
/// users of the machine can read).
struct UserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "add")
        var action: String
        @Argument(name: "username", help: "login name")
        var username: String
        @Option(name: "role", help: "administrator | steeringCommittee | unitLeader | unitOfficer | communeOfficial | auditor")
        var role: String?
        @Option(name: "name", help: "full name shown in the app")
        var name: String?
        @Option(name: "unit", help: "organisation unit code (scope)")
        var unit: String?
    }

    var help: String { "Create an account" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "add" else {
            throw CommandLineError(Message("cli.unknownUserAction", ["action": signature.action]))
        }
        let password = Environment.get("DONGHANH_PASSWORD") ?? context.console.ask("\(Translations.text("cli.passwordPrompt", in: .vi)) ", isSecure: true)
        let account = try await UserAccounts.create(
            username: signature.username, displayName: signature.name ?? signature.username,
            role: signature.role ?? Role.administrator.rawValue, unitCode: signature.unit, password: password,
            hash: { try context.application.password.hash($0) }, on: context.application.db)
        context.console.print(Translations.render(Message("cli.userCreated", ["username": account.username, "role": Translations.text("role.\(account.role)", in: .vi)]), in: .vi))
    }
}

enum UserAccounts {
    /// Login names are short ASCII words (letters, digits, `.`, `-`, `_`), typed on any keyboard.
    static func usernameProblem(_ username: String) -> Message? {
        guard !username.isEmpty, username.count <= 64,
              username.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || ".-_".unicodeScalars.contains($0) }),
              username.unicodeScalars.allSatisfy(\.isASCII) else {
            return Message("cli.badUsername", ["username": username])
        }
        return nil
    }

    /// Validates and stores a new account; every refusal names what is wrong.
    static func create(username: String, displayName: String, role: String, unitCode: String?, password: String,
                       hash: (String) throws -> String, on db: any Database) async throws -> User {
        let username = username.trimmingCharacters(in: .whitespaces).lowercased()
        if let problem = usernameProblem(username) { throw CommandLineError(problem) }
        guard let role = Role(rawValue: role) else {
            throw CommandLineError(Message("cli.badRole", ["role": role, "allowed": Role.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        if let problem = PasswordPolicy.problems(password: password, username: username).first {
            throw CommandLineError(problem)
        }
        if try await User.query(on: db).filter(\.$username == username).count() > 0 {
            throw CommandLineError(Message("cli.userExists", ["username": username]))
        }
        var unitID: UUID?
        if let unitCode {
            guard let unit = try await OrganisationUnit.query(on: db).filter(\.$code == unitCode).first() else {
                throw CommandLineError(Message("cli.unknownUnit", ["code": unitCode]))
            }
            unitID = try unit.requireID()
        }
        let user = User(username: username, displayName: displayName, passwordHash: try hash(password), role: role, organisationUnitID: unitID, isDemo: false)
        try await db.transaction { db in
            try await user.create(on: db)
            try await AuditLog.record(.userCreate, entity: "user", key: username, by: .terminal,
                                      after: .object([("username", .string(username)), ("role", .string(role.rawValue)), ("unit", unitCode.map(JSONValue.string) ?? .null)]), on: db)
        }
        return user
    }
}
