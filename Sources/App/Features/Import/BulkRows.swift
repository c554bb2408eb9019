import Fluent
import Foundation
import SQLKit

/// A model written many rows at a time with the SQL builder's binds instead of Fluent's
/// `create`, which reflects over every instance and at a province's scale costs several times
/// what the database does. The values are the same Swift values Fluent would bind, encoded by
/// the same driver. `BulkRowTests` checks each list against the model's own fields.
protocol BulkRow: Model {
    static var columns: [String] { get }
    /// In the order of `columns`. Timestamps set on creation are given as `createdAt`.
    func values(createdAt: Date) throws -> [any Encodable & Sendable]
}

enum BulkInsert {
    /// Multi-row inserts that stay under the bind limits of SQLite (32,766) and PostgreSQL (65,535).
    /// Rows without an ID get a random one, as Fluent would give them.
    static func insert<Row: BulkRow>(_ rows: [Row], at date: Date, on db: any Database) async throws where Row.IDValue == UUID {
        for row in rows where row.id == nil { row.id = UUID() }
        guard let sql = db as? any SQLDatabase else {
            try await rows.create(on: db)
            return
        }
        for chunk in rows.chunked(into: max(1, 30_000 / Row.columns.count)) {
            var insert = sql.insert(into: Row.schema).columns(Row.columns)
            for row in chunk { insert = insert.values(try row.values(createdAt: date)) }
            try await insert.run()
        }
    }
}

extension Household: BulkRow {
    static let columns = [
        "id", "code", "commune_id", "hamlet", "address", "head_name", "head_sort_key", "search_text", "member_count",
        "recognised_status", "recognised_year", "computed_status", "computed_deprived", "archived_at", "archive_reason",
        "is_demo", "version", "created_at", "updated_at",
    ]

    func values(createdAt: Date) throws -> [any Encodable & Sendable] {
        [try requireID(), code, $commune.id, hamlet, address, headName, headSortKey, searchText, memberCount,
         recognisedStatus, recognisedYear, computedStatus, computedDeprived, archivedAt, archiveReason,
         isDemo, version, createdAt, createdAt]
    }
}

extension Member: BulkRow {
    static let columns = [
        "id", "household_id", "position", "name", "sort_key", "sex", "birth_date", "birth_year", "relation", "id_number",
        "ethnicity", "religion", "employment", "able_to_work", "disability", "monthly_allowance", "health_insurance",
        "malnourished", "education", "studying", "school_on_track", "uses_internet", "status", "version",
    ]

    func values(createdAt: Date) throws -> [any Encodable & Sendable] {
        [try requireID(), $household.id, position, name, sortKey, sex, birthDate, birthYear, relation, idNumber,
         ethnicity, religion, employment, ableToWork, disability, monthlyAllowance, healthInsurance,
         malnourished, education, studying, schoolOnTrack, usesInternet, status, version]
    }
}

extension Survey: BulkRow {
    static let columns = ["id", "household_id", "survey_date", "income_per_capita", "score_a", "facts", "version", "created_at"]

    func values(createdAt: Date) throws -> [any Encodable & Sendable] {
        [try requireID(), $household.id, surveyDate, incomePerCapita, scoreA, facts, version, createdAt]
    }
}

extension ClassificationResult: BulkRow {
    static let columns = [
        "id", "survey_id", "household_id", "standard_id", "status", "income_basis", "income_line", "deprived", "missing",
        "deprivation_score", "computed_at",
    ]

    func values(createdAt: Date) throws -> [any Encodable & Sendable] {
        [try requireID(), $survey.id, $household.id, standardID, status, incomeBasis, incomeLine, deprived, missing,
         deprivationScore, computedAt]
    }
}

extension Sponsorship: BulkRow {
    static let columns = ["id", "household_id", "organisation_unit_id", "starts_on", "ends_on", "version"]

    func values(createdAt: Date) throws -> [any Encodable & Sendable] {
        [try requireID(), $household.id, $organisationUnit.id, startsOn, endsOn, version]
    }
}
