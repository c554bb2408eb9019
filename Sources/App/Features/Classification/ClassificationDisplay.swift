import Domain
import Vapor

/// Renders a survey's classification for the household page, in the visitor's language.
enum ClassificationDisplay {
    /// A standard's name from the table, or its own legal reference for a standard an
    /// administrator added (which the table cannot know).
    static func name(of standardID: String, long: Bool, language: Language) -> String {
        let key = "standard.\(long ? "long" : "short").\(standardID)"
        let text = Translations.text(key, in: language)
        guard text == key else { return text }
        return StandardCatalog.builtIn.standard(id: standardID)?.legalReference ?? standardID
    }

    static func view(of record: HouseholdRecord, fallbackArea: Area?, request: Request) -> HouseholdDetailPage.ClassificationView? {
        guard let standard = ClassificationService.standard(for: record), let area = record.area ?? fallbackArea else { return nil }
        let language = request.language
        let classification = Classifier.classify(record, standard: standard, area: area)
        let dimensions = Classifier.assessIndicatorsByDimension(record, standard: standard).map { group in
            HouseholdDetailPage.ClassificationView.DimensionRow(
                label: request.text("standards.dimension.\(group.dimension.key)"),
                indicators: group.indicators.map { assessment in
                    .init(label: request.text("indicator.\(assessment.indicator.key.rawValue)"),
                          state: request.text("standards.state.\(assessment.state.rawValue)"),
                          stateCode: assessment.state.rawValue,
                          source: request.text("standards.source.\(assessment.source.rawValue)"))
                })
        }
        return HouseholdDetailPage.ClassificationView(
            standard: name(of: standard.id, long: true, language: language),
            surveyDate: record.surveyDate.map(VietnameseFormat.date) ?? "",
            status: request.text("computed.\(classification.status.rawValue)"),
            score: VietnameseFormat.integer(classification.deprivationScore, in: language),
            dimensions: dimensions,
            explanation: classification.reasons.map { $0.text(in: language) })
    }
}
