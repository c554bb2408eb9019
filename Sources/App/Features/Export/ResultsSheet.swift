import Domain
import Fluent
import Foundation

/// The "surveys with results" of an export: for each household, its latest survey's
/// classification under every standard it was classified by, one row each.
struct ResultsSheet {
    static let columns = [
        "household_code", "survey_date", "standard", "status", "status_label", "deprivation_score", "deprived",
        "missing", "income_basis", "income_line",
    ]

    private(set) var sheet: TableSheet
    private let language: Language

    init(language: Language) {
        self.language = language
        sheet = TableSheet(name: Translations.text("export.resultsSheet", in: language), header: Self.columns.map { .text($0) })
    }

    /// The rows of these households, given their latest surveys by household.
    mutating func add(_ households: ArraySlice<ListedHousehold>, latest: [UUID: LatestSurvey], on db: any Database) async throws {
        guard !latest.isEmpty else { return }
        var resultsBySurvey: [UUID: [[TableCell]]] = [:]
        try await db.selectRows(
            ["survey_id", "standard_id", "status", "deprivation_score", "deprived", "missing", "income_basis", "income_line"],
            from: ClassificationResult.schema, keyedBy: "survey_id", in: latest.values.map(\.id), orderedBy: ["standard_id"]
        ) { result in
            let status = try result.requiredText("status")
            resultsBySurvey[try result.uuid("survey_id"), default: []].append([
                .text(try result.requiredText("standard_id")), .text(status), .text(Translations.text("computed.\(status)", in: language)),
                .number(Double(try result.requiredInteger("deprivation_score"))), Self.text(try result.requiredText("deprived")),
                Self.text(try result.requiredText("missing")), Self.text(try result.text("income_basis") ?? ""),
                try result.integer("income_line").map { TableCell.number(Double($0)) } ?? .empty,
            ])
        }
        for household in households {
            guard let survey = latest[household.id] else { continue }
            let surveyCells = [.text(household.code), LocalDate(iso: survey.surveyDate).map(TableCell.date) ?? .text(survey.surveyDate)]
            for result in resultsBySurvey[survey.id] ?? [] {
                sheet.rows.append(TableRow(number: sheet.rows.count + 2, cells: surveyCells + result))
            }
        }
    }

    private static func text(_ value: String) -> TableCell { value.isEmpty ? .empty : .text(value) }
}
