import Domain
import Fluent
import Foundation
import SQLKit

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
        guard let sql = db as? any SQLDatabase else { throw UnsupportedDatabase() }
        guard !latest.isEmpty else { return }
        let rows = try await sql.select()
            .columns("survey_id", "standard_id", "status", "deprivation_score", "deprived", "missing", "income_basis", "income_line")
            .from(ClassificationResult.schema).where("survey_id", .in, SQLBind.group(latest.values.map(\.id))).orderBy("standard_id").all()
        var resultsBySurvey: [UUID: [any SQLRow]] = [:]
        for row in rows { resultsBySurvey[try row.decode(column: "survey_id", as: UUID.self), default: []].append(row) }
        for household in households {
            guard let survey = latest[household.id] else { continue }
            for result in resultsBySurvey[survey.id] ?? [] {
                let status = try result.decode(column: "status", as: String.self)
                sheet.rows.append(TableRow(number: sheet.rows.count + 2, cells: [
                    .text(household.code), LocalDate(iso: survey.surveyDate).map(TableCell.date) ?? .text(survey.surveyDate),
                    .text(try result.decode(column: "standard_id", as: String.self)), .text(status),
                    .text(Translations.text("computed.\(status)", in: language)),
                    .number(Double(try result.decode(column: "deprivation_score", as: Int.self))),
                    Self.text(try result.decode(column: "deprived", as: String.self)), Self.text(try result.decode(column: "missing", as: String.self)),
                    Self.text(try result.decode(column: "income_basis", as: String?.self) ?? ""),
                    try result.decode(column: "income_line", as: Int?.self).map { TableCell.number(Double($0)) } ?? .empty,
                ]))
            }
        }
    }

    private static func text(_ value: String) -> TableCell { value.isEmpty ? .empty : .text(value) }
}
