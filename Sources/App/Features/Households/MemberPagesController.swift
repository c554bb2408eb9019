import Domain
import Fluent
import Vapor

/// Adding and editing members, and recording that one died or moved away.
struct MemberPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(":code", "members", "new", use: newMember)
        routes.post(":code", "members", "new", use: saveMember)
        routes.get(":code", "members", ":member", "edit", use: editMember)
        routes.post(":code", "members", ":member", "edit", use: saveMember)
        routes.post(":code", "members", ":member", "event", use: recordEvent)
    }

    func newMember(req: Request) async throws -> View {
        let household = try await HouseholdPagesController.household(req)
        return try await render(req, household: household, member: nil, values: ["version": String(household.version)], issues: [])
    }

    func editMember(req: Request) async throws -> View {
        let household = try await HouseholdPagesController.household(req)
        let member = try await find(req, household: household)
        let shown = SensitiveData.redacted(HouseholdRecord(code: household.code, members: [member.record]),
                                           showSensitive: true, revealIDNumbers: req.may(.revealIDNumber)).members[0]
        return try await render(req, household: household, member: member, values: Self.values(of: shown, version: household.version), issues: [])
    }

    func saveMember(req: Request) async throws -> Response {
        let household = try await HouseholdPagesController.household(req)
        let existing = req.parameters.get("member") == nil ? nil : try await find(req, household: household)
        let values = try req.formValues()
        var reader = FormReader(values: values)
        let submitted = MemberRecord(
            name: reader.text("name") ?? "", sex: reader.code("sex", Sex.self), birthDate: reader.date("birthDate"),
            birthYear: reader.integer("birthYear"), relation: reader.code("relation", Relation.self),
            idNumber: reader.text("idNumber"), ethnicity: reader.text("ethnicity"), religion: reader.text("religion"),
            employment: reader.code("employment", Employment.self), ableToWork: reader.bool("ableToWork"),
            disability: reader.code("disability", Disability.self), monthlyAllowance: reader.bool("monthlyAllowance"),
            healthInsurance: reader.bool("healthInsurance"), malnourished: reader.bool("malnourished"),
            education: reader.code("education", Education.self), studying: reader.bool("studying"),
            schoolOnTrack: reader.bool("schoolOnTrack"), usesInternet: reader.bool("usesInternet"))
        // A user who saw the number masked and left it so keeps the stored number.
        let record = SensitiveData.restoringMaskedIDNumbers(submitted, from: existing.map { [$0.record] } ?? [])
        // The one validator, on the member wrapped in its household.
        let issues = reader.issues + HouseholdValidator.validate(HouseholdRecord(code: household.code, members: [record]), today: Clock.today)
            .map { FieldIssue(householdCode: $0.householdCode, field: $0.field.replacingOccurrences(of: "members[0].", with: ""), problem: $0.problem) }
        guard issues.isEmpty else {
            return try await render(req, household: household, member: existing, values: values, issues: issues).encodeResponse(status: .unprocessableEntity, for: req)
        }
        do {
            try await HouseholdService.change(household, expectedVersion: Int(values["version"] ?? "") ?? -1, action: existing == nil ? .memberCreate : .memberUpdate, by: try req.auditActor, on: req.db) { db in
                let householdID = try household.requireID()
                if let existing {
                    existing.apply(record)
                    existing.version += 1
                    try await existing.save(on: db)
                } else {
                    let position = (try await Member.query(on: db).filter(\.$household.$id == householdID).max(\.$position) ?? -1) + 1
                    let member = Member(householdID: householdID, position: position, record: record)
                    try await member.create(on: db)
                    try await MemberEvent(householdID: householdID, memberID: member.requireID(), kind: .joined, date: Clock.today, note: nil).create(on: db)
                }
                try await HouseholdService.refresh(household, on: db)
            }
        } catch HouseholdWriteError.staleVersion {
            return try await render(req, household: household, member: existing, values: values, issues: [], formError: req.text("error.staleVersion")).encodeResponse(status: .conflict, for: req)
        }
        return req.redirect(to: "/households/\(household.code.urlPathComponent)")
    }

    func recordEvent(req: Request) async throws -> Response {
        let household = try await HouseholdPagesController.household(req)
        let member = try await find(req, household: household)
        let values = try req.formValues()
        var reader = FormReader(values: values)
        let note = reader.text("note")
        guard let kind = reader.code("kind", MemberEventKind.self), kind != .joined,
              let date = reader.date("date"), date <= Clock.today else {
            throw Abort(.badRequest, reason: req.text("error.memberEvent"))
        }
        do {
            try await HouseholdService.change(household, expectedVersion: Int(values["version"] ?? "") ?? -1, action: .memberEvent, by: try req.auditActor, on: req.db) { db in
                member.status = kind == .died ? MemberStatus.died.rawValue : MemberStatus.movedAway.rawValue
                member.version += 1
                try await member.save(on: db)
                try await MemberEvent(householdID: household.requireID(), memberID: member.requireID(), kind: kind, date: date, note: note).create(on: db)
                try await HouseholdService.refresh(household, on: db)
            }
        } catch HouseholdWriteError.staleVersion {
            throw Abort(.conflict, reason: req.text("error.staleVersion"))
        }
        return req.redirect(to: "/households/\(household.code.urlPathComponent)")
    }

    private func find(_ req: Request, household: Household) async throws -> Member {
        guard let id = req.parameters.get("member").flatMap(UUID.init(uuidString:)),
              let member = try await Member.query(on: req.db).filter(\.$id == id).filter(\.$household.$id == household.requireID()).first()
        else { throw Abort(.notFound) }
        return member
    }

    static func values(of record: MemberRecord, version: Int) -> [String: String] {
        func flag(_ value: Bool?) -> String { value.map { $0 ? "true" : "false" } ?? "" }
        return [
            "version": String(version), "name": record.name, "sex": record.sex?.rawValue ?? "",
            "birthDate": record.birthDate.map { VietnameseFormat.date($0) } ?? "",
            "birthYear": record.birthYear.map(String.init) ?? "", "relation": record.relation?.rawValue ?? "",
            "idNumber": record.idNumber ?? "", "ethnicity": record.ethnicity ?? "", "religion": record.religion ?? "",
            "employment": record.employment?.rawValue ?? "", "ableToWork": flag(record.ableToWork),
            "disability": record.disability?.rawValue ?? "", "monthlyAllowance": flag(record.monthlyAllowance),
            "healthInsurance": flag(record.healthInsurance), "malnourished": flag(record.malnourished),
            "education": record.education?.rawValue ?? "", "studying": flag(record.studying),
            "schoolOnTrack": flag(record.schoolOnTrack), "usesInternet": flag(record.usesInternet),
        ]
    }

    private func render(_ req: Request, household: Household, member: Member?, values: [String: String], issues: [FieldIssue], formError: String? = nil) async throws -> View {
        let form = FormBuilder(language: req.language, values: values, issues: issues)
        let fields: [FormField] = [
            form.field("version", .hidden),
            form.field("name", .text, required: true, group: "group.identity"),
            form.select("relation", Relation.self, prefix: "relation"),
            form.select("sex", Sex.self, prefix: "sex"),
            form.field("birthDate", .text, hint: "hint.date"),
            form.field("birthYear", .number, hint: "hint.birthYear"),
            form.field("idNumber", .text, hint: "hint.idNumber"),
            form.choice("ethnicity", EthnicGroups.names.map { ($0, $0) }),
            form.field("religion", .text, hint: "hint.religion"),
            form.select("employment", Employment.self, prefix: "employment", group: "group.work"),
            form.triState("ableToWork"),
            form.select("disability", Disability.self, prefix: "disability"),
            form.triState("monthlyAllowance"),
            form.triState("healthInsurance", group: "group.health"),
            form.triState("malnourished"),
            form.select("education", Education.self, prefix: "education", group: "group.education"),
            form.triState("studying"),
            form.triState("schoolOnTrack"),
            form.triState("usesInternet", group: "group.information"),
        ]
        let heading = member.map { req.text("member.edit", ["name": $0.name]) } ?? req.text("member.new", ["code": household.code])
        let base = "/households/\(household.code.urlPathComponent)"
        let action = member.flatMap { $0.id }.map { "\(base)/members/\($0.uuidString)/edit" } ?? "\(base)/members/new"
        return try await req.renderForm(heading: heading, action: action, cancel: base, fields: fields, issues: issues, formError: formError)
    }
}
