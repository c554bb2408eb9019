import Domain
import Fluent
import SQLKit
import Vapor

/// The households of a chunk that are registered already, changed as the API's PUT changes one
/// (`HouseholdService.applyReplacement`), a chunk at a time: their members and surveys are read
/// in two queries, and every change is written as bulk rows. Through the models, each household
/// took about ten queries and the models' reflection: 50,000 updates took 500 s.
enum ImportUpdates {
    static func write(_ entries: [ImportPlan.Entry], of chunk: ImportChunk, today: LocalDate, ids: inout TimeOrderedIDs,
                      with writer: BulkWriter, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        let householdIDs = entries.compactMap(\.existing?.id)
        let members = try await registeredMembers(of: householdIDs, on: db)
        let surveys = try await registeredSurveys(of: householdIDs, on: db)
        var changes = Changes(now: Date())
        // The households as the check read them, locked then when on PostgreSQL (`ImportChecker`).
        for entry in entries {
            guard let household = entry.existing else { continue }
            try changes.add(chunk.records[entry.index], to: household, commune: entry.commune, members: members[household.id] ?? [],
                            surveys: surveys[household.id] ?? [], today: today, ids: &ids)
        }
        for surveyIDs in changes.reclassifiedSurveys.chunked(into: lookupChunk) {
            try await sql.delete(from: ClassificationResult.schema).where("survey_id", .in, Array(surveyIDs)).run()
        }
        try await writer.write(changes.inWritingOrder)
    }

    /// Values per `IN (…)`: well under the bind limits of SQLite and PostgreSQL.
    private static let lookupChunk = 5_000

    /// What the changes need of a registered member: whether the rest of its columns change
    /// is left to the database (`updateWhereChanged`), which compares them where they are.
    struct RegisteredMember {
        let id: UUID
        let position: Int
        let name: String
        let sortKey: String
        let relation: String?
        let idNumber: String?
        let birthYear: Int?
        let status: String

        var known: MemberPairing.Known { MemberPairing.Known(name: name, idNumber: idNumber, birthYear: birthYear) }

        func person(status: String) -> HouseholdListing.Person {
            HouseholdListing.Person(position: position, name: name, sortKey: sortKey, relation: relation, status: status, idNumber: idNumber)
        }
    }

    struct RegisteredSurvey {
        let id: UUID
        let surveyDate: String
        let createdAt: Date?
        let facts: String

        /// Later in the order `ClassificationService.refreshComputedStatus` takes the latest by.
        func isLater(than other: RegisteredSurvey) -> Bool {
            let (mine, theirs) = (createdAt ?? .distantPast, other.createdAt ?? .distantPast)
            if surveyDate != other.surveyDate { return surveyDate > other.surveyDate }
            if mine != theirs { return mine > theirs }
            return id.uuidString > other.id.uuidString
        }
    }

    /// Each household's members in order of position.
    private static func registeredMembers(of householdIDs: [UUID], on db: any Database) async throws -> [UUID: [RegisteredMember]] {
        var result: [UUID: [RegisteredMember]] = [:]
        for ids in householdIDs.chunked(into: lookupChunk) {
            try await db.selectRows(["id", "household_id", "position", "name", "sort_key", "relation", "id_number", "birth_year", "status"],
                                    from: Member.schema, keyedBy: "household_id", in: Array(ids), orderedBy: ["position"]) { row in
                let member = RegisteredMember(
                    id: try row.uuid("id"), position: try row.requiredInteger("position"), name: try row.requiredText("name"), sortKey: try row.requiredText("sort_key"),
                    relation: try row.text("relation"), idNumber: try row.text("id_number"), birthYear: try row.integer("birth_year"),
                    status: try row.requiredText("status"))
                result[try row.uuid("household_id"), default: []].append(member)
            }
        }
        return result
    }

    private static func registeredSurveys(of householdIDs: [UUID], on db: any Database) async throws -> [UUID: [RegisteredSurvey]] {
        var result: [UUID: [RegisteredSurvey]] = [:]
        for ids in householdIDs.chunked(into: lookupChunk) {
            // In the order the PUT picks which of several surveys of one date to replace.
            try await db.selectRows(["id", "household_id", "survey_date", "created_at", "facts"], from: Survey.schema, keyedBy: "household_id",
                                    in: Array(ids), orderedBy: ["created_at", "id"]) { row in
                let survey = RegisteredSurvey(id: try row.uuid("id"), surveyDate: try row.requiredText("survey_date"),
                                              createdAt: try row.date("created_at"), facts: try row.requiredText("facts"))
                result[try row.uuid("household_id"), default: []].append(survey)
            }
        }
        return result
    }

    /// A chunk's changes as rows, each table's in the shape of its change.
    struct Changes {
        enum Columns {
            static let member = ["id"] + ImportWriter.Columns.memberRecord
            static let memberStatus = ["id", "status"]
            static let event = ["id", "household_id", "member_id", "kind", "event_date", "note", "created_at"]
            static let survey = ["id", "survey_date", "income_per_capita", "score_a", "facts"]
            static let household = [
                "id", "commune_id", "hamlet", "address", "head_name", "head_sort_key", "search_text", "member_count",
                "computed_status", "computed_deprived", "updated_at",
            ]
        }

