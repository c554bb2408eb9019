import Domain
import Fluent
import Vapor

/// Writes the plan of a chunk into the import's transaction: new households by multi-row
/// inserts (one statement per few hundred rows, not one per row); households that exist are
/// updated as the API's PUT does. The whole import is one entry of the audit log.
enum ImportWriter {
    static func write(_ plan: ImportPlan, of chunk: ImportChunk, scope: AccessScope, today: LocalDate, on db: any Database) async throws {
        try await create(plan.creates, of: chunk, scope: scope, today: today, on: db)
        for entry in plan.updates {
            guard let household = entry.existing else { continue }
            household.version += 1
            try await HouseholdService.applyReplacement(household, with: chunk.records[entry.index], commune: entry.commune, today: today, on: db)
        }
    }

    static func recordInAudit(_ tally: ImportTally, jobID: UUID, fileNames: String, by actor: AuditActor, on db: any Database) async throws {
        try await AuditLog.record(.householdImport, entity: "import", key: jobID.uuidString, by: actor, details: .object([
            ("files", .string(fileNames)), ("created", .integer(tally.creates)), ("updated", .integer(tally.updates)),
            ("heldBackAsDuplicates", .integer(tally.duplicates.count)), ("invalidRowsLeftOut", .integer(tally.issues.count)),
        ]), after: .array(tally.writtenCodes.map { .string($0) }), on: db)
    }

    /// Households, members, surveys and their classification, each table in multi-row inserts.
    private static func create(_ entries: [ImportPlan.Entry], of chunk: ImportChunk, scope: AccessScope, today: LocalDate, on db: any Database) async throws {
        var households: [Household] = [], members: [Member] = [], surveys: [Survey] = [], results: [ClassificationResult] = []
        var sponsorships: [Sponsorship] = []
        let now = Date()
        for entry in entries {
            let record = chunk.records[entry.index]
            let householdID = UUID()
            let household = Household(code: record.code, communeID: try entry.commune.requireID(), hamlet: record.hamlet?.nonEmpty, address: record.address?.nonEmpty)
            household.id = householdID
            let own = record.members.enumerated().map { position, member in
                let row = Member(householdID: householdID, position: position, record: member)
                row.id = UUID()
                return row
            }
            household.refreshDerivedFields(members: own)
            if record.surveyDate != nil {
                let snapshot = HouseholdService.snapshot(record, commune: entry.commune)
                let survey = Survey(householdID: householdID, record: snapshot)
                let surveyID = UUID()
                survey.id = surveyID
                surveys.append(survey)
                if let standard = ClassificationService.standard(for: snapshot), let area = snapshot.area {
                    let result = ClassificationResult(surveyID: surveyID, householdID: householdID,
                                                      classification: Classifier.classify(snapshot, standard: standard, area: area), at: now)
                    results.append(result)
                    household.computedStatus = result.status
                    household.computedDeprived = result.deprivedForFiltering
                }
            }
            if let unitID = scope.creatingUnitID {
                sponsorships.append(Sponsorship(householdID: householdID, organisationUnitID: unitID, startsOn: today, endsOn: nil))
            }
            households.append(household)
            members += own
        }
        try await insert(households, columns: 19, on: db)
        try await insert(members, columns: 24, on: db)
        try await insert(surveys, columns: 8, on: db)
        try await insert(results, columns: 11, on: db)
        try await insert(sponsorships, columns: 6, on: db)
    }

    /// Multi-row inserts that stay under the bind limits of SQLite (32,766) and PostgreSQL (65,535).
    private static func insert<M: Model>(_ models: [M], columns: Int, on db: any Database) async throws {
        for chunk in models.chunked(into: max(1, 30_000 / columns)) {
            try await Array(chunk).create(on: db)
        }
    }
}
