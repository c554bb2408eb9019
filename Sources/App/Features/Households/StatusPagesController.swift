import Domain
import Fluent
import Vapor

/// The commune's recognition of a household's status per year, and sponsorship links.
struct StatusPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let recognitions = routes.grouped(RequirePermission(.recordRecognition))
        recognitions.get(":code", "recognitions", "new", use: newRecognition)
        recognitions.post(":code", "recognitions", "new", use: saveRecognition)
        let sponsorships = routes.grouped(RequirePermission(.assignSponsor))
        sponsorships.get(":code", "sponsorships", "new", use: newSponsorship)
        sponsorships.post(":code", "sponsorships", "new", use: saveSponsorship)
    }

    // MARK: recognition

    func newRecognition(req: Request) async throws -> View {
        let household = try await HouseholdPagesController.household(req)
        return try await renderRecognition(req, household: household, values: ["version": String(household.version), "year": String(Clock.today.year)], issues: [])
    }

    func saveRecognition(req: Request) async throws -> Response {
        let household = try await HouseholdPagesController.household(req)
        let values = try req.formValues()
        var reader = FormReader(values: values)
        let year = reader.integer("year")
        let status = reader.code("status", RecognisedStatus.self)
        let decisionDate = reader.date("decisionDate")
        let decisionNumber = reader.text("decisionNumber")
        let signer = reader.text("signer")
        var issues = reader.issues
        if year == nil, !issues.contains(where: { $0.field == "year" }) { issues.append(FieldIssue(field: "year", problem: .required)) }
        if let year, year < 2000 || year > Clock.today.year + 1 { issues.append(FieldIssue(field: "year", problem: .implausibleYear)) }
        if status == nil, !issues.contains(where: { $0.field == "status" }) { issues.append(FieldIssue(field: "status", problem: .required)) }
        if let decisionDate, decisionDate > Clock.today { issues.append(FieldIssue(field: "decisionDate", problem: .surveyInFuture)) }
        guard issues.isEmpty, let year, let status else {
            return try await renderRecognition(req, household: household, values: values, issues: issues).encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await HouseholdService.change(household, expectedVersion: Int(values["version"] ?? "") ?? -1, action: .recognitionRecord, by: try req.auditActor, on: req.db) { db in
                let householdID = try household.requireID()
                let recognition = try await Recognition.query(on: db).filter(\.$household.$id == householdID).filter(\.$year == year).first()
                    ?? Recognition(householdID: householdID, year: year, status: status, decisionNumber: nil, decisionDate: nil, signer: nil)
                recognition.status = status.rawValue
                recognition.decisionNumber = decisionNumber
                recognition.decisionDate = decisionDate?.iso
                recognition.signer = signer
                if recognition.id != nil { recognition.version += 1 }
                try await recognition.save(on: db)
                try await StatusPagesController.refreshRecognisedStatus(household, on: db)
            }
        } catch HouseholdWriteError.staleVersion {
            return try await renderRecognition(req, household: household, values: values, issues: [], formError: req.text("error.staleVersion")).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: "/households/\(household.code.urlPathComponent)")
    }

    /// The household's recognised status is that of its latest year on record.
    static func refreshRecognisedStatus(_ household: Household, on db: any Database) async throws {
        let latest = try await Recognition.query(on: db).filter(\.$household.$id == household.requireID()).sort(\.$year, .descending).first()
        household.recognisedStatus = latest?.status
        household.recognisedYear = latest?.year
        try await household.save(on: db)
    }

    private func renderRecognition(_ req: Request, household: Household, values: [String: String], issues: [FieldIssue], formError: String? = nil) async throws -> View {
        let form = FormBuilder(language: req.language, values: values, issues: issues)
        let fields = [
            form.field("version", .hidden),
            form.field("year", .number, required: true),
            form.select("status", RecognisedStatus.self, prefix: "recognised", required: true),
            form.field("decisionNumber", .text, hint: "hint.decisionNumber"),
            form.field("decisionDate", .text, hint: "hint.date"),
            form.field("signer", .text),
        ]
        let heading = req.text("recognition.new", ["code": household.code])
        let base = "/households/\(household.code.urlPathComponent)"
        return try await req.renderForm(heading: heading, action: "\(base)/recognitions/new", cancel: base, fields: fields, issues: issues, formError: formError)
    }

    // MARK: sponsorship

    func newSponsorship(req: Request) async throws -> View {
        let household = try await HouseholdPagesController.household(req)
        return try await renderSponsorship(req, household: household, values: ["version": String(household.version)], issues: [])
    }

    func saveSponsorship(req: Request) async throws -> Response {
        let household = try await HouseholdPagesController.household(req)
        let values = try req.formValues()
        var reader = FormReader(values: values)
        let startsOn = reader.date("startsOn")
        let endsOn = reader.date("endsOn")
        var issues = reader.issues
        let unit = try await reader.text("unit").asyncMap { code in try await OrganisationUnit.query(on: req.db).filter(\.$code == code).first() } ?? nil
        if unit == nil { issues.append(FieldIssue(field: "unit", problem: .required)) }
        if startsOn == nil, !issues.contains(where: { $0.field == "startsOn" }) { issues.append(FieldIssue(field: "startsOn", problem: .required)) }
        if let startsOn, let endsOn, endsOn < startsOn { issues.append(FieldIssue(field: "endsOn", problem: .endBeforeStart)) }
        guard issues.isEmpty, let unit, let startsOn else {
            return try await renderSponsorship(req, household: household, values: values, issues: issues).encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await HouseholdService.change(household, expectedVersion: Int(values["version"] ?? "") ?? -1, action: .sponsorshipAssign, by: try req.auditActor, on: req.db) { db in
                try await Sponsorship(householdID: household.requireID(), organisationUnitID: unit.requireID(), startsOn: startsOn, endsOn: endsOn).create(on: db)
            }
        } catch HouseholdWriteError.staleVersion {
            return try await renderSponsorship(req, household: household, values: values, issues: [], formError: req.text("error.staleVersion")).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: "/households/\(household.code.urlPathComponent)")
    }

    private func renderSponsorship(_ req: Request, household: Household, values: [String: String], issues: [FieldIssue], formError: String? = nil) async throws -> View {
        let form = FormBuilder(language: req.language, values: values, issues: issues)
        let units = try await OrganisationUnitQuery.tree(on: req.db).map { ($0.unit.code, String(repeating: "· ", count: $0.depth) + $0.unit.name) }
        let fields = [
            form.field("version", .hidden),
            form.choice("unit", units, required: true),
            form.field("startsOn", .text, required: true, hint: "hint.date"),
            form.field("endsOn", .text, hint: "hint.date"),
        ]
        let heading = req.text("sponsorship.new", ["code": household.code])
        let base = "/households/\(household.code.urlPathComponent)"
        return try await req.renderForm(heading: heading, action: "\(base)/sponsorships/new", cancel: base, fields: fields, issues: issues, formError: formError)
    }
}
