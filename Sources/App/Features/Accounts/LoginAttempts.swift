import Domain
import Fluent
import Vapor

/// Consecutive failed logins per username, kept in the database so that every app instance
/// applies the same throttle (`LoginThrottle`).
final class LoginAttempts: Model, @unchecked Sendable {
    static let schema = "login_attempts"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "failures") var failures: Int
    @Field(key: "last_failure_at") var lastFailureAt: Date

    init() {}

    init(username: String, at: Date) {
        self.username = username
        self.failures = 0
        self.lastFailureAt = at
    }
}

enum LoginGuard {
    static let throttle = LoginThrottle()

    /// When the username may try again, if it must wait.
    static func waitUntil(username: String, now: Date, on db: any Database) async throws -> Date? {
        guard let attempts = try await LoginAttempts.query(on: db).filter(\.$username == username).first() else { return nil }
        let allowed = throttle.nextAttemptAllowed(failures: attempts.failures, lastFailure: attempts.lastFailureAt)
        return allowed > now ? allowed : nil
    }

    /// Counts a failure; returns whether the account is now locked.
    static func recordFailure(username: String, now: Date, on db: any Database) async throws -> Bool {
        let attempts = try await LoginAttempts.query(on: db).filter(\.$username == username).first() ?? LoginAttempts(username: username, at: now)
        attempts.failures += 1
        attempts.lastFailureAt = now
        try await attempts.save(on: db)
        return throttle.isLocked(failures: attempts.failures)
    }

    static func recordSuccess(username: String, on db: any Database) async throws {
        try await LoginAttempts.query(on: db).filter(\.$username == username).delete()
    }
}

struct CreateLoginAttempts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginAttempts.schema)
            .id()
            .field("username", .string, .required)
            .field("failures", .int, .required)
            .field("last_failure_at", .datetime, .required)
            .unique(on: "username")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginAttempts.schema).delete()
    }
}
