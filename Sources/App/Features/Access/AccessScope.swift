import Domain
import Fluent
import SQLKit
import Vapor

/// The households a user may see: everything, or those sponsored now by the user's
/// organisation unit (or a unit below it) together with those whose commune lies in the user's
/// areas. Every household read goes through `apply(to:)`, so that a page, a search, an export,
/// a report and the API see exactly the same set.
struct AccessScope: Sendable {
    enum Kind: Sendable, Equatable {
        case everything
        case limited(organisationUnitIDs: [UUID], communeIDs: [UUID])
    }

    let kind: Kind
    /// Sponsorships that ended before this day no longer give sight of the household.
    let today: String

    /// What the operator at the terminal sees: commands run with the machine's authority.
    static var wholeOrganisation: AccessScope { AccessScope(kind: .everything, today: Clock.today.iso) }

    static func of(_ user: User, today: LocalDate, on db: any Database) async throws -> AccessScope {
        guard let role = user.roleCode, !role.seesWholeOrganisation else {
            // An unknown role sees nothing rather than everything.
            return AccessScope(kind: user.roleCode == nil ? .limited(organisationUnitIDs: [], communeIDs: []) : .everything, today: today.iso)
        }
        var unitIDs: [UUID] = []
        if let unit = try await user.$organisationUnit.get(on: db) {
            unitIDs = try await OrganisationUnitQuery.subtreeIDs(ofCode: unit.code, on: db)
        }
        let areaIDs = try await UserArea.query(on: db).filter(\.$user.$id == user.requireID()).all(\.$administrativeUnit.$id)
        let communeIDs = try await AdministrativeUnitQuery.unitsWithin(areaIDs, on: db)
        return AccessScope(kind: .limited(organisationUnitIDs: unitIDs, communeIDs: communeIDs), today: today.iso)
    }

    func apply(to query: QueryBuilder<Household>) -> QueryBuilder<Household> {
        guard case let .limited(unitIDs, communeIDs) = kind else { return query }
        guard !unitIDs.isEmpty || !communeIDs.isEmpty else {
            return query.filter(.sql(embed: "1 = 0"))
        }
        var conditions: [SQLQueryString] = []
        if !communeIDs.isEmpty {
            conditions.append("\(ident: "households").\(ident: "commune_id") IN (\(binds: communeIDs))")
        }
        if !unitIDs.isEmpty {
            conditions.append("""
                EXISTS (SELECT 1 FROM \(ident: "sponsorships") s WHERE s.\(ident: "household_id") = \(ident: "households").\(ident: "id") \
                AND s.\(ident: "organisation_unit_id") IN (\(binds: unitIDs)) \
                AND (s.\(ident: "ends_on") IS NULL OR s.\(ident: "ends_on") >= \(bind: today)))
                """)
        }
        return query.filter(.sql(embed: "(\(conditions.joined(separator: " OR ")))"))
    }

    /// Whether a household in `communeID` may be created or moved there by this user: a user
    /// limited to areas works only inside them; a unit's household is assigned to the unit.
    func allowsCommune(_ communeID: UUID) -> Bool {
        switch kind {
        case .everything: true
        case let .limited(unitIDs, communeIDs): !unitIDs.isEmpty || communeIDs.contains(communeID)
        }
    }

    /// The unit a household created by this user is assigned to, so that its creator keeps sight of it.
    var creatingUnitID: UUID? {
        guard case let .limited(unitIDs, _) = kind else { return nil }
        return unitIDs.first
    }
}

enum AdministrativeUnitQuery {
    /// `areaIDs`, every unit below them, and every unit they succeeded in the 2025 reform (a
    /// household may still point at its pre-reform commune).
    static func unitsWithin(_ areaIDs: [UUID], on db: any Database) async throws -> [UUID] {
        var result = Set(areaIDs)
        var frontier = areaIDs
        while !frontier.isEmpty {
            let children = try await AdministrativeUnit.query(on: db).filter(\.$parent.$id ~~ frontier).all(\.$id)
            frontier = children.filter { result.insert($0).inserted }
        }
        if !result.isEmpty {
            let predecessors = try await AdministrativeUnitSuccession.query(on: db).filter(\.$successor.$id ~~ Array(result)).all(\.$predecessor.$id)
            result.formUnion(predecessors)
        }
        return Array(result)
    }
}

extension Request {
    /// The logged-in user (by session or API token); routes are behind middleware that ensures one.
    var currentUser: User {
        get throws {
            guard let user = auth.get(User.self) else { throw Abort(.unauthorized) }
            return user
        }
    }

    /// The current user's scope, worked out once per request.
    func accessScope() async throws -> AccessScope {
        if let scope = storage[AccessScopeKey.self] { return scope }
        let scope = try await AccessScope.of(try currentUser, today: Clock.today, on: db)
        storage[AccessScopeKey.self] = scope
        return scope
    }

    func may(_ permission: Permission) -> Bool {
        (try? currentUser.roleCode?.may(permission)) ?? false
    }

    /// Throws 403 unless the current user holds `permission`.
    func require(_ permission: Permission) throws {
        guard may(permission) else { throw Abort(.forbidden) }
    }
}

private struct AccessScopeKey: StorageKey {
    typealias Value = AccessScope
}

/// Guards a group of routes with a permission from the table.
struct RequirePermission: AsyncMiddleware {
    let permission: Permission

    init(_ permission: Permission) { self.permission = permission }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try request.require(permission)
        return try await next.respond(to: request)
    }
}
