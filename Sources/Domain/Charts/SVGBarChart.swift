/// A horizontal bar chart as an inline SVG element — labels on the left, bars, value labels on
/// the right — for pages and reports. Dependency-free and deterministic: the same input gives
/// the same bytes on every server (numbers with a dot, no locale).
///
/// Fit for the app's Content-Security-Policy: no `style` attribute and no script, only SVG
/// presentation attributes (`fill`, `font-size`, …) and `class` names (`bar-chart`,
/// `bar-chart-title`, `bar-chart-bar`, `bar-chart-label`, `bar-chart-fill`, `bar-chart-value`)
/// for the stylesheet. Every text is XML-escaped. `role="img"` makes assistive technology read
/// the title (and the description, when given) instead of the pieces; pages should still show
/// the figures in a table.
public struct SVGBarChart: Sendable, Equatable {
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        /// The value as the page writes it ("29,2 %"); the chart never formats values itself.
        public var valueLabel: String
        /// Any SVG paint ("#b7472a", "teal"); nil for `Options.barColour`.
        public var colour: String?

        public init(label: String, value: Double, valueLabel: String, colour: String? = nil) {
            self.label = label
            self.value = value
            self.valueLabel = valueLabel
            self.colour = colour
        }
    }

    /// Sizes in SVG user units (pixels at 100 %).
    public struct Options: Sendable, Equatable {
        public var width: Double
        public var barHeight: Double
        public var barGap: Double
        /// Room for the labels left of the bars.
        public var labelWidth: Double
        /// Room for the value labels right of the longest bar.
        public var valueWidth: Double
        /// The value of a full-length bar; nil for the largest value. Larger values are clipped.
        public var maxValue: Double?
        /// Longer labels are cut with "…"; the full label is the bar's tooltip (`<title>`).
        public var maxLabelCharacters: Int
        public var fontSize: Double
        public var barColour: String
        public var textColour: String

        public init(
            width: Double = 640, barHeight: Double = 20, barGap: Double = 8, labelWidth: Double = 240,
            valueWidth: Double = 72, maxValue: Double? = nil, maxLabelCharacters: Int = 32, fontSize: Double = 13,
            barColour: String = "#2f6f9f", textColour: String = "#1f2933"
        ) {
            self.width = width
            self.barHeight = barHeight
            self.barGap = barGap
            self.labelWidth = labelWidth
            self.valueWidth = valueWidth
            self.maxValue = maxValue
            self.maxLabelCharacters = maxLabelCharacters
            self.fontSize = fontSize
            self.barColour = barColour
            self.textColour = textColour
        }
    }

    public var title: String
    /// Longer text for assistive technology (`<desc>`), e.g. the figures in a sentence.
    public var description: String?
    public var bars: [Bar]
    public var options: Options

    public init(title: String, description: String? = nil, bars: [Bar], options: Options = Options()) {
        self.title = title
        self.description = description
        self.bars = bars
        self.options = options
    }

    public init(
        title: String, description: String? = nil, data: [(label: String, value: Double, valueLabel: String)],
        options: Options = Options()
    ) {
        self.init(
            title: title, description: description,
            bars: data.map { Bar(label: $0.label, value: $0.value, valueLabel: $0.valueLabel) }, options: options
        )
    }

    /// The length of each bar, in order: proportional to its value against `maxValue` (or the
    /// largest value), clipped to the plot; negative and non-finite values draw no bar.
    public var barLengths: [Double] {
        let plotWidth = max(options.width - options.labelWidth - options.valueWidth, 0)
        let scaleMax = options.maxValue ?? bars.map { $0.value.isFinite ? $0.value : 0 }.max() ?? 0
        guard scaleMax > 0, scaleMax.isFinite else { return bars.map { _ in 0 } }
        return bars.map { bar in
            guard bar.value.isFinite, bar.value > 0 else { return 0 }
            return min(bar.value / scaleMax, 1) * plotWidth
        }
    }

    public func render() -> String {
        let padding = 8.0
        let titleBaseline = padding + options.fontSize
        let top = titleBaseline + options.fontSize * 0.8
        let rowStep = options.barHeight + options.barGap
        let height = top + Double(bars.count) * rowStep - (bars.isEmpty ? 0 : options.barGap) + padding
        let title = Self.escaped(self.title)
        let text = Self.escaped(options.textColour)

        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\""
        svg += " width=\"\(Self.number(options.width))\" height=\"\(Self.number(height))\""
        svg += " viewBox=\"0 0 \(Self.number(options.width)) \(Self.number(height))\""
        svg += " role=\"img\" aria-label=\"\(title)\" font-family=\"sans-serif\" font-size=\"\(Self.number(options.fontSize))\">"
        svg += "<title>\(title)</title>"
        if let description { svg += "<desc>\(Self.escaped(description))</desc>" }
        svg += "<text class=\"bar-chart-title\" x=\"\(Self.number(padding))\" y=\"\(Self.number(titleBaseline))\""
        svg += " font-weight=\"bold\" fill=\"\(text)\">\(title)</text>"

        for (index, (bar, length)) in zip(bars, barLengths).enumerated() {
            let y = top + Double(index) * rowStep
            let middle = Self.number(y + options.barHeight / 2)
            let colour = Self.escaped(bar.colour ?? options.barColour)
            svg += "<g class=\"bar-chart-bar\"><title>\(Self.escaped(bar.label))</title>"
            svg += "<text class=\"bar-chart-label\" x=\"\(Self.number(options.labelWidth - padding))\" y=\"\(middle)\""
            svg += " text-anchor=\"end\" dominant-baseline=\"central\" fill=\"\(text)\">"
            svg += Self.escaped(Self.truncated(bar.label, to: options.maxLabelCharacters)) + "</text>"
            svg += "<rect class=\"bar-chart-fill\" x=\"\(Self.number(options.labelWidth))\" y=\"\(Self.number(y))\""
            svg += " width=\"\(Self.number(length))\" height=\"\(Self.number(options.barHeight))\" fill=\"\(colour)\"/>"
            svg += "<text class=\"bar-chart-value\" x=\"\(Self.number(options.labelWidth + length + padding * 0.75))\""
            svg += " y=\"\(middle)\" dominant-baseline=\"central\" fill=\"\(text)\">\(Self.escaped(bar.valueLabel))</text></g>"
        }
        return svg + "</svg>"
    }

    /// Cut to `limit` characters (at least 1), the last being "…". Counted in Characters, so a
    /// Vietnamese letter with its marks is one character however it is encoded.
    static func truncated(_ label: String, to limit: Int) -> String {
        let limit = max(limit, 1)
        guard label.count > limit else { return label }
        var cut = String(label.prefix(limit - 1))
        while cut.last?.isWhitespace == true { cut.removeLast() }
        return cut + "…"
    }

    /// Escapes the five XML specials for text and attribute values alike, and drops the control
    /// characters XML 1.0 does not allow, so that any label gives a well-formed document.
    static func escaped(_ text: String) -> String {
        var output = ""
        output.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func number(_ value: Double) -> String {
        PlainNumber.decimal(value, maxFractionDigits: 2)
    }
}
