/// How a sheet looks, fixed before its rows are written: column widths, frozen header rows,
/// drop-down lists, visibility.
public struct SheetLayout: Sendable {
    /// By 0-based column index; columns past the end keep the default look.
    public var columns: [ColumnLayout]
    /// Rows kept in view while scrolling; 1 freezes a header row.
    public var frozenRows: Int
    public var listValidations: [ListValidation]
    /// A hidden sheet suits the lists that drop-downs refer to; the first sheet must stay visible.
    public var isHidden: Bool

    public init(columns: [ColumnLayout] = [], frozenRows: Int = 0, listValidations: [ListValidation] = [], isHidden: Bool = false) {
        self.columns = columns
        self.frozenRows = frozenRows
        self.listValidations = listValidations
        self.isHidden = isHidden
    }
}

public struct ColumnLayout: Sendable {
    /// In characters of the default font, as Excel measures; 8.43 is Excel's default.
    public var width: Double
    /// Formats the whole column as text ("@"), so values a person types later, such as
    /// ID numbers with leading zeros, stay text too.
    public var isText: Bool

    public init(width: Double = 8.43, isText: Bool = false) {
        self.width = width
        self.isText = isText
    }
}

/// A drop-down that only accepts the values of a list, on one column over a range of rows.
public struct ListValidation: Sendable {
    public var columnIndex: Int
    public var rows: ClosedRange<Int>
    public var source: ListSource

    /// By default the drop-down covers every row below a header row.
    public init(columnIndex: Int, rows: ClosedRange<Int> = 2...CellReference.maximumRowNumber, source: ListSource) {
        self.columnIndex = columnIndex
        self.rows = rows
        self.source = source
    }
}

public enum ListSource: Sendable {
    /// Written into the validation itself: at most 255 characters in all, and no value may contain a comma.
    case values([String])
    /// Cells of one column of a sheet, typically a hidden one; for long lists or values with commas.
    case cells(sheet: String, columnIndex: Int, rows: ClosedRange<Int>)
}
