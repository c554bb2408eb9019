import Testing
@testable import Domain

@Suite("Alkire–Foster CSV")
struct AlkireFosterCSVTests {
    let standard = AnalyticsFixtures.decree07

    var result: AlkireFosterResult {
        AlkireFoster.measure(
            [
                AnalyticsFixtures.observation(deprivedIn: 4, members: 3),
                AnalyticsFixtures.observation(deprivedIn: 2, members: 1, incomePoor: false),
            ],
            standard: standard, weighting: .households
        )
    }

    @Test("header in the user's language; summary rows, then one row per indicator in order")
    func layout() throws {
        let vi = parse(AlkireFosterCSV.render(result, standard: standard, in: .vi))
        let en = parse(AlkireFosterCSV.render(result, standard: standard, in: .en))
        #expect(vi.first == ["Mã", "Nội dung", "Giá trị", "Tỷ lệ thiếu hụt chung", "Tỷ lệ nghèo đa chiều và thiếu hụt", "Đóng góp vào M0 (%)"])
        #expect(en.first == ["Key", "Item", "Value", "Uncensored headcount ratio", "Censored headcount ratio", "Contribution to M0 (%)"])
        for rows in [vi, en] {
            #expect(rows.allSatisfy { $0.count == 6 })
            // Every label found its translation.
            #expect(rows.allSatisfy { row in !row.contains { $0.hasPrefix("analytics.") || $0.hasPrefix("indicator.") } })
            let keys = rows.dropFirst().map { $0[0] }
            #expect(Array(keys.suffix(standard.indicators.count)) == standard.indicatorOrder.map(\.rawValue))
            #expect(Array(keys.prefix(4)) == ["standard", "weighting", "households", "excludedIncomplete"])
        }
        let en2 = en.first { $0[0] == "standard" }
        #expect(en2?[1] == "Poverty standard (Nghị định 07/2021/NĐ-CP)")
        #expect(en2?[2] == "nd-07-2021")
    }

    @Test("numbers with a dot and no grouping, whatever the language")
    func numbers() {
        let rows = parse(AlkireFosterCSV.render(result, standard: standard, in: .vi))
        func value(_ key: String) -> [String]? { rows.first { $0[0] == key } }
        #expect(value("H")?[2] == "0.5")
        // A = 4/12, M0 = 4/24, to six decimals.
        #expect(value("A")?[2] == "0.333333")
        #expect(value("M0")?[2] == "0.166667")
        #expect(value("n")?[2] == "2")
        #expect(value("weighting")?[2] == "households")
        #expect(value("incomeAtOrBelowLine")?[2] == "0.5")
        let employment = value("employment")
        #expect(employment?[3] == "1" && employment?[4] == "0.5" && employment?[5] == "25")
        #expect(value("telecom")?.suffix(3) == ["0", "0", "0"])
    }

    @Test("RFC 4180: CRLF line ends; a field with a comma quoted")
    func quoting() {
        let csv = AlkireFosterCSV.render(result, standard: standard, in: .en)
        #expect(csv.hasSuffix("\r\n"))
        // "\r\n" is one Character: any other line break would show up here.
        #expect(!csv.contains { $0 == "\n" || $0 == "\r" })
        // This English label holds a comma.
        #expect(csv.contains("\r\nd,\"Indicators, each weighted 1/d (d)\",12,,,\r\n"))
    }

    /// Read the way a machine would.
    private func parse(_ csv: String) -> [[String]] {
        var reader = CSVReader()
        let records = (try? reader.consume(Array(csv.utf8))) ?? []
        return records.map(\.fields)
    }
}
