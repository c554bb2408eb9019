import Fluent
import SQLKit

struct CreateHouseholds: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Household.schema)
            .id()
            .field("code", .string, .required)
            .field("commune_id", .uuid, .required, .references(AdministrativeUnit.schema, "id"))
            .field("hamlet", .string)
            .field("address", .string)
            .field("head_name", .string, .required)
            .field("head_sort_key", .string, .required)
            .field("search_text", .string, .required)
            .field("member_count", .int, .required)
            .field("recognised_status", .string)
            .field("recognised_year", .int)
            .field("computed_status", .string)
            .field("archived_at", .datetime)
            .field("archive_reason", .string)
            .field("is_demo", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(Member.schema)
            .id()
            .field("household_id", .uuid, .required, .references(Household.schema, "id"))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("sort_key", .string, .required)
            .field("sex", .string)
            .field("birth_date", .string)
            .field("birth_year", .int)
            .field("relation", .string)
            .field("id_number", .string)
            .field("ethnicity", .string)
            .field("religion", .string)
            .field("employment", .string)
            .field("able_to_work", .bool)
            .field("disability", .string)
            .field("monthly_allowance", .bool)
            .field("health_insurance", .bool)
            .field("malnourished", .bool)
            .field("education", .string)
            .field("studying", .bool)
            .field("school_on_track", .bool)
            .field("uses_internet", .bool)
            .field("status", .string, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(MemberEvent.schema)
            .id()
            .field("household_id", .uuid, .required, .references(Household.schema, "id"))
            .field("member_id", .uuid, .required, .references(Member.schema, "id"))
            .field("kind", .string, .required)
            .field("event_date", .string, .required)
            .field("note", .string)
            .field("created_at", .datetime)
            .create()
        try await database.schema(Survey.schema)
            .id()
            .field("household_id", .uuid, .required, .references(Household.schema, "id"))
            .field("survey_date", .string, .required)
            .field("income_per_capita", .int64)
            .field("score_a", .int)
            .field("facts", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(Recognition.schema)
            .id()
            .field("household_id", .uuid, .required, .references(Household.schema, "id"))
            .field("year", .int, .required)
            .field("status", .string, .required)
            .field("decision_number", .string)
            .field("decision_date", .string)
            .field("signer", .string)
            .field("version", .int, .required)
            .unique(on: "household_id", "year")
            .create()
        try await database.schema(Sponsorship.schema)
            .id()
            .field("household_id", .uuid, .required, .references(Household.schema, "id"))
            .field("organisation_unit_id", .uuid, .required, .references(OrganisationUnit.schema, "id"))
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("version", .int, .required)
            .create()
        try await createIndexes(on: database)
    }

    /// Indexes and byte-order collation. Sort keys are ASCII strings whose byte order is the
    /// Vietnamese order; PostgreSQL must compare them bytewise (COLLATE "C"), which SQLite does anyway.
    private func createIndexes(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let statements = [
            "CREATE INDEX idx_households_commune ON households (commune_id)",
            "CREATE INDEX idx_households_sort ON households (head_sort_key)",
            "CREATE INDEX idx_members_household ON members (household_id)",
            "CREATE INDEX idx_surveys_household ON surveys (household_id, survey_date)",
            "CREATE INDEX idx_sponsorships_household ON sponsorships (household_id)",
            "CREATE INDEX idx_sponsorships_unit ON sponsorships (organisation_unit_id)",
        ]
        if sql.dialect.name == "postgresql" {
            for column in [("households", "head_sort_key"), ("members", "sort_key"),
                           ("administrative_units", "sort_key"), ("organisation_units", "sort_key")] {
                try await sql.raw("ALTER TABLE \(ident: column.0) ALTER COLUMN \(ident: column.1) TYPE TEXT COLLATE \"C\"").run()
            }
        }
        for statement in statements {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [Sponsorship.schema, Recognition.schema, Survey.schema, MemberEvent.schema, Member.schema, Household.schema] {
            try await database.schema(schema).delete()
        }
    }
}

/// Matching finds households by their members' citizen-ID numbers: without this index each
/// lookup read every member, and an import of a province read them all once per chunk.
struct IndexMemberIDNumbers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX idx_members_id_number ON members (id_number)").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX idx_members_id_number").run()
    }
}
