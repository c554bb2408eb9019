/// A column found in a sheet: where it stands, its heading as written, how to read its cells.
/// A class, so that going over the columns of every row copies no dictionaries.
final class SheetColumn {
    let position: Int
    let heading: String
    let reader: ColumnReader
    /// The value's key in its JSON object.
    let jsonKey: String
    /// Which of `SheetColumns.jsonObjects` the value goes in; nil: the household or member itself.
    let jsonObject: Int?
    /// Holds the member's household code, no fact of the member.
    let isLink: Bool
    /// Where the value goes in a record read straight from the row (by the column's table).
    let householdField: HouseholdField?
    let memberField: MemberField?

    init(position: Int, heading: String, reader: ColumnReader) {
        self.position = position
        self.heading = heading
        self.reader = reader
        jsonKey = reader.column.jsonKey
        jsonObject = reader.column.jsonObject.flatMap(SheetColumns.jsonObjects.firstIndex)
        isLink = reader.column.path.isEmpty
        householdField = reader.column.table == .households ? HouseholdField(path: reader.column.path) : nil
        memberField = reader.column.table == .members ? MemberField(rawValue: reader.column.path) : nil
    }

    var letter: String { columnLetter(position) }
}

/// A heading that names no column, or names one twice.
struct HeadingProblem {
    let position: Int
    let heading: String
    let message: Message
}

/// The columns of one sheet, found from its header: by the mapping first, then by column key
/// or heading in either language, all ignoring case and diacritics.
struct SheetColumns {
    private(set) var columns: [SheetColumn] = []
    private(set) var problems: [HeadingProblem] = []
    /// Positions under an empty heading: data there belongs to no column.
    private(set) var headingless: [Int] = []
    /// Columns up to here have a heading; data to the right of it belongs to no column.
    let width: Int
    private var byPath: [String: SheetColumn] = [:]
    private var byKey: [String: SheetColumn] = [:]

    init(_ sheet: TableSheet, table: HouseholdTable, mapping: ColumnMapping) {
        width = sheet.header.count
        var mapped: [String: String] = [:]
        for (heading, key) in mapping.headings(of: table) { mapped[VietnameseText.fold(heading)] = key }
        for (position, cell) in sheet.header.enumerated() {
            let heading = String(cell.plainText.trimmingWhitespace)
            let folded = VietnameseText.fold(heading)
            let letter = columnLetter(position)
            if heading.isEmpty {
                headingless.append(position)
            } else if let key = mapped[folded] {
                guard !key.isEmpty else { continue }
                guard let column = table.columns.first(where: { $0.key == key }) else {
                    problems.append(HeadingProblem(position: position, heading: heading, message: Message(
                        "tabular.mappedToUnknownColumn", ["letter": letter, "heading": heading, "key": key])))
                    continue
                }
                add(column, at: position, heading: heading, words: mapping.words[key] ?? [:])
            } else if let column = Self.spellings[table]?[folded] {
                add(column, at: position, heading: heading, words: mapping.words[column.key] ?? [:])
            } else {
                problems.append(HeadingProblem(position: position, heading: heading, message: Message(
                    "tabular.unknownHeading", ["letter": letter, "heading": heading])))
            }
        }
    }

    private mutating func add(_ column: HouseholdColumn, at position: Int, heading: String, words: [String: String]) {
        if let first = byKey[column.key] {
            problems.append(HeadingProblem(position: position, heading: heading, message: Message(
                "tabular.duplicateColumn", ["letter": columnLetter(position), "heading": heading, "first": first.letter])))
            return
        }
        let found = SheetColumn(position: position, heading: heading, reader: ColumnReader(column, words: words))
        columns.append(found)
        byKey[column.key] = found
        byPath[column.path] = found
    }

    func column(key: String) -> SheetColumn? { byKey[key] }

    /// The column of a path of the JSON format, relative to the household or the member.
    func column(path: String) -> SheetColumn? { byPath[path] }

    /// The objects a household's values are grouped in: `income`, `indicators`, …
    static let jsonObjects: [String] = HouseholdColumns.households.reduce(into: []) { objects, column in
        if let object = column.jsonObject, !objects.contains(object) { objects.append(object) }
    }

    /// Folded key and headings (both languages) → column, for each table.
    private static let spellings: [HouseholdTable: [String: HouseholdColumn]] = {
        var tables: [HouseholdTable: [String: HouseholdColumn]] = [:]
        for table in HouseholdTable.allCases {
            var spellings: [String: HouseholdColumn] = [:]
            for column in table.columns {
                let names = [column.key] + Language.allCases.map { Translations.text(column.headingKey, in: $0) }
                for name in names { spellings[VietnameseText.fold(name)] = column }
            }
            tables[table] = spellings
        }
        return tables
    }()
}
