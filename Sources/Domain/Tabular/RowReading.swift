/// One row read into a record (a household or a member), with what could not be read.
struct RowReading<Record> {
    /// The household's code, or the member's household code; nil when empty.
    let code: String?
    /// The row's values, each put in as `HouseholdJSON` reads it from the JSON format; nil when
    /// one could not be (that reader then says why).
    let record: Record?
    /// Cells that could not be read, with why.
    let unreadable: [(column: SheetColumn, message: Message)]
    /// Positions without a heading where the row holds data.
    let dataWithoutHeading: [Int]

    var hasUnreadableCell: Bool { !unreadable.isEmpty || !dataWithoutHeading.isEmpty }

    /// Nil for a blank row. `key` is the column holding the household code. Each value read
    /// goes into `empty` by `set`, which says false when it cannot.
    init?(
        _ row: TableRow, columns: SheetColumns, key: SheetColumn, into empty: Record,
        by set: (SheetColumn, CellValue, inout Record) -> Bool
    ) {
        guard !row.cells.allSatisfy(\.isBlank) else { return nil }
        if case let .value(.text(code)) = key.reader.read(row.cell(at: key.position)), !code.isEmpty {
            self.code = code
        } else {
            code = nil
        }
        var record = empty
        var isWhole = true
        var unreadable: [(column: SheetColumn, message: Message)] = []
        for column in columns.columns where !column.isLink {
            switch column.reader.read(row.cell(at: column.position)) {
            case .missing:
                break
            case let .value(value):
                if isWhole, !set(column, value, &record) { isWhole = false }
            case let .invalid(message):
                unreadable.append((column, message))
            }
        }
        self.record = isWhole ? record : nil
        self.unreadable = unreadable
        let beyondHeadings = columns.width..<Swift.max(columns.width, row.cells.count)
        dataWithoutHeading = columns.headingless.isEmpty && beyondHeadings.isEmpty
            ? [] : (columns.headingless + beyondHeadings).filter { !row.cell(at: $0).isBlank }
    }
}

extension SheetColumns {
    /// The row as the fields of its object in the JSON format, a household's `income`,
    /// `indicators`, … grouped; cells that cannot be read are left out.
    func jsonFields(of row: TableRow) -> [(key: String, value: JSONValue)] {
        var fields: [(key: String, value: JSONValue)] = []
        var objects = Array(repeating: [(key: String, value: JSONValue)](), count: Self.jsonObjects.count)
        for column in columns where !column.isLink {
            guard case let .value(value) = column.reader.read(row.cell(at: column.position)) else { continue }
            if let object = column.jsonObject {
                objects[object].append((column.jsonKey, value.json))
            } else {
                fields.append((column.jsonKey, value.json))
            }
        }
        for (object, pairs) in zip(Self.jsonObjects, objects) where !pairs.isEmpty {
            fields.append((object, .object(pairs)))
        }
        return fields
    }
}

extension TableRow {
    /// The cell at `position`, empty beyond the row's last cell.
    func cell(at position: Int) -> TableCell {
        position < cells.count ? cells[position] : .empty
    }
}
