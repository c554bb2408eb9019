import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

/// The import reads, checks and writes a few households at a time (here 2), never the whole
/// files: these tests cross chunk boundaries with a handful of households.
@Suite("Household import, a chunk at a time")
struct ImportChunkTests {
    /// Households CH-0 … in a demo commune, each with a head and a child; the head of CH-n has
    /// the ID number 0950700000nn.
    static func records(_ count: Int) -> [HouseholdRecord] {
        (0..<count).map { number in
            HouseholdRecord(code: "CH-\(number)", communeCode: "31840", hamlet: "Ấp \(number)", members: [
                MemberRecord(name: "Chủ Hộ Số \(number)", birthYear: 1970, relation: .head, idNumber: String(format: "0950700000%02d", number)),
                MemberRecord(name: "Con Số \(number)", birthYear: 2012, relation: .child),
            ])
        }
    }

    /// The CSV pair; `members` may reorder the member rows (the header stays first).
    static func csvPair(_ records: [HouseholdRecord], members reorder: ([[String]]) -> [[String]] = { $0 }) -> [(String, String)] {
        let tables = HouseholdTableEncoder.encode(records)
        var households = CSVWriter(), members = CSVWriter()
        households.write(tables.households)
        members.write(tables.members.header.map(\.plainText))
        for row in reorder(tables.members.rows.map { $0.cells.map(\.plainText) }) { members.write(row) }
        return [("ho.csv", households.text), ("thanh-vien.csv", members.text)]
    }

    static func withChunkedApp(_ body: (Application, Browser) async throws -> Void) async throws {
        try await withTestApp(demo: true) { app in
            app.importChunkSize = 2
            try await body(app, try await SecurityTests.loggedIn("admin", app))
        }
    }

