extension AlkireFosterResult {
    /// What a per-indicator chart shows.
    public enum ChartFigure: String, CaseIterable, Sendable {
        /// Each indicator's percentage of M0.
        case contribution
        /// h_j in percent: deprived in the indicator and multidimensionally poor.
        case censoredHeadcount
        /// Deprived in the indicator, poor or not, in percent.
        case uncensoredHeadcount
    }

    /// One bar per indicator in the standard's order, labelled with the indicator's name and the
    /// percentage written as in `language` ("29,2 %").
    public func chart(_ figure: ChartFigure, in language: Language, options: SVGBarChart.Options = .init()) -> SVGBarChart {
        let bars = indicators.map { indicator in
            let percent = switch figure {
            case .contribution: indicator.contributionPercent
            case .censoredHeadcount: indicator.censoredHeadcount.percent
            case .uncensoredHeadcount: indicator.uncensoredHeadcount.percent
            }
            return SVGBarChart.Bar(
                label: Translations.text("indicator.\(indicator.key.rawValue)", in: language), value: percent,
                valueLabel: VietnameseFormat.percent(percent, fractionDigits: 1, in: language)
            )
        }
        return SVGBarChart(title: Translations.text("analytics.chart.\(figure.rawValue)", in: language), bars: bars, options: options)
    }
}
