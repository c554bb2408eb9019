import Domain
import Fluent
import Vapor

/// The result of classifying one survey under one standard. The explanation is not stored: it
/// is recomputed from the survey's stored facts, which classification reads and never changes.
final class ClassificationResult: Model, @unchecked Sendable {
    static let schema = "classification_results"

    @ID(key: .id) var id: UUID?
    @Parent(key: "survey_id") var survey: Survey
    @Parent(key: "household_id") var household: Household
    @Field(key: "standard_id") var standardID: String
    @Field(key: "status") var status: String
    @OptionalField(key: "income_basis") var incomeBasis: String?
    @OptionalField(key: "income_line") var incomeLine: Int?
    /// Indicator keys, comma-separated, in the standard's order.
    @Field(key: "deprived") var deprived: String
    @Field(key: "missing") var missing: String
    @Field(key: "deprivation_score") var deprivationScore: Int
    @Timestamp(key: "computed_at", on: .none) var computedAt: Date?

    init() {}

    init(surveyID: UUID, householdID: UUID, classification: Classification, at date: Date) {
        self.$survey.id = surveyID
        self.$household.id = householdID
        self.standardID = classification.standardID
        self.computedAt = date
        apply(classification)
    }

    func apply(_ classification: Classification) {
        let columns = ClassificationColumns(classification)
        standardID = columns.standardID
        status = columns.status
        incomeBasis = columns.incomeBasis
        incomeLine = columns.incomeLine
        deprived = columns.deprived
        missing = columns.missing
        deprivationScore = columns.deprivationScore
    }

    /// The form kept on the household for filtering by deprivation.
    var deprivedForFiltering: String { ClassificationColumns.deprivedForFiltering(deprived) }

    var deprivedKeys: [IndicatorKey] { deprived.split(separator: ",").compactMap { IndicatorKey(rawValue: String($0)) } }
}

struct CreateClassificationResults: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ClassificationResult.schema)
            .id()
            .field("survey_id", .uuid, .required, .references(Survey.schema, "id"))
            .field("household_id", .uuid, .required, .references(Household.schema, "id"))
            .field("standard_id", .string, .required)
            .field("status", .string, .required)
            .field("income_basis", .string)
            .field("income_line", .int64)
            .field("deprived", .string, .required)
            .field("missing", .string, .required)
            .field("deprivation_score", .int, .required)
            .field("computed_at", .datetime)
            .unique(on: "survey_id", "standard_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ClassificationResult.schema).delete()
    }
}

/// The household's copy of its latest result's deprivations, for the targeting groups.
struct AddComputedDeprivations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Household.schema).field("computed_deprived", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Household.schema).deleteField("computed_deprived").update()
    }
}
