import Fluent
import Vapor

/// The record of a confirmed reclassification: who confirmed which standard, when, and what it
/// changed. Never edited or deleted.
final class ReclassificationRun: Model, @unchecked Sendable {
    static let schema = "reclassification_runs"

    @ID(key: .id) var id: UUID?
    @Field(key: "standard_id") var standardID: String
    /// The account that confirmed; nil when an operator confirmed from the terminal.
    @OptionalParent(key: "confirmed_by") var confirmedBy: User?
    @Field(key: "confirmed_by_name") var confirmedByName: String
    @Timestamp(key: "confirmed_at", on: .create) var confirmedAt: Date?
    @Field(key: "household_count") var householdCount: Int
    @Field(key: "changed_count") var changedCount: Int
    @Field(key: "fingerprint") var fingerprint: String

    init() {}

    init(standardID: String, userID: UUID?, name: String, householdCount: Int, changedCount: Int, fingerprint: String) {
        self.standardID = standardID
        self.$confirmedBy.id = userID
        self.confirmedByName = name
        self.householdCount = householdCount
        self.changedCount = changedCount
        self.fingerprint = fingerprint
    }
}

struct CreateReclassificationRuns: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReclassificationRun.schema)
            .id()
            .field("standard_id", .string, .required)
            .field("confirmed_by", .uuid, .references(User.schema, "id"))
            .field("confirmed_by_name", .string, .required)
            .field("confirmed_at", .datetime)
            .field("household_count", .int, .required)
            .field("changed_count", .int, .required)
            .field("fingerprint", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ReclassificationRun.schema).delete()
    }
}