        var updatedMembers = BulkRows(table: Member.schema, columns: Columns.member, change: .updateWhereChanged)
        var departedMembers = BulkRows(table: Member.schema, columns: Columns.memberStatus, change: .update)
        var newMembers = BulkRows(table: Member.schema, columns: ImportWriter.Columns.member)
        var events = BulkRows(table: MemberEvent.schema, columns: Columns.event)
        var updatedSurveys = BulkRows(table: Survey.schema, columns: Columns.survey, change: .update)
        var newSurveys = BulkRows(table: Survey.schema, columns: ImportWriter.Columns.survey)
        var results = BulkRows(table: ClassificationResult.schema, columns: ImportWriter.Columns.result)
        var households = BulkRows(table: Household.schema, columns: Columns.household, change: .update)
        /// Surveys replaced: their results are deleted before the new ones are written.
        var reclassifiedSurveys: [UUID] = []
        let now: BulkValue

        init(now: Date) { self.now = .timestamp(now) }

        /// Members and surveys before the events and results that refer to them, the household last.
        var inWritingOrder: [BulkRows] {
            [updatedMembers, departedMembers, newMembers, events, updatedSurveys, newSurveys, results, households]
        }

        mutating func add(_ record: HouseholdRecord, to household: ImportPlan.RegisteredHousehold, commune: AdministrativeUnit, members: [RegisteredMember],
                          surveys: [RegisteredSurvey], today: LocalDate, ids: inout TimeOrderedIDs) throws {
            let householdID = household.id
            var people = members.map { $0.person(status: $0.status) }
            let present = members.indices.filter { members[$0].status == MemberStatus.present.rawValue }
            let pairing = MemberPairing.pair(record.members, with: present.map { members[$0].known })
            var nextPosition = (members.map(\.position).max() ?? -1) + 1
            for (memberRecord, partner) in zip(record.members, pairing.partners) {
                let columns = MemberColumns(memberRecord)
                if let partner {
                    let member = members[present[partner]]
                    updatedMembers.append { row in
                        row.append(.uuid(member.id))
                        columns.appendValues(to: &row)
                    }
                    people[present[partner]] = HouseholdListing.Person(columns, position: member.position, status: member.status)
                } else {
                    ImportWriter.appendNewMember(columns, id: ids.next(), householdID: householdID, position: nextPosition, to: &newMembers)
                    people.append(HouseholdListing.Person(columns, position: nextPosition, status: MemberStatus.present.rawValue))
                    nextPosition += 1
                }
            }
            let eventDate = (record.surveyDate ?? today).iso
            for index in pairing.unpaired.map({ present[$0] }) {
                let member = members[index]
                departedMembers.append([.uuid(member.id), .text(MemberStatus.movedAway.rawValue)])
                events.append([.uuid(ids.next()), .uuid(householdID), .uuid(member.id), .text(MemberEventKind.movedAway.rawValue),
                               .text(eventDate), .null, now])
                people[index] = member.person(status: MemberStatus.movedAway.rawValue)
            }

            let computed = addSurvey(of: record, to: household, commune: commune, registered: surveys, ids: &ids)
            let listing = HouseholdListing(code: household.code, members: people.sorted { $0.position < $1.position })
            households.append([
                .uuid(householdID), .uuid(try commune.requireID()), BulkValue(record.hamlet?.nonEmpty), BulkValue(record.address?.nonEmpty),
                .text(listing.headName), .text(listing.headSortKey), .text(listing.searchText), .integer(listing.memberCount),
                BulkValue(computed.status), BulkValue(computed.deprived), now,
            ])
        }

        /// The record's survey and its result, unless registered as it is (then it stays, with its
        /// results, as the PUT keeps it). Returns the household's computed status after it: the
        /// latest survey's latest result — this survey's unless a later one is registered;
        /// otherwise as stored, which that rule keeps.
        private mutating func addSurvey(of record: HouseholdRecord, to household: ImportPlan.RegisteredHousehold, commune: AdministrativeUnit,
                                        registered surveys: [RegisteredSurvey], ids: inout TimeOrderedIDs) -> (status: String?, deprived: String?) {
            let stored = (status: household.computedStatus, deprived: household.computedDeprived)
            guard let surveyDate = record.surveyDate?.iso else { return stored }
            let snapshot = HouseholdService.snapshot(record, commune: commune)
            let survey = SurveyColumns(snapshot)
            let registered = surveys.first { $0.surveyDate == surveyDate }
            if let registered, registered.facts == survey.facts { return stored }
            let result = ImportWriter.classification(of: snapshot)
            let surveyID: UUID
            let isLatest: Bool
            if let registered {
                surveyID = registered.id
                updatedSurveys.append([.uuid(surveyID), .text(survey.surveyDate), BulkValue(survey.incomePerCapita),
                                       BulkValue(survey.scoreA), .utf8(survey.factsUTF8)])
                reclassifiedSurveys.append(surveyID)
                isLatest = !surveys.contains { $0.id != registered.id && $0.isLater(than: registered) }
            } else {
                surveyID = ids.next()
                newSurveys.append(ImportWriter.newSurveyRow(survey, id: surveyID, householdID: household.id, at: now))
                isLatest = !surveys.contains { $0.surveyDate > surveyDate }
            }
            if let result {
                results.append(ImportWriter.resultRow(result, id: ids.next(), surveyID: surveyID, householdID: household.id, at: now))
            }
            return isLatest ? (result?.status, result.map { ClassificationColumns.deprivedForFiltering($0.deprived) }) : stored
        }
    }
}
