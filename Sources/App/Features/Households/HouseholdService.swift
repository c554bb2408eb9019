import Domain
import Fluent
import SQLKit
import Vapor

enum HouseholdWriteError: Error {
    case invalid([FieldIssue])
    /// The record changed since the form or request read it (optimistic locking).
    case staleVersion
    case notFound
}

/// Writes to the registry: one transaction per change, validated by the Domain's one validator.
enum HouseholdService {
    /// Checks what only the database knows: the commune exists and its kind agrees with `area`.
    static func resolveCommune(_ record: HouseholdRecord, on db: any Database) async throws -> Result<AdministrativeUnit, InvalidHousehold> {
        guard let code = record.communeCode?.nonEmpty else {
            return .failure(InvalidHousehold([FieldIssue(householdCode: record.code, field: "communeCode", problem: .required)]))
        }
        let candidates = try await AdministrativeUnit.query(on: db)
            .filter(\.$code == code).filter(\.$level == AdministrativeLevel.commune.rawValue)
            .all()
        return chooseCommune(candidates, for: record)
    }

    /// Of the communes with the record's code, the one it means; refused when none or when the
    /// record's area contradicts the commune's kind.
    static func chooseCommune(_ candidates: [AdministrativeUnit], for record: HouseholdRecord) -> Result<AdministrativeUnit, InvalidHousehold> {
        // The unit in force (no end date) wins over historical units reusing the code.
        guard let commune = candidates.first(where: { $0.validTo == nil }) ?? candidates.first else {
            return .failure(InvalidHousehold([FieldIssue(householdCode: record.code, field: "communeCode", problem: .unknownCommune)]))
        }
        if let area = record.area, let expected = commune.area, area != expected {
            return .failure(InvalidHousehold([FieldIssue(householdCode: record.code, field: "area", problem: .areaContradictsCommune(expected: expected.rawValue))]))
        }
        return .success(commune)
    }

    /// The record's commune, once the record is valid and the commune lies within `scope`.
    static func validate(_ record: HouseholdRecord, today: LocalDate, scope: AccessScope, on db: any Database) async throws -> AdministrativeUnit {
        var issues = HouseholdValidator.validate(record, today: today)
        switch try await resolveCommune(record, on: db) {
        case let .success(commune):
            if !scope.allowsCommune(try commune.requireID()) {
                issues.append(FieldIssue(householdCode: record.code, field: "communeCode", problem: .communeOutsideScope))
            }
            if issues.isEmpty { return commune }
        case let .failure(communeIssues):
            issues += communeIssues.issues
        }
        throw HouseholdWriteError.invalid(issues)
    }

    /// Creates a household with its members, and its survey when the record is dated. A user
    /// of a sponsoring unit creates it for that unit, so that it stays in sight.
    static func create(_ record: HouseholdRecord, today: LocalDate, by actor: AuditActor, scope: AccessScope, on db: any Database) async throws -> Household {
        let commune = try await validate(record, today: today, scope: scope, on: db)
        if try await Household.query(on: db).filter(\.$code == record.code).count() > 0 {
            throw HouseholdWriteError.invalid([FieldIssue(householdCode: record.code, field: "code", problem: .duplicateCode)])
        }
        return try await db.transaction { db in
            let household = Household(code: record.code, communeID: try commune.requireID(), hamlet: record.hamlet?.nonEmpty, address: record.address?.nonEmpty, isDemo: false)
            try await household.create(on: db)
            let householdID = try household.requireID()
            var members: [Member] = []
            for (position, memberRecord) in record.members.enumerated() {
                let member = Member(householdID: householdID, position: position, record: memberRecord)
                try await member.create(on: db)
                members.append(member)
            }
            household.refreshDerivedFields(members: members)
            try await household.save(on: db)
            if record.surveyDate != nil {
                let survey = Survey(householdID: householdID, record: snapshot(record, commune: commune))
                try await survey.create(on: db)
                try await ClassificationService.classify(survey, area: commune.area, on: db)
                try await ClassificationService.refreshComputedStatus(household, on: db)
            }
            if let unitID = scope.creatingUnitID {
                try await Sponsorship(householdID: householdID, organisationUnitID: unitID, startsOn: today, endsOn: nil).create(on: db)
            }
            try await AuditLog.record(.householdCreate, entity: "household", key: household.code, by: actor,
                                      after: try await auditSnapshot(of: household, on: db), on: db)
            return household
        }
    }

    /// Replaces the household's registry facts with `record` (the API's PUT). Members are
    /// matched by citizen-ID number, else by name and birth year, and saved only if something of
    /// them changed; a member left out is recorded as moved away, never deleted. A dated record
    /// stores (or replaces) the survey of that date, unless it is stored as it is.
    static func replace(_ household: Household, with record: HouseholdRecord, expectedVersion: Int?, today: LocalDate,
                        by actor: AuditActor, scope: AccessScope, on db: any Database) async throws {
        let commune = try await validate(record, today: today, scope: scope, on: db)
        try await change(household, expectedVersion: expectedVersion ?? household.version, action: .householdUpdate, by: actor, on: db) { db in
            try await applyReplacement(household, with: record, commune: commune, today: today, on: db)
        }
    }

