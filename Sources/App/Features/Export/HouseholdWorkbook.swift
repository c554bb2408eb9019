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

    /// `results`, when given, is a sheet of its own after the two tables.
    static func write(_ records: [HouseholdRecord], options: HouseholdTableEncoder.Options, results: TableSheet? = nil) throws -> Data {
        let tables = HouseholdTableEncoder.encode(records, options: options)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("donghanh-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let workbook = try WorkbookWriter(url: url)
        var lists: [[String]] = []
        for (table, sheet) in [(HouseholdTable.households, tables.households), (.members, tables.members)] {
            let columns = HouseholdTableEncoder.columns(of: table, options: options)
            var validations: [ListValidation] = []
            for (index, column) in columns.enumerated() {
                guard let labels = dropDown(column) else { continue }
                validations.append(ListValidation(columnIndex: index, source: .cells(sheet: listSheet, columnIndex: lists.count, rows: 1...labels.count)))
                lists.append(labels)
            }
            let layout = SheetLayout(columns: columns.map(layout), frozenRows: 1, listValidations: validations)
            try workbook.addSheet(named: sheet.name, layout: layout) { writer in
                try writer.appendHeaderRow(sheet.header.map(\.plainText))
                for row in sheet.rows { try writer.appendRow(row.cells.map(cellValue)) }
            }
        }
        if let results {
            let layout = SheetLayout(columns: results.header.map { _ in ColumnLayout(width: 16) }, frozenRows: 1)
            try workbook.addSheet(named: results.name, layout: layout) { writer in
                try writer.appendHeaderRow(results.header.map(\.plainText))
                for row in results.rows { try writer.appendRow(row.cells.map(cellValue)) }
            }
        }
        try workbook.addSheet(named: listSheet, layout: SheetLayout(isHidden: true)) { writer in
            for row in 0..<(lists.map(\.count).max() ?? 0) {
                try writer.appendRow(lists.map { row < $0.count ? .text($0[row]) : .empty })
            }
        }
        try workbook.finish()
        return try Data(contentsOf: url)
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
