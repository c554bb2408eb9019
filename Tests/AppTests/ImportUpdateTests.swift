import Domain
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import App

/// An import updates the households it finds registered in bulk, a chunk at a time; the API's
/// PUT updates one through the models. Both must leave the registry exactly alike.
@Suite("Household import, updates")
struct ImportUpdateTests {
    /// Demo households with changes of every kind an annual review brings.
    static func changedRecords(on db: any Database) async throws -> [HouseholdRecord] {
        let households = try await Household.query(on: db).with(\.$commune).sort(\.$code).limit(18).all()
        var records: [HouseholdRecord] = []
        for (index, household) in households.enumerated() {
            var record = try await HouseholdService.record(of: household, on: db)
            switch index % 9 {
            case 0:
                // Renamed head (known by ID number), a grandchild come to live, a new hamlet.
                record.members[0].name += " Mới"
                record.members.append(MemberRecord(name: "Bé Mới Sinh", birthYear: 2020, relation: .grandchild))
                record.hamlet = "Ấp Mới"
            case 1:
                // The last member left; the latest survey is surveyed again with a higher income.
                if record.members.count > 1 { record.members.removeLast() }
                record.income = HouseholdRecord.Income(perCapitaMonthly: (record.income?.perCapitaMonthly ?? 0) + 3_000_000)
            case 2:
                // A new survey, later than every registered one: the household's status follows it.
                record.surveyDate = LocalDate(year: 2026, month: 10, day: 1)
                record.income = HouseholdRecord.Income(perCapitaMonthly: 900_000)
            case 3:
                // A survey earlier than the latest: stored, while the status stays the latest's.
                record.surveyDate = record.surveyDate?.adding(days: -20)
                record.income = HouseholdRecord.Income(perCapitaMonthly: 5_000_000)
            case 4:
                // No survey: the registry facts only, the surveys untouched.
                record.surveyDate = nil
                record.address = "Số 1, đường Mới"
            case 5:
                // No ID numbers in the list: members known by name and birth year; order reversed.
                record.members = record.members.reversed().map { member in
                    var member = member
                    member.idNumber = nil
                    return member
                }
            case 6:
                // Everyone left but one newcomer.
                record.members = [MemberRecord(name: "Người Thuê Nhà", birthYear: 1990, relation: .head)]
            case 8:
                // Names and ethnicities in decomposed Unicode (as some keyboards and exports
                // write them): other bytes, stored as sent, though Swift takes them for equal.
                record.members = record.members.map { member in
                    var member = member
                    member.name = member.name.decomposedStringWithCanonicalMapping
                    member.ethnicity = member.ethnicity?.decomposedStringWithCanonicalMapping
                    return member
                }
            default:
                // The latest survey sent again as it was: it stays, with both its results.
                let latest = try await Survey.query(on: db).filter(\.$household.$id == household.requireID())
                    .sort(\.$surveyDate, .descending).first()
                record = try #require(latest?.record)
            }
            records.append(record)
        }
        return records
    }

    /// Gives each household's latest survey a second, later result under another standard, and the
    /// household its status, as a confirmed reclassification does: a survey then has two results.
    static func reclassify(_ codes: [String], on db: any Database) async throws {
        for code in codes {
            let household = try #require(try await Household.query(on: db).filter(\.$code == code).first())
            guard let latest = try await Survey.query(on: db).filter(\.$household.$id == household.requireID())
                      .sort(\.$surveyDate, .descending).first(),
                  let first = try await ClassificationResult.query(on: db).filter(\.$survey.$id == latest.requireID()).first() else { continue }
            let second = ClassificationResult()
            second.$survey.id = try latest.requireID()
            second.$household.id = try household.requireID()
            second.standardID = first.standardID + "-sau"
            second.status = first.status == "nearPoor" ? "notPoor" : "nearPoor"
            second.deprived = "water"
            second.missing = ""
            second.deprivationScore = 1
            second.computedAt = (first.computedAt ?? Date()).addingTimeInterval(3600)
            try await second.create(on: db)
            household.computedStatus = second.status
            household.computedDeprived = ",water,"
            try await household.save(on: db)
        }
    }

    /// What a person could see of the households: every stored column but keys and times.
    static func state(of codes: [String], on db: any Database) async throws -> [String] {
        var lines: [String] = []
        for code in codes {
            let household = try #require(try await Household.query(on: db).filter(\.$code == code).first())
            let id = try household.requireID()
            lines.append([code, household.$commune.id.uuidString, household.hamlet ?? "-", household.address ?? "-", household.headName,
                          household.headSortKey, household.searchText, "\(household.memberCount)", household.computedStatus ?? "-",
                          household.computedDeprived ?? "-", "v\(household.version)"].joined(separator: " | "))
            let members = try await Member.query(on: db).filter(\.$household.$id == id).sort(\.$position).all()
            for member in members {
                lines.append("  member \(member.position) \(HouseholdJSON.encode(HouseholdRecord(code: "", members: [member.record])).serialized) \(member.sortKey) \(member.status) v\(member.version)")
            }
            let positions = Dictionary(uniqueKeysWithValues: members.map { ($0.id!, $0.position) })
            for event in try await MemberEvent.query(on: db).filter(\.$household.$id == id).all().sorted(by: { positions[$0.$member.id]! < positions[$1.$member.id]! }) {
                lines.append("  event \(positions[event.$member.id]!) \(event.kind) \(event.eventDate) \(event.note ?? "-")")
            }
            let surveys = try await Survey.query(on: db).filter(\.$household.$id == id).sort(\.$surveyDate).all()
            for survey in surveys {
                lines.append("  survey \(survey.surveyDate) \(survey.incomePerCapita ?? -1) \(survey.scoreA ?? -1) v\(survey.version) \(survey.facts)")
                for result in try await ClassificationResult.query(on: db).filter(\.$survey.$id == survey.requireID()).all() {
                    lines.append("    result \(result.standardID) \(result.status) \(result.incomeBasis ?? "-") \(result.incomeLine ?? -1) \(result.deprived) \(result.missing) \(result.deprivationScore) \(result.$household.id == id)")
                }
            }
        }
        return lines
    }

