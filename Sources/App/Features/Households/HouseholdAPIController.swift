import Domain
import Fluent
import Vapor

/// `/api/v1/households`: the registry in the interchange format of `household-format.md`.
struct HouseholdAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let households = routes.grouped("households")
        let viewing = households.grouped(RequirePermission(.viewHouseholds))
        viewing.get(use: list)
        viewing.get(":code", use: show)
        let editing = households.grouped(RequirePermission(.editHouseholds))
        editing.on(.POST, body: .collect(maxSize: "1mb"), use: create)
        editing.on(.PUT, ":code", body: .collect(maxSize: "1mb"), use: replace)
    }

    struct Summary: Content {
        let code: String
        let headName: String
        let communeCode: String
        let communeName: String
        let memberCount: Int
        let recognisedStatus: String?
        let recognisedYear: Int?
        let computedStatus: String?
        let sponsorUnitCode: String?
        let archived: Bool
        let version: Int
    }

    struct ListResponse: Content {
        let items: [Summary]
        let page: Int
        let pageCount: Int
        let total: Int
    }

    func list(req: Request) async throws -> ListResponse {
        let filter = try await HouseholdFilter.decode(req)
        let result = try await HouseholdQuery.list(filter, scope: try await req.accessScope(), on: req.db)
        let sponsors = try await HouseholdQuery.latestSponsors(of: result.households.compactMap(\.id), on: req.db)
        let items = result.households.map { household in
            Summary(
                code: household.code, headName: household.headName, communeCode: household.commune.code,
                communeName: household.commune.fullName(req.language), memberCount: household.memberCount,
                recognisedStatus: household.recognisedStatus, recognisedYear: household.recognisedYear,
                computedStatus: household.computedStatus,
                sponsorUnitCode: household.id.flatMap { sponsors[$0]?.organisationUnit.code },
                archived: household.archivedAt != nil, version: household.version)
        }
        return ListResponse(items: items, page: result.page, pageCount: result.pageCount, total: result.total)
    }

    func show(req: Request) async throws -> Response {
        guard let household = try await HouseholdQuery.find(code: req.parameters.get("code") ?? "", scope: try await req.accessScope(), on: req.db) else {
            return try notFound(req)
        }
        let reveal = (try? req.query.get(String.self, at: "reveal")) == "idNumbers"
        if reveal {
            try req.require(.revealIDNumber)
            try await AuditLog.record(.revealIDNumber, entity: "household", key: household.code, by: try req.auditActor,
                                      details: .object([("via", .string("api"))]), on: req.db)
        }
        let record = try await HouseholdService.record(of: household, on: req.db)
        return json(HouseholdJSON.encode(redacted(record, req: req, revealIDNumbers: reveal)), status: .ok, version: household.version)
    }

    /// What the caller may see of a record (`SensitiveData`).
    private func redacted(_ record: HouseholdRecord, req: Request, revealIDNumbers: Bool = false) -> HouseholdRecord {
        SensitiveData.redacted(record, showSensitive: req.may(.viewSensitive), revealIDNumbers: revealIDNumbers)
    }

    func create(req: Request) async throws -> Response {
        let record: HouseholdRecord
        switch decodeBody(req) {
        case let .success(decoded): record = decoded
        case let .failure(error): return try invalid(req, error.issues)
        }
        do {
            let household = try await HouseholdService.create(record, today: Clock.today, by: try req.auditActor, scope: try await req.accessScope(), on: req.db)
            let stored = try await HouseholdService.record(of: household, on: req.db)
            let response = json(HouseholdJSON.encode(redacted(stored, req: req)), status: .created, version: household.version)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/households/\(household.code)")
            return response
        } catch let HouseholdWriteError.invalid(issues) {
            let status: HTTPResponseStatus = issues.contains { $0.problem == .duplicateCode } ? .conflict : .unprocessableEntity
            return try APIError.response(status: status, message: req.text("error.invalidHousehold"), fields: APIError.fields(issues, language: req.language))
        }
    }

    /// PUT replaces the household's facts; `If-Match: "VERSION"` refuses a stale write (412).
    func replace(req: Request) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        guard let household = try await HouseholdQuery.find(code: code, scope: try await req.accessScope(), on: req.db) else { return try notFound(req) }
        var record: HouseholdRecord
        switch decodeBody(req) {
        case let .success(decoded): record = decoded
        case let .failure(error): return try invalid(req, error.issues)
        }
        // Numbers the caller received masked and sent back unchanged keep their stored value.
        let storedMembers = try await HouseholdService.record(of: household, on: req.db).members
        record.members = record.members.map { SensitiveData.restoringMaskedIDNumbers($0, from: storedMembers) }
        if record.code != code {
            return try invalid(req, [FieldIssue(householdCode: record.code, field: "code", problem: .notInList(allowed: [code]))])
        }
        let expected = req.headers.first(name: .ifMatch).flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\"W/ "))) }
        do {
            try await HouseholdService.replace(household, with: record, expectedVersion: expected, today: Clock.today,
                                              by: try req.auditActor, scope: try await req.accessScope(), on: req.db)
        } catch let HouseholdWriteError.invalid(issues) {
            return try invalid(req, issues)
        } catch HouseholdWriteError.staleVersion {
            return try APIError.response(status: .preconditionFailed, message: req.text("error.staleVersion"), fields: [])
        }
        guard let reloaded = try await HouseholdQuery.find(code: code, scope: try await req.accessScope(), on: req.db) else { return try notFound(req) }
        record = try await HouseholdService.record(of: reloaded, on: req.db)
        return json(HouseholdJSON.encode(redacted(record, req: req)), status: .ok, version: reloaded.version)
    }

    private func decodeBody(_ req: Request) -> Result<HouseholdRecord, InvalidHousehold> {
        guard let body = req.body.data, body.readableBytes > 0 else {
            return .failure(InvalidHousehold([FieldIssue(field: "(body)", problem: .required)]))
        }
        return HouseholdJSON.decode(bytes: body.readableBytesView, today: Clock.today)
    }

    private func invalid(_ req: Request, _ issues: [FieldIssue]) throws -> Response {
        try APIError.response(status: .unprocessableEntity, message: req.text("error.invalidHousehold"), fields: APIError.fields(issues, language: req.language))
    }

    private func notFound(_ req: Request) throws -> Response {
        try APIError.response(status: .notFound, message: req.text("error.notFound"), fields: [])
    }

    private func json(_ value: JSONValue, status: HTTPResponseStatus, version: Int) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .eTag, value: "\"\(version)\"")
        return Response(status: status, headers: headers, body: .init(string: value.serialized))
    }
}
