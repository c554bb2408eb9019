import Domain
import Fluent
import Vapor

/// Recording and correcting dated surveys. A survey keeps a snapshot of the members as they
/// are in the registry when it is saved, with the household facts and B2 answers of the form.
struct SurveyPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(":code", "surveys", "new", use: newSurvey)
        routes.post(":code", "surveys", "new", use: saveSurvey)
        routes.get(":code", "surveys", ":survey", "edit", use: editSurvey)
        routes.post(":code", "surveys", ":survey", "edit", use: saveSurvey)
    }

    func newSurvey(req: Request) async throws -> View {
        let household = try await HouseholdPagesController.household(req)
        return try await render(req, household: household, survey: nil, values: ["version": String(household.version), "surveyDate": VietnameseFormat.date(Clock.today)], issues: [])
    }

    func editSurvey(req: Request) async throws -> View {
        let household = try await HouseholdPagesController.household(req)
        let survey = try await find(req, household: household)
        guard let record = survey.record else { throw Abort(.internalServerError) }
        return try await render(req, household: household, survey: survey, values: Self.values(of: record, version: household.version), issues: [])
    }

    func saveSurvey(req: Request) async throws -> Response {
        let household = try await HouseholdPagesController.household(req)
        let existing = req.parameters.get("survey") == nil ? nil : try await find(req, household: household)
        let values = try req.formValues()
        var reader = FormReader(values: values)
        var record = try await HouseholdService.record(of: household, on: req.db)
        record.surveyDate = reader.date("surveyDate")
        let perCapita = reader.integer("income.perCapitaMonthly")
        let scoreA = reader.integer("income.scoreA")
        record.income = perCapita == nil && scoreA == nil ? nil : .init(perCapitaMonthly: perCapita, scoreA: scoreA)
        record.housing = .init(
            durable: reader.bool("housing.durable"), floorAreaM2: reader.decimal("housing.floorAreaM2"),
            hygienicWater: reader.bool("housing.hygienicWater"), hygienicLatrine: reader.bool("housing.hygienicLatrine"),
            wasteCollected: reader.bool("housing.wasteCollected"))
        record.information = .init(devices: reader.codes("information.devices", Device.self), hearsLoudspeaker: reader.bool("information.hearsLoudspeaker"))
        record.needs = reader.codes("needs", Need.self)
        record.indicators = [:]
        for key in IndicatorKey.allCases {
            if let answer = reader.bool("indicators.\(key.rawValue)") { record.indicators[key] = answer }
        }
        if existing != nil, let old = existing?.record {
            record.members = old.members
        }
        let submitted = record
        var issues = reader.issues
        if record.surveyDate == nil, !issues.contains(where: { $0.field == "surveyDate" }) {
            issues.append(FieldIssue(householdCode: household.code, field: "surveyDate", problem: .required))
        }
        let duplicateDate = try await record.surveyDate.asyncMap { date in
            try await Survey.query(on: req.db).filter(\.$household.$id == household.requireID())
                .filter(\.$surveyDate == date.iso).filter(\.$id != existing?.id ?? UUID()).count() > 0
        } ?? false
        if duplicateDate { issues.append(FieldIssue(householdCode: household.code, field: "surveyDate", problem: .duplicateDate)) }
        if issues.isEmpty {
            issues = HouseholdValidator.validate(record, today: Clock.today)
        }
        guard issues.isEmpty else {
            return try await render(req, household: household, survey: existing, values: values, issues: issues).encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await HouseholdService.change(household, expectedVersion: Int(values["version"] ?? "") ?? -1, action: existing == nil ? .surveyCreate : .surveyUpdate, by: try req.auditActor, on: req.db) { db in
                let snapshot = HouseholdService.snapshot(submitted, commune: household.commune)
                let survey = try existing ?? Survey(householdID: household.requireID(), record: snapshot)
                if existing != nil {
                    survey.apply(snapshot)
                    survey.version += 1
                }
                try await survey.save(on: db)
                try await ClassificationService.classify(survey, area: household.commune.area, on: db)
                try await ClassificationService.refreshComputedStatus(household, on: db)
            }
        } catch HouseholdWriteError.staleVersion {
            return try await render(req, household: household, survey: existing, values: values, issues: [], formError: req.text("error.staleVersion")).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: "/households/\(household.code.urlPathComponent)")
    }

    private func find(_ req: Request, household: Household) async throws -> Survey {
        guard let id = req.parameters.get("survey").flatMap(UUID.init(uuidString:)),
              let survey = try await Survey.query(on: req.db).filter(\.$id == id).filter(\.$household.$id == household.requireID()).first()
        else { throw Abort(.notFound) }
        return survey
    }

    static func values(of record: HouseholdRecord, version: Int) -> [String: String] {
        func flag(_ value: Bool?) -> String { value.map { $0 ? "true" : "false" } ?? "" }
        var values: [String: String] = [
            "version": String(version),
            "surveyDate": record.surveyDate.map { VietnameseFormat.date($0) } ?? "",
            "income.perCapitaMonthly": record.income?.perCapitaMonthly.map(String.init) ?? "",
            "income.scoreA": record.income?.scoreA.map(String.init) ?? "",
            "housing.durable": flag(record.housing?.durable),
            "housing.floorAreaM2": record.housing?.floorAreaM2.map { VietnameseFormat.decimal($0, fractionDigits: 1, in: .vi) } ?? "",
            "housing.hygienicWater": flag(record.housing?.hygienicWater),
            "housing.hygienicLatrine": flag(record.housing?.hygienicLatrine),
            "housing.wasteCollected": flag(record.housing?.wasteCollected),
            "information.devices": (record.information?.devices ?? []).map(\.rawValue).joined(separator: ","),
            "information.hearsLoudspeaker": flag(record.information?.hearsLoudspeaker),
            "needs": (record.needs ?? []).map(\.rawValue).joined(separator: ","),
        ]
        for (key, answer) in record.indicators { values["indicators.\(key.rawValue)"] = flag(answer) }
        return values
    }

    private func render(_ req: Request, household: Household, survey: Survey?, values: [String: String], issues: [FieldIssue], formError: String? = nil) async throws -> View {
        let form = FormBuilder(language: req.language, values: values, issues: issues)
        var fields: [FormField] = [
            form.field("version", .hidden),
            form.field("surveyDate", .text, required: true, hint: "hint.date", group: "group.survey"),
            form.field("income.perCapitaMonthly", .text, hint: "hint.money", group: "group.income"),
            form.field("income.scoreA", .number, hint: "hint.scoreA"),
            form.triState("housing.durable", group: "group.housing"),
            form.field("housing.floorAreaM2", .text, hint: "hint.area"),
            form.triState("housing.hygienicWater"),
            form.triState("housing.hygienicLatrine"),
            form.triState("housing.wasteCollected"),
            form.checkboxes("information.devices", Device.self, prefix: "device", group: "group.information"),
            form.triState("information.hearsLoudspeaker"),
            form.checkboxes("needs", Need.self, prefix: "need", group: "group.needs"),
        ]
        for (position, key) in IndicatorKey.allCases.enumerated() {
            var field = form.triState("indicators.\(key.rawValue)", yes: "value.deprived", no: "value.notDeprived",
                                      group: position == 0 ? "group.indicators" : nil)
            field = FormField(name: field.name, label: req.text("indicator.\(key.rawValue)"), kind: field.kind, value: field.value,
                              options: field.options, error: field.error, required: false, hint: nil, group: field.group)
            fields.append(field)
        }
        let heading = survey.map { req.text("survey.edit", ["date": req.formatter.date($0.surveyDate)]) } ?? req.text("survey.new", ["code": household.code])
        let base = "/households/\(household.code.urlPathComponent)"
        let action = survey.flatMap { $0.id }.map { "\(base)/surveys/\($0.uuidString)/edit" } ?? "\(base)/surveys/new"
        return try await req.renderForm(heading: heading, action: action, cancel: base, fields: fields, issues: issues, formError: formError)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
