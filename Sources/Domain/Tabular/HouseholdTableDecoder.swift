/// A problem found in a sheet, named as a user finds it: sheet, row, column, what the cell holds.
public struct CellIssue: Sendable, Equatable, CustomStringConvertible {
    public var sheet: String
    public var row: Int
    /// The column's letter; "" for a problem of the whole row.
    public var letter: String
    /// The column's heading as in the file; "" for a problem of the whole row or a column
    /// without heading.
    public var column: String
    /// The cell as in the file (`TableCell.plainText`); for a heading problem, the heading.
    public var value: String
    /// The household the row belongs to, when known.
    public var householdCode: String?
    public var message: Message

    public init(sheet: String, row: Int, letter: String = "", column: String = "", value: String = "", householdCode: String? = nil, message: Message) {
        self.sheet = sheet
        self.row = row
        self.letter = letter
        self.column = column
        self.value = value
        self.householdCode = householdCode
        self.message = message
    }

    /// The whole sentence: "Bảng Thành viên, hàng 7, cột G (Số CCCD/CMND): …".
    public func text(in language: Language) -> String {
        var parameters = ["sheet": sheet, "row": String(row), "problem": Translations.render(message, in: language)]
        guard !column.isEmpty else { return Translations.render(Message("tabular.rowIssue", parameters), in: language) }
        parameters["letter"] = letter
        parameters["column"] = column
        return Translations.render(Message("tabular.issue", parameters), in: language)
    }

    public var description: String { text(in: .en) }
}

/// What the two sheets hold: the households that are valid, and every problem.
public struct TableDecoding: Sendable, Equatable {
    /// The households without any problem, in the order of their rows.
    public var records: [HouseholdRecord]
    /// The row of each record in the households sheet.
    public var recordRows: [Int]
    /// Every problem, in sheet and row order.
    public var issues: [CellIssue]
}

/// Reads households from the flat form: the `households` and `members` sheets of the XLSX
/// template, or their two CSV files. Each household becomes the JSON of the interchange format
/// (members attached in row order by `household_code`) and goes through `HouseholdJSON.decode`,
/// the validator of every other way in; its issues are then traced back to the cells they
/// came from.
public enum HouseholdTableDecoder {
    /// `today`, when given, refuses surveys dated after it, as `HouseholdJSON.decode` does.
    public static func decode(
        households: TableSheet, members: TableSheet, mapping: ColumnMapping = .init(), today: LocalDate?
    ) -> TableDecoding {
        var run = DecodingRun(households: households, members: members, mapping: mapping)
        return run.decode(today: today)
    }
}

/// One household gathered from its row and its members' rows, not yet decoded.
private struct GatheredHousehold {
    let rowIndex: Int
    let code: String?
    let fields: [(key: String, value: JSONValue)]
    var members: [JSONValue] = []
    var memberRowIndices: [Int] = []
    /// A cell of it could not be read, so it is refused whatever the validator says.
    var hasUnreadableCell: Bool

    var json: JSONValue { .object(fields + [("members", .array(members))]) }
}

/// Where an issue sorts: sheet, row (the header first), column (the whole row first), then the
/// order it was found in.
private struct IssueOrder: Comparable {
    let table: Int
    let rowIndex: Int
    let position: Int
    let sequence: Int

    static func < (lhs: IssueOrder, rhs: IssueOrder) -> Bool {
        (lhs.table, lhs.rowIndex, lhs.position, lhs.sequence) < (rhs.table, rhs.rowIndex, rhs.position, rhs.sequence)
    }
}

private struct DecodingRun {
    private let households: TableSheet
    private let members: TableSheet
    private let householdColumns: SheetColumns
    private let memberColumns: SheetColumns
    private var issues: [(order: IssueOrder, issue: CellIssue)] = []
    private var gathered: [GatheredHousehold] = []
    private var gatheredIndexByCode: [String: Int] = [:]
    /// Positions without heading whose data is already reported, by table.
    private var reportedHeadingless: [HouseholdTable: Set<Int>] = [:]

    init(households: TableSheet, members: TableSheet, mapping: ColumnMapping) {
        self.households = households
        self.members = members
        householdColumns = SheetColumns(households, table: .households, mapping: mapping)
        memberColumns = SheetColumns(members, table: .members, mapping: mapping)
    }

    private func sheet(_ table: HouseholdTable) -> TableSheet { table == .households ? households : members }

    private func columns(_ table: HouseholdTable) -> SheetColumns { table == .households ? householdColumns : memberColumns }

    mutating func decode(today: LocalDate?) -> TableDecoding {
        for table in HouseholdTable.allCases {
            for problem in columns(table).problems {
                report(problem.message, table, rowIndex: nil, at: problem.position, heading: problem.heading)
            }
        }
        if let code = requiredColumn("code", of: .households) {
            for (rowIndex, row) in households.rows.enumerated() {
                guard let reading = RowReading(row, columns: householdColumns, key: code) else { continue }
                gather(household: reading, at: rowIndex, code: code)
            }
        }
        if let link = requiredColumn(HouseholdColumns.householdCodeKey, of: .members) {
            for (rowIndex, row) in members.rows.enumerated() {
                guard let reading = RowReading(row, columns: memberColumns, key: link) else { continue }
                gather(member: reading, at: rowIndex, link: link)
            }
        }
        var records: [HouseholdRecord] = []
        var recordRows: [Int] = []
        for household in gathered {
            switch HouseholdJSON.decode(household.json, today: today) {
            case let .success(record):
                guard !household.hasUnreadableCell else { continue }
                records.append(record)
                recordRows.append(households.rows[household.rowIndex].number)
            case let .failure(invalid):
                for issue in invalid.issues { report(issue, of: household) }
            }
        }
        issues.sort { $0.order < $1.order }
        return TableDecoding(records: records, recordRows: recordRows, issues: issues.map(\.issue))
    }

