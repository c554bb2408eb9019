import Domain
import Fluent
import Foundation

/// The "surveys with results" of an export: for each household, its latest survey's
/// classification under every standard it was classified by, one row each.
enum ResultsSheet {
    static let columns = [
        "household_code", "survey_date", "standard", "status", "status_label", "deprivation_score", "deprived",
        "missing", "income_basis", "income_line",
    ]

    static func load(_ households: [Household], language: Language, on db: any Database) async throws -> TableSheet {
        var sheet = TableSheet(name: Translations.text("export.resultsSheet", in: language), header: columns.map { .text($0) })
        for chunk in households.chunked(into: 1000) {
            let ids = chunk.compactMap(\.id)
            let latest = try await HouseholdRecords.latestSurveys(of: ids, on: db)
            let results = try await ClassificationResult.query(on: db).filter(\.$survey.$id ~~ latest.values.compactMap(\.id))
                .sort(\.$standardID).all()
            let resultsBySurvey = Dictionary(grouping: results, by: \.$survey.id)
            for household in chunk {
                guard let id = household.id, let survey = latest[id], let surveyID = survey.id else { continue }
                for result in resultsBySurvey[surveyID] ?? [] {
                    sheet.rows.append(TableRow(number: sheet.rows.count + 2, cells: [
                        .text(household.code), LocalDate(iso: survey.surveyDate).map(TableCell.date) ?? .text(survey.surveyDate),
                        .text(result.standardID), .text(result.status), .text(Translations.text("computed.\(result.status)", in: language)),
                        .number(Double(result.deprivationScore)), text(result.deprived), text(result.missing),
                        text(result.incomeBasis ?? ""), result.incomeLine.map { .number(Double($0)) } ?? .empty,
                    ]))
                }
            }
        }
        return sheet
    }

    private static func text(_ value: String) -> TableCell { value.isEmpty ? .empty : .text(value) }
}
