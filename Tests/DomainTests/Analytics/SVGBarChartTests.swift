import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Domain

@Suite("SVG bar chart")
struct SVGBarChartTests {
    let hostile = "<script>alert('x')</script> & \"quoted\""

    @Test("every text is escaped; no script, no inline style; the document is well-formed")
    func safeAndWellFormed() throws {
        let chart = SVGBarChart(
            title: hostile, description: hostile,
            data: [(label: hostile, value: 3, valueLabel: hostile), (label: "Nhà tiêu\u{0007} hợp vệ sinh", value: 1, valueLabel: "1")],
            options: SVGBarChart.Options(barColour: "\"/><script>")
        )
        let svg = chart.render()
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("style="))
        #expect(svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
        let document = try XMLDocumentSummary(svg)
        #expect(document.root == "svg")
        #expect(document.rootAttributes["role"] == "img")
        #expect(document.rootAttributes["aria-label"] == hostile)
        #expect(document.texts("title").first == hostile)
        #expect(document.texts("desc") == [hostile])
        #expect(!document.elements.contains("script"))
        #expect(!document.attributeNames.contains("style"))
    }

    @Test("bar lengths are proportional to the values, against the largest or a given maximum")
    func proportional() throws {
        let data: [(label: String, value: Double, valueLabel: String)] = [
            ("a", 10, "10"), ("b", 20, "20"), ("c", 40, "40"), ("d", 0, "0"), ("e", -5, "-5"),
        ]
        let options = SVGBarChart.Options(width: 600, labelWidth: 180, valueWidth: 70)
        let plot = 600.0 - 180 - 70
        let auto = try XMLDocumentSummary(SVGBarChart(title: "t", data: data, options: options).render())
        #expect(auto.barWidths == [plot / 4, plot / 2, plot, 0, 0])

        var fixed = options
        fixed.maxValue = 20
        let clipped = try XMLDocumentSummary(SVGBarChart(title: "t", data: data, options: fixed).render())
        #expect(clipped.barWidths == [plot / 2, plot, plot, 0, 0])

        let nothing = try XMLDocumentSummary(SVGBarChart(title: "t", data: [("z", 0, "0")], options: options).render())
        #expect(nothing.barWidths == [0])
    }

    @Test("long labels are cut with an ellipsis; the full label is the bar's title")
    func truncation() throws {
        let long = "Phương tiện phục vụ tiếp cận thông tin của hộ gia đình"
        var options = SVGBarChart.Options()
        options.maxLabelCharacters = 20
        let document = try XMLDocumentSummary(SVGBarChart(title: "t", data: [(long, 1, "1")], options: options).render())
        let shown = try #require(document.texts("text").first { $0.hasSuffix("…") })
        #expect(shown.count <= 20)
        #expect(long.hasPrefix(String(shown.dropLast())))
        #expect(document.texts("title").contains(long))
        // Counted in characters: decomposed Vietnamese letters are not split from their marks.
        let decomposed = "Nguyễn Thị Hường".decomposedStringWithCanonicalMapping
        #expect(SVGBarChart.truncated(decomposed, to: 8).precomposedStringWithCanonicalMapping == "Nguyễn…")
        #expect(SVGBarChart.truncated("ngắn", to: 8) == "ngắn")
    }

    @Test("deterministic: numbers with a dot, the same bytes every time")
    func deterministic() {
        let chart = SVGBarChart(title: "t", data: [("a", 1, "1"), ("b", 3, "3")], options: SVGBarChart.Options(width: 1234.5))
        let svg = chart.render()
        #expect(svg == chart.render())
        #expect(svg.contains("width=\"1234.5\""))
        #expect(svg.contains("viewBox=\"0 0 1234.5 "))
    }

    @Test("a result's contribution chart: one bar per indicator, percentages in the page's language")
    func resultChart() throws {
        let standard = AnalyticsFixtures.decree07
        let result = AlkireFoster.measure(
            [AnalyticsFixtures.observation(deprivedIn: 3), AnalyticsFixtures.observation(deprivedIn: 5)],
            standard: standard, weighting: .households
        )
        let chart = result.chart(.contribution, in: .vi)
        #expect(chart.title == "Đóng góp của từng chỉ số vào M0")
        #expect(chart.bars.count == standard.indicators.count)
        #expect(chart.bars.first?.label == "Việc làm")
        // Employment: 2 of the 8 censored deprivations.
        #expect(chart.bars.first?.value == 25)
        #expect(chart.bars.first?.valueLabel == "25,0 %")
        #expect(result.chart(.censoredHeadcount, in: .en).bars.first?.valueLabel == "100.0%")
        _ = try XMLDocumentSummary(chart.render())
    }
}

/// What the tests need of a parsed SVG document; parsing fails on any XML error.
private final class XMLDocumentSummary: NSObject, XMLParserDelegate {
    private(set) var root: String?
    private(set) var rootAttributes: [String: String] = [:]
    private(set) var elements: [String] = []
    private(set) var attributeNames: Set<String> = []
    private(set) var barWidths: [Double] = []
    private var textByElement: [(element: String, text: String)] = []
    private var open: [(element: String, text: String)] = []

    init(_ svg: String) throws {
        super.init()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = self
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.coderReadCorrupt) }
    }

    func texts(_ element: String) -> [String] {
        textByElement.filter { $0.element == element }.map(\.text)
    }

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        if root == nil {
            root = name
            rootAttributes = attributes
        }
        elements.append(name)
        attributeNames.formUnion(attributes.keys)
        if name == "rect", attributes["class"] == "bar-chart-fill" { barWidths.append(Double(attributes["width"] ?? "") ?? -1) }
        open.append((name, ""))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if !open.isEmpty { open[open.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if let element = open.popLast() { textByElement.append(element) }
    }
}
