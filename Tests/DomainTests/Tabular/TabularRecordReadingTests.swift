import Testing
@testable import Domain

/// The table decoder takes a household without problems as read from its rows, and sends only
/// the others through `HouseholdJSON`: both must give the same households and the same issues.
@Suite("Flat household format: households read straight from their rows")
struct TabularRecordReadingTests {
    static let today = TabularFixtures.date(2026, 11, 27)

    /// The decoding as the import gets it, and as it is when every household goes through `HouseholdJSON`.
    static func bothWays(_ households: TableSheet, _ members: TableSheet, mapping: ColumnMapping = .init()) -> (asRead: TableDecoding, throughJSON: TableDecoding) {
        func decode(takingRecordsAsRead: Bool) -> TableDecoding {
            var stream = HouseholdTableStream(households: households, members: members, mapping: mapping, today: today, takingRecordsAsRead: takingRecordsAsRead)
            for row in households.rows { stream.add(household: row) }
            for row in members.rows { _ = stream.add(member: row) }
            return stream.finish()
        }
        return (decode(takingRecordsAsRead: true), decode(takingRecordsAsRead: false))
    }

    /// Every survey of the demo data, each under a code of its own.
    static let demoRecords: [HouseholdRecord] = DemoDataset.make().households.flatMap(\.surveys).enumerated().map { index, survey in
        var record = survey
        record.code = "\(survey.code)-\(index)"
        return record
    }

    @Test("every demo survey reads the same both ways, with codes or labels, typed cells or CSV text", arguments: [
        HouseholdTableEncoder.Options(), .template, HouseholdTableEncoder.Options(headings: .keys, values: .labels),
    ])
    func demoSurveys(options: HouseholdTableEncoder.Options) throws {
        let tables = HouseholdTableEncoder.encode(Self.demoRecords, options: options)
        let typed = Self.bothWays(tables.households, tables.members)
        #expect(typed.asRead == typed.throughJSON)
        #expect(typed.asRead.records == Self.demoRecords)

        let text = Self.bothWays(try TabularFixtures.throughCSV(tables.households), try TabularFixtures.throughCSV(tables.members))
        #expect(text.asRead == text.throughJSON)
        #expect(text.asRead.records == Self.demoRecords)
    }

    @Test("households with problems give the same issues both ways, and the rest the same records")
    func problems() {
        let households = TabularFixtures.sheet("households", ["code", "commune_code", "survey_date", "housing_floor_area_m2", "information_devices", "income_score_a"], [
            ["H1", "00004", "2024-10-05", "-0", "tv", "12"],
            ["H2", "0004", "2027-01-01", "24,5", "tv; máy bay", "-3"],
            ["", "00004", "", "", "", ""],
            ["H3", "00004", "05/10/2024", "1.000,25", "", "mười"],
            ["H4", "00004", "2024-10-05", "", "không có", ""],
        ])
        let members = TabularFixtures.sheet("members", ["household_code", "name", "sex", "birth_year", "id_number", "ethnicity"], [
            ["H1", "An", "Trai", "1970", "095079001234", "kinh"],
            ["H1", "", "nữ", "2030", "12345", "Sao Hỏa"],
            ["H2", "Chi", "nam", "1980", "", ""],
            ["H3", "Dũng", "nam", "1980", "", ""],
            ["H4", "Em", "gái", "1990", "", "Khơ-me"],
            ["H9", "Giang", "", "", "", ""],
        ])
        // A mapping's word that stands for no code: the JSON format's reader reports it.
        let mapping = ColumnMapping(words: ["sex": ["Trai": "boy", "Gái": "female"]])
        let result = Self.bothWays(households, members, mapping: mapping)
        #expect(result.asRead == result.throughJSON)
        #expect(result.asRead.records.map(\.code) == ["H4"])
        // H1's word for no code is the reader's problem, reported before (and instead of) the validator's.
        #expect(result.asRead.issues.map { "\($0.sheet):\($0.row):\($0.letter):\($0.message.key)" } == [
            "households:3:B:issue.unknownCommune", "households:3:C:issue.surveyInFuture", "households:3:E:tabular.notInList",
            "households:3:F:issue.negative", "households:4:A:issue.empty", "households:5:F:issue.notAnInteger",
            "members:2:C:issue.notInList", "members:7:A:tabular.memberWithoutHousehold",
        ])
    }

    @Test("a members sheet without names: every household is refused by the JSON format's reader, both ways")
    func membersWithoutNames() {
        let households = TabularFixtures.sheet("households", ["code"], [["H1"], ["H2"]])
        let members = TabularFixtures.sheet("members", ["household_code", "sex"], [["H1", "nam"]])
        let result = Self.bothWays(households, members)
        #expect(result.asRead == result.throughJSON)
        #expect(result.asRead.records.map(\.code) == ["H2"])
        #expect(result.asRead.issues.map(\.message.key) == ["issue.required"])
    }
}
