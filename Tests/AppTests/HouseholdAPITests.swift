import Domain
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite("Household JSON API")
struct HouseholdAPITests {
    static let valid = """
    {"code":"API-0001","communeCode":"31840","hamlet":"Ấp Bình Lộc","surveyDate":"2024-10-05",
     "income":{"perCapitaMonthly":1250000,"scoreA":128},"indicators":{"healthInsurance":true},
     "housing":{"durable":false,"floorAreaM2":24.5,"hygienicWater":true},
     "needs":["capital","livestock"],
     "members":[{"name":"Nguyễn Văn An","sex":"male","birthDate":"1979-03-14","relation":"head","idNumber":"095079001234","ethnicity":"Kinh"},
                {"name":"Trần Thị Bé","sex":"female","birthYear":1982,"relation":"spouse","ethnicity":"Khmer"}]}
    """

    func admin(_ app: Application) async throws -> Browser {
        let browser = Browser(app: app)
        try await browser.login("admin", DemoAccounts.password("admin"))
        return browser
    }

    @Test("POST creates a household in the interchange format; GET returns it; the list finds it")
    func createAndRead() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            try await browser.send(.POST, "/api/v1/households", json: Self.valid) { res in
                #expect(res.status == .created)
                #expect(res.headers.first(name: .location) == "/api/v1/households/API-0001")
            }
            try await browser.get("/api/v1/households/API-0001") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\"idNumber\":\"********1234\""), "ID numbers are masked by default")
                #expect(!res.body.string.contains("095079001234"))
            }
            try await browser.get("/api/v1/households/API-0001?reveal=idNumbers") { res in
                #expect(res.status == .ok)
                let record = try HouseholdJSON.decode(bytes: Array(res.body.readableBytesView)).get()
                #expect(record.members[0].idNumber == "095079001234")
                #expect(record.members.map(\.name) == ["Nguyễn Văn An", "Trần Thị Bé"])
                #expect(record.area == .rural)
                #expect(record.surveyDate == LocalDate(year: 2024, month: 10, day: 5))
                #expect(record.income?.scoreA == 128)
                #expect(record.members[1].birthYear == 1982)
            }
            try await browser.get("/api/v1/households?q=nguyen%20van%20an&commune=31840") { res in
                #expect(res.status == .ok)
                #expect(res.body.string.contains("\"code\":\"API-0001\""))
            }
        }
    }

    @Test("bad input is refused with JSON naming the household and field, and nothing is stored",
          arguments: [
            ("{\"code\":\"X1\",\"communeCode\":\"31840\",\"colour\":\"red\"}", "colour"),
            ("{\"code\":\"X1\",\"communeCode\":\"31840\",\"income\":{\"perCapitaMonthly\":\"many\"}}", "income.perCapitaMonthly"),
            ("{\"code\":\"X1\",\"communeCode\":\"31840\",\"housing\":{\"floorAreaM2\":-2}}", "housing.floorAreaM2"),
            ("{\"code\":\"X1\",\"communeCode\":\"31840\",\"members\":[{\"name\":\"A\",\"sex\":\"x\"}]}", "members[0].sex"),
            ("{\"code\":\"X1\",\"communeCode\":\"31840\",\"members\":[{\"name\":\"A\",\"idNumber\":\"0950790012\"}]}", "members[0].idNumber"),
            ("{\"code\":\"X1\",\"communeCode\":\"31840\",\"surveyDate\":\"2020-01-01\",\"members\":[{\"name\":\"A\",\"birthDate\":\"2021-01-01\"}]}", "members[0].birthDate"),
            ("{\"code\":\"X1\",\"communeCode\":\"31840\",\"area\":\"urban\"}", "area"),
            ("{\"code\":\"X1\",\"communeCode\":\"00000\"}", "communeCode"),
            ("{\"code\":\"X1\",\"communeCode\":\"31840\",\"surveyDate\":\"2999-01-01\"}", "surveyDate"),
            ("{\"code\":\"X1\",", ""),
          ])
    func badInput(body: String, field: String) async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            let before = try await Household.query(on: app.db).count()
            try await browser.send(.POST, "/api/v1/households", json: body) { res in
                #expect(res.status == .unprocessableEntity)
                let error = try JSONDecoder().decode(APIError.self, from: Data(res.body.readableBytesView))
                #expect(error.fields.contains { $0.field == field }, "\(error.fields)")
                if !field.isEmpty { #expect(error.fields.contains { $0.householdCode == "X1" }) }
                #expect(error.fields.allSatisfy { !$0.message.isEmpty })
            }
            #expect(try await Household.query(on: app.db).count() == before)
        }
    }

    @Test("a duplicate code is a conflict")
    func duplicate() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            try await browser.send(.POST, "/api/v1/households", json: Self.valid) { res in #expect(res.status == .created) }
            try await browser.send(.POST, "/api/v1/households", json: Self.valid) { res in #expect(res.status == .conflict) }
        }
    }

    @Test("PUT replaces facts; a member left out is recorded as moved away; a stale If-Match is refused with 412")
    func replace() async throws {
        try await withTestApp(demo: true) { app in
            let browser = try await admin(app)
            var version = ""
            try await browser.send(.POST, "/api/v1/households", json: Self.valid) { res in
                version = res.headers.first(name: .eTag) ?? ""
            }
            let changed = """
            {"code":"API-0001","communeCode":"31840","hamlet":"Ấp Cái Giá","surveyDate":"2024-10-05",
             "members":[{"name":"Nguyen Van An","sex":"male","birthDate":"1979-03-14","relation":"head","idNumber":"095079001234","ethnicity":"Kinh"}]}
            """
            try await browser.send(.PUT, "/api/v1/households/API-0001", json: changed, headers: ["If-Match": version]) { res in
                #expect(res.status == .ok, "\(res.body.string)")
                #expect(res.body.string.contains("Ấp Cái Giá"))
                #expect(!res.body.string.contains("Trần Thị Bé"))
            }
            let created = try #require(try await HouseholdQuery.find(code: "API-0001", scope: .wholeOrganisation, on: app.db))
            let spouse = try #require(try await Member.query(on: app.db).filter(\.$household.$id == created.requireID()).filter(\.$name == "Trần Thị Bé").first())
            #expect(spouse.status == "movedAway")
            try await browser.send(.PUT, "/api/v1/households/API-0001", json: Self.valid, headers: ["If-Match": version]) { res in
                #expect(res.status == .preconditionFailed)
            }
            let stored = try #require(try await HouseholdQuery.find(code: "API-0001", scope: .wholeOrganisation, on: app.db))
            #expect(stored.hamlet == "Ấp Cái Giá")
            try await browser.send(.PUT, "/api/v1/households/NOPE", json: Self.valid) { res in
                #expect(res.status == .notFound)
                #expect(res.headers.contentType == .json)
            }
        }
    }
}
