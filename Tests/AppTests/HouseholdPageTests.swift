import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Household registry pages")
struct HouseholdPageTests {
    func admin(_ app: Application) async throws -> Browser {
        let browser = Browser(app: app)
        try await browser.login("admin", DemoAccounts.password("admin"))
        return browser
    }

    @Test("search ignores case and diacritics, đ matches d, and finds by code and ID number")
    func search() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            let household = try #require(try await Household.query(on: app.db).sort(\.$code).first())
            let folded = VietnameseText.fold(household.headName)
            try await browser.get("/households?q=\(folded.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains(household.code))
            }
            try await browser.get("/households?q=\(household.code.lowercased())") { res in
                #expect(res.body.string.contains(household.headName))
            }
            let member = try #require(try await Member.query(on: app.db).filter(\.$idNumber != nil).first())
            let owner = try #require(try await Household.find(member.$household.id, on: app.db))
            try await browser.get("/households?q=\(member.idNumber!)") { res in
                #expect(res.body.string.contains(owner.code))
                #expect(res.body.string.contains("Tìm thấy 1 hộ"))
            }
            // A name with đ/Đ is found when typed with a plain d.
            if let withD = try await Household.query(on: app.db).all().first(where: { $0.headName.contains("Đ") || $0.headName.contains("đ") }) {
                let typed = VietnameseText.fold(withD.headName)
                #expect(!typed.contains("đ"))
                try await browser.get("/households?q=\(typed.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)") { res in
                    #expect(res.body.string.contains(withD.code))
                }
            }
        }
    }

    @Test("a search with SQL wildcards and quotes is harmless")
    func searchMetaCharacters() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            for query in ["%25", "_", "%27%3B%20DROP%20TABLE%20households%3B--"] {
                try await browser.get("/households?q=\(query)") { res in
                    #expect(res.status == .ok)
                    #expect(res.body.string.contains("Tìm thấy 0 hộ"))
                }
            }
            #expect(try await Household.query(on: app.db).count() > 0)
        }
    }

    @Test("the list is sorted by given name in Vietnamese order and filtered by commune, status and sponsor")
    func listOrderAndFilters() async throws {
        try await withTestApp(demo: true) { app in
            let result = try await HouseholdQuery.list(HouseholdFilter(), scope: .wholeOrganisation, on: app.db)
            let names = result.households.map(\.headName)
            #expect(names.count == HouseholdFilter.pageSize)
            #expect(names == names.sorted(by: VietnameseCollation.areNamesInIncreasingOrder))

            let hiepThanh = try await HouseholdQuery.list(HouseholdFilter(commune: "31840"), scope: .wholeOrganisation, on: app.db)
            #expect(hiepThanh.total > 0)
            #expect(hiepThanh.households.allSatisfy { $0.commune.code == "31840" })

            let sponsored = try await HouseholdQuery.list(HouseholdFilter(sponsor: DemoDataset.make().organisationUnits[0].code), scope: .wholeOrganisation, on: app.db)
            #expect(sponsored.total == 115)
            let never = try await HouseholdQuery.list(HouseholdFilter(sponsor: "none"), scope: .wholeOrganisation, on: app.db)
            #expect(never.total + sponsored.total == (try await Household.query(on: app.db).count()))

            let escaped = try await HouseholdQuery.list(HouseholdFilter(recognised: "escapedPoverty"), scope: .wholeOrganisation, on: app.db)
            #expect(escaped.total >= 115)
        }
    }

    @Test("a filter value that names nothing is refused with the value named, on the page, in the API and for exports")
    func unknownFilterValues() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            let unitCode = DemoDataset.make().organisationUnits[0].code
            try await browser.get("/households?computed=khong-co") { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("Bộ lọc “Kết quả tính” (computed) không có giá trị &quot;khong-co&quot;"))
            }
            try await browser.get("/households/disagreements?commune=99999") { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("Không có xã, phường nào mã &quot;99999&quot;."))
            }
            try await browser.get("/api/v1/households?sponsor=KHONG-CO") { res in
                #expect(res.status == .badRequest)
                #expect((try? res.content.decode(APIError.self))?.error == "Không có đơn vị giúp đỡ nào mã \"KHONG-CO\".")
            }
            let exportsBefore = try await AuditEntry.query(on: app.db).count()
            try await browser.get("/exports/households.csv?group=nha-o") { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("(group) không có giá trị &quot;nha-o&quot;"))
            }
            #expect(try await AuditEntry.query(on: app.db).count() == exportsBefore)
            // Every value the filter form offers is accepted.
            try await browser.get("/households?computed=none&recognised=escapedPoverty&group=housing&commune=31840&sponsor=\(unitCode)") { res in
                #expect(res.status == .ok)
            }
        }
    }

    @Test("every demo page renders: list pages, a detail page and each form")
    func pagesRender() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            let household = try #require(try await Household.query(on: app.db).join(Sponsorship.self, on: \Household.$id == \Sponsorship.$household.$id).first())
            let member = try #require(try await Member.query(on: app.db).filter(\.$household.$id == household.requireID()).first())
            let survey = try #require(try await Survey.query(on: app.db).filter(\.$household.$id == household.requireID()).first())
            let paths = [
                "/households", "/households?page=2", "/households?page=9999", "/households/new",
                "/households/\(household.code)", "/households/\(household.code)/edit",
                "/households/\(household.code)/members/new", "/households/\(household.code)/members/\(member.id!)/edit",
                "/households/\(household.code)/surveys/new", "/households/\(household.code)/surveys/\(survey.id!)/edit",
                "/households/\(household.code)/recognitions/new", "/households/\(household.code)/sponsorships/new",
                "/households/disagreements", "/households?group=housing", "/reclassification", "/reclassification?standard=nd-07-2021",
                "/analytics", "/analytics?weighting=people&ethnicity=Khmer", "/login",
            ]
            for path in paths {
                try await browser.get(path) { res in
                    #expect(res.status == .ok, "\(path)")
                    #expect(res.body.string.contains("</html>"), "\(path)")
                }
            }
            for path in ["/households", "/households/new"] {
                try await browser.get(path) { res in
                    #expect(res.body.string.contains("<option value=\"31840\">Xã Hiệp Thành (31840, đến 30/06/2025)</option>"), "\(path)")
                }
            }
            try await browser.get("/households/\(household.code)") { res in
                #expect(res.body.string.contains(member.name))
                #expect(res.body.string.contains("Thoát nghèo"))
            }
            try await browser.get("/households/NO-SUCH-CODE") { res in
                #expect(res.status == .notFound)
                #expect(res.body.string.contains("Không tìm thấy"))
            }
        }
    }

    @Test("the household form names each wrong field in Vietnamese and stores nothing; a valid one creates the household")
    func createHousehold() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            let before = try await Household.query(on: app.db).count()
            try await browser.post("/households/new", form: ["code": "", "communeCode": "99999"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Không được để trống."))
                #expect(res.body.string.contains("Không có xã/phường với mã này."))
            }
            let existing = try #require(try await Household.query(on: app.db).first())
            try await browser.post("/households/new", form: ["code": existing.code, "communeCode": "31840"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Mã hộ này đã có."))
            }
            #expect(try await Household.query(on: app.db).count() == before)
            try await browser.post("/households/new", form: ["code": "TEST-0001", "communeCode": "31840", "hamlet": "Ấp Biển Tây A"]) { res in
                #expect(res.status == .seeOther)
                #expect(res.headers.first(name: .location) == "/households/TEST-0001")
            }
            let created = try #require(try await HouseholdQuery.find(code: "TEST-0001", scope: .wholeOrganisation, on: app.db))
            #expect(created.hamlet == "Ấp Biển Tây A")
            #expect(created.commune.code == "31840")
        }
    }

    @Test("members: a bad ID number and a future birth date are refused by field; a good member is added")
    func addMember() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            let household = try #require(try await Household.query(on: app.db).sort(\.$code).first())
            let path = "/households/\(household.code)/members/new"
            let count = try await Member.query(on: app.db).filter(\.$household.$id == household.requireID()).count()
            try await browser.post(path, form: ["version": String(household.version), "name": "Danh Thị Kim Thoa Thử", "idNumber": "12345", "birthDate": "31/02/2001", "ethnicity": "Khmer"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Số định danh phải gồm 12 chữ số"))
                #expect(res.body.string.contains("Ngày không hợp lệ"))
            }
            try await browser.post(path, form: ["version": String(household.version), "name": "Danh Thị Kim Thoa Thử", "birthDate": "01/01/2099"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Ngày sinh sau ngày khảo sát."))
            }
            #expect(try await Member.query(on: app.db).filter(\.$household.$id == household.requireID()).count() == count)
            try await browser.post(path, form: ["version": String(household.version), "name": "Danh Thị Kim Thoa Thử", "birthDate": "14/03/2001",
                                                "idNumber": "095301000123", "ethnicity": "khơ me", "sex": "female", "relation": "child"]) { res in
                #expect(res.status == .seeOther)
            }
            let added = try #require(try await Member.query(on: app.db).filter(\.$name == "Danh Thị Kim Thoa Thử").first())
            #expect(added.ethnicity == "Khmer")
            #expect(added.birthDate == "2001-03-14")
            let refreshed = try #require(try await Household.find(household.id, on: app.db))
            #expect(refreshed.searchText.contains("danh thi kim thoa thu"))
            #expect(refreshed.version == household.version + 1)
        }
    }

    @Test("a stale form is refused (optimistic locking) and nothing changes")
    func staleForm() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            let household = try #require(try await Household.query(on: app.db).with(\.$commune).sort(\.$code).first())
            let stale = String(household.version)
            try await browser.post("/households/\(household.code)/edit", form: ["version": stale, "communeCode": household.commune.code, "hamlet": "Ấp Một"]) { res in
                #expect(res.status == .seeOther)
            }
            try await browser.post("/households/\(household.code)/edit", form: ["version": stale, "communeCode": household.commune.code, "hamlet": "Ấp Hai"]) { res in
                #expect(res.status == .conflict)
                #expect(res.body.string.contains("vừa được người khác cập nhật"))
            }
            let stored = try #require(try await Household.find(household.id, on: app.db))
            #expect(stored.hamlet == "Ấp Một")
        }
    }

    @Test("a survey dated after today is refused; a valid one stores the facts with the members' snapshot")
    func addSurvey() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            let household = try #require(try await Household.query(on: app.db).sort(\.$code).first())
            let path = "/households/\(household.code)/surveys/new"
            let tomorrow = VietnameseFormat.date(Clock.today.adding(days: 1))
            try await browser.post(path, form: ["version": String(household.version), "surveyDate": tomorrow, "housing.floorAreaM2": "-3"]) { res in
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("Ngày không được sau hôm nay."))
            }
            let body = "version=\(household.version)&surveyDate=05%2F10%2F2025&income.perCapitaMonthly=1.250.000&housing.durable=false&housing.floorAreaM2=24%2C5&needs=capital&needs=livestock&indicators.latrine=true"
            try await browser.post(path, encodedForm: body) { res in
                #expect(res.status == .seeOther)
            }
            let survey = try #require(try await Survey.query(on: app.db).filter(\.$household.$id == household.requireID()).filter(\.$surveyDate == "2025-10-05").first())
            #expect(survey.incomePerCapita == 1_250_000)
            let record = try #require(survey.record)
            #expect(record.housing?.floorAreaM2 == 24.5)
            #expect(record.needs == [.capital, .livestock])
            #expect(record.indicators == [.latrine: true])
            #expect(record.members.count == household.memberCount)
        }
    }

    @Test("a member who died stays on record with the event; the household is archived, never deleted")
    func eventsAndArchive() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            let household = try #require(try await Household.query(on: app.db).filter(\.$memberCount > 1).sort(\.$code).first())
            let member = try #require(try await Member.query(on: app.db).filter(\.$household.$id == household.requireID()).sort(\.$position).all().last)
            try await browser.post("/households/\(household.code)/members/\(member.id!)/event", form: ["version": String(household.version), "kind": "died", "date": "01/02/2025"]) { res in
                #expect(res.status == .seeOther)
            }
            let updated = try #require(try await Household.find(household.id, on: app.db))
            #expect(updated.memberCount == household.memberCount - 1)
            #expect(try await Member.find(member.id, on: app.db)?.status == "died")
            #expect(try await MemberEvent.query(on: app.db).filter(\.$member.$id == member.requireID()).count() == 1)
            try await browser.post("/households/\(household.code)/archive", form: ["version": String(updated.version), "reason": "Chuyển cả hộ đi tỉnh khác"]) { res in
                #expect(res.status == .seeOther)
            }
            let archivedAt = try #require(try await Household.find(household.id, on: app.db)?.archivedAt)
            try await browser.get("/households/\(household.code)") { res in
                #expect(res.body.string.contains("Chuyển cả hộ đi tỉnh khác"))
                // Stored in UTC, shown in Viet Nam's time.
                #expect(res.body.string.contains(VietnameseFormat.timestamp(archivedAt)))
            }
            try await browser.get("/households?q=\(household.code)") { res in
                #expect(res.body.string.contains("Tìm thấy 0 hộ"))
            }
        }
    }

    @Test("the English interface comes from the same table")
    func english() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .cookie, value: browser.cookie! + "; lang=en")
            try await app.testing().test(.GET, "/households", headers: headers) { res in
                #expect(res.body.string.contains("Household registry"))
            }
        }
    }
}

@Suite("Escaping")
struct EscapingTests {
    @Test("text typed into a household comes back escaped on its pages")
    func escaped() async throws {
        try await withTestApp(demo: true) { app in
            let browser = Browser(app: app)
            try await browser.login("admin", DemoAccounts.password("admin"))
            let payload = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>"
            try await browser.post("/households/new", form: ["code": "XSS-1", "communeCode": "31840", "hamlet": payload, "address": payload]) { res in
                #expect(res.status == .seeOther)
            }
            let household = try #require(try await HouseholdQuery.find(code: "XSS-1", scope: .wholeOrganisation, on: app.db))
            try await browser.post("/households/XSS-1/members/new", form: ["version": String(household.version), "name": payload, "religion": payload]) { res in
                #expect(res.status == .seeOther)
            }
            for path in ["/households/XSS-1", "/households?q=XSS-1", "/households/XSS-1/edit"] {
                try await browser.get(path) { res in
                    #expect(!res.body.string.contains("<script>alert(1)"), "\(path)")
                    #expect(!res.body.string.contains("<img src=x"), "\(path)")
                    #expect(res.body.string.contains("&lt;script&gt;"), "\(path)")
                }
            }
        }
    }
}
