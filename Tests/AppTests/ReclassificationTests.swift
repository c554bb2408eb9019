import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Reclassification under another standard")
struct ReclassificationTests {
    @Test("the preview lists every change with counts and stores nothing; confirming applies it and records who")
    func previewThenConfirm() async throws {
        try await withTestApp(demo: true) { app in
            let standard = try #require(StandardCatalog.builtIn.standard(id: "nd-351-2025"))
            let before = try await Household.query(on: app.db).all().map { ($0.code, $0.computedStatus) }
            let resultsBefore = try await ClassificationResult.query(on: app.db).count()
            let preview = try await ReclassificationService.preview(standard: standard, on: app.db)
            #expect(preview.total == before.count)
            #expect(!preview.changes.isEmpty)
            #expect(preview.byCommune.reduce(0) { $0 + $1.count } == preview.changes.count)
            #expect(preview.byTransition.reduce(0) { $0 + $1.count } == preview.changes.count)

            let browser = Browser(app: app)
            try await browser.login("admin", DemoAccounts.password("admin"))
            try await browser.get("/reclassification?standard=nd-351-2025") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\(preview.changes.count) hộ sẽ thay đổi kết quả"))
                #expect(res.body.string.contains(preview.changes[0].code))
            }
            // Nothing stored by looking.
            #expect(try await ClassificationResult.query(on: app.db).count() == resultsBefore)
            #expect(try await Household.query(on: app.db).all().map { ($0.code, $0.computedStatus) }.elementsEqual(before, by: { $0 == $1 }))

            // A stale fingerprint (the data changed since the preview) is refused.
            try await browser.post("/reclassification/confirm", form: ["standard": "nd-351-2025", "fingerprint": "0000000000000000"]) { res in
                #expect(res.status == .conflict)
            }
            #expect(try await ReclassificationRun.query(on: app.db).count() == 0)

            try await browser.post("/reclassification/confirm", form: ["standard": "nd-351-2025", "fingerprint": preview.fingerprint]) { res in
                #expect(res.status == .seeOther)
            }
            let run = try #require(try await ReclassificationRun.query(on: app.db).first())
            #expect(run.standardID == "nd-351-2025")
            #expect(run.changedCount == preview.changes.count)
            let admin = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            #expect(run.$confirmedBy.id == admin.id)
            #expect(run.confirmedByName == admin.displayName)
            for change in preview.changes.prefix(20) {
                let household = try #require(try await HouseholdQuery.find(code: change.code, scope: .wholeOrganisation, on: app.db))
                #expect(household.computedStatus == change.to.rawValue)
            }
            #expect(try await ClassificationResult.query(on: app.db).filter(\.$standardID == "nd-351-2025").count() == preview.total)
            // After applying, the same standard changes nothing more.
            let again = try await ReclassificationService.preview(standard: standard, on: app.db)
            #expect(again.changes.isEmpty)
        }
    }

    @Test("an unknown standard is refused with its name")
    func unknownStandard() async throws {
        try await withTestApp(demo: true) { app in
            let browser = Browser(app: app)
            try await browser.login("admin", DemoAccounts.password("admin"))
            try await browser.post("/reclassification/confirm", form: ["standard": "nd-99-1999", "fingerprint": "x"]) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("nd-99-1999"))
            }
        }
    }
}
