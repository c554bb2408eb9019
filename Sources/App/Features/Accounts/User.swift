import Domain
import Fluent
import Vapor

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: String
    /// Scope on the organisation hierarchy: this unit and its descendants.
    @OptionalParent(key: "organisation_unit_id") var organisationUnit: OrganisationUnit?
    @Field(key: "is_active") var isActive: Bool
    /// Marks accounts made by the demo command, so that it can tell demo data from real data.
    @Field(key: "is_demo") var isDemo: Bool
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(username: String, displayName: String, passwordHash: String, role: Role, organisationUnitID: UUID?, isDemo: Bool) {
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.role = role.rawValue
        self.$organisationUnit.id = organisationUnitID
        self.isActive = true
        self.isDemo = isDemo
        self.version = 1
    }

    var roleCode: Role? { Role(rawValue: role) }
}

/// Scope on the administrative hierarchy: the communes (or larger areas) a user answers for.
final class UserArea: Model, @unchecked Sendable {
    static let schema = "user_areas"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "administrative_unit_id") var administrativeUnit: AdministrativeUnit

    init() {}

    init(userID: UUID, administrativeUnitID: UUID) {
        self.$user.id = userID
        self.$administrativeUnit.id = administrativeUnitID
    }
}

extension User: ModelSessionAuthenticatable {}

struct CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("organisation_unit_id", .uuid, .references(OrganisationUnit.schema, "id"))
            .field("is_active", .bool, .required)
            .field("is_demo", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema(UserArea.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, "id"))
            .field("administrative_unit_id", .uuid, .required, .references(AdministrativeUnit.schema, "id"))
            .unique(on: "user_id", "administrative_unit_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserArea.schema).delete()
        try await database.schema(User.schema).delete()
    }
}
