import Domain
import Foundation
import Spreadsheet

/// The flat form of the household format (`household-format.md`, "CSV and XLSX") read from a
/// CSV pair or an XLSX workbook, decoded by the Domain's table decoder (which runs the one
/// validator and names each bad cell).
enum ImportTables {
    static func readCSV(_ files: [ImportReader.File], today: LocalDate) throws(ImportFileError) -> ImportBatch {
        guard files.count == 2 else { throw ImportFileError(Message("import.csvPair")) }
        let sheets = try files.map { file throws(ImportFileError) -> TableSheet in
            var reader = CSVReader()
            var sheet = TableSheet(name: file.name)
            do throws(CSVSyntaxError) {
                for record in try reader.consume(file.content) { sheet.append(csv: record) }
                for record in try reader.finish() { sheet.append(csv: record) }
            } catch {
                throw ImportFileError(Message("import.csvSyntax", ["file": file.name, "problem": Translations.render(error.message, in: .vi)]))
            }
            return sheet
        }
        let membersFirst = isMembersSheet(sheets[0]) && !isMembersSheet(sheets[1])
        return decode(households: sheets[membersFirst ? 1 : 0], members: sheets[membersFirst ? 0 : 1], today: today)
    }

    static func readXLSX(_ file: ImportReader.File, today: LocalDate) throws(ImportFileError) -> ImportBatch {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("donghanh-import-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            try file.content.write(to: url)
            let workbook = try WorkbookReader(url: url)
            let visible = workbook.sheetNames
            guard let householdsName = pick(.households, in: visible, fallback: 0),
                  let membersName = pick(.members, in: visible, fallback: 1) else {
                throw ImportFileError(Message("import.xlsxSheets", ["file": file.name]))
            }
            return decode(households: try sheet(householdsName, of: workbook), members: try sheet(membersName, of: workbook), today: today)
        } catch let error as ImportFileError {
            throw error
        } catch {
            throw ImportFileError(Message("import.xlsxUnreadable", ["file": file.name, "reason": String(describing: error)]))
        }
    }

    private static func decode(households: TableSheet, members: TableSheet, today: LocalDate) -> ImportBatch {
        let decoding = HouseholdTableDecoder.decode(households: households, members: members, today: today)
        var batch = ImportBatch()
        batch.rowCount = households.rows.count
        batch.records = decoding.records
        batch.origins = decoding.recordRows.map { ImportOrigin(sheet: households.name, row: $0) }
        batch.issues = decoding.issues.map { issue in
            ImportIssue(sheet: issue.sheet, row: issue.row, column: issue.column.isEmpty ? issue.letter : "\(issue.letter) (\(issue.column))",
                        value: issue.value, householdCode: issue.householdCode, message: issue.message)
        }
        return batch
    }

    /// The members' table is the one with the members' name column (the households' has none).
    private static func isMembersSheet(_ sheet: TableSheet) -> Bool {
        guard let name = HouseholdColumns.members.first(where: { $0.key == "name" }) else { return false }
        let accepted = Set([name.key, Translations.text(name.headingKey, in: .vi), Translations.text(name.headingKey, in: .en)].map(VietnameseText.fold))
        return sheet.header.contains { accepted.contains(VietnameseText.fold($0.plainText)) }
    }

    /// The sheet named for `table` (its key or its Vietnamese or English name), else the sheet at `fallback`.
    private static func pick(_ table: HouseholdTable, in names: [String], fallback: Int) -> String? {
        let accepted = Set([table.rawValue, Translations.text(table.nameKey, in: .vi), Translations.text(table.nameKey, in: .en)].map(VietnameseText.fold))
        return names.first { accepted.contains(VietnameseText.fold($0)) } ?? (names.indices.contains(fallback) ? names[fallback] : nil)
    }

    private static func sheet(_ name: String, of workbook: WorkbookReader) throws -> TableSheet {
        var sheet = TableSheet(name: name)
        var headerRead = false
        try workbook.forEachRow(inSheet: name) { row in
            let cells = row.cells.map(tableCell)
            if !headerRead {
                guard cells.contains(where: { $0 != .empty }) else { return }
                sheet.header = cells
                sheet.headerRow = row.number
                headerRead = true
            } else if cells.contains(where: { $0 != .empty }) {
                sheet.rows.append(TableRow(number: row.number, cells: cells))
            }
        }
        return sheet
    }

    /// Spreadsheet dates are wall-clock times read as UTC: the calendar day is the UTC day.
    private static func tableCell(_ value: CellValue) -> TableCell {
        switch value {
        case .empty: .empty
        case let .text(text): text.isEmpty ? .empty : .text(text)
        case let .number(number): .number(number)
        case let .boolean(flag): .bool(flag)
        case let .date(date): .date(LocalDate(daysSinceEpoch: Int((date.timeIntervalSince1970 / 86_400).rounded(.down))))
        case let .error(code): .text(code)
        }
    }
}
