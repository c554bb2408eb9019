import Domain
import Fluent
import FluentSQL
import SQLKit
import Vapor

/// The filters of the household list, shared by the page and the API.
struct HouseholdFilter: Content, Equatable {
    var q: String?
    /// Commune code of the current list.
    var commune: String?
    var recognised: String?
    var computed: String?
    /// An organisation unit code (its sub-units included), or `none` for never sponsored.
    var sponsor: String?
    var archived: Bool?
    /// Only households whose computed status disagrees with the commune's recognition.
    var disagree: Bool?
    /// A targeting group (`TargetGroup`).
    var group: String?
    var page: Int?

    static let pageSize = 50

    var pageNumber: Int { max(1, page ?? 1) }
}

extension HouseholdFilter {
    /// The request's filter, or 400 naming a value that no list has: a mistyped or outdated link
    /// says why rather than showing an empty list.
    static func decode(_ req: Request) async throws -> HouseholdFilter {
        let filter = try req.query.decode(HouseholdFilter.self)
        if let problem = try await filter.problem(on: req.db, in: req.language) {
            throw Abort(.badRequest, reason: Translations.render(problem, in: req.language))
        }
        return filter
    }

    /// The first value of the filter that names nothing, if any; the filter named by its label
    /// on the page and its name in the link.
    func problem(on db: any Database, in language: Language) async throws -> Message? {
        func unknown(_ name: String, _ value: String?, allowed: [String]) -> Message? {
            guard let value = value?.nonEmpty, !allowed.contains(value) else { return nil }
            return Message("filter.unknownValue", [
                "label": Translations.text("field.\(name)", in: language), "filter": name, "value": value,
                "allowed": allowed.joined(separator: ", "),
            ])
        }
        if let problem = unknown("recognised", recognised, allowed: ["none"] + RecognisedStatus.allCases.map(\.rawValue))
            ?? unknown("computed", computed, allowed: ["none"] + ComputedStatus.allCases.map(\.rawValue))
            ?? unknown("group", group, allowed: TargetGroup.allCases.map(\.rawValue)) {
            return problem
        }
        if let code = commune?.nonEmpty, try await AdministrativeUnit.query(on: db).filter(\.$code == code).count() == 0 {
            return Message("filter.unknownCommune", ["code": code])
        }
        if let code = sponsor?.nonEmpty, code != "none", try await OrganisationUnit.query(on: db).filter(\.$code == code).count() == 0 {
            return Message("filter.unknownSponsor", ["code": code])
        }
        return nil
    }
}

struct HouseholdPage {
    let households: [Household]
    let total: Int
    let page: Int
    let pageCount: Int
}

enum HouseholdQuery {
    /// One page of the households matching `filter`, in Vietnamese order of the head's name.
    static func list(_ filter: HouseholdFilter, scope: AccessScope, on db: any Database) async throws -> HouseholdPage {
        let query = try await matching(filter, scope: scope, on: db)
        let total = try await query.count()
        let pageCount = max(1, (total + HouseholdFilter.pageSize - 1) / HouseholdFilter.pageSize)
        let page = min(filter.pageNumber, pageCount)
        let households = try await query
            .sort(\.$headSortKey)
            .sort(\.$code)
            .range(((page - 1) * HouseholdFilter.pageSize)..<(page * HouseholdFilter.pageSize))
            .all()
        return HouseholdPage(households: households, total: total, page: page, pageCount: pageCount)
    }

    /// Every household of `scope` matching `filter` (no paging): what lists, reports and analytics select.
    static func matching(_ filter: HouseholdFilter, scope: AccessScope, on db: any Database) async throws -> QueryBuilder<Household> {
        var query = scope.apply(to: Household.query(on: db).with(\.$commune))
        if filter.archived != true {
            query = query.filter(\.$archivedAt == nil)
        }
        if let text = filter.q.map(VietnameseText.fold), !text.isEmpty {
            query = query.filter(.sql(embed: "\(ident: "households").\(ident: "search_text") LIKE \(bind: likePattern(text)) ESCAPE '\\'"))
        }
        if let code = filter.commune?.nonEmpty {
            let communeIDs = try await AdministrativeUnit.query(on: db).filter(\.$code == code).all(\.$id)
            query = query.filter(\.$commune.$id ~~ communeIDs)
        }
        if let status = filter.recognised?.nonEmpty {
            query = status == "none" ? query.filter(\.$recognisedStatus == nil) : query.filter(\.$recognisedStatus == status)
        }
        if let status = filter.computed?.nonEmpty {
            query = status == "none" ? query.filter(\.$computedStatus == nil) : query.filter(\.$computedStatus == status)
        }
        if let sponsor = filter.sponsor?.nonEmpty {
            if sponsor == "none" {
                query = query.filter(.sql(embed: "NOT EXISTS (SELECT 1 FROM \(ident: "sponsorships") s WHERE s.\(ident: "household_id") = \(ident: "households").\(ident: "id"))"))
            } else {
                let unitIDs = try await OrganisationUnitQuery.subtreeIDs(ofCode: sponsor, on: db)
                query = query.filter(.sql(embed: "EXISTS (SELECT 1 FROM \(ident: "sponsorships") s WHERE s.\(ident: "household_id") = \(ident: "households").\(ident: "id") AND s.\(ident: "organisation_unit_id") IN (\(binds: unitIDs.isEmpty ? [UUID()] : unitIDs)))"))
            }
        }
        if filter.disagree == true {
            query = query.group(.or) { any in
                for (recognised, computed) in HouseholdDisplay.disagreements {
                    any.group(.and) { both in
                        both.filter(\.$recognisedStatus == recognised.rawValue).filter(\.$computedStatus ~~ computed.map(\.rawValue))
                    }
                }
            }
        }
        if let group = filter.group.flatMap(TargetGroup.init(rawValue:)) {
            switch group {
            case .housing:
                query = query.filter(.sql(embed: "(\(deprivedIn(.housingQuality)) OR \(deprivedIn(.housingArea)))"))
            case .employment:
                query = query.filter(.sql(embed: deprivedIn(.employment)))
            case .noWorkingCapacity:
                query = query.filter(.sql(embed: "NOT EXISTS (SELECT 1 FROM \(ident: "members") m WHERE m.\(ident: "household_id") = \(ident: "households").\(ident: "id") AND m.\(ident: "status") = \(bind: MemberStatus.present.rawValue) AND m.\(ident: "able_to_work") = \(bind: true))"))
            }
        }
        return query
    }