    @Test("an import leaves updated households as the API's PUT does: members matched, left, added; surveys replaced, added; status from the latest survey's latest result",
          arguments: [0, 50_000])
    func sameAsThePut(registryHeldInMemory: Int) async throws {
        var expected: [String] = []
        var codes: [String] = []
        var records: [HouseholdRecord] = []
        try await withTestApp(demo: true) { app in
            records = try await Self.changedRecords(on: app.db)
            codes = records.map(\.code)
            try await Self.reclassify(codes, on: app.db)
            let before = try await Self.state(of: codes, on: app.db)
            for record in records {
                let household = try #require(try await Household.query(on: app.db).filter(\.$code == record.code).first())
                try await HouseholdService.replace(household, with: record, expectedVersion: nil, today: Clock.today,
                                                   by: .terminal, scope: .wholeOrganisation, on: app.db)
            }
            expected = try await Self.state(of: codes, on: app.db)
            #expect(expected != before)
            #expect(expected.contains { $0.hasPrefix("  event") }, "some members left")
            #expect(expected.contains { $0.hasPrefix("  member") && $0.hasSuffix("present v2") }, "members the list changes are saved")
            let unchanged = try #require(try await Household.query(on: app.db).filter(\.$code == records[4].code).first())
            let versions = try await Member.query(on: app.db).filter(\.$household.$id == unchanged.requireID()).all().map(\.version)
            #expect(!versions.isEmpty && versions.allSatisfy { $0 == 1 }, "members the list leaves as they were are not rewritten")
            let resent = try #require(try await Household.query(on: app.db).filter(\.$code == records[7].code).first())
            let survey = try #require(try await Survey.query(on: app.db).filter(\.$household.$id == resent.requireID()).sort(\.$surveyDate, .descending).first())
            #expect(survey.version == 1, "a survey sent again as it is is not rewritten")
            #expect(try await ClassificationResult.query(on: app.db).filter(\.$survey.$id == survey.requireID()).count() == 2,
                    "it keeps its reclassification")
        }
        try await withTestApp(demo: true) { app in
            app.importChunkSize = 3
            app.importRegistryHeldInMemory = registryHeldInMemory
            try await Self.reclassify(codes, on: app.db)
            let admin = try await SecurityTests.loggedIn("admin", app)
            let lines = records.map { HouseholdJSON.encode($0).serialized }.joined(separator: "\n")
            let path = try await ImportTests.upload(admin, files: [("nam-2026.jsonl", lines)])
            let checked = try await ImportTests.settled(path, app)
            #expect(try ImportChunkTests.summary(checked).updates == records.count, "\(ImportController.issues(of: checked))")
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            let written = try await ImportTests.settled(path, app)
            #expect(written.stateCode == .done, "\(written.failure ?? "")")
            #expect(try ImportChunkTests.summary(written).updated == records.count)
            let imported = try await Self.state(of: codes, on: app.db)
            #expect(imported.count == expected.count)
            // By their bytes: `==` takes decomposed and composed text for equal.
            for (got, wanted) in zip(imported, expected) { #expect(got.utf8.elementsEqual(wanted.utf8), "\(got) ≠ \(wanted)") }
        }
    }

    @Test("on PostgreSQL, a household an import will update cannot be changed elsewhere until the import ends; without the lock, it could")
    func householdsToUpdateAreLocked() async throws {
        guard ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] != nil else { return }
        try await withTestApp(demo: true) { app in
            let household = try #require(try await Household.query(on: app.db).with(\.$commune).sort(\.$code).first())
            let chunk = ImportChunk(records: [try await HouseholdService.record(of: household, on: app.db)],
                                    origins: [ImportOrigin(sheet: "households", row: 2)], rowCount: 1)
            /// A change of the household by someone else, who waits for a lock at most 300 ms.
            @Sendable func changeElsewhere() async throws {
                try await app.db.transaction { other in
                    let sql = try #require(other as? any SQLDatabase)
                    try await sql.raw("SET LOCAL lock_timeout = '300ms'").run()
                    try await sql.raw("UPDATE households SET hamlet = 'Ấp Khác' WHERE code = \(bind: household.code)").run()
                }
            }
            for locks in [true, false] {
                try await app.db.transaction { db in
                    var checker = try await ImportChecker(scope: .wholeOrganisation, heldUpTo: 0, locksUpdated: locks, on: db)
                    let plan = try await checker.plan(chunk)
                    #expect(plan.updates.map(\.index) == [0])
                    if locks {
                        do {
                            try await changeElsewhere()
                            Issue.record("the household was changed under the import")
                        } catch {
                            #expect(String(reflecting: error).contains("55P03"), "a lock timeout, not \(String(reflecting: error))")
                        }
                    } else {
                        try await changeElsewhere()
                    }
                }
            }
            try await changeElsewhere()
        }
    }
}
