import Domain
import Fluent
import Foundation
import SQLKit
import Testing
@testable import App

@Suite("Bulk rows of the import")
struct BulkRowTests {
    static func same<M: Model>(_ columns: [String], _ model: M.Type) -> Bool {
        Set(columns) == Set(M.keys.map(\.description)) && columns.count == Set(columns).count
    }

    @Test("each table written in bulk lists exactly its model's fields, once each")
    func columnsMatchTheModels() {
        #expect(Self.same(ImportWriter.Columns.household, Household.self))
        #expect(Self.same(ImportWriter.Columns.member, Member.self))
        #expect(Self.same(ImportWriter.Columns.survey, Survey.self))
        #expect(Self.same(ImportWriter.Columns.result, ClassificationResult.self))
        #expect(Self.same(ImportWriter.Columns.sponsorship, Sponsorship.self))
    }

    @Test("each table updated in bulk names its key first, then fields of its model, once each; a member's record sets every field but its place, household, status and version")
    func updatedColumnsAreTheModels() {
        func fields<M: Model>(_ columns: [String], of model: M.Type) -> Bool {
            columns.first == "id" && Set(columns).isSubset(of: M.keys.map(\.description)) && columns.count == Set(columns).count
        }
        typealias Columns = ImportUpdates.Changes.Columns
        #expect(fields(Columns.member, of: Member.self))
        #expect(fields(Columns.memberStatus, of: Member.self))
        #expect(fields(Columns.event, of: MemberEvent.self))
        #expect(Self.same(Columns.event, MemberEvent.self))
        #expect(fields(Columns.survey, of: Survey.self))
        #expect(fields(Columns.household, of: Household.self))
        #expect(Set(ImportWriter.Columns.member).subtracting(ImportWriter.Columns.memberRecord) == ["id", "household_id", "position", "status", "version"])
    }

    @Test("a row needs one value per column")
    func rowWidth() {
        var rows = BulkRows(table: "t", columns: ["a", "b"])
        rows.append([.integer(1), .text("x")])
        rows.append([.null, .bool(true)])
        #expect(rows.count == 2)
    }

    @Test("a household written in bulk reads back exactly as one created through the models")
    func bulkEqualsModels() async throws {
        try await withTestApp(demo: true) { app in
            let demo = try #require(try await Household.query(on: app.db).filter(\.$memberCount > 2).with(\.$commune).first())
            var record = try await HouseholdService.record(of: demo, on: app.db)
            #expect(record.surveyDate != nil, "the demo household has a survey to classify")
            record.members[0].name = "  \(record.members[0].name) "
            record.address = "Số 1\\2\tngõ \"Cái\"\r\nđầu \\N"
            record.code = "EQ-MODEL"
            let viaModels = try await HouseholdService.create(record, today: Clock.today, by: .terminal, scope: .wholeOrganisation, on: app.db)
            record.code = "EQ-BULK"
            var ids = TimeOrderedIDs()
            let chunk = ImportChunk(records: [record], origins: [], issues: [], rowCount: 1, fractionRead: 1)
            let unitID = try #require(try await OrganisationUnit.query(on: app.db).first()?.requireID())
            let unitScope = AccessScope(kind: .limited(organisationUnitIDs: [unitID], communeIDs: []), today: Clock.today.iso)
            let rows = try ImportWriter.newRows([.init(index: 0, commune: demo.commune, existing: nil)], of: chunk,
                                                scope: unitScope, today: Clock.today, ids: &ids)
            try await app.db.transaction { db in
                let writer = try await BulkWriter.within(db, threadPool: app.threadPool)
                defer { writer.finish() }
                try await ImportWriter.insert(rows, with: writer)
            }

            let model = try await Self.read("EQ-MODEL", app.db), bulk = try await Self.read("EQ-BULK", app.db)
            #expect(bulk.household.$commune.id == model.household.$commune.id)
            #expect(bulk.household.hamlet == model.household.hamlet && bulk.household.address == model.household.address)
            #expect(bulk.household.headName == model.household.headName && bulk.household.headSortKey == model.household.headSortKey)
            #expect(bulk.household.memberCount == model.household.memberCount)
            #expect(bulk.household.searchText == model.household.searchText.replacingOccurrences(of: "eq-model", with: "eq-bulk"))
            #expect(bulk.household.computedStatus == model.household.computedStatus)
            #expect(bulk.household.computedDeprived == model.household.computedDeprived)
            #expect(bulk.household.isDemo == false && bulk.household.version == model.household.version)
            #expect(bulk.household.address == "Số 1\\2\tngõ \"Cái\"\r\nđầu \\N")
            let created = try #require(bulk.household.createdAt)
            #expect(abs(created.timeIntervalSince(rows.createdAt)) < 0.001, "timestamps kept to the millisecond")
            #expect(bulk.household.updatedAt == created && bulk.household.recognisedStatus == nil)
            #expect(bulk.members.count == model.members.count)
            for (one, other) in zip(bulk.members, model.members) {
                #expect(one.record == other.record)
                #expect(one.position == other.position && one.sortKey == other.sortKey && one.status == other.status && one.version == other.version)
            }
            #expect(bulk.members[0].name == model.members[0].name.trimmingCharacters(in: .whitespaces))
            var bulkFacts = try #require(bulk.survey.record), modelFacts = try #require(model.survey.record)
            bulkFacts.code = modelFacts.code
            #expect(bulkFacts == modelFacts)
            #expect(bulk.survey.surveyDate == model.survey.surveyDate && bulk.survey.incomePerCapita == model.survey.incomePerCapita)
            #expect(bulk.survey.scoreA == model.survey.scoreA && bulk.survey.version == model.survey.version)
            #expect(bulk.results.map(\.standardID) == model.results.map(\.standardID))
            for (one, other) in zip(bulk.results, model.results) {
                #expect(one.status == other.status && one.incomeBasis == other.incomeBasis && one.incomeLine == other.incomeLine)
                #expect(one.deprived == other.deprived && one.missing == other.missing && one.deprivationScore == other.deprivationScore)
                #expect(one.$survey.id == bulk.survey.id && one.computedAt != nil)
            }
            #expect(viaModels.code == "EQ-MODEL")
            let sponsorship = try #require(try await Sponsorship.query(on: app.db).filter(\.$household.$id == bulk.household.requireID()).first())
            #expect(sponsorship.$organisationUnit.id == unitID && sponsorship.startsOn == Clock.today.iso)
            #expect(sponsorship.endsOn == nil && sponsorship.version == 1)
        }
    }

