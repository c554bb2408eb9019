import Domain
import Fluent
import Vapor

/// Writes the new households of a chunk into the import's transaction as bulk rows (on SQLite
/// multi-row inserts prepared once, on PostgreSQL a COPY per table); `ImportUpdates` writes those
/// that exist. The whole import is one entry of the audit log.
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
        static let member = ["id", "household_id", "position"] + memberRecord + ["status", "version"]
        /// What a member's record sets (`MemberColumns`).
        static let memberRecord = [
            "name", "sort_key", "sex", "birth_date", "birth_year", "relation", "id_number", "ethnicity", "religion", "employment",
            "able_to_work", "disability", "monthly_allowance", "health_insurance", "malnourished", "education", "studying",
            "school_on_track", "uses_internet",
        ]
        static let survey = ["id", "household_id", "survey_date", "income_per_capita", "score_a", "facts", "version", "created_at"]
        static let result = [
            "id", "survey_id", "household_id", "standard_id", "status", "income_basis", "income_line", "deprived", "missing",
            "deprivation_score", "computed_at",
        ]
        static let sponsorship = ["id", "household_id", "organisation_unit_id", "starts_on", "ends_on", "version"]
    }

    /// Households, members, surveys, their classification and sponsorships, in that order (each
    /// row's parent is written before it).
    static func insert(_ rows: NewRows, with writer: BulkWriter) async throws {
        try await writer.write([rows.households, rows.members, rows.surveys, rows.results, rows.sponsorships])
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
                people.append(HouseholdListing.Person(columns, position: position, status: MemberStatus.present.rawValue))
                appendNewMember(columns, id: ids.next(), householdID: householdID, position: position, to: &rows.members)
            }
            var computedStatus: String?
            var computedDeprived: String?
            if record.surveyDate != nil {
                let (survey, result) = classifiedSurvey(record, commune: entry.commune)
                let surveyID = ids.next()
                rows.surveys.append(newSurveyRow(survey, id: surveyID, householdID: householdID, at: createdAt))
                if let result {
                    rows.results.append(resultRow(result, id: ids.next(), surveyID: surveyID, householdID: householdID, at: createdAt))
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

    /// A dated record's survey, and its classification when a standard covers the survey's date.
    static func classifiedSurvey(_ record: HouseholdRecord, commune: AdministrativeUnit) -> (SurveyColumns, ClassificationColumns?) {
        let snapshot = HouseholdService.snapshot(record, commune: commune)
        return (SurveyColumns(snapshot), classification(of: snapshot))
    }

    /// A survey's classification (`snapshot` as `HouseholdService.snapshot` makes it), when a standard covers its date.
    static func classification(of snapshot: HouseholdRecord) -> ClassificationColumns? {
        guard let standard = ClassificationService.standard(for: snapshot), let area = snapshot.area else { return nil }
        return ClassificationColumns(Classifier.classify(snapshot, standard: standard, area: area))
    }

    /// A member's first row (`Columns.member`): present, version 1.
    static func appendNewMember(_ columns: MemberColumns, id: UUID, householdID: UUID, position: Int, to rows: inout BulkRows) {
        rows.append { row in
            row.append(.uuid(id))
            row.append(.uuid(householdID))
            row.append(.integer(position))
            columns.appendValues(to: &row)
            row.append(.text(MemberStatus.present.rawValue))
            row.append(.integer(1))
        }
    }

    /// A survey's first row (`Columns.survey`).
    static func newSurveyRow(_ survey: SurveyColumns, id: UUID, householdID: UUID, at time: BulkValue) -> [BulkValue] {
        [
            .uuid(id), .uuid(householdID), .text(survey.surveyDate), BulkValue(survey.incomePerCapita), BulkValue(survey.scoreA),
            .utf8(survey.factsUTF8), .integer(1), time,
        ]
    }

    static func resultRow(_ result: ClassificationColumns, id: UUID, surveyID: UUID, householdID: UUID, at time: BulkValue) -> [BulkValue] {
        [
            .uuid(id), .uuid(surveyID), .uuid(householdID), .text(result.standardID), .text(result.status),
            BulkValue(result.incomeBasis), BulkValue(result.incomeLine), .text(result.deprived), .text(result.missing),
            .integer(result.deprivationScore), time,
        ]
    }
}

extension MemberColumns {
    /// The values of `ImportWriter.Columns.memberRecord`, in order.
    func appendValues(to row: inout [BulkValue]) {
        row.append(.text(name))
        row.append(.text(sortKey))
        row.append(BulkValue(sex))
        row.append(BulkValue(birthDate))
        row.append(BulkValue(birthYear))
        row.append(BulkValue(relation))
        row.append(BulkValue(idNumber))
        row.append(BulkValue(ethnicity))
        row.append(BulkValue(religion))
        row.append(BulkValue(employment))
        row.append(BulkValue(ableToWork))
        row.append(BulkValue(disability))
        row.append(BulkValue(monthlyAllowance))
        row.append(BulkValue(healthInsurance))
        row.append(BulkValue(malnourished))
        row.append(BulkValue(education))
        row.append(BulkValue(studying))
        row.append(BulkValue(schoolOnTrack))
        row.append(BulkValue(usesInternet))
    }
}
