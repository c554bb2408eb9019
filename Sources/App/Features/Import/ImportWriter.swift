import Domain
import Fluent
import Vapor

/// Writes the plan of a chunk into the import's transaction: new households by multi-row
/// inserts (one statement per thousand rows or so, not one per row); households that exist are
/// updated as the API's PUT does. The whole import is one entry of the audit log.
enum ImportWriter {
    /// The rows of a chunk's new households, built before they are inserted.
    struct NewRows: Sendable {
        var households: [Household] = []
        var members: [Member] = []
        var surveys: [Survey] = []
        var results: [ClassificationResult] = []
        var sponsorships: [Sponsorship] = []
        let createdAt: Date
    }

    static func update(_ entries: [ImportPlan.Entry], of chunk: ImportChunk, today: LocalDate, on db: any Database) async throws {
        for entry in entries {
            guard let household = entry.existing else { continue }
            household.version += 1
            try await HouseholdService.applyReplacement(household, with: chunk.records[entry.index], commune: entry.commune, today: today, on: db)
        }
    }

    /// Households, members, surveys and their classification, each table in multi-row inserts.
    static func insert(_ rows: NewRows, on db: any Database) async throws {
        try await BulkInsert.insert(rows.households, at: rows.createdAt, on: db)
        try await BulkInsert.insert(rows.members, at: rows.createdAt, on: db)
        try await BulkInsert.insert(rows.surveys, at: rows.createdAt, on: db)
        try await BulkInsert.insert(rows.results, at: rows.createdAt, on: db)
        try await BulkInsert.insert(rows.sponsorships, at: rows.createdAt, on: db)
    }

    static func recordInAudit(_ tally: ImportTally, jobID: UUID, fileNames: String, by actor: AuditActor, on db: any Database) async throws {
        try await AuditLog.record(.householdImport, entity: "import", key: jobID.uuidString, by: actor, details: .object([
            ("files", .string(fileNames)), ("created", .integer(tally.creates)), ("updated", .integer(tally.updates)),
            ("heldBackAsDuplicates", .integer(tally.duplicates.count)), ("invalidRowsLeftOut", .integer(tally.issues.count)),
        ]), after: .array(tally.writtenCodes.map { .string($0) }), on: db)
    }

    /// The new households of a plan as rows, every survey classified.
    static func newRows(_ entries: [ImportPlan.Entry], of chunk: ImportChunk, scope: AccessScope, today: LocalDate) throws -> NewRows {
        var rows = NewRows(createdAt: Date())
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
                rows.surveys.append(survey)
                if let standard = ClassificationService.standard(for: snapshot), let area = snapshot.area {
                    let result = ClassificationResult(surveyID: surveyID, householdID: householdID,
                                                      classification: Classifier.classify(snapshot, standard: standard, area: area), at: rows.createdAt)
                    rows.results.append(result)
                    household.computedStatus = result.status
                    household.computedDeprived = result.deprivedForFiltering
                }
            }
            if let unitID = scope.creatingUnitID {
                rows.sponsorships.append(Sponsorship(householdID: householdID, organisationUnitID: unitID, startsOn: today, endsOn: nil))
            }
            rows.households.append(household)
            rows.members += own
        }
        return rows
    }
}
