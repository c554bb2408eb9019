import Domain
import Fluent
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

    func workbook(req: Request) async throws -> Response {
        let (households, records, options) = try await selection(req, format: "xlsx")
        let results = try await ResultsSheet.load(households, language: req.language, on: req.db)
        let data = try HouseholdWorkbook.write(records, options: options, results: results)
        return download(data, type: HouseholdWorkbook.mediaType, filename: "ho-gia-dinh.xlsx")
    }

    func householdsCSV(req: Request) async throws -> Response {
        try await csv(req, table: .households, filename: "ho-gia-dinh.csv")
    }

    func membersCSV(req: Request) async throws -> Response {
        try await csv(req, table: .members, filename: "thanh-vien.csv")
    }

    /// Each household's latest survey with its classification under each standard.
    func resultsCSV(req: Request) async throws -> Response {
        let (households, _, _) = try await selection(req, format: "csv-results")
        return csvDownload(try await ResultsSheet.load(households, language: req.language, on: req.db), filename: "ket-qua-phan-loai.csv")
    }

    private func csv(_ req: Request, table: HouseholdTable, filename: String) async throws -> Response {
        let (_, records, options) = try await selection(req, format: "csv-\(table.rawValue)")
        let tables = HouseholdTableEncoder.encode(records, options: options)
        return csvDownload(table == .households ? tables.households : tables.members, filename: filename)
    }

    private func csvDownload(_ sheet: TableSheet, filename: String) -> Response {
        // A byte-order mark, so that Excel reads the Vietnamese text as UTF-8.
        var writer = CSVWriter(byteOrderMark: true)
        writer.write(Self.withoutFormulas(sheet))
        return download(Data(writer.takeBytes()), type: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]), filename: filename)
    }

    /// The households of the list's filters within the user's scope, as the user may see them.
    private func selection(_ req: Request, format: String) async throws -> ([Household], [HouseholdRecord], HouseholdTableEncoder.Options) {
        let filter = try req.query.decode(HouseholdFilter.self)
        let households = try await HouseholdQuery.matching(filter, scope: try await req.accessScope(), on: req.db)
            .sort(\.$headSortKey).sort(\.$code).all()
        let sensitive = req.may(.viewSensitive)
        let reveal = req.may(.revealIDNumber)
        let records = try await HouseholdRecords.load(households, on: req.db).map {
            SensitiveData.redacted($0, showSensitive: sensitive, revealIDNumbers: reveal)
        }
        try await AuditLog.record(.export, entity: "households", key: format, by: try req.auditActor, details: .object([
            ("query", .string(req.url.query ?? "")), ("households", .integer(records.count)),
            ("sensitiveColumns", .bool(sensitive)), ("fullIDNumbers", .bool(reveal)),
        ]), on: req.db)
        return (households, records, HouseholdTableEncoder.Options(headings: .keys, values: .codes, includeSensitive: sensitive))
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

    private func download(_ data: Data, type: HTTPMediaType, filename: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        headers.contentDisposition = .init(.attachment, filename: filename)
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }
}

enum HouseholdRecords {
    /// The interchange records of many households at once (their current members and latest
    /// survey), read in a few queries per thousand households rather than a few per household.
    static func load(_ households: [Household], on db: any Database) async throws -> [HouseholdRecord] {
        var records: [HouseholdRecord] = []
        records.reserveCapacity(households.count)
        for chunk in households.chunked(into: 1000) {
            let ids = chunk.compactMap(\.id)
            let members = try await Member.query(on: db).filter(\.$household.$id ~~ ids)
                .filter(\.$status == MemberStatus.present.rawValue).sort(\.$position).all()
            let membersByHousehold = Dictionary(grouping: members, by: \.$household.id)
            let latest = try await latestSurveys(of: ids, on: db)
            for household in chunk {
                guard let id = household.id else { continue }
                var record = latest[id]?.record ?? HouseholdRecord(code: household.code)
                record.code = household.code
                record.communeCode = household.commune.code
                record.area = record.area ?? household.commune.area
                record.hamlet = household.hamlet
                record.address = household.address
                record.members = (membersByHousehold[id] ?? []).map(\.record)
                records.append(record)
            }
        }
        return records
    }

    /// Each household's latest survey, by household: the last by date, then creation and key, as
    /// `ClassificationService.refreshComputedStatus` takes it.
    static func latestSurveys(of ids: [UUID], on db: any Database) async throws -> [UUID: Survey] {
        var latest: [UUID: Survey] = [:]
        for survey in try await Survey.query(on: db).filter(\.$household.$id ~~ ids)
            .sort(\.$surveyDate).sort(\.$createdAt).sort(\.$id).all() {
            latest[survey.$household.id] = survey
        }
        return latest
    }
}
