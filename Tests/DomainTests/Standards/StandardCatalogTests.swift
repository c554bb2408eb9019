import Testing
@testable import Domain

@Suite("Poverty standards as data")
struct StandardCatalogTests {
    typealias F = Fixtures

    @Test("the shipped files load with the figures of domain.md")
    func shipped() throws {
        let catalog = F.catalog
        #expect(catalog.standards.map(\.id) == ["nd-07-2021", "nd-351-2025"])
        let d07 = F.decree07
        #expect(d07.validFrom == F.date("2022-01-01") && d07.validTo == F.date("2026-12-31"))
        #expect(d07.incomeLines.rural == .init(poor: 1_500_000, averageLivingUpperBound: 2_250_000))
        #expect(d07.incomeLines.urban == .init(poor: 2_000_000, averageLivingUpperBound: 3_000_000))
        #expect(d07.pointLines == PerArea(rural: 140, urban: 175))
        #expect(d07.deprivationCutoff == 3 && d07.pointsPerIndicator == 10)
        #expect(d07.derivation.dependants == .decree07)
        #expect(d07.derivation.housingAreaPerPersonBelowM2 == 8)
        #expect(d07.derivation.workingAgeFrom == 15 && d07.derivation.healthInsuranceMinimumAge == 6)
        #expect(d07.derivation.childSchoolingFromAge == 3 && d07.derivation.childSchoolingBelowAge == 16)
        #expect(d07.derivation.adultEducation.fromAge == 16 && d07.derivation.adultEducation.toAge == 30)
        #expect(d07.citation == "Nghị định 07/2021/NĐ-CP")

        let d351 = F.decree351
        #expect(d351.validFrom == F.date("2027-01-01") && d351.validTo == nil)
        #expect(d351.incomeLines.rural == .init(poor: 2_200_000))
        #expect(d351.incomeLines.urban == .init(poor: 2_800_000))
        #expect(d351.pointLines == nil)
        #expect(d351.derivation.dependants == .decree351)
    }

