import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Alkire–Foster analytics")
struct AnalyticsTests {
    @Test("the page and the CSV measure the selected households from their stored surveys")
    func pageAndCSV() async throws {
        try await withTestApp(demo: true) { app in
            let browser = Browser(app: app)
            try await browser.login("admin", DemoAccounts.password("admin"))
            let controller = AnalyticsController()
            let (all, standard) = try await controller.measure(.init(standard: "nd-07-2021"), scope: .wholeOrganisation, on: app.db)
            #expect(standard.id == "nd-07-2021")
            #expect(all.households == all.n + all.excludedIncomplete)
            #expect(all.n > 0)
            let (hiepThanh, _) = try await controller.measure(.init(commune: "31840", standard: "nd-07-2021"), scope: .wholeOrganisation, on: app.db)
            #expect(hiepThanh.households < all.households)
            let (khmer, _) = try await controller.measure(.init(ethnicity: "khmer", standard: "nd-07-2021"), scope: .wholeOrganisation, on: app.db)
            #expect(khmer.households > 0 && khmer.households < all.households)
            let (early, _) = try await controller.measure(.init(to: "31/12/2021", standard: "nd-07-2021"), scope: .wholeOrganisation, on: app.db)
            #expect(early.households < all.households)

            try await browser.get("/analytics?standard=nd-07-2021") { res in
                #expect(res.status == .ok)
                let page = res.body.string
                // The measure's standard is shown as chosen, never as "all".
                #expect(page.contains("<option value=\"nd-07-2021\" selected>"))
                #expect(!page.contains("<select id=\"f-standard\" name=\"standard\"><option value=\"\""))
                #expect(page.contains("<svg"))
                #expect(page.contains("M0 = H × A"))
                #expect(page.contains(VietnameseFormat.percent(all.headcount.percent, fractionDigits: 1, in: .vi)))
            }
            try await browser.get("/analytics.csv?commune=31840&standard=nd-07-2021") { res in
                #expect(res.status == .ok)
                #expect(res.headers.contentType?.subType == "csv")
                let text = res.body.string
                #expect(text.hasPrefix("\u{FEFF}"))
                #expect(text.contains(AlkireFosterCSV.render(hiepThanh, standard: standard, in: .vi)))
            }
        }
    }
}
