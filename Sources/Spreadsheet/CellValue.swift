import Foundation

/// The value of one cell, as read or to be written.
///
/// Spreadsheet dates carry no time zone: a `.date` holds the cell's wall-clock time read as UTC,
/// so callers should format and split it with a UTC calendar.
public enum CellValue: Hashable, Sendable {
    case empty
    case text(String)
    case number(Double)
    case boolean(Bool)
    case date(Date)
    /// An error value such as "#N/A" or "#DIV/0!".
    case error(String)
}

/// One row of a sheet: its 1-based number and its cells by 0-based column; cells missing from the file are `.empty`.
public struct SheetRow: Hashable, Sendable {
    public let number: Int
    public var cells: [CellValue]

    public init(number: Int, cells: [CellValue]) {
        self.number = number
        self.cells = cells
    }

    /// The cell in a column, `.empty` past the last stored cell.
    public subscript(columnIndex: Int) -> CellValue {
        cells.indices.contains(columnIndex) ? cells[columnIndex] : .empty
    }
}
