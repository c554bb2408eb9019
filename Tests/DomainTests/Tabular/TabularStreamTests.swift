import Testing
@testable import Domain

@Suite("Table decoding a few households at a time")
struct TabularStreamTests {
    static let households = TabularFixtures.sheet("households", ["code", "commune_code", "hamlet", "survey_date"], [
        ["H1", "00004", "Ấp 1", "2024-10-05"],
        ["H2", "00004", "Ấp 2", "hôm qua"],
        ["H3", "00004", "Ấp 3", ""],
        ["H1", "00004", "Ấp 4", ""],
        ["H4", "00004", "Ấp 5", ""],
        ["H5", "00004", "", ""],
    ])

    /// Members in their households' order, with bad cells among them.
    static let members = TabularFixtures.sheet("members", ["household_code", "name", "birth_year", "relation"], [
        ["H1", "An", "1970", "chủ hộ"],
        ["H1", "Bình", "1972", "vợ/chồng"],
        ["H2", "Chi", "năm ngoái", "chủ hộ"],
        ["H3", "Dũng", "1980", "chủ hộ"],
        ["H4", "Em", "1990", "?"],
        ["H5", "Giang", "1991", "chủ hộ"],
        ["H5", "Hà", "2015", "con"],
    ])

    /// Feeds `households` a chunk at a time, then the members that follow, as the import does.
    static func decodeInChunks(_ households: TableSheet, _ members: TableSheet, chunk: Int) -> (TableDecoding, late: [Int]) {
        var stream = HouseholdTableStream(households: households, members: members, today: TabularFixtures.date(2026, 11, 27))
        var result = TableDecoding(records: [], recordRows: [], issues: [])
        var late: [Int] = []
        var householdRows = households.rows[...], memberRows = members.rows[...]
        while true {
            let taken = householdRows.prefix(chunk)
            householdRows = householdRows.dropFirst(chunk)
            for row in taken { stream.add(household: row) }
            let ended = householdRows.isEmpty
            reading: while let row = memberRows.first {
                switch stream.add(member: row) {
                case .joined: memberRows.removeFirst()
                case .ahead:
                    memberRows.removeFirst()
                    if !ended { break reading }
                case .late:
                    late.append(row.number)
                    memberRows.removeFirst()
                }
            }
            let decoding = ended ? stream.finish() : stream.takeDecoded()
            result.records += decoding.records
            result.recordRows += decoding.recordRows
            result.issues += decoding.issues
            if ended { return (result, late) }
        }
    }

    static func sorted(_ issues: [CellIssue]) -> [String] {
        issues.map { "\($0.sheet):\($0.row):\($0.letter):\($0.message.key)" }.sorted()
    }

    @Test("members in their households' order: chunk by chunk gives the households and issues of a whole decode", arguments: [1, 2, 4, 100])
    func sameAsWhole(chunk: Int) {
        let whole = HouseholdTableDecoder.decode(households: Self.households, members: Self.members, today: TabularFixtures.date(2026, 11, 27))
        let (chunked, late) = Self.decodeInChunks(Self.households, Self.members, chunk: chunk)
        #expect(late.isEmpty)
        #expect(chunked.records == whole.records)
        #expect(chunked.recordRows == whole.recordRows)
        #expect(Self.sorted(chunked.issues) == Self.sorted(whole.issues))
        #expect(whole.records.map(\.code) == ["H1", "H3", "H5"])
        #expect(whole.records.first?.members.map(\.name) == ["An", "Bình"])
        #expect(Self.sorted(whole.issues) == [
            "households:3:D:issue.invalidDate", "households:5:A:tabular.duplicateCode",
            "members:4:C:issue.notAnInteger", "members:6:D:tabular.notInList",
        ].sorted())
    }

    @Test("a member listed before its household waits for it; one without household is reported at the end")
    func membersAhead() {
        let households = TabularFixtures.sheet("households", ["code"], [["H1"], ["H2"], ["H3"]])
        let members = TabularFixtures.sheet("members", ["household_code", "name", "relation"], [
            ["H1", "An", "chủ hộ"], ["H3", "Ba", "chủ hộ"], ["X9", "Lạc", "chủ hộ"], ["H2", "Chi", "chủ hộ"], ["H3", "Dũng", "con"],
        ])
        let (result, late) = Self.decodeInChunks(households, members, chunk: 1)
        #expect(late == [5], "H2 was taken when its member came after H3's")
        #expect(result.records.map(\.code) == ["H1", "H2", "H3"])
        #expect(result.records.map { $0.members.map(\.name) } == [["An"], [], ["Ba", "Dũng"]])
        #expect(result.issues.map { "\($0.sheet):\($0.row):\($0.message.key)" } == ["members:4:tabular.memberWithoutHousehold"])
    }
}
