import Domain
import Fluent
import Foundation
import Spreadsheet

/// Households read from a job's files, a chunk at a time: a province's files are decoded,
/// checked and written a few thousand households at a time, never whole.
struct ImportChunk: Sendable {
    /// The valid households, each with where it came from.
    var records: [HouseholdRecord] = []
    var origins: [ImportOrigin] = []
    var issues: [ImportIssue] = []
    /// Rows (or JSON households) read for this chunk, valid or not.
    var rowCount = 0
    /// How much of the files is read, from 0 to 1: the progress bar's estimate of the total.
    var fractionRead = 0.0
}

/// A file that cannot be read at all (not the households in it): the import stops with this message.
struct ImportFileError: Error, Sendable {
    let message: Message

    init(_ message: Message) { self.message = message }
}

/// A member listed after a household that was already decoded: the files are read again with
/// every household before any member.
struct MembersOutOfOrder: Error {}

protocol ImportSource {
    mutating func next() async throws -> ImportChunk?
}

enum ImportSources {
    enum Kind: Equatable {
        case json, csv, xlsx
    }

    static func kind(of name: String) -> Kind? {
        switch (name as NSString).pathExtension.lowercased() {
        case "json", "jsonl", "ndjson": .json
        case "csv": .csv
        case "xlsx": .xlsx
        default: nil
        }
    }

    /// The source of the files' households, `chunkSize` households at a time. `Int.max` adds every
    /// household before any member, for members listed out of their households' order.
    static func open(_ files: [ImportFile], mapping: ColumnMapping, on db: any Database, today: LocalDate, chunkSize: Int) async throws -> any ImportSource {
        guard !files.isEmpty else { throw ImportFileError(Message("import.noFile")) }
        let kinds = try files.map { file throws(ImportFileError) -> Kind in
            guard let kind = kind(of: file.name) else { throw ImportFileError(Message("import.unknownFileKind", ["file": file.name])) }
            return kind
        }
        switch Set(kinds) {
        case [.json]:
            return JSONSource(files: files.map { ImportFileBytes($0, on: db) }, today: today, chunkSize: chunkSize)
        case [.csv]:
            guard files.count == 2 else { throw ImportFileError(Message("import.csvPair")) }
            var first = CSVRows(ImportFileBytes(files[0], on: db)), second = CSVRows(ImportFileBytes(files[1], on: db))
            let headers = (try await first.header(), try await second.header())
            let membersFirst = isMembersSheet(headers.0) && !isMembersSheet(headers.1)
            return membersFirst
                ? TableSource(households: second, members: first, mapping: mapping, today: today, chunkSize: chunkSize)
                : TableSource(households: first, members: second, mapping: mapping, today: today, chunkSize: chunkSize)
        case [.xlsx] where files.count == 1:
            let sheets = try await openXLSX(ImportFileBytes(files[0], on: db))
            return TableSource(households: sheets.households, members: sheets.members, mapping: mapping, today: today, chunkSize: chunkSize)
        default:
            throw ImportFileError(Message("import.mixedFiles"))
        }
    }

    /// The members' table is the one with the members' name column (the households' has none).
    private static func isMembersSheet(_ header: TableSheet) -> Bool {
        guard let name = HouseholdColumns.members.first(where: { $0.key == "name" }) else { return false }
        let accepted = Set([name.key, Translations.text(name.headingKey, in: .vi), Translations.text(name.headingKey, in: .en)].map(VietnameseText.fold))
        return header.header.contains { accepted.contains(VietnameseText.fold($0.plainText)) }
    }

    // MARK: XLSX

    /// The two sheets of a workbook, each read as its rows are asked for. A ZIP archive is not
    /// read front to back, so the stored file is copied to a temporary file first, a part at a time.
    private static func openXLSX(_ stored: ImportFileBytes) async throws -> (households: XLSXRows, members: XLSXRows) {
        let name = stored.file.name
        let copy = try await copied(stored)
        return try XLSXRows.reporting(name) {
            let workbook = try WorkbookReader(url: copy.url)
            let visible = workbook.sheetNames
            guard let householdsName = pick(.households, in: visible, fallback: 0),
                  let membersName = pick(.members, in: visible, fallback: 1) else {
                throw ImportFileError(Message("import.xlsxSheets", ["file": name]))
            }
            return (XLSXRows(try workbook.rowReader(inSheet: householdsName), sheetName: householdsName, fileName: name, copy: copy),
                    XLSXRows(try workbook.rowReader(inSheet: membersName), sheetName: membersName, fileName: name, copy: copy))
        }
    }

    private static func copied(_ stored: ImportFileBytes) async throws -> TemporaryFile {
        var bytes = stored
        let copy = try TemporaryFile(prefix: "donghanh-import", extension: "xlsx")
        let handle = try FileHandle(forWritingTo: copy.url)
        defer { try? handle.close() }
        while let part = try await bytes.next() { try handle.write(contentsOf: part) }
        return copy
    }