    static func summary(_ job: ImportJob) throws -> ImportSummary {
        try JSONDecoder().decode(ImportSummary.self, from: Data(try #require(job.summary).utf8))
    }

    @Test("households over several chunks are checked, then written with their members and one audit entry")
    func severalChunks() async throws {
        try await Self.withChunkedApp { app, admin in
            let before = try await ImportTests.households(app)
            let path = try await ImportTests.upload(admin, files: Self.csvPair(Self.records(7)))
            let checked = try await ImportTests.settled(path, app)
            #expect(checked.stateCode == .awaitingConfirmation, "\(ImportController.issues(of: checked))")
            #expect(try Self.summary(checked).rows == 7)
            #expect(try Self.summary(checked).creates == 7)
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            let written = try await ImportTests.settled(path, app)
            #expect(written.stateCode == .done, "\(written.failure ?? "")")
            #expect(try Self.summary(written).created == 7)
            #expect(try await ImportTests.households(app) == before + 7)
            let last = try #require(try await HouseholdQuery.find(code: "CH-6", scope: .wholeOrganisation, on: app.db))
            #expect(last.memberCount == 2)
            #expect(last.headName == "Chủ Hộ Số 6")
            #expect(last.createdAt != nil && last.updatedAt != nil)
            let members = try await Member.query(on: app.db).filter(\.$household.$id == last.requireID()).sort(\.$position).all()
            #expect(members.map(\.record) == Self.records(7)[6].members, "members read back as they were imported")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.householdImport.rawValue).count() == 1)
        }
    }

    @Test("a bad cell in the last chunk refuses the confirmed write whole: the chunks written before it are rolled back")
    func refusedAfterEarlierChunks() async throws {
        try await Self.withChunkedApp { app, admin in
            let before = try await ImportTests.households(app)
            let path = try await ImportTests.upload(admin, files: Self.csvPair(Self.records(5)))
            #expect(try await ImportTests.settled(path, app).stateCode == .awaitingConfirmation)
            // The stored members file changes under the job before it is confirmed: a member of
            // its last household loses her name.
            let members = try #require(try await ImportFile.query(on: app.db).filter(\.$name == "thanh-vien.csv").first())
            let part = try #require(try await ImportFilePart.query(on: app.db).filter(\.$file.$id == members.requireID()).first())
            part.bytes = Data(String(decoding: part.bytes, as: UTF8.self).replacingOccurrences(of: "CH-4,Con Số 4,", with: "CH-4,,").utf8)
            try await part.save(on: app.db)
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            let job = try await ImportTests.settled(path, app)
            #expect(job.stateCode == .refused, "\(job.failure ?? "")")
            #expect(ImportController.issues(of: job).map(\.row) == [11])
            #expect(try await ImportTests.households(app) == before, "nothing of the first chunks is left")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.householdImport.rawValue).count() == 0)
        }
    }

    @Test("members listed out of their households' order are still joined to them")
    func membersOutOfOrder() async throws {
        try await Self.withChunkedApp { app, admin in
            let path = try await ImportTests.upload(admin, files: Self.csvPair(Self.records(5), members: { $0.reversed() }))
            let job = try await ImportTests.settled(path, app)
            #expect(job.stateCode == .awaitingConfirmation, "\(ImportController.issues(of: job))")
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            #expect(try await ImportTests.settled(path, app).stateCode == .done)
            for code in ["CH-0", "CH-4"] {
                let household = try #require(try await HouseholdQuery.find(code: code, scope: .wholeOrganisation, on: app.db))
                #expect(household.memberCount == 2)
            }
        }
    }

    @Test("two households of the same file with one ID number: the second is held back, in the check and in the write")
    func duplicateWithinFiles() async throws {
        try await Self.withChunkedApp { app, admin in
            var records = Self.records(4)
            records[3].members[0].idNumber = records[0].members[0].idNumber
            let path = try await ImportTests.upload(admin, files: Self.csvPair(records))
            let checked = try await ImportTests.settled(path, app)
            #expect(try Self.summary(checked).duplicates.map { "\($0.code)→\($0.matchedCode)" } == ["CH-3→CH-0"])
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            let written = try await ImportTests.settled(path, app)
            #expect(try Self.summary(written).duplicates.map(\.code) == ["CH-3"])
            #expect(try Self.summary(written).created == 3)
        }
    }

    @Test("an ID number an update adds holds back a later household with it, in the check and in the write, the registry held in memory or looked up",
          arguments: [0, 50_000])
    func numberAddedByAnUpdate(registryHeldInMemory: Int) async throws {
        try await Self.withChunkedApp { app, admin in
            app.importRegistryHeldInMemory = registryHeldInMemory
            var path = try await ImportTests.upload(admin, files: Self.csvPair(Self.records(2)))
            _ = try await ImportTests.settled(path, app)
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            #expect(try await ImportTests.settled(path, app).stateCode == .done)

            var records = Self.records(4)
            records[0].members.append(MemberRecord(name: "Cháu Mới", birthYear: 2015, relation: .grandchild, idNumber: "095215009999"))
            records[3].members[1].birthYear = 2015
            records[3].members[1].idNumber = "095215009999"
            path = try await ImportTests.upload(admin, files: Self.csvPair(records))
            let checked = try await ImportTests.settled(path, app)
            #expect(try Self.summary(checked).updates == 2)
            #expect(try Self.summary(checked).duplicates.map { "\($0.code)→\($0.matchedCode)" } == ["CH-3→CH-0"])
            try await admin.post("\(path)/confirm", form: [:]) { #expect($0.status == .seeOther) }
            let written = try await ImportTests.settled(path, app)
            #expect(try Self.summary(written).duplicates.map(\.code) == ["CH-3"])
            #expect(try Self.summary(written).created == 1)
        }
    }

    @Test("a JSON file of several stored parts is read whole, households across the parts' seams included")
    func jsonOverParts() async throws {
        try await Self.withChunkedApp { app, admin in
            // About 2.4 MB, so three parts of 1 MB: each household padded with whitespace.
            let padding = String(repeating: " ", count: 8_000)
            let lines = (0..<300).map { number in
                #"{"code":"J-\#(number)","communeCode":"31840",\#(padding)"members":[{"name":"Người \#(number)","birthYear":1980,"relation":"head"}]}"#
            }
            let path = try await ImportTests.upload(admin, files: [("lon.jsonl", lines.joined(separator: "\n"))])
            let job = try await ImportTests.settled(path, app)
            #expect(job.stateCode == .awaitingConfirmation, "\(ImportController.issues(of: job).prefix(3))")
            #expect(try Self.summary(job).creates == 300)
            let file = try #require(try await ImportFile.query(on: app.db).filter(\.$name == "lon.jsonl").first())
            #expect(try await ImportFilePart.query(on: app.db).filter(\.$file.$id == file.requireID()).count() == 3)
            #expect(file.size == lines.joined(separator: "\n").utf8.count)
        }
    }
}