    @Test("Decree 07 has the twelve indicators of domain.md in order; 351 drops informationAccess and adds waste")
    func indicators() {
        #expect(F.decree07.indicatorOrder == [
            .employment, .dependents, .nutrition, .healthInsurance, .adultEducation, .childSchooling,
            .housingQuality, .housingArea, .water, .latrine, .telecom, .informationAccess,
        ])
        #expect(!F.decree351.indicatorSet.contains(.informationAccess))
        #expect(F.decree351.indicatorSet.contains(.waste))
        #expect(!F.decree07.indicatorSet.contains(.waste))
        #expect(F.decree351.indicator(.waste)?.dimension == "waterSanitationEnvironment")
        #expect(F.decree351.indicatorOrder.count == 12)
        for standard in F.catalog.standards {
            for indicator in standard.indicators {
                #expect(standard.dimension(indicator.dimension) != nil)
                #expect(!indicator.legalWording.isEmpty && !indicator.label.isEmpty)
            }
        }
    }

    @Test("the standard for a survey date follows the review rounds", arguments: [
        ("2021-03-01", nil), ("2021-05-01", nil),
        ("2021-08-31", nil), ("2021-09-01", "nd-07-2021"), ("2021-10-01", "nd-07-2021"),
        ("2021-12-14", "nd-07-2021"), ("2021-12-15", nil),
        ("2022-01-01", "nd-07-2021"), ("2025-10-05", "nd-07-2021"),
        ("2026-08-31", "nd-07-2021"), ("2026-09-01", "nd-351-2025"), ("2026-10-01", "nd-351-2025"),
        ("2026-12-14", "nd-351-2025"), ("2026-12-15", "nd-07-2021"), ("2026-12-31", "nd-07-2021"),
        ("2027-01-01", "nd-351-2025"), ("2031-06-01", "nd-351-2025"),
    ] as [(String, String?)])
    func surveyDate(date: String, expected: String?) {
        #expect(F.catalog.standard(forSurveyOn: F.date(date))?.id == expected)
    }

    @Test("an administrator's review-round override replaces the default rule for that year")
    func override() throws {
        let rounds = ReviewRounds(
            periodicFrom: MonthDay(month: 9, day: 1)!, periodicTo: MonthDay(month: 12, day: 14)!,
            overrides: [.init(reviewYear: 2026, standardID: "nd-07-2021"), .init(reviewYear: 2021, standardID: nil)]
        )
        let catalog = try StandardCatalog(standards: F.catalog.standards, reviewRounds: rounds)
        #expect(catalog.standard(forSurveyOn: F.date("2026-10-01"))?.id == "nd-07-2021")
        #expect(catalog.standard(forSurveyOn: F.date("2021-10-01")) == nil)
        #expect(catalog.standard(forSurveyOn: F.date("2025-10-01"))?.id == "nd-07-2021")
        #expect(catalog.standard(forSurveyOn: F.date("2027-01-01"))?.id == "nd-351-2025")
    }

    static let rounds = #"{"periodicReview":{"from":"09-01","to":"12-14"},"overrides":[]}"#

    private func minimalStandard(id: String, from: String, to: String?, extra: String = "") -> String {
        let validTo = to.map { #","validTo":"\#($0)""# } ?? ""
        return #"""
        {"id":"\#(id)","legalReference":"L","citation":"C","validFrom":"\#(from)"\#(validTo),
         "incomeLines":{"rural":{"poor":100},"urban":{"poor":200}},"deprivationCutoff":3,"pointsPerIndicator":10,
         "dimensions":[{"key":"housing","label":"Nhà ở"}],
         "indicators":[{"key":"water","dimension":"housing","label":"Nước","legalWording":"W"}],
         "derivation":{"workingAgeFrom":15,"dependants":"decree07","dependantChildAgeBelow":16,
           "dependantShareAbovePercent":50,"nutritionAgeBelow":16,"healthInsuranceMinimumAge":6,
           "adultEducation":{"fromAge":16,"upperSecondaryFromAge":18,"toAge":30,
             "lowerSecondaryQualifications":["lowerSecondary"],"upperSecondaryQualifications":["upperSecondary"]},
           "childSchooling":{"fromAge":3,"belowAge":16},"housingAreaPerPersonBelowM2":8\#(extra)}}
        """#
    }

    private func load(_ standards: [String], rounds: String = rounds) -> Result<StandardCatalog, StandardDataError> {
        Result { () throws(StandardDataError) in
            try StandardCatalog.load(standardsJSON: standards.map { Array($0.utf8) }, reviewRoundsJSON: Array(rounds.utf8))
        }
    }

    @Test("administrator-supplied files load through the same path")
    func adminFiles() throws {
        let catalog = try load([minimalStandard(id: "a", from: "2030-01-01", to: nil)]).get()
        #expect(catalog.standard(id: "a")?.indicatorOrder == [.water])
        #expect(catalog.standard(forSurveyOn: F.date("2029-10-01"))?.id == "a")
        #expect(catalog.standard(forSurveyOn: F.date("2029-08-01")) == nil)
    }

    @Test("errors in administrator files name the place", arguments: [
        (["{"], rounds, "standards[0]"),
        ([#"{"id":"a"}"#], rounds, "standards[0].validFrom"),
        (["MIN:a:2030-01-01:-:,\"extra\":1"], rounds, "standards[0].derivation.extra"),
        (["MIN:a:2030-01-01:2029-01-01:"], rounds, "standards[0].validTo"),
        (["MIN:a:2030-01-01:2030-12-31:", "MIN:b:2030-06-01:-:"], rounds, "standards[1].validFrom"),
        (["MIN:a:2030-01-01:-:", "MIN:a:2040-01-01:-:"], rounds, "standards[1].id"),
        (["MIN:a:2030-01-01:-:"], #"{"periodicReview":{"from":"09-01","to":"12-14"},"overrides":[{"reviewYear":2030,"standard":"zz"}]}"#,
         "reviewRounds.overrides[0].standard"),
        (["MIN:a:2030-01-01:-:"], #"{"periodicReview":{"from":"12-14","to":"09-01"}}"#, "reviewRounds.periodicReview.to"),
        (["MIN:a:2030-01-01:-:"], #"{"periodicReview":{"from":"09-31","to":"12-14"}}"#, "reviewRounds.periodicReview.from"),
    ] as [([String], String, String)])
    func errors(standards: [String], rounds: String, path: String) {
        let files = standards.map { spec -> String in
            guard spec.hasPrefix("MIN:") else { return spec }
            let parts = spec.dropFirst(4).split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            return minimalStandard(id: parts[0], from: parts[1], to: parts[2] == "-" ? nil : parts[2], extra: parts[3])
        }
        switch load(files, rounds: rounds) {
        case .success: Issue.record("expected an error at \(path)")
        case let .failure(error):
            #expect(error.path == path, "\(error)")
            #expect(!Translations.render(error.message, in: .vi).hasPrefix("standards."))
        }
    }
}
