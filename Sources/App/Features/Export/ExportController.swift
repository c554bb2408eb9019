import Domain
import Fluent
import Spreadsheet
import Vapor

/// Exports of the household list as filtered on its page: XLSX (both tables and the latest
/// classification results), or CSV per table.
/// The user's scope applies as everywhere; sensitive columns only for roles granted them, ID
/// numbers masked unless the role may reveal them; every export is in the audit log.
struct ExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let exports = routes.grouped("exports").grouped(RequirePermission(.viewHouseholds))
        exports.get("households.xlsx", use: workbook)
        exports.get("households.csv", use: householdsCSV)
        exports.get("members.csv", use: membersCSV)
        exports.get("results.csv", use: resultsCSV)
    }

    /// The workbook sent as it is made (`HouseholdWorkbook.Writer`): a province's download starts
    /// at once, where a workbook built first kept the browser, and any proxy, waiting a minute. A
    /// table too long for a sheet is refused before anything is sent; a failure midway ends the
    /// download short (the status is sent already), and is logged.
    func workbook(req: Request) async throws -> Response {
        let selection = try await Selection(req, format: "xlsx")
        let language = req.language
        let rowsNeeded: [(HouseholdTable, Int)] = [
            (.households, selection.householdCount), (.members, try await selection.memberCount(on: req.db)),
        ]
        for (table, rows) in rowsNeeded where rows >= CellReference.maximumRowNumber {
            throw Abort(.unprocessableEntity, reason: req.text("export.tooManyRows", [
                "sheet": Translations.text(table.nameKey, in: language),
                "maximum": VietnameseFormat.integer(CellReference.maximumRowNumber - 1, in: language)]))
        }
        let (db, chunkSize, logger) = (req.db, req.application.exportChunkSize, req.logger)
        let body = Response.Body(managedAsyncStream: { stream in
            defer { FreedMemory.giveBack() }
            do {
                let resultsSheet = ResultsSheet(language: language).sheet
                let writer = try HouseholdWorkbook.Writer(options: selection.options, results: (resultsSheet.name, resultsSheet.header))
                // The package's parts go before the households are listed: the download starts now.
                try await stream.writeBuffer(ByteBuffer(bytes: writer.takeOutput()))
                try await selection.forEachChunk(on: db, chunkSize: chunkSize) { records, households, latest in
                    // The results come from the latest surveys the records are read with: read once.
                    var results = ResultsSheet(language: language)
                    try await results.add(households, latest: latest, on: db)
                    try writer.append(records, results: results.sheet.rows)
                    try await stream.writeBuffer(ByteBuffer(bytes: writer.takeOutput()))
                }
                try await writer.finish { try await stream.writeBuffer(ByteBuffer(bytes: $0)) }
            } catch {
                logger.report(error: error)
                throw error
            }
        })
        var headers = HTTPHeaders()
        headers.contentType = HouseholdWorkbook.mediaType
        headers.contentDisposition = .init(.attachment, filename: "ho-gia-dinh.xlsx")
        return Response(status: .ok, headers: headers, body: body)
    }

    func householdsCSV(req: Request) async throws -> Response {
        try await csv(req, table: .households, filename: "ho-gia-dinh.csv")
    }

    func membersCSV(req: Request) async throws -> Response {
        try await csv(req, table: .members, filename: "thanh-vien.csv")
    }

    /// Each household's latest survey with its classification under each standard.
    func resultsCSV(req: Request) async throws -> Response {
        let selection = try await Selection(req, format: "csv-results")
        let (db, language, chunkSize) = (req.db, req.language, req.application.exportChunkSize)
        return csvStream(header: ResultsSheet(language: language).sheet.header, filename: "ket-qua-phan-loai.csv", logger: req.logger) { write in
            try await selection.forEachChunk(on: db, chunkSize: chunkSize, reading: .latestSurvey) { _, households, latest in
                var results = ResultsSheet(language: language)
                try await results.add(households, latest: latest, on: db)
                try await write(results.sheet)
            }
        }
    }

    private func csv(_ req: Request, table: HouseholdTable, filename: String) async throws -> Response {
        let selection = try await Selection(req, format: "csv-\(table.rawValue)")
        let (db, chunkSize) = (req.db, req.application.exportChunkSize)
        @Sendable func sheet(_ records: [HouseholdRecord]) -> TableSheet {
            HouseholdTableEncoder.encode(records, table: table, options: selection.options)
        }
        return csvStream(header: sheet([]).header, filename: filename, logger: req.logger) { write in
            try await selection.forEachChunk(on: db, chunkSize: chunkSize, reading: table == .households ? .survey : .members) { records, _, _ in
                try await write(sheet(records))
            }
        }
    }

    /// A CSV sent as it is written, a chunk of households at a time: a province's list starts
    /// downloading at once and is never held whole. `produce` gives the rows, in sheets whose
    /// headers are left out. A failure midway ends the download short (the status is sent
    /// already), and is logged.
    private func csvStream(
        header: [TableCell], filename: String, logger: Logger,
        _ produce: @escaping @Sendable (_ write: (TableSheet) async throws -> Void) async throws -> Void
    ) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: filename)
        let body = Response.Body(managedAsyncStream: { stream in
            defer { FreedMemory.giveBack() }
            // A byte-order mark, so that Excel reads the Vietnamese text as UTF-8.
            var writer = CSVWriter(byteOrderMark: true)
            writer.write(header.map(\.plainText))
            do {
                // The header goes before the households are listed: the download starts now.
                try await stream.writeBuffer(ByteBuffer(bytes: writer.takeBytes()))
                try await produce { sheet in
                    for row in Self.withoutFormulas(sheet).rows { writer.write(row.cells.map(\.plainText)) }
                    try await stream.writeBuffer(ByteBuffer(bytes: writer.takeBytes()))
                }
                try await stream.writeBuffer(ByteBuffer(bytes: writer.takeBytes()))
            } catch {
                logger.report(error: error)
                throw error
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The households of the list's filters within the user's scope, counted and their export
    /// recorded in the audit log before the response starts; they are listed once it has, so that
    /// a province's download starts at once (listing 250,000 households took 11 s).
    private struct Selection: Sendable {
        /// The matching households' query, built once: building it looks up the filter's commune
        /// and sponsoring units, which the count, the members' count and the listing share.
        private let matching: DatabaseQuery
        let householdCount: Int
        let sensitive: Bool
        let reveal: Bool

        init(_ req: Request, format: String) async throws {
            let query = try await HouseholdQuery.matching(HouseholdFilter.decode(req), scope: try await req.accessScope(), on: req.db)
            matching = query.query
            householdCount = try await query.count()
            sensitive = req.may(.viewSensitive)
            reveal = req.may(.revealIDNumber)
            try await AuditLog.record(.export, entity: "households", key: format, by: try req.auditActor, details: .object([
                ("query", .string(req.url.query ?? "")), ("households", .integer(householdCount)),
                ("sensitiveColumns", .bool(sensitive)), ("fullIDNumbers", .bool(reveal)),
            ]), on: req.db)
        }

        var options: HouseholdTableEncoder.Options { .init(headings: .keys, values: .codes, includeSensitive: sensitive) }

        /// The matching households on `db` (without eager loading: none of the uses needs it).
        private func query(on db: any Database) -> QueryBuilder<Household> {
            let query = Household.query(on: db)
            query.query = matching
            return query
        }

        /// Their present members: the rows of the members table.
        func memberCount(on db: any Database) async throws -> Int {
            try await HouseholdRecords.memberCount(query(on: db))
        }

        /// The households, in the list's order.
        func households(on db: any Database) async throws -> [ListedHousehold] {
            try await HouseholdRecords.listed(query(on: db).sort(\.$headSortKey).sort(\.$code))
        }

        /// The households' records as the user may see them, a chunk at a time.
        func forEachChunk(
            on db: any Database, chunkSize: Int, reading parts: HouseholdRecords.Parts = .all, _ body: ([HouseholdRecord], ArraySlice<ListedHousehold>, [UUID: LatestSurvey]) async throws -> Void
        ) async throws {
            try await HouseholdRecords.forEachChunk(of: try await households(on: db), on: db, chunkSize: chunkSize, reading: parts) { records, chunk, latest in
                try await body(records.map { SensitiveData.redacted($0, showSensitive: sensitive, revealIDNumbers: reveal) }, chunk, latest)
            }
        }
    }

    /// Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) is written with a
    /// leading apostrophe: an export must not carry a formula someone typed into a field. Numbers
    /// are cells of their own kind and keep their sign.
    static func withoutFormulas(_ sheet: TableSheet) -> TableSheet {
        var sheet = sheet
        for index in sheet.rows.indices {
            sheet.rows[index].cells = sheet.rows[index].cells.map { cell in
                guard case let .text(text) = cell, let first = text.first, "=+-@\t\r".contains(first) else { return cell }
                return .text("'" + text)
            }
        }
        return sheet
    }
}

extension Application {
    private struct ExportChunkSizeKey: StorageKey {
        typealias Value = Int
    }

    /// Households an export reads and sends at a time. Tests make it small to cross chunks.
    var exportChunkSize: Int {
        get { storage[ExportChunkSizeKey.self] ?? HouseholdRecords.chunkSize }
        set { storage[ExportChunkSizeKey.self] = newValue }
    }
}
