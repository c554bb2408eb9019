import Domain
import Fluent
import Vapor

/// A unit of the sponsoring body (a department, a district police, a branch), in a tree.
final class OrganisationUnit: Model, @unchecked Sendable {
    static let schema = "organisation_units"

    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String
    @Field(key: "name") var name: String
    @OptionalParent(key: "parent_id") var parent: OrganisationUnit?
    /// `UnitFunction` codes, comma-separated (portable across both databases).
    @Field(key: "functions") var functionCodes: String
    @Field(key: "sort_key") var sortKey: String
    @Field(key: "version") var version: Int

    init() {}

    init(code: String, name: String, parentID: UUID?, functions: [UnitFunction]) {
        self.code = code
        self.name = name
        self.$parent.id = parentID
        self.functionCodes = functions.map(\.rawValue).joined(separator: ",")
        self.sortKey = VietnameseCollation.sortKey(forText: name)
        self.version = 1
    }

    var functions: [UnitFunction] {
        functionCodes.split(separator: ",").compactMap { UnitFunction(rawValue: String($0)) }
    }
}

struct CreateOrganisationUnits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OrganisationUnit.schema)
            .id()
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("parent_id", .uuid, .references(OrganisationUnit.schema, "id"))
            .field("functions", .string, .required)
            .field("sort_key", .string, .required)
            .field("version", .int, .required)
            .unique(on: "code")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrganisationUnit.schema).delete()
    }
}
