import Domain
import Fluent
import Vapor

/// Loads the demo world of the source article (`DemoDataset`) into a database.
enum DemoLoader {
    enum Outcome: Equatable {
        case loaded(households: Int, accounts: [DemoAccount])
        case alreadyLoaded(accounts: [DemoAccount])
    }

    enum Refusal: Error, CustomStringConvertible {
        case holdsRealData

        var description: String { Translations.text("demo.refused", in: .vi) }
    }

    /// Loads the demo unless it is there already. A database holding anything that is not
    /// demo data is refused unless `reset`, which first empties it.
    static func load(on db: any Database, hashPassword: @Sendable (String) throws -> String, reset: Bool) async throws -> Outcome {
        let dataset = DemoDataset.make()
        if reset {
            try await emptyDatabase(db)
        } else {
            let realHouseholds = try await Household.query(on: db).filter(\.$isDemo == false).count()
            let realUsers = try await User.query(on: db).filter(\.$isDemo == false).count()
            guard realHouseholds == 0, realUsers == 0 else { throw Refusal.holdsRealData }
            if try await User.query(on: db).filter(\.$isDemo == true).count() > 0 {
                return .alreadyLoaded(accounts: dataset.accounts)
            }
        }
        let hashes = try dataset.accounts.map { try hashPassword($0.password) }
        try await db.transaction { db in
            try await insert(dataset, passwordHashes: hashes, on: db)
        }
        return .loaded(households: dataset.households.count, accounts: dataset.accounts)
    }

    /// Removes every row the app owns, children before parents.
    static func emptyDatabase(_ db: any Database) async throws {
        try await db.transaction { db in
            try await SessionRecord.query(on: db).delete()
            try await ReclassificationRun.query(on: db).delete()
            try await Sponsorship.query(on: db).delete()
            try await ClassificationResult.query(on: db).delete()
            try await Recognition.query(on: db).delete()
            try await Survey.query(on: db).delete()
            try await MemberEvent.query(on: db).delete()
            try await Member.query(on: db).delete()
            try await Household.query(on: db).delete()
            try await UserArea.query(on: db).delete()
            try await User.query(on: db).delete()
            try await OrganisationUnit.query(on: db).filter(\.$parent.$id != nil).delete()
            try await OrganisationUnit.query(on: db).delete()
            try await AdministrativeUnitSuccession.query(on: db).delete()
            // Units reference their parents: communes, then districts, then provinces.
            for level in [AdministrativeLevel.commune, .district, .province] {
                try await AdministrativeUnit.query(on: db).filter(\.$level == level.rawValue).delete()
            }
        }
    }

    private static func insert(_ dataset: DemoDataset, passwordHashes: [String], on db: any Database) async throws {
        // The demo's units are the pre-reform ones of its time; a real pre-reform list imported
        // earlier is reused rather than duplicated.
        let defaults = UnitListDefaults(format: .preReform2025)
        _ = try await AdministrativeUnitImporter.importList(
            dataset.administrativeUnits, listVersion: defaults.listVersion, validFrom: defaults.validFrom, validTo: defaults.validTo, on: db)
        let units = try await AdministrativeUnit.query(on: db).filter(\.$listVersion == defaults.listVersion).all()
        let unitsByCode = Dictionary(units.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

        var organisationIDs: [String: UUID] = [:]
        for seed in dataset.organisationUnits {
            let unit = OrganisationUnit(code: seed.code, name: seed.name, parentID: seed.parentCode.flatMap { organisationIDs[$0] }, functions: seed.functions)
            try await unit.create(on: db)
            organisationIDs[seed.code] = try unit.requireID()
        }

        for (account, hash) in zip(dataset.accounts, passwordHashes) {
            let user = User(username: account.username, displayName: account.displayName, passwordHash: hash,
                            role: Role(rawValue: account.role) ?? .auditor,
                            organisationUnitID: account.organisationUnitCode.flatMap { organisationIDs[$0] }, isDemo: true)
            try await user.create(on: db)
            for code in account.communeCodes {
                if let unitID = unitsByCode[code]?.id {
                    try await UserArea(userID: user.requireID(), administrativeUnitID: unitID).create(on: db)
                }
            }
        }

        for demo in dataset.households {
            guard let commune = unitsByCode[demo.communeCode] else {
                throw CommandLineError(Message("demo.unknownCommune", ["code": demo.communeCode]))
            }
            let household = Household(code: demo.code, communeID: try commune.requireID(), hamlet: demo.hamlet, address: demo.address, isDemo: true)
            try await household.create(on: db)
            let householdID = try household.requireID()
            var members: [Member] = []
            for (position, record) in demo.members.enumerated() {
                let member = Member(householdID: householdID, position: position, record: record)
                try await member.create(on: db)
                members.append(member)
            }
            var latestResult: ClassificationResult?
            for record in demo.surveys {
                let survey = Survey(householdID: householdID, record: record)
                try await survey.create(on: db)
                latestResult = try await ClassificationService.classify(survey, area: commune.area, isNew: true, on: db)
            }
            household.computedStatus = latestResult?.status
            household.computedDeprived = latestResult?.deprivedForFiltering
            for recognition in demo.recognitions {
                try await Recognition(householdID: householdID, year: recognition.year, status: recognition.status,
                                      decisionNumber: recognition.decisionNumber, decisionDate: recognition.decisionDate,
                                      signer: recognition.signer).create(on: db)
            }
            if let sponsorship = demo.sponsorship, let unitID = organisationIDs[sponsorship.organisationUnitCode] {
                try await Sponsorship(householdID: householdID, organisationUnitID: unitID, startsOn: sponsorship.from, endsOn: sponsorship.to).create(on: db)
            }
            household.refreshDerivedFields(members: members)
            if let latest = demo.recognitions.max(by: { $0.year < $1.year }) {
                household.recognisedStatus = latest.status.rawValue
                household.recognisedYear = latest.year
            }
            try await household.save(on: db)
        }
    }

    /// The lines the demo command prints: what happened and the accounts to log in with.
    static func report(_ outcome: Outcome) -> String {
        let (headline, accounts): (String, [DemoAccount])
        switch outcome {
        case let .loaded(households, accounts0):
            headline = Translations.render(Message("demo.loaded", ["count": String(households)]), in: .vi)
            accounts = accounts0
        case let .alreadyLoaded(accounts0):
            headline = Translations.text("demo.alreadyLoaded", in: .vi)
            accounts = accounts0
        }
        let lines = accounts.map { account in
            Translations.render(Message("demo.account", [
                "username": account.username, "password": account.password,
                "role": Translations.text("role.\(account.role)", in: .vi),
            ]), in: .vi)
        }
        return ([headline, Translations.text("demo.accounts", in: .vi)] + lines).joined(separator: "\n")
    }
}

/// `donghanh demo [--reset]`.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "reset", help: "Empty the database first (destroys every record)")
        var reset: Bool
    }

    var help: String { "Load the demo data of the source article" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let outcome = try await DemoLoader.load(on: app.db, hashPassword: { try app.password.hash($0) }, reset: signature.reset)
        context.console.print(DemoLoader.report(outcome))
    }
}