    /// The sheet named for `table` (its key or its Vietnamese or English name), else the sheet at `fallback`.
    private static func pick(_ table: HouseholdTable, in names: [String], fallback: Int) -> String? {
        let accepted = Set([table.rawValue, Translations.text(table.nameKey, in: .vi), Translations.text(table.nameKey, in: .en)].map(VietnameseText.fold))
        return names.first { accepted.contains(VietnameseText.fold($0)) } ?? (names.indices.contains(fallback) ? names[fallback] : nil)
    }

    /// Spreadsheet dates are wall-clock times read as UTC: the calendar day is the UTC day.
    static func tableCell(_ value: CellValue) -> TableCell {
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

// MARK: Tables (CSV pair, XLSX)

/// The rows of one table below its header.
protocol TableRows {
    /// The sheet's name and header, without rows.
    mutating func header() async throws -> TableSheet
    mutating func next() async throws -> TableRow?
    var fractionRead: Double { get }
}

/// Rows of a stored CSV file, read a part at a time.
struct CSVRows: TableRows {
    private var bytes: ImportFileBytes
    private var reader = CSVReader()
    private var pending: [CSVRecord] = []
    private var pendingIndex = 0
    private var ended = false
    private var sheet: TableSheet?

    init(_ bytes: ImportFileBytes) { self.bytes = bytes }

    var fractionRead: Double { bytes.file.size > 0 ? Double(bytes.consumed) / Double(bytes.file.size) : 1 }

    mutating func header() async throws -> TableSheet {
        if let sheet { return sheet }
        var header = TableSheet(name: bytes.file.name)
        if let record = try await nextRecord() { header.append(csv: record) }
        sheet = header
        return header
    }

    mutating func next() async throws -> TableRow? {
        _ = try await header()
        guard let record = try await nextRecord() else { return nil }
        return TableRow(number: record.row, cells: record.fields.map { $0.isEmpty ? .empty : .text($0) })
    }

    private mutating func nextRecord() async throws -> CSVRecord? {
        while pendingIndex == pending.count {
            guard !ended else { return nil }
            pendingIndex = 0
            let part = try await bytes.next()
            do throws(CSVSyntaxError) {
                if let part {
                    pending = try reader.consume(part)
                } else {
                    pending = try reader.finish()
                    ended = true
                }
            } catch {
                throw ImportFileError(Message("import.csvSyntax", ["file": bytes.file.name, "problem": Translations.render(error.message, in: .vi)]))
            }
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }
}

/// Rows of a workbook's sheet, read as they are asked for; rows without any value are skipped,
/// and the first row with one is the header.
struct XLSXRows: TableRows {
    private let rows: SheetRowReader
    private let sheetName: String
    private let fileName: String
    /// The file the rows are read from, removed once no reader needs it.
    private let copy: TemporaryFile
    private var sheet: TableSheet?

    init(_ rows: SheetRowReader, sheetName: String, fileName: String, copy: TemporaryFile) {
        self.rows = rows
        self.sheetName = sheetName
        self.fileName = fileName
        self.copy = copy
    }

    var fractionRead: Double { rows.fractionRead }

    mutating func header() throws -> TableSheet {
        if let sheet { return sheet }
        var header = TableSheet(name: sheetName)
        if let row = try nextStored() {
            header.header = row.cells
            header.headerRow = row.number
        }
        sheet = header
        return header
    }

    mutating func next() throws -> TableRow? {
        _ = try header()
        return try nextStored()
    }

    private func nextStored() throws -> TableRow? {
        try Self.reporting(fileName) {
            while let row = try rows.next() {
                let cells = row.cells.map(ImportSources.tableCell)
                if cells.contains(where: { $0 != .empty }) { return TableRow(number: row.number, cells: cells) }
            }
            return nil
        }
    }

    /// Runs a step of reading the workbook `fileName`, reporting what the spreadsheet reader finds wrong as a file error.
    static func reporting<Result>(_ fileName: String, _ step: () throws -> Result) throws -> Result {
        do {
            return try step()
        } catch let error as ImportFileError {
            throw error
        } catch {
            throw ImportFileError(Message("import.xlsxUnreadable", ["file": fileName, "reason": String(describing: error)]))
        }
    }
}

/// Households of the flat form: a chunk's household rows, then the member rows that follow them.
struct TableSource<Households: TableRows, Members: TableRows>: ImportSource {
    private var households: Households
    private var members: Members
    private let mapping: ColumnMapping
    private let today: LocalDate
    private let chunkSize: Int
    private var stream: HouseholdTableStream?
    private var householdsName = ""
    private var finished = false

    init(households: Households, members: Members, mapping: ColumnMapping, today: LocalDate, chunkSize: Int) {
        self.households = households
        self.members = members
        self.mapping = mapping
        self.today = today
        self.chunkSize = chunkSize
    }

    mutating func next() async throws -> ImportChunk? {
        guard !finished else { return nil }
        if stream == nil {
            let householdsHeader = try await households.header()
            householdsName = householdsHeader.name
            stream = HouseholdTableStream(households: householdsHeader, members: try await members.header(), mapping: mapping, today: today)
        }
        var rows = 0
        while rows < chunkSize, let row = try await households.next() {
            stream!.add(household: row)
            rows += 1
        }
        let householdsEnded = rows < chunkSize
        reading: while let row = try await members.next() {
            switch stream!.add(member: row) {
            case .joined: continue
            case .ahead: if !householdsEnded { break reading }
            case .late: throw MembersOutOfOrder()
            }
        }
        finished = householdsEnded
        let decoding = householdsEnded ? stream!.finish() : stream!.takeDecoded()
        let issues = decoding.issues.map { issue in
            ImportIssue(sheet: issue.sheet, row: issue.row, column: issue.column.isEmpty ? issue.letter : "\(issue.letter) (\(issue.column))",
                        value: issue.value, householdCode: issue.householdCode, message: issue.message, table: issue.table, columnKey: issue.columnKey)
        }
        let fraction = (households.fractionRead + members.fractionRead) / 2
        return ImportChunk(records: decoding.records, origins: decoding.recordRows.map { ImportOrigin(sheet: householdsName, row: $0) },
                           issues: issues, rowCount: rows, fractionRead: fraction)
    }
}

// MARK: JSON

/// Households of JSON files (an array or JSON Lines), decoded by the interchange format's reader.
struct JSONSource: ImportSource {
    /// Parts fetched ahead of the synchronous reader, which may not run dry inside a household.
    private final class PartQueue {
        var parts: [[UInt8]] = []
        var bytes = 0
        var ended = false

        func take() -> [UInt8]? {
            guard !parts.isEmpty else { return nil }
            let part = parts.removeFirst()
            bytes -= part.count
            return part
        }
    }

    private var files: [ImportFileBytes]
    private var fileIndex = 0
    private let today: LocalDate
    private let chunkSize: Int
    private var queue = PartQueue()
    private var reader: HouseholdStreamReader?
    private var seen: Set<String> = []
    private let totalSize: Int
    private var consumedBefore = 0

    init(files: [ImportFileBytes], today: LocalDate, chunkSize: Int) {
        self.files = files
        self.today = today
        self.chunkSize = chunkSize
        totalSize = files.reduce(0) { $0 + $1.file.size }
    }

    mutating func next() async throws -> ImportChunk? {
        guard fileIndex < files.count else { return nil }
        var chunk = ImportChunk()
        while chunk.rowCount < chunkSize, fileIndex < files.count {
            if reader == nil { openReader() }
            try await fill()
            let name = files[fileIndex].file.name
            let element: HouseholdStreamReader.Record?
            do {
                element = try reader!.next()
            } catch let error as HouseholdStreamReader.SyntaxError {
                throw ImportFileError(Message("import.jsonSyntax", ["file": name, "household": String(error.index + 1), "byte": String(error.offset)]))
            } catch {
                throw ImportFileError(Message("import.unreadable", ["file": name]))
            }
            guard let element else {
                consumedBefore += files[fileIndex].consumed
                fileIndex += 1
                reader = nil
                continue
            }
            chunk.rowCount += 1
            let origin = ImportOrigin(sheet: name, row: element.index + 1)
            switch HouseholdJSON.decode(bytes: element.bytes, today: today) {
            case let .success(record):
                guard seen.insert(record.code).inserted else {
                    chunk.issues.append(ImportIssue(FieldIssue(householdCode: record.code, field: "code", problem: .duplicateCode), at: origin))
                    continue
                }
                chunk.records.append(record)
                chunk.origins.append(origin)
            case let .failure(invalid):
                chunk.issues += invalid.issues.map { ImportIssue($0, at: origin) }
            }
        }
        let consumed = consumedBefore + (fileIndex < files.count ? files[fileIndex].consumed : 0)
        chunk.fractionRead = totalSize > 0 ? Double(consumed) / Double(totalSize) : 1
        return chunk
    }

    private mutating func openReader() {
        let queue = PartQueue()
        self.queue = queue
        reader = HouseholdStreamReader(source: { queue.take() })
    }

    /// Fetches parts until the queue holds more than a household can take, or the file ends.
    private mutating func fill() async throws {
        guard let reader else { return }
        while !queue.ended, queue.bytes <= reader.maximumRecordSize + ImportFileStore.partSize {
            if let part = try await files[fileIndex].next() {
                queue.parts.append(part)
                queue.bytes += part.count
            } else {
                queue.ended = true
            }
        }
    }
}
