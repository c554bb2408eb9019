import Domain
import Fluent
import Vapor

/// A bearer token for the API. Only its SHA-256 is stored: a copy of the database does not
/// give anyone a working token. Tokens expire, and their owner can revoke them.
final class APIToken: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    static let lifetime: TimeInterval = 30 * 24 * 3600

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "revoked_at") var revokedAt: Date?

    init() {}

    init(userID: UUID, tokenHash: String, createdAt: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.expiresAt = createdAt.addingTimeInterval(Self.lifetime)
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The active owner of `token` while it is neither expired nor revoked.
    static func owner(of token: String, on db: any Database) async throws -> User? {
        let row = try await APIToken.query(on: db)
            .filter(\.$tokenHash == hash(token))
            .filter(\.$revokedAt == nil)
            .filter(\.$expiresAt > Date())
            .with(\.$user)
            .first()
        guard let user = row?.user, user.isActive else { return nil }
        return user
    }

    /// A new random token (256 bits) and the row that stores its hash.
    static func issue(for user: User, now: Date) throws -> (token: String, row: APIToken) {
        let token = "dh_" + [UInt8].random(count: 32).map { String(format: "%02x", $0) }.joined()
        return (token, APIToken(userID: try user.requireID(), tokenHash: hash(token), createdAt: now))
    }
}

struct CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(APIToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(APIToken.schema).delete()
    }
}
