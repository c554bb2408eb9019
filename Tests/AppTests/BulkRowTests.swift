import Fluent
import Foundation
import Testing
@testable import App

@Suite("Bulk rows of the import")
struct BulkRowTests {
    static func same<M: BulkRow>(_ model: M.Type) -> Bool {
        Set(M.columns) == Set(M.keys.map(\.description)) && M.columns.count == Set(M.columns).count
    }

    @Test("each model written in bulk lists exactly its own fields, once each")
    func columnsMatchTheModels() {
        #expect(Self.same(Household.self))
        #expect(Self.same(Member.self))
        #expect(Self.same(Survey.self))
        #expect(Self.same(ClassificationResult.self))
        #expect(Self.same(Sponsorship.self))
    }

    @Test("a bulk row has one value per column")
    func valuesMatchTheColumns() throws {
        let household = Household(code: "B-1", communeID: UUID(), hamlet: nil, address: nil)
        household.id = UUID()
        #expect(try household.values(createdAt: Date()).count == Household.columns.count)
        let member = Member(householdID: UUID(), position: 0, record: .init(name: "An"))
        member.id = UUID()
        #expect(try member.values(createdAt: Date()).count == Member.columns.count)
        let sponsorship = Sponsorship(householdID: UUID(), organisationUnitID: UUID(), startsOn: .init(year: 2026, month: 1, day: 1)!, endsOn: nil)
        sponsorship.id = UUID()
        #expect(try sponsorship.values(createdAt: Date()).count == Sponsorship.columns.count)
    }
}
