import Domain
import Fluent
import Vapor

/// What an import will do, decided before anything is written: each valid household is created,
/// updates the household with its code, or is held back as a possible duplicate of one already
/// registered under another code (same citizen-ID number, or same head's name, birth year and
/// commune).
struct ImportPlan: Sendable {
    struct Entry: Sendable {
        /// Index into the batch's records.
        let index: Int
        let commune: AdministrativeUnit
        let existing: Household?
    }

    struct Duplicate: Sendable, Codable {
        let code: String
        let matchedCode: String
        let reasonKey: String
    }

    var creates: [Entry] = []
    var updates: [Entry] = []
    var duplicates: [Duplicate] = []
    var issues: [ImportIssue] = []
}

enum ImportChecker {
    static func plan(_ batch: ImportBatch, scope: AccessScope, on db: any Database) async throws -> ImportPlan {
        var plan = ImportPlan()
        plan.issues = batch.issues
        let communeCodes = Set(batch.records.compactMap(\.communeCode))
        let communes = try await AdministrativeUnit.query(on: db)
            .filter(\.$level == AdministrativeLevel.commune.rawValue)
            .filter(\.$code ~~ Array(communeCodes))
            .all()
        let communesByCode = Dictionary(grouping: communes, by: \.code)
        let existing = try await existingHouseholds(codes: batch.records.map(\.code), on: db)
        let visible = try await visibleIDs(existing.values.compactMap(\.id), scope: scope, on: db)
        let byIDNumber = try await householdCodesByIDNumber(batch.records.flatMap { $0.members.compactMap(\.idNumber) }, on: db)
        let byHead = try await householdCodesByHead(communeIDs: communes.compactMap(\.id), on: db)

        for (index, record) in batch.records.enumerated() {
            let origin = batch.origins[index]
            let commune: AdministrativeUnit
            switch HouseholdService.chooseCommune(communesByCode[record.communeCode ?? ""] ?? [], for: record) {
            case let .success(found): commune = found
            case let .failure(invalid):
                plan.issues += invalid.issues.map { ImportIssue($0, at: origin) }
                continue
            }
            guard let communeID = commune.id, scope.allowsCommune(communeID) else {
                plan.issues.append(ImportIssue(FieldIssue(householdCode: record.code, field: "communeCode", problem: .communeOutsideScope), at: origin))
                continue
            }
            if let household = existing[record.code] {
                guard let id = household.id, visible.contains(id) else {
                    plan.issues.append(ImportIssue(FieldIssue(householdCode: record.code, field: "code", problem: .duplicateCode), at: origin))
                    continue
                }
                plan.updates.append(.init(index: index, commune: commune, existing: household))
            } else if let matched = record.members.lazy.compactMap({ $0.idNumber.flatMap { byIDNumber[$0] } }).first {
                plan.duplicates.append(.init(code: record.code, matchedCode: matched, reasonKey: "import.duplicate.idNumber"))
            } else if let key = headKey(record, communeID: communeID), let matched = byHead[key] {
                plan.duplicates.append(.init(code: record.code, matchedCode: matched, reasonKey: "import.duplicate.head"))
            } else {
                plan.creates.append(.init(index: index, commune: commune, existing: nil))
            }
        }
        plan.issues.sort { ($0.sheet, $0.row) < ($1.sheet, $1.row) }
        return plan
    }

    /// Name, birth year and commune of the household's head (or first member): the last resort of matching.
    static func headKey(_ record: HouseholdRecord, communeID: UUID) -> String? {
        guard let head = record.members.first(where: { $0.relation == .head }) ?? record.members.first,
              let year = head.birthDate?.year ?? head.birthYear else { return nil }
        return headKey(name: head.name, year: year, communeID: communeID)
    }

    private static func headKey(name: String, year: Int, communeID: UUID) -> String {
        "\(VietnameseText.fold(name))|\(year)|\(communeID.uuidString)"
    }

    private static func existingHouseholds(codes: [String], on db: any Database) async throws -> [String: Household] {
        var result: [String: Household] = [:]
        for chunk in codes.chunked(into: 1000) {
            for household in try await Household.query(on: db).filter(\.$code ~~ chunk).all() { result[household.code] = household }
        }
        return result
    }

    private static func visibleIDs(_ ids: [UUID], scope: AccessScope, on db: any Database) async throws -> Set<UUID> {
        var result: Set<UUID> = []
        for chunk in ids.chunked(into: 1000) {
            result.formUnion(try await scope.apply(to: Household.query(on: db)).filter(\.$id ~~ chunk).all(\.$id))
        }
        return result
    }

    private static func householdCodesByIDNumber(_ numbers: [String], on db: any Database) async throws -> [String: String] {
        var result: [String: String] = [:]
        for chunk in numbers.chunked(into: 1000) {
            let members = try await Member.query(on: db).filter(\.$idNumber ~~ chunk).with(\.$household).all()
            for member in members { if let number = member.idNumber { result[number] = member.household.code } }
        }
        return result
    }

    /// Heads of the households already registered in these communes, by name, birth year and commune.
    private static func householdCodesByHead(communeIDs: [UUID], on db: any Database) async throws -> [String: String] {
        var result: [String: String] = [:]
        for chunk in communeIDs.chunked(into: 500) {
            let households = try await Household.query(on: db).filter(\.$commune.$id ~~ chunk).filter(\.$memberCount > 0).all()
            let byID = Dictionary(households.compactMap { household in household.id.map { ($0, household) } }, uniquingKeysWith: { first, _ in first })
            for ids in Array(byID.keys).chunked(into: 1000) {
                let heads = try await Member.query(on: db).filter(\.$household.$id ~~ ids).filter(\.$relation == Relation.head.rawValue).all()
                for head in heads {
                    guard let household = byID[head.$household.id],
                          let year = head.birthYear ?? head.birthDate.flatMap(LocalDate.init(iso:))?.year else { continue }
                    result[headKey(name: head.name, year: year, communeID: household.$commune.id)] = household.code
                }
            }
        }
        return result
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
