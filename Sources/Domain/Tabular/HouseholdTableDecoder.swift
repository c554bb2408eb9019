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
        if let code = requiredColumn("code", of: .households) { gatherHouseholds(code: code) }
        if let link = requiredColumn(HouseholdColumns.householdCodeKey, of: .members) { gatherMembers(link: link) }
        var records: [HouseholdRecord] = []
        var recordRows: [Int] = []
        for household in gathered {
            let value = JSONValue.object(household.fields + [("members", .array(household.members))])
            switch HouseholdJSON.decode(value, today: today) {
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

    private mutating func gatherHouseholds(code codeColumn: SheetColumn) {
        let rows = households.rows
        for (rowIndex, row) in rows.enumerated() where !row.cells.allSatisfy(\.isBlank) {
            let code = text(of: row, in: codeColumn)
            let (values, unreadable) = read(row, rowIndex: rowIndex, of: .households, householdCode: code)
            if let code, let first = gatheredIndexByCode[code] {
                let firstRow = rows[gathered[first].rowIndex].number
                report(Message("tabular.duplicateCode", ["row": String(firstRow)]), .households, rowIndex: rowIndex,
                       at: codeColumn.position, heading: codeColumn.heading, householdCode: code)
                continue
            }
            if let code { gatheredIndexByCode[code] = gathered.count }
            gathered.append(GatheredHousehold(
                rowIndex: rowIndex, code: code, fields: Self.householdFields(values), hasUnreadableCell: unreadable))
        }
    }

    private mutating func gatherMembers(link: SheetColumn) {
        for (rowIndex, row) in members.rows.enumerated() where !row.cells.allSatisfy(\.isBlank) {
            let code = text(of: row, in: link)
            let (values, unreadable) = read(row, rowIndex: rowIndex, of: .members, householdCode: code)
            guard let code else {
                report(Message("issue.required"), .members, rowIndex: rowIndex, at: link.position, heading: link.heading)
                continue
            }
            guard let index = gatheredIndexByCode[code] else {
                report(Message("tabular.memberWithoutHousehold", ["code": code, "sheet": households.name]), .members,
                       rowIndex: rowIndex, at: link.position, heading: link.heading, householdCode: code)
                continue
            }
            gathered[index].members.append(.object(values.compactMap { column, value in
                column.path.isEmpty ? nil : (column.jsonKey, value)
            }))
            gathered[index].memberRowIndices.append(rowIndex)
            if unreadable { gathered[index].hasUnreadableCell = true }
        }
    }

    /// The text of a household code cell, nil when empty.
    private func text(of row: TableRow, in column: SheetColumn) -> String? {
        guard case let .value(.string(text)) = column.reader.read(Self.cell(row, column.position)), !text.isEmpty else { return nil }
        return text
    }

    /// Every readable value of the row; each cell that cannot be read, and data under no
    /// heading, is reported.
    private mutating func read(
        _ row: TableRow, rowIndex: Int, of table: HouseholdTable, householdCode: String?
    ) -> (values: [(column: HouseholdColumn, value: JSONValue)], unreadable: Bool) {
        let sheetColumns = columns(table)
        var values: [(column: HouseholdColumn, value: JSONValue)] = []
        values.reserveCapacity(sheetColumns.columns.count)
        var unreadable = false
        for column in sheetColumns.columns {
            switch column.reader.read(Self.cell(row, column.position)) {
            case .missing:
                break
            case let .value(value):
                values.append((column.column, value))
            case let .invalid(message):
                unreadable = true
                report(message, table, rowIndex: rowIndex, at: column.position, heading: column.heading, householdCode: householdCode)
            }
        }
        let positions = sheetColumns.headingless + (sheetColumns.width..<max(sheetColumns.width, row.cells.count))
        for position in positions where !Self.cell(row, position).isBlank && reportedHeadingless[table, default: []].insert(position).inserted {
            unreadable = true
            report(Message("tabular.cellWithoutHeading", ["letter": columnLetter(position)]), table,
                   rowIndex: rowIndex, at: position, householdCode: householdCode)
        }
        return (values, unreadable)
    }

    /// The household's object: top-level keys, then `income`, `indicators`, … as objects.
    private static func householdFields(_ values: [(column: HouseholdColumn, value: JSONValue)]) -> [(key: String, value: JSONValue)] {
        var fields: [(key: String, value: JSONValue)] = []
        var objects: [(key: String, fields: [(key: String, value: JSONValue)])] = []
        for (column, value) in values {
            guard let object = column.jsonObject else {
                fields.append((column.jsonKey, value))
                continue
            }
            if let index = objects.firstIndex(where: { $0.key == object }) {
                objects[index].fields.append((column.jsonKey, value))
            } else {
                objects.append((object, [(column.jsonKey, value)]))
            }
        }
        return fields + objects.map { ($0.key, .object($0.fields)) }
    }

    private static func cell(_ row: TableRow, _ position: Int) -> TableCell {
        position < row.cells.count ? row.cells[position] : .empty
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
        let value = rowIndex == nil ? heading : position.flatMap { position in row.map { Self.cell($0, position).plainText } } ?? ""
        let issue = CellIssue(
            sheet: sheet.name, row: row?.number ?? sheet.headerRow, letter: position.map(columnLetter) ?? "", column: heading,
            value: value, householdCode: householdCode, message: message)
        let order = IssueOrder(table: table == .households ? 0 : 1, rowIndex: rowIndex ?? -1, position: position ?? -1, sequence: issues.count)
        issues.append((order, issue))
    }
}