    /// The column that links rows, reported when missing from a sheet that holds anything.
    private mutating func requiredColumn(_ key: String, of table: HouseholdTable) -> SheetColumn? {
        if let column = columns(table).column(key: key) { return column }
        let sheet = sheet(table)
        if !sheet.header.isEmpty || !sheet.rows.isEmpty {
            let heading = table.columns.first { $0.key == key }.map { Translations.text($0.headingKey, in: .vi) } ?? key
            report(Message("tabular.missingColumn", ["heading": heading, "key": key]), table, rowIndex: nil, at: nil)
        }
        return nil
    }

    private mutating func gather(household reading: RowReading, at rowIndex: Int, code codeColumn: SheetColumn) {
        reportProblems(of: reading, .households, at: rowIndex)
        if let code = reading.code, let first = gatheredIndexByCode[code] {
            let firstRow = households.rows[gathered[first].rowIndex].number
            report(Message("tabular.duplicateCode", ["row": String(firstRow)]), .households, rowIndex: rowIndex,
                   at: codeColumn.position, heading: codeColumn.heading, householdCode: code)
            return
        }
        if let code = reading.code { gatheredIndexByCode[code] = gathered.count }
        gathered.append(GatheredHousehold(
            rowIndex: rowIndex, code: reading.code, fields: reading.fields, hasUnreadableCell: reading.hasUnreadableCell))
    }

    private mutating func gather(member reading: RowReading, at rowIndex: Int, link: SheetColumn) {
        reportProblems(of: reading, .members, at: rowIndex)
        guard let code = reading.code else {
            report(Message("issue.required"), .members, rowIndex: rowIndex, at: link.position, heading: link.heading)
            return
        }
        guard let index = gatheredIndexByCode[code] else {
            report(Message("tabular.memberWithoutHousehold", ["code": code, "sheet": households.name]), .members,
                   rowIndex: rowIndex, at: link.position, heading: link.heading, householdCode: code)
            return
        }
        gathered[index].members.append(.object(reading.fields))
        gathered[index].memberRowIndices.append(rowIndex)
        if reading.hasUnreadableCell { gathered[index].hasUnreadableCell = true }
    }

    /// Cells that could not be read; data under no heading once a column.
    private mutating func reportProblems(of reading: RowReading, _ table: HouseholdTable, at rowIndex: Int) {
        for (column, message) in reading.unreadable {
            report(message, table, rowIndex: rowIndex, at: column.position, heading: column.heading, householdCode: reading.code)
        }
        for position in reading.dataWithoutHeading where reportedHeadingless[table, default: []].insert(position).inserted {
            report(Message("tabular.cellWithoutHeading", ["letter": columnLetter(position)]), table,
                   rowIndex: rowIndex, at: position, householdCode: reading.code)
        }
    }

    /// Traces an issue of the validator back to its cell: `members[2].idNumber` is the ID
    /// number column of the household's third member row.
    private mutating func report(_ issue: FieldIssue, of household: GatheredHousehold) {
        var table = HouseholdTable.households
        var rowIndex = household.rowIndex
        var path = Substring(issue.field)
        let memberPrefix = "members["
        if path.hasPrefix(memberPrefix), let close = path.firstIndex(of: "]"),
           let position = Int(path[path.index(path.startIndex, offsetBy: memberPrefix.count)..<close]),
           position < household.memberRowIndices.count {
            table = .members
            rowIndex = household.memberRowIndices[position]
            path = path[path.index(after: close)...].drop { $0 == "." }
        }
        // A list's item (`information.devices[1]`) is in the list's cell.
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { path = path[..<open] }
        let column = columns(table).column(path: String(path))
        report(issue.message, table, rowIndex: rowIndex, at: column?.position, heading: column?.heading ?? "", householdCode: household.code)
    }

    /// `rowIndex` nil: the header. `position` nil: the whole row.
    private mutating func report(
        _ message: Message, _ table: HouseholdTable, rowIndex: Int?, at position: Int?, heading: String = "", householdCode: String? = nil
    ) {
        let sheet = sheet(table)
        let row = rowIndex.map { sheet.rows[$0] }
        let value = rowIndex == nil ? heading : position.flatMap { position in row.map { RowReading.cell($0, position).plainText } } ?? ""
        let issue = CellIssue(
            sheet: sheet.name, row: row?.number ?? sheet.headerRow, letter: position.map(columnLetter) ?? "", column: heading,
            value: value, householdCode: householdCode, message: message)
        let order = IssueOrder(table: table == .households ? 0 : 1, rowIndex: rowIndex ?? -1, position: position ?? -1, sequence: issues.count)
        issues.append((order, issue))
    }
}
