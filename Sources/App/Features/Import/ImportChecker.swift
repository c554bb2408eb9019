import Domain
import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// What a chunk of an import will do, decided before it is written: each valid household is
/// created, updates the household with its code, or is held back as a possible duplicate of one
/// already registered (or met earlier in the files) under another code: same citizen-ID number,
/// or same head's name, birth year and commune.
struct ImportPlan: Sendable {
    struct Entry: Sendable {
        /// Index into the chunk's records.
        let index: Int
        let commune: AdministrativeUnit
        let existing: RegisteredHousehold?
    }

    /// What an update needs of the household it changes.
    struct RegisteredHousehold: Sendable {
        let id: UUID
        let code: String
        let computedStatus: String?
        let computedDeprived: String?

        static let columns = ["id", "code", "computed_status", "computed_deprived"]

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: UUID.self)
            code = try row.decode(column: "code", as: String.self)
            computedStatus = try row.decode(column: "computed_status", as: String?.self)
            computedDeprived = try row.decode(column: "computed_deprived", as: String?.self)
        }
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

/// Decides what each chunk's households will do. Matching is against the households registered
/// and those met earlier in the same files, so that a check and the write after it agree.
struct ImportChecker {
    private let scope: AccessScope
    private let db: any Database
    private let sql: any SQLDatabase
    /// Nothing registered yet (a first load): no lookups.
    private let registryIsEmpty: Bool
    /// A small registry's codes and ID numbers, read once: looked up chunk by chunk, each
    /// lookup would wait for the connection behind the previous chunk's inserts. Nil: looked up.
    private let heldRegistry: HeldRegistry?
    /// Writing: the households to update are read `FOR UPDATE`, so that on PostgreSQL no PUT
    /// changes them between this read and the import's commit (on SQLite the transaction holds
    /// the write lock from its start, and the clause is left out).
    private let locksUpdated: Bool
    private var communesByCode: [String: [AdministrativeUnit]] = [:]
    private var headsLoadedFor: Set<UUID> = []
    private var registeredHeads: [HeadKey: String] = [:]
    private var met = MetHouseholds()

    /// `heldUpTo`: the most registered households whose keys are held in memory.
    init(scope: AccessScope, heldUpTo: Int, locksUpdated: Bool, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        self.scope = scope
        self.locksUpdated = locksUpdated
        self.db = db
        self.sql = sql
        let registered = try await Household.query(on: db).count()
        registryIsEmpty = registered == 0
        heldRegistry = registered > 0 && registered <= heldUpTo ? try await HeldRegistry(on: sql) : nil
    }

    /// Read row by row, without a model per row: the registry may hold 200,000 ID numbers.
    private struct HeldRegistry {
        let codes: Set<String>
        let codesByIDNumber: [String: String]

        init(on sql: any SQLDatabase) async throws {
            let codes = NIOLockedValueBox(Set<String>())
            try await sql.select().column("code").from(Household.schema).run { row in
                if let code = try? row.decode(column: "code", as: String.self) { codes.withLockedValue { _ = $0.insert(code) } }
            }
            let byIDNumber = NIOLockedValueBox([String: String]())
            try await ImportChecker.membersWithCode(on: sql, columns: "id_number")
                .where(SQLColumn("id_number", table: Member.schema), .isNot, SQLLiteral.null)
                .run { row in
                    guard let code = try? row.decode(column: "code", as: String.self),
                          let number = try? row.decode(column: "id_number", as: String.self) else { return }
                    byIDNumber.withLockedValue { $0[number] = code }
                }
            self.codes = codes.withLockedValue { $0 }
            codesByIDNumber = byIDNumber.withLockedValue { $0 }
        }
    }