    /// The latest classification found the household deprived in `indicator`.
    private static func deprivedIn(_ indicator: IndicatorKey) -> SQLQueryString {
        "\(ident: "households").\(ident: "computed_deprived") LIKE \(bind: "%,\(indicator.rawValue),%")"
    }

    /// `%text%` with LIKE's wildcards escaped, so that a search for "50%" means those characters.
    static func likePattern(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return "%\(escaped)%"
    }

    /// The household with `code` if `scope` sees it: outside the scope it does not exist (404,
    /// never 403, so that a code cannot be probed).
    static func find(code: String, scope: AccessScope, on db: any Database) async throws -> Household? {
        try await scope.apply(to: Household.query(on: db)).filter(\.$code == code).with(\.$commune).first()
    }

    /// The latest sponsoring unit of each household, for list pages.
    static func latestSponsors(of householdIDs: [UUID], on db: any Database) async throws -> [UUID: Sponsorship] {
        guard !householdIDs.isEmpty else { return [:] }
        let links = try await Sponsorship.query(on: db)
            .filter(\.$household.$id ~~ householdIDs)
            .with(\.$organisationUnit)
            .sort(\.$startsOn)
            .all()
        var latest: [UUID: Sponsorship] = [:]
        for link in links { latest[link.$household.id] = link }
        return latest
    }
}

/// The groups of poor households the campaign targets with a kind of support (the source
/// article: housing difficulties; members of working age without a job or needing training;
/// no working capacity).
enum TargetGroup: String, CaseIterable {
    case housing, employment, noWorkingCapacity
}

enum OrganisationUnitQuery {
    /// The unit with `code` and all its descendants.
    static func subtreeIDs(ofCode code: String, on db: any Database) async throws -> [UUID] {
        let units = try await OrganisationUnit.query(on: db).all()
        guard let root = units.first(where: { $0.code == code }), let rootID = root.id else { return [] }
        var children: [UUID: [UUID]] = [:]
        for unit in units {
            if let parentID = unit.$parent.id, let id = unit.id { children[parentID, default: []].append(id) }
        }
        var result = [rootID]
        var index = 0
        while index < result.count {
            result.append(contentsOf: children[result[index]] ?? [])
            index += 1
        }
        return result
    }

    /// Every unit in tree order with its depth, for drop-down lists.
    static func tree(on db: any Database) async throws -> [(unit: OrganisationUnit, depth: Int)] {
        let units = try await OrganisationUnit.query(on: db).sort(\.$sortKey).all()
        var children: [UUID?: [OrganisationUnit]] = [:]
        for unit in units { children[unit.$parent.id, default: []].append(unit) }
        var result: [(OrganisationUnit, Int)] = []
        func visit(_ parent: UUID?, _ depth: Int) {
            for unit in children[parent] ?? [] {
                result.append((unit, depth))
                visit(unit.id, depth + 1)
            }
        }
        visit(nil, 0)
        return result
    }
}

extension String {
    var nonEmpty: String? {
        let trimmed = trimmingSpaces
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Trimmed of the scalars of Foundation's `CharacterSet.whitespaces` (spaces, tabs, other
    /// Unicode spaces); text with none at its ends is returned as it is. Foundation's set is not
    /// consulted: at an import's scale, asking it about every name is a measurable cost.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.first, let last = scalars.last, first.isHorizontalSpace || last.isHorizontalSpace else { return self }
        return String(trimming(\.isHorizontalSpace))
    }
}

extension Unicode.Scalar {
    /// A member of `CharacterSet.whitespaces`: the tab, the space separators (category Zs) and,
    /// in the Foundation of Linux, the zero-width space.
    var isHorizontalSpace: Bool {
        switch value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
