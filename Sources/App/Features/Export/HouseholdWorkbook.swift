import Domain
import Foundation
import Spreadsheet
import Vapor

/// The two tables of the flat household format as an XLSX workbook: header row frozen, ID and
/// code columns stored as text (leading zeros kept), drop-down lists of the Vietnamese labels
/// for coded and yes/no columns (from a hidden sheet), dates as dates, numbers as numbers. The
/// import template is this workbook with no rows.
enum HouseholdWorkbook {
    static let listSheet = "Danh mục"
    static let mediaType = HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    /// The import template: the two tables without rows.
    static func template() async throws -> Data {
        let writer = try Writer(options: .template)
        var workbook = Data(writer.takeOutput())
        try await writer.finish { workbook.append(contentsOf: $0) }
        return workbook
    }

    /// The workbook filled a chunk of households at a time and sent as it is made
    /// (`WorkbookStream`): the households sheet goes out with its rows, the members, results and
    /// list sheets wait in files of their own, so a province's export is never held whole.
    final class Writer {
        private let stream: WorkbookStream
        private let options: HouseholdTableEncoder.Options
        private let households: SheetWriter
        private let members: SheetWriter
        private let results: SheetWriter?

        /// `results`: the name and header of a sheet of results after the two tables.
        init(options: HouseholdTableEncoder.Options, results: (name: String, header: [TableCell])? = nil) throws {
            self.options = options
            let empty = HouseholdTableEncoder.encode([], options: options)
            // The drop-down lists, one column each of the hidden list sheet.
            var lists: [[String]] = []
            var sheets = [
                (empty.households.name, Self.layout(of: .households, options: options, lists: &lists)),
                (empty.members.name, Self.layout(of: .members, options: options, lists: &lists)),
            ]
            if let results {
                sheets.append((results.name, SheetLayout(columns: results.header.map { _ in ColumnLayout(width: 16) }, frozenRows: 1)))
            }
            sheets.append((listSheet, SheetLayout(isHidden: true)))
            stream = try WorkbookStream(sheets: sheets)
            households = stream.sheets[0]
            members = stream.sheets[1]
            self.results = results == nil ? nil : stream.sheets[2]
            try households.appendHeaderRow(empty.households.header.map(\.plainText))
            try members.appendHeaderRow(empty.members.header.map(\.plainText))
            if let results { try self.results?.appendHeaderRow(results.header.map(\.plainText)) }
            let listWriter = stream.sheets[stream.sheets.count - 1]
            for row in 0..<(lists.map(\.count).max() ?? 0) {
                try listWriter.appendRow(lists.map { row < $0.count ? .text($0[row]) : .empty })
            }
        }

        /// A table's layout: text columns, header frozen, its drop-down lists added to `lists`.
        private static func layout(of table: HouseholdTable, options: HouseholdTableEncoder.Options, lists: inout [[String]]) -> SheetLayout {
            let columns = HouseholdTableEncoder.columns(of: table, options: options)
            var validations: [ListValidation] = []
            for (index, column) in columns.enumerated() {
                guard let labels = dropDown(column) else { continue }
                validations.append(ListValidation(columnIndex: index, source: .cells(sheet: listSheet, columnIndex: lists.count, rows: 1...labels.count)))
                lists.append(labels)
            }
            return SheetLayout(columns: columns.map(HouseholdWorkbook.layout), frozenRows: 1, listValidations: validations)
        }

        /// The next households, and their rows of results.
        func append(_ records: [HouseholdRecord], results rows: [TableRow] = []) throws {
            let tables = HouseholdTableEncoder.encode(records, options: options)
            for row in tables.households.rows { try households.appendRow(row.cells.map(cellValue)) }
            for row in tables.members.rows { try members.appendRow(row.cells.map(cellValue)) }
            for row in rows { try results?.appendRow(row.cells.map(cellValue)) }
        }

        /// The workbook's bytes written since the last call.
        func takeOutput() -> [UInt8] { stream.takeOutput() }

        /// Completes the workbook once every household is appended, handing on each piece of it.
        func finish(sending send: ([UInt8]) async throws -> Void) async throws {
            var more = true
            while more {
                more = try stream.finishPiece()
                try await send(stream.takeOutput())
            }
        }
    }

    /// The labels a user picks from, for a column of one code or yes/no.
    private static func dropDown(_ column: HouseholdColumn) -> [String]? {
        switch column.kind {
        case let .code(codes, prefix): codes.map { Translations.text("\(prefix).\($0)", in: .vi) }
        case .bool: [Translations.text("value.yes", in: .vi), Translations.text("value.no", in: .vi)]
        case .ethnicity: EthnicGroups.names
        default: nil
        }
    }

    private static func layout(_ column: HouseholdColumn) -> ColumnLayout {
        switch column.kind {
        case .idNumber, .communeCode: ColumnLayout(width: 16, isText: true)
        case .text where column.key == "code" || column.key == HouseholdColumns.householdCodeKey: ColumnLayout(width: 16, isText: true)
        case .text, .codeList: ColumnLayout(width: 24)
        default: ColumnLayout(width: 14)
        }
    }

    /// Dates are written as UTC midnight: spreadsheets keep wall-clock days without a time zone.
    private static func cellValue(_ cell: TableCell) -> CellValue {
        switch cell {
        case .empty: .empty
        case let .text(text): .text(text)
        case let .number(number): .number(number)
        case let .bool(flag): .boolean(flag)
        case let .date(date): .date(Date(timeIntervalSince1970: TimeInterval(date.daysSinceEpoch) * 86_400))
        }
    }
}