    mutating func plan(_ chunk: ImportChunk) async throws -> ImportPlan {
        var plan = ImportPlan()
        plan.issues = chunk.issues
        try await loadCommunes(Set(chunk.records.compactMap(\.communeCode)))
        let codes = chunk.records.map(\.code)
        let existing = try await existingHouseholds(codes: heldRegistry.map { held in codes.filter(held.codes.contains) } ?? codes)
        let visible = try await visibleIDs(existing.values.map(\.id))
        let byIDNumber: [String: String]
        if let heldRegistry {
            byIDNumber = heldRegistry.codesByIDNumber
        } else {
            byIDNumber = try await householdCodesByIDNumber(chunk.records.flatMap { $0.members.compactMap(\.idNumber) })
        }

        for (index, record) in chunk.records.enumerated() {
            let origin = chunk.origins[index]
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
                guard visible.contains(household.id) else {
                    plan.issues.append(ImportIssue(FieldIssue(householdCode: record.code, field: "code", problem: .duplicateCode), at: origin))
                    continue
                }
                plan.updates.append(.init(index: index, commune: commune, existing: household))
                // Its ID numbers and head as they will be, for the households after it.
                met.add(code: record.code, idNumbers: record.members.compactMap(\.idNumber), head: Self.headKey(record, communeID: communeID))
                continue
            }
            let idNumbers = record.members.compactMap(\.idNumber)
            let head = Self.headKey(record, communeID: communeID)
            if let matched = matchedByIDNumber(idNumbers, registered: byIDNumber) {
                plan.duplicates.append(.init(code: record.code, matchedCode: matched, reasonKey: "import.duplicate.idNumber"))
            } else if let head, let matched = try await registeredHead(head, communeID: communeID) ?? met.code(head: head) {
                plan.duplicates.append(.init(code: record.code, matchedCode: matched, reasonKey: "import.duplicate.head"))
            } else {
                plan.creates.append(.init(index: index, commune: commune, existing: nil))
                met.add(code: record.code, idNumbers: idNumbers, head: head)
            }
        }
        return plan
    }

    private func matchedByIDNumber(_ numbers: [String], registered: [String: String]) -> String? {
        for number in numbers {
            if let code = registered[number] ?? met.code(idNumber: number) { return code }
        }
        return nil
    }

    /// The communes of these codes, fetched once per import.
    private mutating func loadCommunes(_ codes: Set<String>) async throws {
        let missing = codes.filter { communesByCode[$0] == nil }
        guard !missing.isEmpty else { return }
        for code in missing { communesByCode[code] = [] }
        let found = try await AdministrativeUnit.query(on: db)
            .filter(\.$level == AdministrativeLevel.commune.rawValue)
            .filter(\.$code ~~ Array(missing))
            .all()
        for commune in found { communesByCode[commune.code, default: []].append(commune) }
    }

    /// The registered household whose head has this key; a commune's heads are fetched once.
    private mutating func registeredHead(_ key: HeadKey, communeID: UUID) async throws -> String? {
        guard !registryIsEmpty else { return nil }
        if headsLoadedFor.insert(communeID).inserted {
            registeredHeads.merge(try await householdCodesByHead(communeID: communeID)) { first, _ in first }
        }
        return registeredHeads[key]
    }

    /// Name, birth year and commune of the household's head (or first member): the last resort of matching.
    static func headKey(_ record: HouseholdRecord, communeID: UUID) -> HeadKey? {
        guard let head = record.members.first(where: { $0.relation == .head }) ?? record.members.first,
              let year = head.birthDate?.year ?? head.birthYear else { return nil }
        return HeadKey(name: head.name, year: year, communeID: communeID)
    }

    // The lookups below read rows through SQLKit, without a model per row: a chunk may meet
    // thousands of registered households, and Fluent's reflection of each model cost more than
    // the queries (a third of a 250,000-household import over a registry of 50,000).

    private func existingHouseholds(codes: [String]) async throws -> [String: ImportPlan.RegisteredHousehold] {
        guard !registryIsEmpty, !codes.isEmpty else { return [:] }
        var result: [String: ImportPlan.RegisteredHousehold] = [:]
        for chunk in codes.chunked(into: Self.lookupChunk) {
            let query = sql.select().columns(ImportPlan.RegisteredHousehold.columns).from(Household.schema).where("code", .in, Array(chunk))
            let rows = try await (locksUpdated ? query.for(.update) : query).all()
            for row in rows {
                let household = try ImportPlan.RegisteredHousehold(row)
                result[household.code] = household
            }
        }
        return result
    }

    private func visibleIDs(_ ids: [UUID]) async throws -> Set<UUID> {
        if scope.kind == .everything { return Set(ids) }
        var result: Set<UUID> = []
        for chunk in ids.chunked(into: Self.lookupChunk) {
            result.formUnion(try await scope.apply(to: Household.query(on: db)).filter(\.$id ~~ chunk).all(\.$id))
        }
        return result
    }

    private func householdCodesByIDNumber(_ numbers: [String]) async throws -> [String: String] {
        guard !registryIsEmpty, !numbers.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for chunk in numbers.chunked(into: Self.lookupChunk) {
            let rows = try await Self.membersWithCode(on: sql, columns: "id_number")
                .where(SQLColumn("id_number", table: Member.schema), .in, SQLBind.group(Array(chunk))).all()
            for row in rows { result[try row.decode(column: "id_number", as: String.self)] = try row.decode(column: "code", as: String.self) }
        }
        return result
    }

    /// Heads of the households registered in a commune, by name, birth year and commune.
    private func householdCodesByHead(communeID: UUID) async throws -> [HeadKey: String] {
        var result: [HeadKey: String] = [:]
        let rows = try await Self.membersWithCode(on: sql, columns: "name", "birth_year", "birth_date")
            .where(SQLColumn("commune_id", table: Household.schema), .equal, SQLBind(communeID))
            .where(SQLColumn("member_count", table: Household.schema), .greaterThan, SQLLiteral.numeric("0"))
            .where(SQLColumn("relation", table: Member.schema), .equal, SQLBind(Relation.head.rawValue))
            .all()
        for row in rows {
            let birthDate = try row.decode(column: "birth_date", as: String?.self)
            guard let year = try row.decode(column: "birth_year", as: Int?.self) ?? birthDate.flatMap(LocalDate.init(iso:))?.year else { continue }
            result[HeadKey(name: try row.decode(column: "name", as: String.self), year: year, communeID: communeID)] = try row.decode(column: "code", as: String.self)
        }
        return result
    }

    /// Members' `columns` with their household's code.
    private static func membersWithCode(on sql: any SQLDatabase, columns: String...) -> SQLSelectBuilder {
        sql.select().column(SQLColumn("code", table: Household.schema))
            .columns(columns.map { SQLColumn($0, table: Member.schema) })
            .from(Member.schema)
            .join(Household.schema, on: SQLColumn("id", table: Household.schema), .equal, SQLColumn("household_id", table: Member.schema))
    }

    /// Values per `IN (…)` lookup: well under the bind limits of SQLite and PostgreSQL.
    private static let lookupChunk = 5_000
}

