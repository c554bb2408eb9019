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
    /// The table of the sheet, and the template's column the cell was read as (nil for a heading
    /// that names none): what a column mapping needs to mend the problem.
    public var table: HouseholdTable?
    public var columnKey: String?

    public init(
        sheet: String, row: Int, letter: String = "", column: String = "", value: String = "", householdCode: String? = nil,
        message: Message, table: HouseholdTable? = nil, columnKey: String? = nil
    ) {
        self.table = table
        self.columnKey = columnKey
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
/// template, or their two CSV files. Each household's rows (members attached in row order by
/// `household_code`) are read into its record and checked by `HouseholdValidator`, the
/// validator of every other way in. A household with any problem becomes the JSON of the
/// interchange format and goes through `HouseholdJSON.decode`, which reports every problem;
/// its issues are then traced back to the cells they came from.
public enum HouseholdTableDecoder {
    /// `today`, when given, refuses surveys dated after it, as `HouseholdJSON.decode` does.
    public static func decode(
        households: TableSheet, members: TableSheet, mapping: ColumnMapping = .init(), today: LocalDate?
    ) -> TableDecoding {
        var stream = HouseholdTableStream(households: households, members: members, mapping: mapping, today: today)
        for row in households.rows { stream.add(household: row) }
        for row in members.rows { _ = stream.add(member: row) }
        return stream.finish()
    }
}

/// The table decoder fed a row at a time, so that a province's files are decoded a few thousand
/// households at a time instead of whole: add some households' rows, then the members' rows
/// that follow them, and take what is decoded. Members written in the order of their households
/// (as the template and every commune's list have them) pass through with nothing held back.
///
/// A member whose household is further down is held until it arrives. A member of a household
/// already taken can no longer join it (`MemberPlacement.late`): its file must then be decoded
/// with all households added before any member.
public struct HouseholdTableStream {
    public enum MemberPlacement: Equatable, Sendable {
        /// Joined its household (or was reported).
        case joined
        /// Its household is not read yet: held until it is, or reported at the end.
        case ahead
        /// Its household was taken already; nothing was done with the row.
        case late
    }

    private let householdsName: String
    private let membersName: String
    private let householdsHeaderRow: Int
    private let membersHeaderRow: Int
    private let householdColumns: SheetColumns
    private let memberColumns: SheetColumns
    private let codeColumn: SheetColumn?
    private let linkColumn: SheetColumn?
    private let today: LocalDate?
    /// Households without a problem are taken as read from their rows. False: every household
    /// goes through `HouseholdJSON`, as when the members sheet has no names (that reader reports them).
    private let takesRecordsAsRead: Bool
    /// Rows of every household added so far, by code: repeated codes and late members.
    private var rowByCode: [String: Int] = [:]
    /// Households added since the last `takeDecoded`, with their rows and issues.
    private var gathered: [GatheredHousehold] = []
    private var gatheredIndexByCode: [String: Int] = [:]
    private var issues: [(order: IssueOrder, issue: CellIssue)] = []
    /// Members whose household is not added yet, by its code.
    private var waiting: [String: [TableRow]] = [:]
    /// Positions without heading whose data is already reported, by table.
    private var reportedHeadingless: [HouseholdTable: Set<Int>] = [:]

    /// The sheets give their names and headers; their rows are not read.
    public init(households: TableSheet, members: TableSheet, mapping: ColumnMapping = .init(), today: LocalDate?) {
        self.init(households: households, members: members, mapping: mapping, today: today, takingRecordsAsRead: true)
    }

    /// `takingRecordsAsRead` false: every household through `HouseholdJSON`, which tests
    /// compare the records read from rows with.
    init(households: TableSheet, members: TableSheet, mapping: ColumnMapping, today: LocalDate?, takingRecordsAsRead: Bool) {
        householdsName = households.name
        membersName = members.name
        householdsHeaderRow = households.headerRow
        membersHeaderRow = members.headerRow
        householdColumns = SheetColumns(households, table: .households, mapping: mapping)
        memberColumns = SheetColumns(members, table: .members, mapping: mapping)
        self.today = today
        codeColumn = householdColumns.column(key: "code")
        linkColumn = memberColumns.column(key: HouseholdColumns.householdCodeKey)
        takesRecordsAsRead = takingRecordsAsRead && memberColumns.column(key: "name") != nil
        for table in HouseholdTable.allCases {
            for problem in columns(table).problems {
                report(problem.message, table, row: nil, at: problem.position, heading: problem.heading)
            }
        }
        reportMissing("code", of: .households, found: codeColumn, sheetIsEmpty: households.header.isEmpty && households.rows.isEmpty)
        reportMissing(HouseholdColumns.householdCodeKey, of: .members, found: linkColumn,
                      sheetIsEmpty: members.header.isEmpty && members.rows.isEmpty)
    }

    private func columns(_ table: HouseholdTable) -> SheetColumns { table == .households ? householdColumns : memberColumns }

    private func name(_ table: HouseholdTable) -> String { table == .households ? householdsName : membersName }

    /// The column that links rows, reported when missing from a sheet that holds anything.
    private mutating func reportMissing(_ key: String, of table: HouseholdTable, found: SheetColumn?, sheetIsEmpty: Bool) {
        guard found == nil, !sheetIsEmpty else { return }
        let heading = table.columns.first { $0.key == key }.map { Translations.text($0.headingKey, in: .vi) } ?? key
        report(Message("tabular.missingColumn", ["heading": heading, "key": key]), table, row: nil, at: nil)
    }

    private func readHousehold(_ row: TableRow) -> RowReading<HouseholdRecord>? {
        guard let codeColumn else { return nil }
        return RowReading(row, columns: householdColumns, key: codeColumn, into: HouseholdRecord(code: "")) { column, value, household in
            column.householdField?.set(value, on: &household) ?? false
        }
    }

    private func readMember(_ row: TableRow) -> RowReading<MemberRecord>? {
        guard let linkColumn else { return nil }
        return RowReading(row, columns: memberColumns, key: linkColumn, into: MemberRecord(name: "")) { column, value, member in
            column.memberField?.set(value, on: &member) ?? false
        }
    }

    public mutating func add(household row: TableRow) {
        guard let codeColumn, let reading = readHousehold(row) else { return }
        reportProblems(of: reading, .households, row: row)
        if let code = reading.code, let firstRow = rowByCode[code] {
            report(Message("tabular.duplicateCode", ["row": String(firstRow)]), .households, row: row,
                   at: codeColumn.position, heading: codeColumn.heading, householdCode: code)
            return
        }
        var household = GatheredHousehold(reading, row: row)
        if let code = reading.code {
            rowByCode[code] = row.number
            gatheredIndexByCode[code] = gathered.count
            if let early = waiting.removeValue(forKey: code) {
                for member in early {
                    guard let reading = readMember(member) else { continue }
                    reportProblems(of: reading, .members, row: member)
                    household.join(reading, row: member)
                }
            }
        }
        gathered.append(household)
    }

    public mutating func add(member row: TableRow) -> MemberPlacement {
        guard let linkColumn, let reading = readMember(row) else { return .joined }
        guard let code = reading.code else {
            reportProblems(of: reading, .members, row: row)
            report(Message("issue.required"), .members, row: row, at: linkColumn.position, heading: linkColumn.heading)
            return .joined
        }
        if let index = gatheredIndexByCode[code] {
            reportProblems(of: reading, .members, row: row)
            gathered[index].join(reading, row: row)
            return .joined
        }
        if rowByCode[code] != nil { return .late }
        waiting[code, default: []].append(row)
        return .ahead
    }

    /// The households added since the last call, decoded, with every issue found meanwhile.
    public mutating func takeDecoded() -> TableDecoding {
        var records: [HouseholdRecord] = []
        var recordRows: [Int] = []
        records.reserveCapacity(gathered.count)
        for household in gathered {
            if takesRecordsAsRead, let record = household.record, !household.hasUnreadableCell,
               HouseholdValidator.validate(record, today: today).isEmpty {
                records.append(record)
                recordRows.append(household.row.number)
                continue
            }
            switch HouseholdJSON.decode(json(of: household), today: today) {
            case let .success(record):
                guard !household.hasUnreadableCell else { continue }
                records.append(record)
                recordRows.append(household.row.number)
            case let .failure(invalid):
                for issue in invalid.issues { report(issue, of: household) }
            }
        }
        issues.sort { $0.order < $1.order }
        defer {
            gathered = []
            gatheredIndexByCode = [:]
            issues = []
        }
        return TableDecoding(records: records, recordRows: recordRows, issues: issues.map(\.issue))
    }

    /// The household as an object of the JSON format, read again from its rows.
    private func json(of household: GatheredHousehold) -> JSONValue {
        let members = household.memberRows.map { JSONValue.object(memberColumns.jsonFields(of: $0)) }
        return .object(householdColumns.jsonFields(of: household.row) + [("members", .array(members))])
    }

    /// What is left, with the members whose household never came.
    public mutating func finish() -> TableDecoding {
        let orphans = waiting.values.joined().sorted { $0.number < $1.number }
        waiting = [:]
        for row in orphans {
            guard let linkColumn, let reading = readMember(row), let code = reading.code else { continue }
            reportProblems(of: reading, .members, row: row)
            report(Message("tabular.memberWithoutHousehold", ["code": code, "sheet": householdsName]), .members,
                   row: row, at: linkColumn.position, heading: linkColumn.heading, householdCode: code)
        }
        return takeDecoded()
    }

    /// Cells that could not be read; data under no heading once a column.
    private mutating func reportProblems(of reading: RowReading<some Any>, _ table: HouseholdTable, row: TableRow) {
        for (column, message) in reading.unreadable {
            report(message, table, row: row, at: column.position, heading: column.heading, householdCode: reading.code, column: column)
        }
        for position in reading.dataWithoutHeading where reportedHeadingless[table, default: []].insert(position).inserted {
            report(Message("tabular.cellWithoutHeading", ["letter": columnLetter(position)]), table,
                   row: row, at: position, householdCode: reading.code)
        }
    }

    /// Traces an issue of the validator back to its cell: `members[2].idNumber` is the ID
    /// number column of the household's third member row.
    private mutating func report(_ issue: FieldIssue, of household: GatheredHousehold) {
        var table = HouseholdTable.households
        var row = household.row
        var path = Substring(issue.field)
        let memberPrefix = "members["
        if path.hasPrefix(memberPrefix), let close = path.firstIndex(of: "]"),
           let position = Int(path[path.index(path.startIndex, offsetBy: memberPrefix.count)..<close]),
           position < household.memberRows.count {
            table = .members
            row = household.memberRows[position]
            path = path[path.index(after: close)...].drop { $0 == "." }
        }
        // A list's item (`information.devices[1]`) is in the list's cell.
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { path = path[..<open] }
        let column = columns(table).column(path: String(path))
        report(issue.message, table, row: row, at: column?.position, heading: column?.heading ?? "", householdCode: household.code, column: column)
    }

    /// `row` nil: the header. `position` nil: the whole row. `column` the cell's column, when known.
    private mutating func report(
        _ message: Message, _ table: HouseholdTable, row: TableRow?, at position: Int?, heading: String = "", householdCode: String? = nil,
        column: SheetColumn? = nil
    ) {
        let value = row == nil ? heading : position.flatMap { position in row.map { $0.cell(at: position).plainText } } ?? ""
        let headerRow = table == .households ? householdsHeaderRow : membersHeaderRow
        let issue = CellIssue(
            sheet: name(table), row: row?.number ?? headerRow, letter: position.map(columnLetter) ?? "", column: heading,
            value: value, householdCode: householdCode, message: message, table: table, columnKey: column?.reader.column.key)
        let order = IssueOrder(table: table == .households ? 0 : 1, row: row?.number ?? Int.min, position: position ?? -1, sequence: issues.count)
        issues.append((order, issue))
    }
}

/// One household gathered from its row and its members' rows, not yet decoded.
private struct GatheredHousehold {
    let row: TableRow
    let code: String?
    /// The household as read from its rows, members included; nil once one of its values could
    /// not be put in as `HouseholdJSON` reads it.
    var record: HouseholdRecord?
    var memberRows: [TableRow] = []
    /// A cell of it could not be read, so it is refused whatever the validator says.
    var hasUnreadableCell: Bool

    init(_ reading: RowReading<HouseholdRecord>, row: TableRow) {
        self.row = row
        code = reading.code
        record = reading.record
        hasUnreadableCell = reading.hasUnreadableCell
    }

    mutating func join(_ reading: RowReading<MemberRecord>, row: TableRow) {
        if let member = reading.record { record?.members.append(member) } else { record = nil }
        memberRows.append(row)
        if reading.hasUnreadableCell { hasUnreadableCell = true }
    }
}

/// Where an issue sorts: sheet, row (the header first), column (the whole row first), then the
/// order it was found in.
private struct IssueOrder: Comparable {
    let table: Int
    let row: Int
    let position: Int
    let sequence: Int

    static func < (lhs: IssueOrder, rhs: IssueOrder) -> Bool {
        (lhs.table, lhs.row, lhs.position, lhs.sequence) < (rhs.table, rhs.row, rhs.position, rhs.sequence)
    }
}