    /// The registry side of `replace`, inside the caller's transaction. The import makes the
    /// same changes a chunk of households at a time (`ImportUpdates`).
    static func applyReplacement(_ household: Household, with record: HouseholdRecord, commune: AdministrativeUnit,
                                 today: LocalDate, on db: any Database) async throws {
        let householdID = try household.requireID()
        household.$commune.id = try commune.requireID()
        household.hamlet = record.hamlet?.nonEmpty
        household.address = record.address?.nonEmpty
        let existing = try await Member.query(on: db).filter(\.$household.$id == householdID).sort(\.$position).all()
        let present = existing.filter { $0.status == MemberStatus.present.rawValue }
        let pairing = MemberPairing.pair(record.members, with: present.map(\.known))
        var nextPosition = (existing.map(\.position).max() ?? -1) + 1
        for (memberRecord, partner) in zip(record.members, pairing.partners) {
            if let partner {
                let member = present[partner]
                guard member.columns != MemberColumns(memberRecord) else { continue }
                member.apply(memberRecord)
                member.version += 1
                try await member.save(on: db)
            } else {
                try await Member(householdID: householdID, position: nextPosition, record: memberRecord).create(on: db)
                nextPosition += 1
            }
        }
        let eventDate = record.surveyDate ?? today
        for member in pairing.unpaired.map({ present[$0] }) {
            member.status = MemberStatus.movedAway.rawValue
            member.version += 1
            try await member.save(on: db)
            try await MemberEvent(householdID: householdID, memberID: try member.requireID(), kind: .movedAway, date: eventDate, note: nil).create(on: db)
        }
        if let surveyDate = record.surveyDate {
            let snapshot = snapshot(record, commune: commune)
            // Of several surveys of the date (none should be), the first created.
            let existing = try await Survey.query(on: db).filter(\.$household.$id == householdID).filter(\.$surveyDate == surveyDate.iso)
                .sort(\.$createdAt).sort(\.$id).first()
            // A survey sent again as it is (its facts hold all of it) is kept with its results, a
            // confirmed reclassification's too.
            if existing?.facts != SurveyColumns(snapshot).facts {
                let survey = existing ?? Survey(householdID: householdID, record: snapshot)
                if existing != nil {
                    survey.apply(snapshot)
                    survey.version += 1
                }
                try await survey.save(on: db)
                try await ClassificationService.classify(survey, area: commune.area, on: db)
            }
        }
        try await refresh(household, on: db)
        try await ClassificationService.refreshComputedStatus(household, on: db)
    }

    /// Recomputes the household's derived columns from its members and saves it.
    static func refresh(_ household: Household, on db: any Database) async throws {
        let members = try await Member.query(on: db).filter(\.$household.$id == household.requireID()).sort(\.$position).all()
        household.refreshDerivedFields(members: members)
        try await household.save(on: db)
    }

    /// One change to a household from a person: in one transaction, claims the version the
    /// person saw, applies `body`, and records the household before and after in the audit log.
    static func change(_ household: Household, expectedVersion: Int, action: AuditAction, by actor: AuditActor,
                       on db: any Database, _ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        try await db.transaction { db in
            let before = try await auditSnapshot(of: household, on: db)
            try await claimVersion(of: household, expected: expectedVersion, on: db)
            try await body(db)
            try await AuditLog.record(action, entity: "household", key: household.code, by: actor,
                                      before: before, after: try await auditSnapshot(of: household, on: db), on: db)
        }
    }

    /// What the audit log keeps of a household: its interchange record, its recognitions and
    /// sponsorships, and whether it is archived.
    static func auditSnapshot(of household: Household, on db: any Database) async throws -> JSONValue {
        let householdID = try household.requireID()
        let recognitions = try await Recognition.query(on: db).filter(\.$household.$id == householdID).sort(\.$year).all()
        let sponsorships = try await Sponsorship.query(on: db).filter(\.$household.$id == householdID).with(\.$organisationUnit).sort(\.$startsOn).all()
        return .object([
            ("record", HouseholdJSON.encode(try await record(of: household, on: db))),
            ("recognitions", .array(recognitions.map { recognition in
                .object([("year", .integer(recognition.year)), ("status", .string(recognition.status)),
                         ("decisionNumber", recognition.decisionNumber.map(JSONValue.string) ?? .null)])
            })),
            ("sponsorships", .array(sponsorships.map { link in
                .object([("unit", .string(link.organisationUnit.code)), ("startsOn", .string(link.startsOn)),
                         ("endsOn", link.endsOn.map(JSONValue.string) ?? .null)])
            })),
            ("archived", .bool(household.archivedAt != nil)),
        ])
    }

    /// Optimistic locking: bumps the version only if it is still `expected`; otherwise someone
    /// else saved in between and this change is refused.
    static func claimVersion(of household: Household, expected: Int, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            UPDATE \(ident: Household.schema) SET \(ident: "version") = \(ident: "version") + 1
            WHERE \(ident: "id") = \(bind: household.requireID()) AND \(ident: "version") = \(bind: expected)
            RETURNING \(ident: "version")
            """).all()
        guard let row = rows.first else { throw HouseholdWriteError.staleVersion }
        household.version = try row.decode(column: "version", as: Int.self)
    }

    /// The survey keeps the area the commune implies, so the stored facts are complete.
    static func snapshot(_ record: HouseholdRecord, commune: AdministrativeUnit) -> HouseholdRecord {
        var snapshot = record
        snapshot.communeCode = commune.code
        snapshot.area = record.area ?? commune.area
        return snapshot
    }

    /// The household as the interchange format: registry facts, current members, and the
    /// latest survey's facts.
    static func record(of household: Household, on db: any Database) async throws -> HouseholdRecord {
        try await HouseholdRecords.load([ListedHousehold(household)], on: db)[0]
    }
}