    @Test("any count of rows is written whole, each value in its place; an empty text stays empty, not null")
    func rowCountsAndEmptyText() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("CREATE TABLE bulk_probe (n INTEGER NOT NULL, label TEXT, note TEXT)").run()
            // 1 + 16 + 256 + 29: every statement size, each with a remainder.
            for count in [1, 17, 273, 302] {
                var rows = BulkRows(table: "bulk_probe", columns: ["n", "label", "note"])
                for n in 0..<count { rows.append([.integer(n), .text(n.isMultiple(of: 2) ? "" : "nhãn \(n)"), .null]) }
                try await app.db.transaction { [rows] db in
                    let writer = try await BulkWriter.within(db, threadPool: app.threadPool)
                    defer { writer.finish() }
                    try await writer.write([rows])
                }
                let stored = try await sql.raw("SELECT n, label, note FROM bulk_probe ORDER BY n").all()
                #expect(stored.count == count)
                for (n, row) in stored.enumerated() {
                    #expect(try row.decode(column: "n", as: Int.self) == n)
                    #expect(try row.decode(column: "label", as: String?.self) == (n.isMultiple(of: 2) ? "" : "nhãn \(n)"))
                    #expect(try row.decode(column: "note", as: String?.self) == nil)
                }
                try await sql.raw("DELETE FROM bulk_probe").run()
            }
        }
    }

    @Test("text written in bulk reads back exactly, given as a string, as UTF-8 bytes or as a key, escapes and all, while the text of later writes outgrows the earlier ones")
    func textOfGrowingWrites() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("CREATE TABLE bulk_probe (n INTEGER NOT NULL, label TEXT, facts TEXT, key TEXT)").run()
            // Odd rows hold what COPY escapes: backslash, tab, line ends.
            @Sendable func label(_ n: Int, batch: Int) -> String {
                "Nguyễn Thị \(n)" + (n.isMultiple(of: 2) ? " " : "\t\\\r\n") + String(repeating: "ỹ", count: batch == 1 ? 2_000 : 3)
            }
            @Sendable func facts(_ n: Int, batch: Int) -> String { #"{"n":\#(n),"batch":\#(batch),"tên":"Đặng \"Út\""}"# }
            let keys = (0..<3 * 40).map { _ in UUID() }
            try await app.db.transaction { db in
                let writer = try await BulkWriter.within(db, threadPool: app.threadPool)
                defer { writer.finish() }
                for batch in 0..<3 {
                    var rows = BulkRows(table: "bulk_probe", columns: ["n", "label", "facts", "key"])
                    for n in batch * 40 ..< (batch + 1) * 40 {
                        rows.append([.integer(n), .text(label(n, batch: batch)), .utf8(Array(facts(n, batch: batch).utf8)), .uuid(keys[n])])
                    }
                    try await writer.write([rows])
                }
            }
            let stored = try await sql.raw("SELECT n, label, facts, key FROM bulk_probe ORDER BY n").all()
            #expect(stored.count == 120)
            for (n, row) in stored.enumerated() {
                let batch = n / 40
                #expect(try row.decode(column: "label", as: String.self) == label(n, batch: batch))
                #expect(try row.decode(column: "facts", as: String.self) == facts(n, batch: batch))
                #expect(try row.decode(column: "key", as: String.self) == keys[n].uuidString)
            }
        }
    }

    @Test("on SQLite, a bulk write has a larger page cache, given back to the connection when it finishes")
    func pageCacheGivenBack() async throws {
        guard ProcessInfo.processInfo.environment["TEST_DATABASE_URL"] == nil else { return }
        try await withTestApp { app in
            try await app.db.transaction { db in
                let sql = try #require(db as? any SQLDatabase)
                func cacheSize() async throws -> Int? {
                    try await sql.raw("PRAGMA cache_size").first()?.decode(column: "cache_size", as: Int.self)
                }
                let usual = try await cacheSize()
                let writer = try await BulkWriter.within(db, threadPool: app.threadPool)
                let writing = try await cacheSize()
                writer.finish()
                #expect(writing == -SQLiteBulkStatements.importCacheKiB && usual != writing)
                #expect(try await cacheSize() == usual)
            }
        }
    }

    @Test("updates change the columns they name in the rows they key and raise their version, nothing else; a key with no row fails the write and changes nothing")
    func updatesByKey() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("CREATE TABLE bulk_probe (id TEXT PRIMARY KEY, label TEXT, n INTEGER NOT NULL, version INTEGER NOT NULL)").run()
            for n in 0..<5 { try await sql.raw("INSERT INTO bulk_probe VALUES (\(bind: "k\(n)"), \(bind: "nhãn \(n)"), \(bind: n), 1)").run() }
            func write(_ rows: BulkRows) async throws {
                try await app.db.transaction { db in
                    let writer = try await BulkWriter.within(db, threadPool: app.threadPool)
                    defer { writer.finish() }
                    try await writer.write([rows])
                }
            }
            func stored() async throws -> [String] {
                try await sql.raw("SELECT id, label, n, version FROM bulk_probe ORDER BY id").all().map { row in
                    "\(try row.decode(column: "id", as: String.self)) \(try row.decode(column: "label", as: String?.self) ?? "null") "
                        + "\(try row.decode(column: "n", as: Int.self)) v\(try row.decode(column: "version", as: Int.self))"
                }
            }
            var rows = BulkRows(table: "bulk_probe", columns: ["id", "label"], change: .update)
            rows.append([.text("k3"), .text("đổi")])
            rows.append([.text("k1"), .null])
            try await write(rows)
            #expect(try await stored() == ["k0 nhãn 0 0 v1", "k1 null 1 v2", "k2 nhãn 2 2 v1", "k3 đổi 3 v2", "k4 nhãn 4 4 v1"])

            var missing = BulkRows(table: "bulk_probe", columns: ["id", "n"], change: .update)
            missing.append([.text("k0"), .integer(100)])
            missing.append([.text("k9"), .integer(900)])
            await #expect(throws: BulkRows.MissingRows.self) { try await write(missing) }
            #expect(try await stored() == ["k0 nhãn 0 0 v1", "k1 null 1 v2", "k2 nhãn 2 2 v1", "k3 đổi 3 v2", "k4 nhãn 4 4 v1"])
        }
    }

    @Test("an update where changed leaves a row equal to it as it was (null equal to null), and changes any other, byte for byte, with its version")
    func updatesWhereChanged() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("CREATE TABLE bulk_probe (id TEXT PRIMARY KEY, label TEXT, n INTEGER, flag BOOLEAN, version INTEGER NOT NULL)").run()
            try await sql.raw("""
                INSERT INTO bulk_probe VALUES ('a', 'nhãn', 1, TRUE, 1), ('b', NULL, 2, NULL, 1), ('c', 'x', NULL, FALSE, 4),
                ('d', 'x', 5, FALSE, 1), ('e', 'x', 5, FALSE, 1), ('f', 'Nguyễn', 5, FALSE, 1)
                """).run()
            var rows = BulkRows(table: "bulk_probe", columns: ["id", "label", "n", "flag"], change: .updateWhereChanged)
            rows.append([.text("a"), .text("nhãn"), .integer(1), .bool(true)])
            rows.append([.text("b"), .null, .integer(2), .null])
            rows.append([.text("c"), .text("x"), .integer(0), .bool(false)])
            rows.append([.text("d"), .null, .integer(5), .bool(false)])
            rows.append([.text("e"), .text("x"), .integer(5), .bool(true)])
            rows.append([.text("f"), .text("Nguyễn".decomposedStringWithCanonicalMapping), .integer(5), .bool(false)])
            rows.append([.text("zz"), .text("không có"), .null, .null])
            try await app.db.transaction { [rows] db in
                let writer = try await BulkWriter.within(db, threadPool: app.threadPool)
                defer { writer.finish() }
                try await writer.write([rows])
            }
            let stored = try await sql.raw("SELECT id, label, n, version FROM bulk_probe ORDER BY id").all().map { row in
                "\(try row.decode(column: "id", as: String.self)) \(try row.decode(column: "label", as: String?.self) ?? "null") "
                    + "\(try row.decode(column: "n", as: Int?.self).map(String.init) ?? "null") v\(try row.decode(column: "version", as: Int.self))"
            }
            #expect(stored == ["a nhãn 1 v1", "b null 2 v1", "c x 0 v5", "d null 5 v2", "e x 5 v2", "f Nguyễn 5 v2"],
                    "a value to null, a Boolean, the same name in decomposed Unicode: each a change")
        }
    }

    private struct Written {
        let household: Household
        let members: [Member]
        let survey: Survey
        let results: [ClassificationResult]
    }

    private static func read(_ code: String, _ db: any Database) async throws -> Written {
        let household = try #require(try await Household.query(on: db).filter(\.$code == code).first())
        let id = try household.requireID()
        let survey = try #require(try await Survey.query(on: db).filter(\.$household.$id == id).first())
        return Written(household: household,
                       members: try await Member.query(on: db).filter(\.$household.$id == id).sort(\.$position).all(),
                       survey: survey,
                       results: try await ClassificationResult.query(on: db).filter(\.$household.$id == id).sort(\.$standardID).all())
    }

    @Test("households met in the files match by ID number (leading zeros count, other text still matches) and by folded head name, year and commune")
    func metIDNumbers() {
        var met = MetHouseholds()
        let commune = UUID()
        met.add(code: "A", idNumbers: ["0123", "12345678901234567"], head: nil)
        met.add(code: "B", idNumbers: ["123", "123456789012345678", "12a"], head: HeadKey(name: "Lê Thị Bé", year: 1970, communeID: commune))
        #expect(met.code(head: HeadKey(name: "LE THI BE", year: 1970, communeID: commune)) == "B")
        #expect(met.code(head: HeadKey(name: "Lê Thị Bé", year: 1971, communeID: commune)) == nil)
        #expect(met.code(idNumber: "0123") == "A" && met.code(idNumber: "123") == "B")
        #expect(met.code(idNumber: "12345678901234567") == "A" && met.code(idNumber: "123456789012345678") == "B")
        #expect(met.code(idNumber: "12a") == "B" && met.code(idNumber: "00123") == nil)
        #expect(MetHouseholds.key("0123") != MetHouseholds.key("123") && MetHouseholds.key("123456789012345678") == nil)
    }

    @Test("UUID text is read as Foundation reads it: either case, hyphens in their places, nothing else")
    func uuidText() {
        var ids = TimeOrderedIDs()
        let keys = (0..<100).map { _ in UUID() } + (0..<100).map { _ in ids.next() }
        for key in keys {
            #expect(UUID(text: key.uuidString) == key)
            #expect(UUID(text: key.uuidString.lowercased()) == key)
            #expect(UUID(text: key.upperCaseText) == key)
        }
        let text = "01A21E39-FC7F-7017-A9B2-D7548D3969FA"
        let odd = [
            "", text.dropLast().description, text + "0", "{\(text)}", text.replacingOccurrences(of: "-", with: ""),
            "01A21E39FC7F-7017-A9B2-D7548D3969FAA", "01A21E39-FC7F-7017-A9B2-D7548D3969FG", "01A21E39-FC7F-7017-A9B2+D7548D3969FA",
            "01A21E3 -FC7F-7017-A9B2-D7548D3969FA", "0ẠA21E39-FC7F-7017-A9B2-D7548D3969",
        ]
        for candidate in odd { #expect(UUID(text: candidate) == UUID(uuidString: candidate), "\(candidate)") }
        #expect(UUID(text: text) == UUID(uuidString: text))
    }

    @Test("time-ordered IDs ascend as text and as bytes, and are version 7")
    func timeOrderedIDs() {
        var ids = TimeOrderedIDs()
        let moment = Date()
        let made = (0..<10_000).map { _ in ids.next(now: moment) }
        #expect(made.map(\.uuidString) == made.map(\.uuidString).sorted())
        #expect(Set(made).count == made.count)
        #expect(made.allSatisfy { $0.uuidString.dropFirst(14).first == "7" })
        #expect(made.allSatisfy { "89AB".contains($0.uuidString.dropFirst(19).first!) })
        #expect(made.allSatisfy { $0.upperCaseText == $0.uuidString })
    }
}
