@testable import Domain

enum TabularFixtures {
    static func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate { LocalDate(year: year, month: month, day: day)! }

    /// Every fact of the format known; the second member has a birth year instead of a date.
    static let fullRecord = HouseholdRecord(
        code: "BL-HD-0001", communeCode: "00004", area: .rural, hamlet: "Ấp Bình Lộc",
        address: "Ấp Bình Lộc, xã Ninh Quới", surveyDate: date(2024, 10, 5),
        income: .init(perCapitaMonthly: 1_250_000, scoreA: 128),
        indicators: Dictionary(uniqueKeysWithValues: IndicatorKey.allCases.enumerated().map { ($1, $0.isMultiple(of: 2)) }),
        housing: .init(durable: false, floorAreaM2: 24.5, hygienicWater: true, hygienicLatrine: false, wasteCollected: true),
        information: .init(devices: [.tv, .smartphone], hearsLoudspeaker: true),
        needs: [.capital, .livestock, .vocationalTraining],
        members: [
            MemberRecord(
                name: "Nguyễn Văn An", sex: .male, birthDate: date(1979, 3, 14), relation: .head, idNumber: "095079001234",
                ethnicity: "Kinh", religion: "none", employment: .noContract, ableToWork: true, disability: Disability.none,
                monthlyAllowance: false, healthInsurance: false, malnourished: false, education: .lowerSecondary,
                studying: false, schoolOnTrack: true, usesInternet: true),
            MemberRecord(
                name: "Thạch Thị Sa Rươl", sex: .female, birthYear: 1982, relation: .spouse, idNumber: "012345678",
                ethnicity: "Khmer", religion: "Phật giáo", employment: .selfEmployed, ableToWork: false, disability: .severe,
                monthlyAllowance: true, healthInsurance: true, malnourished: false, education: .primary,
                studying: true, schoolOnTrack: false, usesInternet: false),
        ])

    /// A sheet of text cells, as CSV gives them; rows numbered from 2.
    static func sheet(_ name: String, _ header: [String], _ rows: [[String]]) -> TableSheet {
        sheet(name, header, rows.map { $0.map { $0.isEmpty ? TableCell.empty : .text($0) } })
    }

    static func sheet(_ name: String, _ header: [String], _ rows: [[TableCell]]) -> TableSheet {
        TableSheet(name: name, header: header.map { .text($0) }, rows: rows.enumerated().map { TableRow(number: $0 + 2, cells: $1) })
    }

    static let noMembers = TableSheet(name: "members")

    /// The sheet written as CSV and read back: every cell then text.
    static func throughCSV(_ sheet: TableSheet) throws -> TableSheet {
        var writer = CSVWriter(byteOrderMark: true)
        writer.write(sheet)
        var reader = CSVReader()
        var copy = TableSheet(name: sheet.name)
        for csv in try reader.consume(writer.bytes) + reader.finish() { copy.append(csv: csv) }
        return copy
    }

    static func decode(_ households: TableSheet, _ members: TableSheet = noMembers, mapping: ColumnMapping = .init(), today: LocalDate? = nil) -> TableDecoding {
        HouseholdTableDecoder.decode(households: households, members: members, mapping: mapping, today: today)
    }
}
