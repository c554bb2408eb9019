import Domain
import Fluent
import Vapor

/// Classifies stored surveys with the standards engine and keeps the household's computed
/// status (that of its latest survey) up to date.
enum ClassificationService {
    /// The standard a survey falls under (review-round rule of `domain.md` §3), or nil when no
    /// supported standard covers its date.
    static func standard(for record: HouseholdRecord, catalog: StandardCatalog = .builtIn) -> PovertyStandard? {
        record.surveyDate.flatMap { catalog.standard(forSurveyOn: $0) }
    }

    /// Stores (or replaces) the result of `survey` under its standard; nil when none applies.
    @discardableResult
    static func classify(_ survey: Survey, area: Area?, catalog: StandardCatalog = .builtIn, isNew: Bool = false, on db: any Database) async throws -> ClassificationResult? {
        let surveyID = try survey.requireID()
        if !isNew {
            try await ClassificationResult.query(on: db).filter(\.$survey.$id == surveyID).delete()
        }
        guard let record = survey.record, let standard = standard(for: record, catalog: catalog),
              let area = record.area ?? area else { return nil }
        let classification = Classifier.classify(record, standard: standard, area: area)
        let result = ClassificationResult(surveyID: surveyID, householdID: survey.$household.id, classification: classification, at: Date())
        try await result.create(on: db)
        return result
    }

    /// The household's computed status is its latest survey's latest result (a survey
    /// reclassified under a newer standard keeps the result of the older one too). Ties are
    /// broken by creation and key, so that every path that recomputes it agrees (`ImportUpdates`).
    static func refreshComputedStatus(_ household: Household, on db: any Database) async throws {
        let householdID = try household.requireID()
        let latest = try await Survey.query(on: db).filter(\.$household.$id == householdID)
            .sort(\.$surveyDate, .descending).sort(\.$createdAt, .descending).sort(\.$id, .descending).first()
        var result: ClassificationResult?
        if let latest {
            result = try await ClassificationResult.query(on: db).filter(\.$survey.$id == latest.requireID())
                .sort(\.$computedAt, .descending).sort(\.$id, .descending).first()
        }
        household.computedStatus = result?.status
        household.computedDeprived = result?.deprivedForFiltering
        try await household.save(on: db)
    }
}