/// A head's name (folded: case and marks aside), birth year and commune.
struct HeadKey: Hashable {
    let name: String
    let year: Int
    let communeID: UUID

    init(name: String, year: Int, communeID: UUID) {
        self.name = VietnameseText.fold(name)
        self.year = year
        self.communeID = communeID
    }
}

/// The households met so far in the files, by their members' ID numbers and their head, for
/// duplicates within the files. A province's files hold a million ID numbers: they are kept as
/// integers (their length kept too, so that leading zeros count) and codes once each.
struct MetHouseholds {
    private var codes: [String] = []
    private var byNumber: [UInt64: Int32] = [:]
    /// ID numbers that are not 1–17 digits (the validator lets none through; kept for safety).
    private var byOtherNumber: [String: Int32] = [:]
    private var byHead: [HeadKey: Int32] = [:]

    func code(idNumber: String) -> String? {
        let index = Self.key(idNumber).map { byNumber[$0] } ?? byOtherNumber[idNumber]
        return index.map { codes[Int($0)] }
    }

    func code(head: HeadKey) -> String? { byHead[head].map { codes[Int($0)] } }

    mutating func add(code: String, idNumbers: [String], head: HeadKey?) {
        let index = Int32(codes.count)
        codes.append(code)
        for number in idNumbers {
            if let key = Self.key(number) { byNumber[key] = index } else { byOtherNumber[number] = index }
        }
        if let head { byHead[head] = index }
    }

    /// The digits' value with their count in the top bits; nil for anything but 1–17 digits.
    static func key(_ idNumber: String) -> UInt64? {
        let digits = idNumber.utf8
        guard (1...17).contains(digits.count) else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + UInt64(digit - UInt8(ascii: "0"))
        }
        return UInt64(digits.count) << 59 | value
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
