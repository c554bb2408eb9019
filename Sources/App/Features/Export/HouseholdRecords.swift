import Domain
import Fluent
import Foundation
import FluentPostgresDriver
import FluentSQLiteDriver
import NIOConcurrencyHelpers

/// What a household's record takes from its own row: the rest comes from its members and its
/// latest survey.
struct ListedHousehold: Sendable {
    let id: UUID
    let code: String
    let communeID: UUID
    let hamlet: String?
    let address: String?
}

extension ListedHousehold {
    init(_ household: Household) throws {
        self.init(id: try household.requireID(), code: household.code, communeID: household.$commune.id,
                  hamlet: household.hamlet, address: household.address)
    }
}

/// A household's latest survey: the last by date, then creation and key, as
/// `ClassificationService.refreshComputedStatus` takes it.
struct LatestSurvey: Sendable {
    let id: UUID
    let surveyDate: String
    /// Nil when only which survey is the latest was asked for.
    let facts: String?

    var record: HouseholdRecord? { facts.flatMap(SurveyColumns.record(facts:)) }
}

/// The interchange records of many households at once (their current members and latest
/// survey), read a thousand households at a time in a few queries, as rows rather than models:
/// at a province's scale (250,000 households, a million members) building a model per row took
/// minutes.
enum HouseholdRecords {
    /// Households read at a time: a few queries each, of bounded size.
    static let chunkSize = 1_000

    /// The households `query` selects, in its order: only the columns a record takes.
    static func listed(_ query: QueryBuilder<Household>) async throws -> [ListedHousehold] {
        try await rows(of: query.copy().field(\.$id).field(\.$code).field(\.$commune.$id).field(\.$hamlet).field(\.$address)) { row in
            ListedHousehold(
                id: try uuid("id", of: row), code: try row.decode("code", as: String.self), communeID: try uuid("commune_id", of: row),
                hamlet: try row.decode("hamlet", as: String?.self), address: try row.decode("address", as: String?.self))
        }
    }

    /// A key read as its text and parsed by `UUID(text:)`: decoded as a `UUID`, each of a
    /// province's 500,000 keys went through `sscanf`, before the export sends its first row.
    private static func uuid(_ column: FieldKey, of row: any DatabaseOutput) throws -> UUID {
        try UUID(stored: try row.decode(column, as: String.self), column: column.description)
    }

    /// The present members of the query's households, from the count each keeps. Added up
    /// here: SQL's SUM of a bigint is a `numeric` on PostgreSQL, which no `Int` decodes.
    static func memberCount(_ query: QueryBuilder<Household>) async throws -> Int {
        try await rows(of: query.copy().field(\.$memberCount)) { try $0.decode("member_count", as: Int.self) }.reduce(0, +)
    }

    /// Each row of `query` as `decode` reads it, without making models; the first failure is thrown.
    private static func rows<Value: Sendable>(
        of query: QueryBuilder<Household>, _ decode: @escaping @Sendable (any DatabaseOutput) throws -> Value
    ) async throws -> [Value] {
        let read = NIOLockedValueBox<(values: [Value], failure: (any Error)?)>(([], nil))
        try await query.run { output in
            do {
                let value = try decode(output.schema(Household.schema))
                read.withLockedValue { $0.values.append(value) }
            } catch {
                read.withLockedValue { $0.failure = $0.failure ?? error }
            }
        }
        let (values, failure) = read.withLockedValue { $0 }
        if let failure { throw failure }
        return values
    }

    static func load(_ households: [ListedHousehold], on db: any Database) async throws -> [HouseholdRecord] {
        var records: [HouseholdRecord] = []
        records.reserveCapacity(households.count)
        try await forEachChunk(of: households, on: db) { chunkRecords, _, _ in records += chunkRecords }
        return records
    }

