import Domain
import Fluent
import Foundation
import Testing
import Vapor
@testable import App

@Suite("Demo data and administrative units")
struct DemoAndUnitsTests {
    @Test("the demo loads the article's world; loading it twice changes nothing")
    func demoTwice() async throws {
        try await withTestApp(demo: true) { app in
            let households = try await Household.query(on: app.db).count()
            let members = try await Member.query(on: app.db).count()
            let sponsored = try await Sponsorship.query(on: app.db).unique().all(\.$household.$id)
            #expect(Set(sponsored).count == 115)
            #expect(households == DemoDataset.make().households.count)
            let second = try await DemoLoader.load(on: app.db, hashPassword: { $0 }, reset: false)
            guard case .alreadyLoaded = second else { Issue.record("expected alreadyLoaded, got \(second)"); return }
            #expect(try await Household.query(on: app.db).count() == households)
            #expect(try await Member.query(on: app.db).count() == members)
            let report = DemoLoader.report(second)
            #expect(report.contains("admin"))
        }
    }

    @Test("the demo refuses a database holding real data unless --reset")
    func demoRefusesRealData() async throws {
        try await withTestApp(demo: true) { app in
            _ = try await HouseholdService.create(HouseholdRecord(code: "REAL-1", communeCode: "31840"), today: Clock.today, by: .terminal, scope: .wholeOrganisation, on: app.db)
            await #expect(throws: DemoLoader.Refusal.self) {
                _ = try await DemoLoader.load(on: app.db, hashPassword: { $0 }, reset: false)
            }
            #expect(try await HouseholdQuery.find(code: "REAL-1", scope: .wholeOrganisation, on: app.db) != nil)
            let outcome = try await DemoLoader.load(on: app.db, hashPassword: { $0 }, reset: true)
            guard case .loaded = outcome else { Issue.record("expected loaded"); return }
            #expect(try await HouseholdQuery.find(code: "REAL-1", scope: .wholeOrganisation, on: app.db) == nil)
        }
    }

    static let smallPreReformList = """
    [{"Code":"95","Name":"Bạc Liêu","FullName":"Tỉnh Bạc Liêu","District":[
      {"Code":"954","Name":"Bạc Liêu","FullName":"Thành phố Bạc Liêu","Ward":[
        {"Code":"31840","Name":"Hiệp Thành","FullName":"Xã Hiệp Thành"},
        {"Code":"31831","Name":"Nhà Mát","FullName":"Phường Nhà Mát"}]}]}]
    """

    @Test("units import creates units, a second import of the same list updates nothing, a broken file changes nothing")
    func importUnits() async throws {
        try await withTestApp { app in
            let list = try AdministrativeUnitList.parse(Array(Self.smallPreReformList.utf8))
            let first = try await AdministrativeUnitImporter.importList(list.units, listVersion: "pre-2025", validFrom: nil, validTo: "2025-06-30", on: app.db)
            #expect(first == .init(created: 4, updated: 0))
            let second = try await AdministrativeUnitImporter.importList(list.units, listVersion: "pre-2025", validFrom: nil, validTo: "2025-06-30", on: app.db)
            #expect(second == .init(created: 0, updated: 0))
            let ward = try #require(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "31831").with(\.$parent).first())
            #expect(ward.area == .urban)
            #expect(ward.parent?.code == "954")
            #expect(ward.fullName(.vi) == "Phường Nhà Mát")
            #expect(throws: AdministrativeUnitListError.self) {
                _ = try AdministrativeUnitList.parse(Array("[{\"Code\":\"95\"".utf8))
            }
            #expect(try await AdministrativeUnit.query(on: app.db).count() == 4)
        }
    }

    @Test("the official lists in shared/ import: 63 provinces before the reform, 34 after",
          .enabled(if: TestPaths.sharedAdminUnits != nil, "needs ../shared/data/admin-units (absent in a plain clone)"))
    func importRealLists() async throws {
        let folder = try #require(TestPaths.sharedAdminUnits)
        try await withTestApp { app in
            for (file, version, provinces) in [("units-2025-03-01.json", "pre-2025", 63), ("units-2026-04-30.json", "post-2025", 34)] {
                let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(file)"))
                let list = try AdministrativeUnitList.parse(Array(data))
                let defaults = UnitListDefaults(format: list.format)
                #expect(defaults.listVersion == version)
                _ = try await AdministrativeUnitImporter.importList(list.units, listVersion: defaults.listVersion, validFrom: defaults.validFrom, validTo: defaults.validTo, on: app.db)
                let count = try await AdministrativeUnit.query(on: app.db).filter(\.$listVersion == version).filter(\.$level == "province").count()
                #expect(count == provinces)
            }
            // The same code in both lists: Hiệp Thành (31840) before, and its successor ward after.
            #expect(try await AdministrativeUnit.query(on: app.db).filter(\.$code == "31840").count() == 2)
        }
    }
}

@Suite("Accounts from the command line")
struct UserAccountTests {
    @Test("an administrator created from the terminal can log in; bad input is refused with its reason")
    func createAdministrator() async throws {
        try await withTestApp { app in
            let hash: (String) throws -> String = { try app.password.hash($0) }
            let user = try await UserAccounts.create(username: "Quan.Tri", displayName: "Quản trị", role: "administrator", unitCode: nil,
                                                     password: "mot-mat-khau-dai", hash: hash, on: app.db)
            #expect(user.username == "quan.tri")
            let browser = Browser(app: app)
            try await browser.login("quan.tri", "mot-mat-khau-dai")
            try await browser.get("/households") { res in #expect(res.status == .ok) }

            let refusals: [(String, String, String, String?, String)] = [
                ("quan.tri", "administrator", "mot-mat-khau-dai", nil, "đã có"),
                ("người dùng", "administrator", "mot-mat-khau-dai", nil, "không hợp lệ"),
                ("ok.user", "king", "mot-mat-khau-dai", nil, "Vai trò \"king\" không có"),
                ("ok.user", "auditor", "ngan", nil, "ít nhất 12 ký tự"),
                ("ok.user", "unitOfficer", "mot-mat-khau-dai", "NO-UNIT", "Không có đơn vị mã NO-UNIT"),
            ]
            for (username, role, password, unit, message) in refusals {
                do {
                    _ = try await UserAccounts.create(username: username, displayName: username, role: role, unitCode: unit, password: password, hash: hash, on: app.db)
                    Issue.record("\(username) should be refused")
                } catch let error as CommandLineError {
                    #expect(error.description.contains(message), "\(error.description)")
                }
            }
            #expect(try await User.query(on: app.db).count() == 1)
        }
    }
}
