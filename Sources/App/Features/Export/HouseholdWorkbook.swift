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
    static func template() throws -> Data {
        let url = try Writer(options: .template).finish()
        defer { try? FileManager.default.removeItem(at: url) }
        return try Data(contentsOf: url)
    }

    /// The workbook filled a chunk of households at a time: each sheet's rows go to a file of
    /// their own as they come, so a province's export is never held whole.
    final class Writer {
        private let url = FileManager.default.temporaryDirectory.appendingPathComponent("donghanh-\(UUID().uuidString).xlsx")
        private let workbook: WorkbookWriter
        private let options: HouseholdTableEncoder.Options
        private let households: SheetWriter
        private let members: SheetWriter
        private let results: SheetWriter?
        /// The drop-down lists, one column each of the hidden list sheet.
        private let lists: [[String]]

        /// `results`: the name and header of a sheet of results after the two tables.
        init(options: HouseholdTableEncoder.Options, results: (name: String, header: [TableCell])? = nil) throws {
            self.options = options
            let workbook = try WorkbookWriter(url: url)
            self.workbook = workbook
            let empty = HouseholdTableEncoder.encode([], options: options)
            var lists: [[String]] = []
            households = try Self.begin(.households, empty.households, options: options, in: workbook, lists: &lists)
            members = try Self.begin(.members, empty.members, options: options, in: workbook, lists: &lists)
            self.lists = lists
            self.results = try results.map { results in
                let layout = SheetLayout(columns: results.header.map { _ in ColumnLayout(width: 16) }, frozenRows: 1)
                let writer = try workbook.beginSheet(named: results.name, layout: layout)
                try writer.appendHeaderRow(results.header.map(\.plainText))
                return writer
            }
        }

        private var isFinished = false

        deinit { if !isFinished { try? FileManager.default.removeItem(at: url) } }

        /// A table's sheet begun with its header; its drop-down lists added to `lists`.
        private static func begin(
            _ table: HouseholdTable, _ sheet: TableSheet, options: HouseholdTableEncoder.Options, in workbook: WorkbookWriter, lists: inout [[String]]
        ) throws -> SheetWriter {
            let columns = HouseholdTableEncoder.columns(of: table, options: options)
            var validations: [ListValidation] = []
            for (index, column) in columns.enumerated() {
                guard let labels = dropDown(column) else { continue }
                validations.append(ListValidation(columnIndex: index, source: .cells(sheet: listSheet, columnIndex: lists.count, rows: 1...labels.count)))
                lists.append(labels)
            }
            let writer = try workbook.beginSheet(named: sheet.name, layout: SheetLayout(columns: columns.map(layout), frozenRows: 1, listValidations: validations))
            try writer.appendHeaderRow(sheet.header.map(\.plainText))
            return writer
        }

        /// The next households, and their rows of results.
        func append(_ records: [HouseholdRecord], results rows: [TableRow] = []) throws {
            let tables = HouseholdTableEncoder.encode(records, options: options)
            for row in tables.households.rows { try households.appendRow(row.cells.map(cellValue)) }
            for row in tables.members.rows { try members.appendRow(row.cells.map(cellValue)) }
            for row in rows { try results?.appendRow(row.cells.map(cellValue)) }
        }

        /// The whole workbook, in a temporary file that is the caller's to remove.
        func finish() throws -> URL {
            try workbook.add(households)
            try workbook.add(members)
            if let results { try workbook.add(results) }
            try workbook.addSheet(named: listSheet, layout: SheetLayout(isHidden: true)) { writer in
                for row in 0..<(lists.map(\.count).max() ?? 0) {
                    try writer.appendRow(lists.map { row < $0.count ? .text($0[row]) : .empty })
                }
            }
            try workbook.finish()
            isFinished = true
            return url
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
