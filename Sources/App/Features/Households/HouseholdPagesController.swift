import Domain
import Fluent
import Vapor

/// The registry's pages: list, detail, and the household form.
struct HouseholdPagesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let households = routes.grouped("households")
        let viewing = households.grouped(RequirePermission(.viewHouseholds))
        viewing.get(use: list)
        viewing.get("disagreements", use: disagreements)
        viewing.get(":code", use: detail)
        households.grouped(RequirePermission(.revealIDNumber)).post(":code", "members", ":member", "reveal", use: revealIDNumber)
        let editing = households.grouped(RequirePermission(.editHouseholds))
        editing.get("new", use: newHousehold)
        editing.post("new", use: createHousehold)
        editing.get(":code", "edit", use: editHousehold)
        editing.post(":code", "edit", use: updateHousehold)
        editing.post(":code", "archive", use: archive)
        try editing.register(collection: MemberPagesController())
        try editing.register(collection: SurveyPagesController())
        try households.register(collection: StatusPagesController())
    }

    // MARK: list

    func list(req: Request) async throws -> View {
        try await renderList(req, filter: try await HouseholdFilter.decode(req), path: "/households",
                             heading: req.text("households.heading"), title: req.text("households.title"), intro: nil)
    }

    /// Households whose computed status contradicts the commune's recognition, for review.
    func disagreements(req: Request) async throws -> View {
        var filter = try await HouseholdFilter.decode(req)
        filter.disagree = true
        return try await renderList(req, filter: filter, path: "/households/disagreements",
                                    heading: req.text("disagreements.heading"), title: req.text("disagreements.title"),
                                    intro: req.text("disagreements.intro"))
    }

    private func renderList(_ req: Request, filter: HouseholdFilter, path: String, heading: String, title: String, intro: String?) async throws -> View {
        let result = try await HouseholdQuery.list(filter, scope: try await req.accessScope(), on: req.db)
        let sponsors = try await HouseholdQuery.latestSponsors(of: result.households.compactMap(\.id), on: req.db)
        let language = req.language
        let rows = result.households.map { household in
            HouseholdListPage.Row(
                code: household.code, headName: household.headName, commune: household.commune.fullName(language),
                memberCount: household.memberCount,
                recognised: HouseholdDisplay.status("recognised", household.recognisedStatus, year: household.recognisedYear, language: language),
                computed: HouseholdDisplay.status("computed", household.computedStatus, language: language),
                disagree: HouseholdDisplay.disagree(recognised: household.recognisedStatus, computed: household.computedStatus),
                sponsor: household.id.flatMap { sponsors[$0]?.organisationUnit.name } ?? "",
                archived: household.archivedAt != nil)
        }
        var filterParts: [String] = []
        let pairs: [(String, String?)] = [("q", filter.q), ("commune", filter.commune), ("recognised", filter.recognised),
                                          ("computed", filter.computed), ("sponsor", filter.sponsor), ("group", filter.group),
                                          ("disagree", filter.disagree == true ? "true" : nil)]
        for (name, value) in pairs {
            if let value = value?.nonEmpty { filterParts.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")") }
        }
        func url(page: Int) -> String {
            path + "?" + (filterParts + ["page=\(page)"]).joined(separator: "&")
        }
        let page = HouseholdListPage(
            layout: Layout(request: req, title: title),
            heading: heading, intro: intro, formAction: path, canCreate: req.may(.editHouseholds),
            exportQuery: filterParts.joined(separator: "&"),
            filter: try await filterFields(filter, req: req),
            query: filter.q ?? "",
            rows: rows,
            total: req.text("households.total", ["count": req.formatter.number(result.total)]),
            page: result.page, pageCount: result.pageCount,
            previousURL: result.page > 1 ? url(page: result.page - 1) : nil,
            nextURL: result.page < result.pageCount ? url(page: result.page + 1) : nil)
        return try await req.view.render("households/list", page)
    }

    private func filterFields(_ filter: HouseholdFilter, req: Request) async throws -> [FormField] {
        let values = ["commune": filter.commune ?? "", "recognised": filter.recognised ?? "",
                      "computed": filter.computed ?? "", "sponsor": filter.sponsor ?? "", "group": filter.group ?? ""]
        let form = FormBuilder(language: req.language, values: values)
        let communes = try await CommuneChoices.withHouseholds(scope: try await req.accessScope(), on: req.db, language: req.language)
        let units = try await OrganisationUnitQuery.tree(on: req.db).map { entry in
            (entry.unit.code, String(repeating: "· ", count: entry.depth) + entry.unit.name)
        }
        let noneLabel = req.text("filter.none")
        return [
            form.choice("commune", communes),
            form.choice("recognised", [("none", noneLabel)] + RecognisedStatus.allCases.map { ($0.rawValue, req.text("recognised.\($0.rawValue)")) }),
            form.choice("computed", [("none", noneLabel)] + ComputedStatus.allCases.map { ($0.rawValue, req.text("computed.\($0.rawValue)")) }),
            form.choice("sponsor", [("none", req.text("filter.neverSponsored"))] + units),
            form.choice("group", TargetGroup.allCases.map { ($0.rawValue, req.text("group.target.\($0.rawValue)")) }),
        ]
    }

    // MARK: detail

    func detail(req: Request) async throws -> View {
        try await renderDetail(req, household: try await HouseholdPagesController.household(req), revealing: nil)
    }

    /// Shows one member's full citizen-ID number, once, and records that it was shown.
    func revealIDNumber(req: Request) async throws -> View {
        let household = try await HouseholdPagesController.household(req)
        guard let memberID = req.parameters.get("member").flatMap(UUID.init(uuidString:)),
              let member = try await Member.query(on: req.db).filter(\.$id == memberID).filter(\.$household.$id == household.requireID()).first()
        else { throw Abort(.notFound) }
        try await AuditLog.record(.revealIDNumber, entity: "household", key: household.code, by: try req.auditActor,
                                  details: .object([("member", .string(member.name))]), on: req.db)
        return try await renderDetail(req, household: household, revealing: memberID)
    }

    private func renderDetail(_ req: Request, household: Household, revealing: UUID?) async throws -> View {
        let householdID = try household.requireID()
        let showSensitive = req.may(.viewSensitive)
        let mayReveal = req.may(.revealIDNumber)
        let language = req.language
        let format = req.formatter
        let members = try await Member.query(on: req.db).filter(\.$household.$id == householdID).sort(\.$position).all()
        let surveys = try await Survey.query(on: req.db).filter(\.$household.$id == householdID).sort(\.$surveyDate, .descending).all()
        let recognitions = try await Recognition.query(on: req.db).filter(\.$household.$id == householdID).sort(\.$year, .descending).all()
        let sponsorships = try await Sponsorship.query(on: req.db).filter(\.$household.$id == householdID).with(\.$organisationUnit).sort(\.$startsOn, .descending).all()
        let events = try await MemberEvent.query(on: req.db).filter(\.$household.$id == householdID).with(\.$member).sort(\.$eventDate, .descending).all()
        let results = try await ClassificationResult.query(on: req.db).filter(\.$household.$id == householdID).all()
        let resultBySurvey = Dictionary(results.map { ($0.$survey.id, $0) }, uniquingKeysWith: { first, _ in first })
        let latestRecord = surveys.first?.record
        let classification = latestRecord.flatMap { ClassificationDisplay.view(of: $0, fallbackArea: household.commune.area, request: req) }

        let page = HouseholdDetailPage(
            layout: Layout(request: req, title: req.text("household.title", ["name": household.headName.isEmpty ? household.code : household.headName])),
            code: household.code, headName: household.headName,
            commune: household.commune.fullName(language),
            area: format.code("area", household.commune.area?.rawValue),
            hamlet: household.hamlet ?? "", address: household.address ?? "",
            recognised: HouseholdDisplay.status("recognised", household.recognisedStatus, year: household.recognisedYear, language: language),
            computed: HouseholdDisplay.status("computed", household.computedStatus, language: language),
            disagree: HouseholdDisplay.disagree(recognised: household.recognisedStatus, computed: household.computedStatus),
            archived: household.archivedAt != nil, archiveReason: household.archiveReason ?? "",
            showSensitive: showSensitive,
            permissions: .init(edit: req.may(.editHouseholds), recordRecognition: req.may(.recordRecognition), assignSponsor: req.may(.assignSponsor)),
            archivedAt: format.timestamp(household.archivedAt),
            version: household.version,
            members: members.map { member in
                HouseholdDetailPage.MemberRow(
                    id: member.id?.uuidString ?? "", name: member.name, relation: format.code("relation", member.relation),
                    sex: format.code("sex", member.sex),
                    birth: member.birthDate.map { format.date($0) } ?? member.birthYear.map(String.init) ?? "",
                    idNumber: member.idNumber.map { member.id == revealing ? $0 : SensitiveData.masked(idNumber: $0) } ?? "",
                    revealable: mayReveal && member.idNumber != nil && member.id != revealing,
                    ethnicity: showSensitive ? member.ethnicity ?? "" : "",
                    employment: format.code("employment", member.employment),
                    status: format.code("memberStatus", member.status),
                    present: member.status == MemberStatus.present.rawValue)
            },
            surveys: surveys.map { survey in
                let result = survey.id.flatMap { resultBySurvey[$0] }
                return HouseholdDetailPage.SurveyRow(
                    id: survey.id?.uuidString ?? "", date: format.date(survey.surveyDate),
                    income: format.money(survey.incomePerCapita), scoreA: format.number(survey.scoreA),
                    memberCount: survey.record?.members.count ?? 0,
                    standard: result.map { ClassificationDisplay.name(of: $0.standardID, long: false, language: language) } ?? req.text("standard.none"),
                    status: format.code("computed", result?.status))
            },
            classification: classification,
            noStandard: latestRecord != nil && classification == nil,
            recognitions: recognitions.map { recognition in
                let decision = recognition.decisionNumber.map { number in
                    req.text("recognition.decision", ["number": number, "date": format.date(recognition.decisionDate)])
                } ?? ""
                return HouseholdDetailPage.RecognitionRow(year: recognition.year, status: format.code("recognised", recognition.status), decision: decision)
            },
            sponsorships: sponsorships.map { link in
                HouseholdDetailPage.SponsorshipRow(
                    unit: link.organisationUnit.name,
                    period: req.text(link.endsOn == nil ? "sponsorship.since" : "sponsorship.period",
                                     ["from": format.date(link.startsOn), "to": format.date(link.endsOn)]))
            },
            events: events.map { event in
                HouseholdDetailPage.EventRow(date: format.date(event.eventDate), kind: format.code("memberEvent", event.kind), member: event.member.name, note: event.note ?? "")
            },
            eventKinds: [MemberEventKind.died, .movedAway].map { FormField.Option(value: $0.rawValue, label: req.text("memberEvent.\($0.rawValue)"), selected: false) },
            today: VietnameseFormat.date(Clock.today))
        return try await req.view.render("households/detail", page)
    }

    // MARK: household form

    func newHousehold(req: Request) async throws -> View {
        try await renderHouseholdForm(req, household: nil, values: [:], issues: [])
    }

    func editHousehold(req: Request) async throws -> View {
        let household = try await HouseholdPagesController.household(req)
        let values = ["code": household.code, "communeCode": household.commune.code, "hamlet": household.hamlet ?? "",
                      "address": household.address ?? "", "version": String(household.version)]
        return try await renderHouseholdForm(req, household: household, values: values, issues: [])
    }

    func createHousehold(req: Request) async throws -> Response {
        let values = try req.formValues()
        let record = HouseholdRecord(code: values["code"]?.nonEmpty ?? "", communeCode: values["communeCode"]?.nonEmpty,
                                     hamlet: values["hamlet"]?.nonEmpty, address: values["address"]?.nonEmpty)
        do {
            let household = try await HouseholdService.create(record, today: Clock.today, by: try req.auditActor, scope: try await req.accessScope(), on: req.db)
            return req.redirect(to: "/households/\(household.code.urlPathComponent)")
        } catch let HouseholdWriteError.invalid(issues) {
            return try await renderHouseholdForm(req, household: nil, values: values, issues: issues).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }

    func updateHousehold(req: Request) async throws -> Response {
        let household = try await HouseholdPagesController.household(req)
        let values = try req.formValues()
        var edited = try await HouseholdService.record(of: household, on: req.db)
        edited.communeCode = values["communeCode"]?.nonEmpty
        edited.hamlet = values["hamlet"]?.nonEmpty
        edited.address = values["address"]?.nonEmpty
        edited.surveyDate = nil
        edited.area = nil
        let record = edited
        do {
            let commune = try await HouseholdService.validate(record, today: Clock.today, scope: try await req.accessScope(), on: req.db)
            try await HouseholdService.change(household, expectedVersion: Int(values["version"] ?? "") ?? -1, action: .householdUpdate, by: try req.auditActor, on: req.db) { db in
                household.$commune.id = try commune.requireID()
                household.hamlet = record.hamlet
                household.address = record.address
                try await household.save(on: db)
            }
            return req.redirect(to: "/households/\(household.code.urlPathComponent)")
        } catch let HouseholdWriteError.invalid(issues) {
            return try await renderHouseholdForm(req, household: household, values: values, issues: issues).encodeResponse(status: .unprocessableEntity, for: req)
        } catch HouseholdWriteError.staleVersion {
            return try await renderHouseholdForm(req, household: household, values: values, issues: [], formError: req.text("error.staleVersion")).encodeResponse(status: .conflict, for: req)
        }
    }

    private func renderHouseholdForm(_ req: Request, household: Household?, values: [String: String], issues: [FieldIssue], formError: String? = nil) async throws -> View {
        let form = FormBuilder(language: req.language, values: values, issues: issues)
        var fields: [FormField] = []
        if household == nil {
            fields.append(form.field("code", .text, required: true, hint: "hint.householdCode"))
        } else {
            fields.append(form.field("version", .hidden))
        }
        fields.append(form.choice("communeCode", try await CommuneChoices.forForm(scope: try await req.accessScope(), on: req.db, language: req.language), required: true))
        fields.append(form.field("hamlet", .text))
        fields.append(form.field("address", .text))
        let heading = household.map { req.text("household.edit", ["code": $0.code]) } ?? req.text("household.new")
        let cancel = household.map { "/households/\($0.code.urlPathComponent)" } ?? "/households"
        let action = household.map { "/households/\($0.code.urlPathComponent)/edit" } ?? "/households/new"
        return try await req.renderForm(heading: heading, action: action, cancel: cancel, fields: fields, issues: issues, formError: formError)
    }

    func archive(req: Request) async throws -> Response {
        let household = try await HouseholdPagesController.household(req)
        let values = try req.formValues()
        guard let reason = values["reason"]?.nonEmpty else {
            throw Abort(.badRequest, reason: req.text("error.archiveReasonRequired"))
        }
        do {
            try await HouseholdService.change(household, expectedVersion: Int(values["version"] ?? "") ?? -1, action: .householdArchive, by: try req.auditActor, on: req.db) { db in
                household.archivedAt = Date()
                household.archiveReason = reason
                try await household.save(on: db)
            }
        } catch HouseholdWriteError.staleVersion {
            throw Abort(.conflict, reason: req.text("error.staleVersion"))
        }
        return req.redirect(to: "/households/\(household.code.urlPathComponent)")
    }

    /// The household named in the path, or 404.
    static func household(_ req: Request) async throws -> Household {
        guard let household = try await HouseholdQuery.find(code: req.parameters.get("code") ?? "", scope: try await req.accessScope(), on: req.db) else {
            throw Abort(.notFound)
        }
        return household
    }
}

