import Domain
import Fluent
import Vapor

enum ReclassificationError: Error {
    case unknownStandard(String)
    /// The data changed since the preview the person confirmed.
    case previewOutdated
}

enum ReclassificationService {
    /// Every active household's latest survey, classified under `standard`; nothing is stored.
    static func preview(standard: PovertyStandard, on db: any Database) async throws -> Reclassification.Preview {
        try await preview(standard: standard, of: latestSurveys(on: db))
    }

    /// Active households with their latest survey: read once, for the preview and the confirmation.
    private static func latestSurveys(on db: any Database) async throws -> [(household: Household, survey: Survey)] {
        let households = try await Household.query(on: db).filter(\.$archivedAt == nil).with(\.$commune).all()
        var latest: [UUID: Survey] = [:]
        for survey in try await Survey.query(on: db).sort(\.$surveyDate).all() { latest[survey.$household.id] = survey }
        return households.compactMap { household in household.id.flatMap { latest[$0] }.map { (household, $0) } }
    }

    private static func preview(standard: PovertyStandard, of pairs: [(household: Household, survey: Survey)]) -> Reclassification.Preview {
        let inputs = pairs.compactMap { household, survey -> Reclassification.Input? in
            guard let record = survey.record, let area = record.area ?? household.commune.area else { return nil }
            return .init(code: household.code, communeCode: household.commune.code,
                         current: household.computedStatus.flatMap(ComputedStatus.init(rawValue:)), record: record, area: area)
        }
        return Reclassification.preview(inputs, standard: standard)
    }

    /// Stores every household's result under `standard` and its new computed status, in one
    /// transaction, and records who confirmed. Refused when the preview no longer matches.
    /// The whole reclassification is one entry of the audit log, with its counts.
    static func confirm(standardID: String, fingerprint: String, by actor: AuditActor, displayName: String, catalog: StandardCatalog = .builtIn, on db: any Database) async throws -> ReclassificationRun {
        guard let standard = catalog.standard(id: standardID) else { throw ReclassificationError.unknownStandard(standardID) }
        return try await db.transaction { db in
            let pairs = try await latestSurveys(on: db)
            let preview = preview(standard: standard, of: pairs)
            guard preview.fingerprint == fingerprint else { throw ReclassificationError.previewOutdated }
            let now = Date()
            for (household, survey) in pairs {
                guard let classification = preview.results[household.code] else { continue }
                let surveyID = try survey.requireID()
                try await ClassificationResult.query(on: db).filter(\.$survey.$id == surveyID).filter(\.$standardID == standard.id).delete()
                let result = ClassificationResult(surveyID: surveyID, householdID: try household.requireID(), classification: classification, at: now)
                try await result.create(on: db)
                household.computedStatus = result.status
                household.computedDeprived = result.deprivedForFiltering
                try await household.save(on: db)
            }
            let run = ReclassificationRun(standardID: standard.id, userID: actor.userID, name: displayName, householdCount: preview.total,
                                          changedCount: preview.changes.count, fingerprint: fingerprint)
            try await run.create(on: db)
            let changes = preview.changes.map { change in
                JSONValue.object([("code", .string(change.code)), ("from", change.from.map { .string($0.rawValue) } ?? .null), ("to", .string(change.to.rawValue))])
            }
            try await AuditLog.record(.reclassification, entity: "standard", key: standard.id, by: actor,
                                      details: .object([("households", .integer(preview.total)), ("changed", .integer(preview.changes.count))]),
                                      after: .array(changes), on: db)
            return run
        }
    }
}
