import Foundation
import Testing
@testable import Domain

@Suite("Flat household format: reading sheets")
struct TabularDecoderTests {
    func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate { TabularFixtures.date(year, month, day) }

    func decode(_ households: TableSheet, _ members: TableSheet = TabularFixtures.noMembers, mapping: ColumnMapping = .init(), today: LocalDate? = nil) -> TableDecoding {
        TabularFixtures.decode(households, members, mapping: mapping, today: today)
    }

    @Test("a cell that cannot be read names the sheet, row, column, value and household; the household is refused")
    func badCell() {
        let households = TabularFixtures.sheet("hộ.csv", ["code", "survey_date", "income_per_capita_monthly"], [
            ["H1", "2024-10-05", "nhiều"],
            ["H2", "2024-10-05", "1.250.000"],
        ])
        let result = decode(households)
        #expect(result.issues == [CellIssue(
            sheet: "hộ.csv", row: 2, letter: "C", column: "income_per_capita_monthly", value: "nhiều", householdCode: "H1",
            message: Message("issue.notAnInteger"), table: .households, columnKey: "income_per_capita_monthly")])
        #expect(result.records.map(\.code) == ["H2"])
        #expect(result.recordRows == [3])
        #expect(result.records.first?.income?.perCapitaMonthly == 1_250_000)
        #expect(result.issues[0].text(in: .vi) == "Bảng hộ.csv, hàng 2, cột C (income_per_capita_monthly): Cần một số nguyên.")
    }

    @Test("the validator's issues are traced back to their cell: members[1].idNumber is the second member's row")
    func validatorIssuesTraced() {
        let households = TabularFixtures.sheet("households", ["code", "survey_date", "housing_floor_area_m2"], [
            ["H1", "2024-10-05", "-3"],
        ])
        let members = TabularFixtures.sheet("members", ["household_code", "name", "birth_date", "id_number"], [
            ["H1", "Nguyễn Văn An", "14/03/1979", "095079001234"],
            ["H2", "Lê Văn Ba", "", ""],
            ["H1", "Trần Thị Bình", "2025-01-01", "12345"],
        ])
        let result = decode(households, members)
        #expect(result.records == [])
        #expect(result.issues.map { [$0.sheet, String($0.row), $0.letter, $0.column, $0.value, $0.message.key] } == [
            ["households", "2", "C", "housing_floor_area_m2", "-3", "issue.negative"],
            ["members", "3", "A", "household_code", "H2", "tabular.memberWithoutHousehold"],
            ["members", "4", "C", "birth_date", "2025-01-01", "issue.birthAfterSurvey"],
            ["members", "4", "D", "id_number", "12345", "issue.idNumberDigits"],
        ])
        #expect(result.issues.map(\.householdCode) == ["H1", "H2", "H1", "H1"])
        #expect(result.issues[1].text(in: .en) ==
            "Sheet members, row 3, column A (household_code): No household has the code \"H2\" in the sheet households.")
    }

    @Test("ID numbers Excel turned into numbers get their leading zeros back; commune codes too")
    func excelNumbers() throws {
        let households = TabularFixtures.sheet("households", ["code", "commune_code"], [[.text("H1"), .number(4)]])
        let members = TabularFixtures.sheet("members", ["household_code", "name", "id_number"], [
            [.text("H1"), .text("CCCD of Hà Nội"), .number(1_079_001_234)],
            [.text("H1"), .text("CCCD of Bạc Liêu"), .number(95_079_001_234)],
            [.text("H1"), .text("CMND of Hà Nội"), .number(12_345_678)],
            [.text("H1"), .text("CCCD with no zero"), .number(195_079_001_234)],
            [.text("H1"), .text("typed as text"), .text("001079001234")],
        ])
        let result = decode(households, members)
        #expect(result.issues == [])
        let record = try #require(result.records.first)
        #expect(record.communeCode == "00004")
        #expect(record.members.map(\.idNumber) == ["001079001234", "095079001234", "012345678", "195079001234", "001079001234"])
    }

    @Test("a number that is no ID stays as Excel gave it, and the validator says why")
    func implausibleExcelNumber() {
        let households = TabularFixtures.sheet("households", ["code"], [["H1"]])
        let members = TabularFixtures.sheet("members", ["household_code", "name", "id_number"], [[.text("H1"), .text("A"), .number(1234.5)]])
        let result = decode(households, members)
        #expect(result.issues.map(\.value) == ["1234.5"])
        #expect(result.issues.map(\.message) == [Message("issue.idNumberDigits")])
    }

    @Test("labels and codes are both accepted, in any case, with or without diacritics")
    func labelsAndCodes() throws {
        let households = TabularFixtures.sheet("households", ["code", "area", "housing_durable", "information_devices", "needs"], [
            ["H1", "Nông thôn", "Có", "Tivi; Điện thoại thông minh", "Vốn;hoc nghe"],
            ["H2", "urban", "false", "tv,smartphone", "capital"],
            ["H3", "thanh thi", "khong", "Không có", "none"],
            ["H4", "RURAL", "1", "", ""],
        ])
        let members = TabularFixtures.sheet("members", ["household_code", "name", "sex", "relation", "disability", "uses_internet"], [
            ["H1", "An", "Nam", "Chủ hộ", "Không", "Có"],
            ["H1", "Bình", "nữ", "vo/chong", "Đặc biệt nặng", "0"],
            ["H2", "Châu", "female", "head", "none", "TRUE"],
        ])
        let result = decode(households, members)
        #expect(result.issues == [])
        let records = result.records
        #expect(records.map(\.area) == [.rural, .urban, .urban, .rural])
        #expect(records.map { $0.housing?.durable } == [true, false, false, true])
        #expect(records.map { $0.information?.devices } == [[.tv, .smartphone], [.tv, .smartphone], [], nil])
        #expect(records.map(\.needs) == [[.capital, .vocationalTraining], [.capital], [], nil])
        #expect(records[0].members.map(\.sex) == [.male, .female])
        #expect(records[0].members.map(\.relation) == [.head, .spouse])
        #expect(records[0].members.map(\.disability) == [Disability.none, .extreme])
        #expect(records[0].members.map(\.usesInternet) == [true, false])
        #expect(records[1].members.map(\.sex) == [.female])
        #expect(records[1].members.first?.usesInternet == true)
    }

    @Test("lists: spaces and a trailing separator are nothing; \"none\" is an empty list unless a mapping makes it a word")
    func lists() {
        let households = TabularFixtures.sheet("households", ["code", "information_devices", "needs"], [
            ["H1", " tv ; radio ;", "capital,,livestock"],
            ["H2", "none", "none"],
            ["H3", "tv;máy bay", ""],
        ])
        let plain = decode(households)
        #expect(plain.records.map { $0.information?.devices } == [[.tv, .radio], []])
        #expect(plain.records.map(\.needs) == [[.capital, .livestock], []])
        #expect(plain.issues.map(\.row) == [4])
        // This commune writes "none" for "no smartphone but a radio".
        let mapped = decode(households, mapping: ColumnMapping(words: ["information_devices": ["none": "radio"]]))
        #expect(mapped.records.map { $0.information?.devices } == [[.tv, .radio], [.radio]])
        #expect(mapped.records.map(\.needs) == [[.capital, .livestock], []])
    }

    @Test("typed cells from XLSX: booleans, dates and numbers as such")
    func typedCells() throws {
        let households = TabularFixtures.sheet("households", ["code", "survey_date", "housing_durable", "housing_floor_area_m2", "income_score_a"], [
            [.text("H1"), .date(date(2024, 10, 5)), .bool(true), .number(24.5), .number(128)],
        ])
        let result = decode(households)
        #expect(result.issues == [])
        let record = try #require(result.records.first)
        #expect(record.surveyDate == date(2024, 10, 5))
        #expect(record.housing == .init(durable: true, floorAreaM2: 24.5))
        #expect(record.income == .init(scoreA: 128))
    }

    @Test("numbers Vietnamese style or plain, dates dd/mm/yyyy or ISO")
    func vietnameseNumbersAndDates() throws {
        let households = TabularFixtures.sheet("households", ["code", "survey_date", "income_per_capita_monthly", "housing_floor_area_m2"], [
            ["H1", "05/10/2024", "1.250.000", "24,5"],
            ["H2", "2024-10-05", "1250000", "24.5"],
            ["H3", "5/10/2024", "1 250 000", "1.234,5"],
        ])
        let result = decode(households)
        #expect(result.issues == [])
        #expect(result.records.map(\.surveyDate) == Array(repeating: date(2024, 10, 5), count: 3))
        #expect(result.records.map { $0.income?.perCapitaMonthly } == [1_250_000, 1_250_000, 1_250_000])
        #expect(result.records.map { $0.housing?.floorAreaM2 } == [24.5, 24.5, 1234.5])
    }

    @Test("what cannot be read is reported with the table's messages", arguments: [
        ("housing_floor_area_m2", "nhỏ", "tabular.notANumber"),
        ("housing_floor_area_m2", "24.125", "tabular.ambiguousNumber"),
        ("income_score_a", "12,5", "issue.notAnInteger"),
        ("survey_date", "31/02/2024", "issue.invalidDate"),
        ("housing_durable", "có lẽ", "tabular.notABoolean"),
        ("area", "miền núi", "tabular.notInList"),
        ("needs", "Vốn;tiền", "tabular.notInList"),
    ])
    func unreadable(key: String, value: String, messageKey: String) {
        let result = decode(TabularFixtures.sheet("households", ["code", key], [["H1", value]]))
        #expect(result.records == [])
        #expect(result.issues.map(\.message.key) == [messageKey])
        #expect(result.issues.map(\.value) == [value])
        #expect(result.issues.first?.letter == "B")
    }

    @Test("an unknown value lists the labels a user may write, and the codes")
    func notInListMessage() {
        let result = decode(TabularFixtures.sheet("households", ["code", "area"], [["H1", "miền núi"]]))
        #expect(result.issues.first.map { Translations.render($0.message, in: .vi) } ==
            "Không phải giá trị của cột này; dùng một trong: Nông thôn, Thành thị (hoặc mã: rural, urban).")
    }

    @Test("Vietnamese headings are matched whatever their case and diacritics")
    func vietnameseHeadings() throws {
        let households = TabularFixtures.sheet("Hộ", ["MÃ HỘ", "ngay khao sat", "Thu nhập bình quân (đồng/người/tháng)"], [["H1", "05/10/2024", "900.000"]])
        let members = TabularFixtures.sheet("Thành viên", ["Mã hộ", "Họ và tên", "Giới tính"], [["H1", "An", "Nam"]])
        let result = decode(households, members)
        #expect(result.issues == [])
        #expect(result.records.first?.income?.perCapitaMonthly == 900_000)
        #expect(result.records.first?.members.first?.sex == .male)
    }

    @Test("a mapping renames headings and words, and can leave a column out")
    func mapping() throws {
        let mapping = ColumnMapping(
            households: ["Mã số hộ": "code", "STT": "", "Nhà kiên cố?": "housing_durable"],
            members: ["Mã số hộ": "household_code", "Giới": "sex", "Họ tên": "name"],
            words: ["sex": ["Nữ giới": "female", "Nam giới": "male"], "housing_durable": ["x": "true"]])
        let households = TabularFixtures.sheet("Danh sách hộ", ["STT", "Mã số hộ", "Nhà kiên cố?"], [["1", "H1", "x"], ["2", "H2", "Không"]])
        let members = TabularFixtures.sheet("Nhân khẩu", ["Mã số hộ", "Họ tên", "Giới"], [["H1", "An", "nu gioi"], ["H2", "Ba", "Nam"]])
        let result = decode(households, members, mapping: mapping)
        #expect(result.issues == [])
        #expect(result.records.map { $0.housing?.durable } == [true, false])
        #expect(result.records.map { $0.members.first?.sex } == [.female, .male])
    }

    @Test("a word of the mapping wins over a template label spelled alike")
    func mappingWordWins() {
        // This commune writes only "Nặng" for the most severe level.
        let mapping = ColumnMapping(words: ["disability": ["Nặng": "extreme"]])
        let households = TabularFixtures.sheet("households", ["code"], [["H1"]])
        let members = TabularFixtures.sheet("members", ["household_code", "name", "disability"], [["H1", "An", "Nặng"], ["H1", "Bình", "nang"]])
        #expect(decode(households, members, mapping: mapping).records.first?.members.map(\.disability) == [.extreme, .extreme])
        #expect(decode(households, members).records.first?.members.map(\.disability) == [.severe, .severe])
    }

    @Test("a mapping is JSON, and a hand-written one may leave parts out")
    func mappingJSON() throws {
        let mapping = ColumnMapping(households: ["STT": ""], words: ["sex": ["Nữ giới": "female"]])
        let encoded = try JSONEncoder().encode(mapping)
        #expect(try JSONDecoder().decode(ColumnMapping.self, from: encoded) == mapping)
        #expect(try JSONDecoder().decode(ColumnMapping.self, from: Data(#"{"members":{"Giới":"sex"}}"#.utf8)) ==
            ColumnMapping(members: ["Giới": "sex"]))
    }

    @Test("an unknown heading is an error naming the sheet, the column letter and the heading")
    func unknownHeading() {
        let households = TabularFixtures.sheet("Danh sách", ["code", "Ghi chú", "area"], [["H1", "hộ khó khăn", "rural"]])
        let result = decode(households)
        #expect(result.issues == [CellIssue(
            sheet: "Danh sách", row: 1, letter: "B", column: "Ghi chú", value: "Ghi chú",
            message: Message("tabular.unknownHeading", ["letter": "B", "heading": "Ghi chú"]), table: .households)])
        #expect(result.issues[0].text(in: .vi) == "Bảng Danh sách, hàng 1, cột B (Ghi chú): Cột B có tiêu đề \"Ghi chú\" không thuộc mẫu.")
        #expect(result.records.map(\.area) == [.rural], "the known columns are still read")
    }

    @Test("heading problems: a mapping to no column, a column twice, a missing code column")
    func headingProblems() {
        let households = TabularFixtures.sheet("households", ["area", "Khu vực", "hamlet"], [["rural", "urban", "Ấp 1"]])
        let members = TabularFixtures.sheet("members", ["Mã hộ", "Họ và tên"], [["H1", "An"]])
        let mapping = ColumnMapping(households: ["hamlet": "village"])
        let result = decode(households, members, mapping: mapping)
        #expect(result.issues.map { [$0.sheet, String($0.row), $0.letter, $0.message.key] } == [
            ["households", "1", "", "tabular.missingColumn"],
            ["households", "1", "B", "tabular.duplicateColumn"],
            ["households", "1", "C", "tabular.mappedToUnknownColumn"],
            ["members", "2", "A", "tabular.memberWithoutHousehold"],
        ])
        #expect(result.issues[0].text(in: .en) == "Sheet households, row 1: The column \"Mã hộ\" (code) is missing.")
        #expect(result.records == [])
    }

    @Test("a members sheet without household_code is an error; an empty one means no members")
    func membersLink() {
        let households = TabularFixtures.sheet("households", ["code"], [["H1"]])
        let withoutLink = decode(households, TabularFixtures.sheet("members", ["name"], [["An"]]))
        #expect(withoutLink.issues.map(\.message.key) == ["tabular.missingColumn"])
        #expect(withoutLink.issues.first?.sheet == "members")
        let empty = decode(households)
        #expect(empty.issues == [] && empty.records.map(\.members) == [[]])
    }

    @Test("a household code used twice: the second row is reported with the first's row")
    func duplicateCode() {
        let households = TabularFixtures.sheet("households", ["code", "hamlet"], [["H1", "Ấp 1"], ["H2", "Ấp 2"], ["H1", "Ấp 3"]])
        let result = decode(households)
        #expect(result.issues == [CellIssue(
            sheet: "households", row: 4, letter: "A", column: "code", value: "H1", householdCode: "H1",
            message: Message("tabular.duplicateCode", ["row": "2"]), table: .households)])
        #expect(result.records.map(\.hamlet) == ["Ấp 1", "Ấp 2"])
    }

    @Test("a household row without code is reported at its code cell, with its other problems")
    func withoutCode() {
        let households = TabularFixtures.sheet("households", ["code", "survey_date"], [["", "2030-01-01"], ["", "2024-01-01"]])
        let result = decode(households, today: date(2026, 11, 27))
        #expect(result.issues.map { "\($0.row):\($0.letter):\($0.message.key)" } == ["2:A:issue.empty", "2:B:issue.surveyInFuture", "3:A:issue.empty"])
        #expect(result.issues.map(\.householdCode) == [nil, nil, nil])
    }

    @Test("a member row without household code, and data under no heading")
    func rowsWithoutLinks() {
        let households = TabularFixtures.sheet("households", ["code", ""], [["H1", ""], ["H2", "ghi chú"], ["H3", "", "thừa"]])
        let members = TabularFixtures.sheet("members", ["household_code", "name"], [["", "An"]])
        let result = decode(households, members)
        #expect(result.issues.map { [$0.sheet, String($0.row), $0.letter, $0.value, $0.message.key] } == [
            ["households", "3", "B", "ghi chú", "tabular.cellWithoutHeading"],
            ["households", "4", "C", "thừa", "tabular.cellWithoutHeading"],
            ["members", "2", "A", "", "issue.required"],
        ])
        #expect(result.records.map(\.code) == ["H1"])
    }

    @Test("blank rows are skipped; whitespace is trimmed; every issue is collected, in sheet and row order")
    func collectsEverything() {
        let households = TabularFixtures.sheet("households", ["code", "survey_date", "area"], [
            ["H1", "hôm qua", "núi"],
            ["", "", ""],
            ["  H2 ", "2030-01-01", " urban "],
        ])
        let members = TabularFixtures.sheet("members", ["household_code", "name", "sex"], [
            ["H2", "", "nam"],
            ["H1", "An", "?"],
        ])
        let result = decode(households, members, today: date(2026, 11, 27))
        #expect(result.issues.map { "\($0.sheet):\($0.row):\($0.letter):\($0.message.key)" } == [
            "households:2:B:issue.invalidDate",
            "households:2:C:tabular.notInList",
            "households:4:B:issue.surveyInFuture",
            "members:2:B:issue.empty",
            "members:3:C:tabular.notInList",
        ])
        #expect(result.issues.map(\.householdCode) == ["H1", "H1", "H2", "H2", "H1"])
    }

    @Test("ethnic groups are written the official way however they were typed")
    func ethnicity() throws {
        let households = TabularFixtures.sheet("households", ["code"], [["H1"]])
        let members = TabularFixtures.sheet("members", ["household_code", "name", "ethnicity"], [
            ["H1", "A", "khơ me"], ["H1", "B", "kinh"], ["H1", "C", "Martian"],
        ])
        let result = decode(households, members)
        #expect(result.issues.map { "\($0.row):\($0.letter):\($0.value):\($0.message.key)" } == ["4:C:Martian:issue.unknownEthnicity"])
        let accepted = decode(households, TabularFixtures.sheet("members", ["household_code", "name", "ethnicity"], [["H1", "A", "khơ me"], ["H1", "B", "kinh"]]))
        #expect(accepted.records.first?.members.map(\.ethnicity) == ["Khmer", "Kinh"])
    }

    @Test("whitespace is what Unicode calls whitespace, non-breaking spaces included")
    func whitespace() throws {
        let disagreeing = (UInt32(0)...0x10FFFF).compactMap(Unicode.Scalar.init).filter { $0.isWhitespace != $0.properties.isWhitespace }
        #expect(disagreeing == [])
        let households = TabularFixtures.sheet("households", ["code", "hamlet"], [["\u{00A0}H1 ", "\u{3000}Ấp Bình Lộc\t"], ["\u{00A0}", "\u{2003}"]])
        let result = decode(households)
        #expect(result.issues == [])
        #expect(result.records.map(\.code) == ["H1"])
        #expect(result.records.first?.hamlet == "Ấp Bình Lộc")
    }
}