enum CommuneChoices {
    /// Communes that hold households, for the list's filter.
    static func withHouseholds(scope: AccessScope, on db: any Database, language: Language) async throws -> [(String, String)] {
        let ids = try await scope.apply(to: Household.query(on: db)).unique().all(\.$commune.$id)
        let communes = try await AdministrativeUnit.query(on: db).filter(\.$id ~~ ids).sort(\.$sortKey).all()
        return choices(communes, language: language)
    }

    /// Communes a household can be placed in: those of the lists in force, and the historical
    /// ones households still refer to (surveyed before the 2025 reform); for a user limited to
    /// areas, only the communes of those areas.
    static func forForm(scope: AccessScope, on db: any Database, language: Language) async throws -> [(String, String)] {
        let used = try await scope.apply(to: Household.query(on: db)).unique().all(\.$commune.$id)
        let communes = try await AdministrativeUnit.query(on: db)
            .filter(\.$level == AdministrativeLevel.commune.rawValue)
            .group(.or) { $0.filter(\.$validTo == nil).filter(\.$id ~~ used) }
            .sort(\.$sortKey).all()
        return choices(communes.filter { unit in unit.id.map(scope.allowsCommune) ?? false }, language: language)
    }

    /// "Xã Hiệp Thành (31840)", with the end of validity for a unit abolished by the reform.
    private static func choices(_ communes: [AdministrativeUnit], language: Language) -> [(String, String)] {
        communes.map { unit in
            let name = unit.fullName(language)
            let label = unit.validTo.flatMap(LocalDate.init(iso:)).map {
                Translations.render(Message("unit.choiceHistorical", ["name": name, "code": unit.code, "until": VietnameseFormat.date($0)]), in: language)
            } ?? Translations.render(Message("unit.choice", ["name": name, "code": unit.code]), in: language)
            return (unit.code, label)
        }
    }
}

extension String {
    var urlPathComponent: String { addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? self }
}

extension View {
    func encodeResponse(status: HTTPResponseStatus, for req: Request) async throws -> Response {
        let response = try await encodeResponse(for: req)
        response.status = status
        return response
    }
}
