import Domain
import Fluent
import Vapor

/// Writes the plan of a chunk into the import's transaction: new households as bulk rows (on
/// SQLite multi-row inserts prepared once, on PostgreSQL a COPY per table);
/// households that exist are updated as the API's PUT does. The whole import is one entry of
/// the audit log.
enum ImportWriter {
    /// The rows of a chunk's new households, built before they are inserted.
    struct NewRows: Sendable {
        var households = BulkRows(table: Household.schema, columns: Columns.household)
        var members = BulkRows(table: Member.schema, columns: Columns.member)
        var surveys = BulkRows(table: Survey.schema, columns: Columns.survey)
        var results = BulkRows(table: ClassificationResult.schema, columns: Columns.result)
        var sponsorships = BulkRows(table: Sponsorship.schema, columns: Columns.sponsorship)
        let createdAt: Date

        /// Room for every row at once: grown by doubling, the value arrays were copied over and over.
        mutating func reserve(households: Int, members: Int) {
            self.households.reserve(rows: households)
            self.members.reserve(rows: members)
            surveys.reserve(rows: households)
            results.reserve(rows: households)
        }
    }

    /// Each table's columns, in the order `newRows` gives their values.
    enum Columns {
        static let household = [
            "id", "code", "commune_id", "hamlet", "address", "head_name", "head_sort_key", "search_text", "member_count",
            "recognised_status", "recognised_year", "computed_status", "computed_deprived", "archived_at", "archive_reason",
            "is_demo", "version", "created_at", "updated_at",
        ]
        static let member = [
            "id", "household_id", "position", "name", "sort_key", "sex", "birth_date", "birth_year", "relation", "id_number",
            "ethnicity", "religion", "employment", "able_to_work", "disability", "monthly_allowance", "health_insurance",
            "malnourished", "education", "studying", "school_on_track", "uses_internet", "status", "version",
        ]
        static let survey = ["id", "household_id", "survey_date", "income_per_capita", "score_a", "facts", "version", "created_at"]
        static let result = [
            "id", "survey_id", "household_id", "standard_id", "status", "income_basis", "income_line", "deprived", "missing",
            "deprivation_score", "computed_at",
        ]
        static let sponsorship = ["id", "household_id", "organisation_unit_id", "starts_on", "ends_on", "version"]
    }

    static func update(_ entries: [ImportPlan.Entry], of chunk: ImportChunk, today: LocalDate, on db: any Database) async throws {
        for entry in entries {
            guard let household = entry.existing else { continue }
            household.version += 1
            try await HouseholdService.applyReplacement(household, with: chunk.records[entry.index], commune: entry.commune, today: today, on: db)
        }
    }

    /// Households, members, surveys, their classification and sponsorships, in that order (each
    /// row's parent is written before it).
    static func insert(_ rows: NewRows, with writer: BulkWriter) async throws {
        for table in [rows.households, rows.members, rows.surveys, rows.results, rows.sponsorships] {
            try await writer.write(table)
        }
    }

    static func recordInAudit(_ tally: ImportTally, jobID: UUID, fileNames: String, by actor: AuditActor, on db: any Database) async throws {
        try await AuditLog.record(.householdImport, entity: "import", key: jobID.uuidString, by: actor, details: .object([
            ("files", .string(fileNames)), ("created", .integer(tally.creates)), ("updated", .integer(tally.updates)),
            ("heldBackAsDuplicates", .integer(tally.duplicates.count)), ("invalidRowsLeftOut", .integer(tally.issues.count)),
        ]), after: .array(tally.writtenCodes.map { .string($0) }), on: db)
    }

    /// The new households of a plan as rows, every survey classified. The columns are derived
    /// as the models derive them (`MemberColumns`, `HouseholdListing`, …) without building models.
    static func newRows(_ entries: [ImportPlan.Entry], of chunk: ImportChunk, scope: AccessScope, today: LocalDate,
                        ids: inout TimeOrderedIDs) throws -> NewRows {
        var rows = NewRows(createdAt: Date())
        rows.reserve(households: entries.count, members: entries.reduce(0) { $0 + chunk.records[$1.index].members.count })
        let createdAt = BulkValue.timestamp(rows.createdAt)
        let version = BulkValue.integer(1)
        for entry in entries {
            let record = chunk.records[entry.index]
            let householdID = ids.next()
            var people: [HouseholdListing.Person] = []
            people.reserveCapacity(record.members.count)
            for (position, member) in record.members.enumerated() {
                let columns = MemberColumns(member)
                people.append(.init(position: position, name: columns.name, sortKey: columns.sortKey, relation: columns.relation,
                                    status: MemberStatus.present.rawValue, idNumber: columns.idNumber))
                rows.members.append([
                    .uuid(ids.next()), .uuid(householdID), .integer(position), .text(columns.name), .text(columns.sortKey),
                    BulkValue(columns.sex), BulkValue(columns.birthDate), BulkValue(columns.birthYear), BulkValue(columns.relation),
                    BulkValue(columns.idNumber), BulkValue(columns.ethnicity), BulkValue(columns.religion), BulkValue(columns.employment),
                    BulkValue(columns.ableToWork), BulkValue(columns.disability), BulkValue(columns.monthlyAllowance),
                    BulkValue(columns.healthInsurance), BulkValue(columns.malnourished), BulkValue(columns.education),
                    BulkValue(columns.studying), BulkValue(columns.schoolOnTrack), BulkValue(columns.usesInternet),
                    .text(MemberStatus.present.rawValue), version,
                ])
            }
            var computedStatus: String?
            var computedDeprived: String?
            if record.surveyDate != nil {
                let snapshot = HouseholdService.snapshot(record, commune: entry.commune)
                let survey = SurveyColumns(snapshot)
                let surveyID = ids.next()
                rows.surveys.append([
                    .uuid(surveyID), .uuid(householdID), .text(survey.surveyDate), BulkValue(survey.incomePerCapita),
                    BulkValue(survey.scoreA), .text(survey.facts), version, createdAt,
                ])
                if let standard = ClassificationService.standard(for: snapshot), let area = snapshot.area {
                    let result = ClassificationColumns(Classifier.classify(snapshot, standard: standard, area: area))
                    rows.results.append([
                        .uuid(ids.next()), .uuid(surveyID), .uuid(householdID), .text(result.standardID), .text(result.status),
                        BulkValue(result.incomeBasis), BulkValue(result.incomeLine), .text(result.deprived), .text(result.missing),
                        .integer(result.deprivationScore), createdAt,
                    ])
                    computedStatus = result.status
                    computedDeprived = ClassificationColumns.deprivedForFiltering(result.deprived)
                }
            }
            if let unitID = scope.creatingUnitID {
                rows.sponsorships.append([.uuid(ids.next()), .uuid(householdID), .uuid(unitID), .text(today.iso), .null, version])
            }
            let listing = HouseholdListing(code: record.code, members: people)
            rows.households.append([
                .uuid(householdID), .text(record.code), .uuid(try entry.commune.requireID()), BulkValue(record.hamlet?.nonEmpty),
                BulkValue(record.address?.nonEmpty), .text(listing.headName), .text(listing.headSortKey), .text(listing.searchText),
                .integer(listing.memberCount), .null, .null, BulkValue(computedStatus), BulkValue(computedDeprived), .null, .null,
                .bool(false), version, createdAt, createdAt,
            ])
        }
        return rows
    }
}