    /// What of a record is read besides its household's row.
    struct Parts: OptionSet, Sendable {
        let rawValue: Int
        static let members = Parts(rawValue: 1)
        /// The facts of the latest survey (income, indicators, housing, …).
        static let survey = Parts(rawValue: 2)
        /// Which survey is the latest, and its date, without its facts (a province's are 450 MB).
        static let latestSurvey = Parts(rawValue: 4)
        static let all: Parts = [.members, .survey]
    }

    /// The records of `households` a chunk at a time, in their order, each chunk given with its
    /// households and their latest surveys by household (none unless `parts` has one of them).
    /// A table of households needs no members, a table of members no survey.
    /// The next chunk is read while `body` takes this one: an export's reading (queries, decoding
    /// the facts) and its writing (encoding, compressing) each keep a core busy.
    static func forEachChunk(
        of households: [ListedHousehold], on db: any Database, chunkSize: Int = chunkSize, reading parts: Parts = .all,
        _ body: ([HouseholdRecord], ArraySlice<ListedHousehold>, [UUID: LatestSurvey]) async throws -> Void
    ) async throws {
        let communes = try await AdministrativeUnit.query(on: db).filter(\.$id ~~ Set(households.map(\.communeID))).all()
        let communesByID = Dictionary(try communes.map { (try $0.requireID(), (code: $0.code, area: $0.area)) }, uniquingKeysWith: { first, _ in first })
        @Sendable func read(_ chunk: ArraySlice<ListedHousehold>) async throws -> (records: [HouseholdRecord], latest: [UUID: LatestSurvey]) {
            let ids = chunk.map(\.id)
            let members = parts.contains(.members) ? try await presentMembers(of: ids, on: db) : [:]
            let latest = parts.isDisjoint(with: [.survey, .latestSurvey]) ? [:]
                : try await latestSurveys(of: ids, withFacts: parts.contains(.survey), on: db)
            let records = chunk.map { household in
                let commune = communesByID[household.communeID]
                var record = latest[household.id]?.record ?? HouseholdRecord(code: household.code)
                record.code = household.code
                record.communeCode = commune?.code
                record.area = record.area ?? commune?.area
                record.hamlet = household.hamlet
                record.address = household.address
                record.members = members[household.id] ?? []
                return record
            }
            return (records, latest)
        }
        let chunks = households.chunked(into: chunkSize)
        var upcoming = chunks.first.map { chunk in Task { try await read(chunk) } }
        do {
            for (index, chunk) in chunks.enumerated() {
                guard let (records, latest) = try await upcoming?.value else { break }
                upcoming = index + 1 < chunks.count ? Task { [next = chunks[index + 1]] in try await read(next) } : nil
                try await body(records, chunk, latest)
            }
        } catch {
            // No query of this export goes on after it.
            upcoming?.cancel()
            _ = try? await upcoming?.value
            throw error
        }
    }

    /// The present members of each household, in their order.
    private static func presentMembers(of ids: [UUID], on db: any Database) async throws -> [UUID: [MemberRecord]] {
        var members: [UUID: [MemberRecord]] = [:]
        try await db.selectRows(["household_id"] + ImportWriter.Columns.memberRecord, from: Member.schema, keyedBy: "household_id", in: ids,
                             alsoWhere: ("status", MemberStatus.present.rawValue), orderedBy: ["household_id", "position"]) { row in
            members[try row.uuid("household_id"), default: []].append(try MemberColumns(row).record)
        }
        return members
    }

    /// Each household's latest survey, with its facts or not.
    private static func latestSurveys(of ids: [UUID], withFacts: Bool, on db: any Database) async throws -> [UUID: LatestSurvey] {
        var latest: [UUID: LatestSurvey] = [:]
        try await db.selectRows(["id", "household_id", "survey_date"] + (withFacts ? ["facts"] : []), from: Survey.schema, keyedBy: "household_id",
                         in: ids, orderedBy: ["survey_date", "created_at", "id"]) { row in
            latest[try row.uuid("household_id")] = LatestSurvey(
                id: try row.uuid("id"), surveyDate: try row.requiredText("survey_date"), facts: withFacts ? try row.requiredText("facts") : nil)
        }
        return latest
    }
}
