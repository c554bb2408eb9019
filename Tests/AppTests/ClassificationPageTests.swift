import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Classification in the registry")
struct ClassificationPageTests {
    func admin(_ app: Application) async throws -> Browser {
        let browser = Browser(app: app)
        try await browser.login("admin", DemoAccounts.password("admin"))
        return browser
    }

    @Test("the demo's surveys are classified and stored; each household's computed status is its latest survey's")
    func demoClassified() async throws {
        try await withTestApp(demo: true) { app in
            let households = try await Household.query(on: app.db).all()
            for household in households {
                let latest = try #require(try await Survey.query(on: app.db).filter(\.$household.$id == household.requireID()).sort(\.$surveyDate, .descending).first())
                let record = try #require(latest.record)
                let standard = try #require(StandardCatalog.builtIn.standard(forSurveyOn: record.surveyDate!))
                let expected = Classifier.classify(record, standard: standard, area: record.area!)
                #expect(household.computedStatus == expected.status.rawValue, "\(household.code)")
                let stored = try #require(try await ClassificationResult.query(on: app.db).filter(\.$survey.$id == latest.requireID()).first())
                #expect(stored.deprivedKeys == expected.deprived)
                #expect(stored.deprivationScore == expected.deprivationScore)
            }
            // Sponsored households escaped poverty: their latest surveys are not poor.
            let sponsored = try await HouseholdQuery.list(HouseholdFilter(sponsor: "CAT"), scope: .wholeOrganisation, on: app.db)
            #expect(sponsored.households.allSatisfy { $0.computedStatus != ComputedStatus.poor.rawValue })
        }
    }

    @Test("the disagreements page lists exactly the households whose statuses contradict each other")
    func disagreements() async throws {
        try await withTestApp(demo: true) { app in
            let all = try await Household.query(on: app.db).all()
            let expected = all.filter { HouseholdDisplay.disagree(recognised: $0.recognisedStatus, computed: $0.computedStatus) }
            #expect(!expected.isEmpty)
            let listed = try await HouseholdQuery.list(HouseholdFilter(disagree: true), scope: .wholeOrganisation, on: app.db)
            #expect(listed.total == expected.count)
            let browser = try await admin(app)
            try await browser.get("/households/disagreements") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("Hộ có kết quả tính khác kết quả xã công nhận"))
                for household in expected.prefix(5) { #expect(res.body.string.contains(household.code)) }
            }
        }
    }

    @Test("targeting groups: housing-deprived, employment-deprived, no working capacity")
    func groups() async throws {
        try await withTestApp(demo: true) { app in
            let housing = try await HouseholdQuery.list(HouseholdFilter(group: "housing"), scope: .wholeOrganisation, on: app.db)
            #expect(housing.total > 0)
            #expect(housing.households.allSatisfy { ($0.computedDeprived ?? "").contains(",housingQuality,") || ($0.computedDeprived ?? "").contains(",housingArea,") })
            let employment = try await HouseholdQuery.list(HouseholdFilter(group: "employment"), scope: .wholeOrganisation, on: app.db)
            #expect(employment.households.allSatisfy { ($0.computedDeprived ?? "").contains(",employment,") })
            let none = try await HouseholdQuery.list(HouseholdFilter(group: "noWorkingCapacity"), scope: .wholeOrganisation, on: app.db)
            for household in none.households {
                let able = try await Member.query(on: app.db).filter(\.$household.$id == household.requireID())
                    .filter(\.$status == "present").filter(\.$ableToWork == true).count()
                #expect(able == 0)
            }
        }
    }

    @Test("saving a survey classifies it; the household page explains the result by dimension")
    func surveyClassified() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            try await browser.post("/households/new", form: ["code": "CLS-1", "communeCode": "31840"]) { res in #expect(res.status == .seeOther) }
            var household = try #require(try await HouseholdQuery.find(code: "CLS-1", scope: .wholeOrganisation, on: app.db))
            try await browser.post("/households/CLS-1/members/new", form: ["version": String(household.version), "name": "Sơn Thị Sà Rênh", "birthDate": "12/05/1980", "relation": "head", "healthInsurance": "false", "ableToWork": "true"]) { res in #expect(res.status == .seeOther) }
            household = try #require(try await HouseholdQuery.find(code: "CLS-1", scope: .wholeOrganisation, on: app.db))
            // 1.200.000 đ ≤ 1.500.000 (rural line) and 3 deprivations answered on form B2 → poor.
            let body = "version=\(household.version)&surveyDate=10%2F10%2F2025&income.perCapitaMonthly=1.200.000&indicators.latrine=true&indicators.water=true&indicators.housingQuality=true"
            try await browser.post("/households/CLS-1/surveys/new", encodedForm: body) { res in
                #expect(res.status == .seeOther)
            }
            household = try #require(try await HouseholdQuery.find(code: "CLS-1", scope: .wholeOrganisation, on: app.db))
            #expect(household.computedStatus == "poor")
            try await browser.get("/households/CLS-1") { res in
                let page = res.body.string
                #expect(page.contains("Kết quả phân loại"))
                #expect(page.contains("Nghị định 07/2021/NĐ-CP"))
                #expect(page.contains("1.200.000"))
                #expect(page.contains("Nhà ở"))
                #expect(page.contains("Theo phiếu B2"))
            }
        }
    }
}
