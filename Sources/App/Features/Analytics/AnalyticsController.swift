import Domain
import Fluent
import Vapor

/// `/analytics`: the Alkire–Foster measures over a selection of households, as a page with a
/// chart and as CSV (`/analytics.csv`, same query).
struct AnalyticsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let reports = routes.grouped(RequirePermission(.viewReports))
        reports.get("analytics", use: page)
        reports.get("analytics.csv", use: csv)
    }

    /// The selection: the registry's filters plus the head's ethnicity, a survey period, the
    /// standard and the weighting.
    struct Selection: Content {
        var commune: String?
        var group: String?
        var ethnicity: String?
        var from: String?
        var to: String?
        var standard: String?
        var weighting: String?
    }

    struct Page: Encodable {
        struct Measure: Encodable {
            let label: String
            let value: String
        }

        struct IndicatorRow: Encodable {
            let label: String
            let uncensored: String
            let censored: String
            let contribution: String
        }

        let layout: Layout
        let filter: [FormField]
        let csvURL: String
        let standardName: String
        let measures: [Measure]
        let indicators: [IndicatorRow]
        let chart: String
        let empty: Bool
    }

    func page(req: Request) async throws -> View {
        let selection = try req.query.decode(Selection.self)
        let (result, standard) = try await measure(selection, scope: try await req.accessScope(), on: req.db)
        let language = req.language
        let percent: (AlkireFoster.Ratio) -> String = { VietnameseFormat.percent($0.percent, fractionDigits: 1, in: language) }
        let number: (Int) -> String = { VietnameseFormat.integer($0, in: language) }
        let measures: [Page.Measure] = [
            .init(label: req.text("analytics.measure.n.\(result.weighting.rawValue)"), value: number(result.n)),
            .init(label: req.text("analytics.measure.excludedIncomplete"), value: number(result.excludedIncomplete)),
            .init(label: req.text("analytics.measure.q.\(result.weighting.rawValue)"), value: number(result.q)),
            .init(label: req.text("analytics.measure.headcount"), value: percent(result.headcount)),
            .init(label: req.text("analytics.measure.intensity"), value: percent(result.intensity)),
            .init(label: req.text("analytics.measure.adjustedHeadcount"), value: VietnameseFormat.decimal(result.adjustedHeadcount.value, fractionDigits: 3, in: language)),
            .init(label: req.text("analytics.measure.incomeAtOrBelowLine"), value: percent(result.income.atOrBelowLine)),
            .init(label: req.text("analytics.measure.incomeAtOrBelowLineAndPoor"), value: percent(result.income.atOrBelowLineAndPoor)),
        ]
        let page = Page(
            layout: Layout(request: req, title: req.text("analytics.title")),
            filter: try await filterFields(selection, standard: standard, req: req),
            csvURL: "/analytics.csv" + (req.url.query.map { "?\($0)" } ?? ""),
            standardName: ClassificationDisplay.name(of: standard.id, long: true, language: language),
            measures: measures,
            indicators: result.indicators.map { indicator in
                Page.IndicatorRow(
                    label: req.text("indicator.\(indicator.key.rawValue)"),
                    uncensored: percent(indicator.uncensoredHeadcount), censored: percent(indicator.censoredHeadcount),
                    contribution: VietnameseFormat.percent(indicator.contributionPercent, fractionDigits: 1, in: language))
            },
            chart: result.chart(.contribution, in: language).render(),
            empty: result.n == 0)
        return try await req.view.render("analytics", page)
    }

    func csv(req: Request) async throws -> Response {
        let selection = try req.query.decode(Selection.self)
        let (result, standard) = try await measure(selection, scope: try await req.accessScope(), on: req.db)
        try await AuditLog.record(.export, entity: "analytics", key: standard.id, by: try req.auditActor,
                                  details: .object([("query", .string(req.url.query ?? "")), ("households", .integer(result.n))]), on: req.db)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "alkire-foster-\(standard.id).csv")
        // A byte-order mark, so that Excel (what officials open CSV files with) reads UTF-8.
        return Response(status: .ok, headers: headers, body: .init(string: "\u{FEFF}" + AlkireFosterCSV.render(result, standard: standard, in: req.language)))
    }

    /// Classifies each selected household's latest survey in the period under one standard
    /// (the indicators must be the same for every household of the measure).
    func measure(_ selection: Selection, scope: AccessScope, on db: any Database) async throws -> (AlkireFosterResult, PovertyStandard) {
        let catalog = StandardCatalog.builtIn
        guard let standard = selection.standard.flatMap({ catalog.standard(id: $0) }) ?? catalog.standard(inForceOn: Clock.today) ?? catalog.standards.first else {
            throw Abort(.internalServerError)
        }
        let weighting = selection.weighting.flatMap(AlkireFoster.Weighting.init(rawValue:)) ?? .households
        let from = selection.from.flatMap(VietnameseFormat.parseDate)
        let to = selection.to.flatMap(VietnameseFormat.parseDate)
        let households = try await HouseholdQuery.matching(HouseholdFilter(commune: selection.commune, group: selection.group), scope: scope, on: db).all()
        let ids = households.compactMap(\.id)
        var surveys = Survey.query(on: db).filter(\.$household.$id ~~ ids).sort(\.$surveyDate)
        if let from { surveys = surveys.filter(\.$surveyDate >= from.iso) }
        if let to { surveys = surveys.filter(\.$surveyDate <= to.iso) }
        var latest: [UUID: Survey] = [:]
        for survey in try await surveys.all() { latest[survey.$household.id] = survey }
        let ethnicity = selection.ethnicity?.nonEmpty.flatMap(EthnicGroups.canonical)
        var observations: [AlkireFosterObservation] = []
        for household in households {
            guard let id = household.id, let record = latest[id]?.record, let area = record.area ?? household.commune.area else { continue }
            if let ethnicity {
                let head = record.members.first { $0.relation == .head } ?? record.members.first
                guard head?.ethnicity.flatMap(EthnicGroups.canonical) == ethnicity else { continue }
            }
            let classification = Classifier.classify(record, standard: standard, area: area)
            observations.append(AlkireFosterObservation(classification, members: record.members.count))
        }
        return (AlkireFoster.measure(observations, standard: standard, weighting: weighting), standard)
    }

    private func filterFields(_ selection: Selection, standard: PovertyStandard, req: Request) async throws -> [FormField] {
        let values = ["commune": selection.commune ?? "", "group": selection.group ?? "", "ethnicity": selection.ethnicity ?? "",
                      "from": selection.from ?? "", "to": selection.to ?? "", "standard": selection.standard ?? "",
                      "weighting": selection.weighting ?? ""]
        let form = FormBuilder(language: req.language, values: values)
        return [
            form.choice("commune", try await CommuneChoices.withHouseholds(scope: try await req.accessScope(), on: req.db, language: req.language)),
            form.choice("group", TargetGroup.allCases.map { ($0.rawValue, req.text("group.target.\($0.rawValue)")) }),
            form.choice("ethnicity", EthnicGroups.names.map { ($0, $0) }),
            form.field("from", .text, hint: "hint.date"),
            form.field("to", .text, hint: "hint.date"),
            form.choice("standard", StandardCatalog.builtIn.standards.map { ($0.id, ClassificationDisplay.name(of: $0.id, long: false, language: req.language)) },
                        defaultValue: standard.id),
            form.choice("weighting", AlkireFoster.Weighting.allCases.map { ($0.rawValue, req.text("analytics.weighting.\($0.rawValue)")) },
                        defaultValue: AlkireFoster.Weighting.households.rawValue),
        ]
    }
}
