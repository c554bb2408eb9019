import Domain
import Fluent
import Spreadsheet
import Vapor

/// `/imports`: upload household files, watch them being read and checked, see what will be
/// created, updated or held back, and every bad cell; confirm to write.
struct ImportController: RouteCollection {
    /// A working job whose worker has not reported for this long was cut off (process stopped).
    static let heartbeatTimeout: TimeInterval = 120
    static let listedIssues = 500

    func boot(routes: any RoutesBuilder) throws {
        let imports = routes.grouped("imports").grouped(RequirePermission(.editHouseholds))
        imports.get(use: list)
        imports.on(.POST, body: .stream, use: upload)
        imports.get("template.xlsx", use: template)
        imports.get(":job", use: show)
        imports.get(":job", "status", use: status)
        imports.post(":job", "confirm", use: confirm)
        imports.post(":job", "valid-only", use: validOnly)
        imports.post(":job", "restart", use: restart)
        imports.post(":job", "mapping", use: applyMapping)
        imports.get(":job", "issues.csv", use: issuesCSV)
        imports.get(":job", "issues.xlsx", use: issuesXLSX)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let id: String
            let when: String
            let who: String
            let files: String
            let state: String
        }

        struct Mapping: Encodable {
            let id: String
            let name: String
        }

        let layout: Layout
        let rows: [Row]
        let mappings: [Mapping]
        let maximumUpload: String
        let filesKeptDays: String
    }

    func list(req: Request) async throws -> View {
        let jobs = try await visibleJobs(req).sort(\.$createdAt, .descending).range(0..<50).all()
        let format = req.formatter
        var rows: [ListPage.Row] = []
        for job in jobs {
            rows.append(ListPage.Row(id: job.id?.uuidString ?? "", when: format.timestamp(job.createdAt), who: job.createdByName,
                                     files: job.fileNames, state: req.text("import.state.\(await displayState(job, req).rawValue)")))
        }
        let mappings = try await SavedColumnMapping.query(on: req.db).sort(\.$name).all().map { ListPage.Mapping(id: $0.id?.uuidString ?? "", name: $0.name) }
        return try await req.view.render("imports", ListPage(layout: Layout(request: req, title: req.text("import.title")), rows: rows,
                                                             mappings: mappings, maximumUpload: req.application.importMaximumUploadText,
                                                             filesKeptDays: String(ImportFileStore.unwrittenKeptDays)))
    }

    func upload(req: Request) async throws -> Response {
        guard let contentType = req.headers.contentType, contentType.type == "multipart", let boundary = contentType.parameters["boundary"] else {
            throw Abort(.badRequest, reason: req.text("import.badForm"))
        }
        let body = try await ImportUpload.receive(req, maximum: req.application.importMaximumUpload)
        let job = ImportJob(files: [], validOnly: false, by: try req.auditActor, at: Date())
        try await req.db.transaction { db in
            try await ImportFileStore.deleteBytesOfLeftJobs(on: db)
            try await job.create(on: db)
            let upload = try await ImportUpload.store(body, boundary: boundary, jobID: try job.requireID(), req: req, on: db)
            guard !upload.fileNames.isEmpty else { throw Abort(.badRequest, reason: req.text("import.noFile")) }
            job.fileNames = upload.fileNames.joined(separator: ", ")
            job.validOnly = upload.validOnly
            if let id = upload.mappingID {
                guard let uuid = UUID(uuidString: id), let saved = try await SavedColumnMapping.find(uuid, on: db) else {
                    throw Abort(.badRequest, reason: req.text("import.unknownMapping"))
                }
                job.mapping = saved.mapping
            }
            try await job.save(on: db)
        }
        try start(req, job: job, confirm: false)
        return req.redirect(to: "/imports/\(try job.requireID())")
    }

    struct Page: Encodable {
        struct IssueRow: Encodable {
            let sheet: String
            let row: Int
            let column: String
            let value: String
            let message: String
        }

        struct DuplicateRow: Encodable {
            let code: String
            let matchedCode: String
            let reason: String
        }

        let layout: Layout
        let id: String
        let files: String
        let who: String
        let state: String
        let stateLabel: String
        let working: Bool
        let interrupted: Bool
        let failure: String?
        let progress: Status
        let summary: [Measure]
        let createSample: String
        let updateSample: String
        let duplicates: [DuplicateRow]
        let issues: [IssueRow]
        let moreIssues: String?
        let issueCount: Int
        let canConfirm: Bool
        let canImportValidOnly: Bool
        let canRestart: Bool
        let mappingForm: ColumnMappingForm?
        /// The files of a job left unwritten were deleted: it can only be read now.
        let filesDeleted: String?
    }

    struct Measure: Encodable {
        let label: String
        let value: String
    }

    func show(req: Request) async throws -> View {
        let job = try await findJob(req)
        let language = req.language
        let number: (Int) -> String = { VietnameseFormat.integer($0, in: language) }
        let summary = job.summary.flatMap { try? JSONDecoder().decode(ImportSummary.self, from: Data($0.utf8)) }
        let issues = Self.issues(of: job)
        let state = await displayState(job, req)
        let filesKept = if state == .done { true } else { try await ImportFileStore.hasBytes(job, on: req.db) }
        var measures: [Measure] = []
        if let summary {
            measures = [
                Measure(label: req.text("import.summary.rows"), value: number(summary.rows)),
                Measure(label: req.text("import.summary.creates"), value: number(summary.creates)),
                Measure(label: req.text("import.summary.updates"), value: number(summary.updates)),
                Measure(label: req.text("import.summary.duplicates"), value: number(summary.duplicates.count)),
                Measure(label: req.text("import.summary.issues"), value: number(job.issueCount)),
            ]
            if let created = summary.created, let updated = summary.updated {
                measures.append(Measure(label: req.text("import.summary.written"), value: req.text("import.summary.writtenValue", ["created": number(created), "updated": number(updated)])))
            }
        }
        let page = Page(
            layout: Layout(request: req, title: req.text("import.jobTitle")),
            id: try job.requireID().uuidString, files: job.fileNames, who: job.createdByName,
            state: state.rawValue, stateLabel: req.text("import.state.\(state.rawValue)"),
            working: state.isWorking, interrupted: await isInterrupted(job, req), failure: job.failure,
            progress: try await statusOf(job, req: req),
            summary: measures,
            createSample: summary?.createSample.joined(separator: ", ") ?? "",
            updateSample: summary?.updateSample.joined(separator: ", ") ?? "",
            duplicates: (summary?.duplicates ?? []).prefix(Self.listedIssues).map { Page.DuplicateRow(code: $0.code, matchedCode: $0.matchedCode, reason: req.text($0.reasonKey)) },
            issues: issues.prefix(Self.listedIssues).map { issue in
                Page.IssueRow(sheet: issue.sheet, row: issue.row, column: issue.column, value: issue.value,
                              message: Translations.render(issue.message, in: language))
            },
            moreIssues: issues.count > Self.listedIssues ? req.text("import.moreIssues", ["count": number(issues.count - Self.listedIssues)]) : nil,
            issueCount: issues.count,
            canConfirm: filesKept && state == .awaitingConfirmation && (summary.map { $0.creates + $0.updates } ?? 0) > 0,
            canImportValidOnly: filesKept && state == .refused && (summary.map { $0.creates + $0.updates } ?? 0) > 0,
            canRestart: filesKept && state == .failed,
            mappingForm: filesKept && state == .refused ? ColumnMappingForm.of(issues, language: language) : nil,
            filesDeleted: filesKept ? nil : Self.filesDeletedText(req))
        return try await req.view.render("import", page)
    }

    struct Status: Content {
        let state: String
        let stateLabel: String
        let working: Bool
        let done: Int
        let total: Int
        let percent: Int
        let text: String
    }

    func status(req: Request) async throws -> Status {
        try await statusOf(try await findJob(req), req: req)
    }

    /// Rows done of the current phase, rows per second and time left: from this instance's live
    /// board when the job runs here, else from the job's row.
    private func statusOf(_ job: ImportJob, req: Request) async throws -> Status {
        let live = await req.application.importBoard.progress(of: try job.requireID())
        let state = if let live { live.state } else { await displayState(job, req) }
        let done = live?.done ?? job.rowsDone
        let total = live?.total ?? job.rowsTotal
        let started = live?.phaseStartedAt ?? job.phaseStartedAt ?? Date()
        let elapsed = max(0.001, Date().timeIntervalSince(started))
        let rate = Double(done) / elapsed
        let number: (Int) -> String = { VietnameseFormat.integer($0, in: req.language) }
        let text: String
        if state.isWorking, total > 0, done > 0 {
            text = req.text("import.progress", ["done": number(done), "total": number(total), "rate": number(Int(rate.rounded())),
                                                 "left": number(Int((Double(total - done) / max(rate, 0.001)).rounded()))])
        } else if state.isWorking {
            text = req.text("import.progress.started", ["total": number(total)])
        } else {
            text = ""
        }
        return Status(state: state.rawValue, stateLabel: req.text("import.state.\(state.rawValue)"), working: state.isWorking,
                      done: done, total: total, percent: total > 0 ? min(100, done * 100 / total) : (state.isWorking ? 0 : 100), text: text)
    }

    func confirm(req: Request) async throws -> Response {
        let job = try await findJob(req)
        guard job.stateCode == .awaitingConfirmation else { throw Abort(.conflict, reason: req.text("import.notAwaiting")) }
        try await requireFiles(of: job, req)
        try await markQueued(job, on: req.db)
        try start(req, job: job, confirm: true)
        return req.redirect(to: "/imports/\(try job.requireID())")
    }

    func validOnly(req: Request) async throws -> Response {
        let job = try await findJob(req)
        guard job.stateCode == .refused else { throw Abort(.conflict, reason: req.text("import.notRefused")) }
        try await requireFiles(of: job, req)
        job.validOnly = true
        try await markQueued(job, on: req.db)
        try start(req, job: job, confirm: false)
        return req.redirect(to: "/imports/\(try job.requireID())")
    }

    static let maximumMappingName = 100

    /// Adds what a person chose for the file's own headings and words to the job's mapping,
    /// keeps it under a name if one is given, and checks the files again.
    func applyMapping(req: Request) async throws -> Response {
        let job = try await findJob(req)
        guard job.stateCode == .refused else { throw Abort(.conflict, reason: req.text("import.notRefused")) }
        try await requireFiles(of: job, req)
        let choices = try req.content.decode(ColumnMappingForm.Choices.self)
        let name = choices.name?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard name.count <= Self.maximumMappingName else {
            throw Abort(.badRequest, reason: req.text("mapping.nameTooLong", ["maximum": String(Self.maximumMappingName)]))
        }
        let mapping = String(decoding: try JSONEncoder().encode(choices.applied(to: job.columnMapping)), as: UTF8.self)
        job.mapping = mapping
        let actor = try req.auditActor
        try await req.db.transaction { db in
            if !name.isEmpty {
                let saved = try await SavedColumnMapping.query(on: db).filter(\.$name == name).first() ?? SavedColumnMapping(name: name, mapping: mapping, by: actor)
                saved.mapping = mapping
                try await saved.save(on: db)
            }
            try await markQueued(job, on: db)
        }
        try start(req, job: job, confirm: false)
        return req.redirect(to: "/imports/\(try job.requireID())")
    }

    /// Starts again a job that failed or was cut off; nothing of it was written (one transaction).
    func restart(req: Request) async throws -> Response {
        let job = try await findJob(req)
        let interrupted = await isInterrupted(job, req)
        guard job.stateCode == .failed || interrupted else { throw Abort(.conflict, reason: req.text("import.notRestartable")) }
        try await requireFiles(of: job, req)
        try await markQueued(job, on: req.db)
        try start(req, job: job, confirm: false)
        return req.redirect(to: "/imports/\(try job.requireID())")
    }

    /// The error report's columns, then one row per problem, in the user's language.
    private func issueReport(_ job: ImportJob, _ req: Request) -> (header: [String], rows: [ImportIssue]) {
        (["sheet", "row", "column", "value", "householdCode", "message"].map { req.text("import.issue.\($0)") }, Self.issues(of: job))
    }

    func issuesCSV(req: Request) async throws -> Response {
        let job = try await findJob(req)
        let report = issueReport(job, req)
        var writer = CSVWriter(byteOrderMark: true)
        writer.write(report.header)
        for issue in report.rows {
            writer.write([issue.sheet, String(issue.row), issue.column, issue.value, issue.householdCode ?? "",
                          Translations.render(issue.message, in: req.language)])
        }
        return try download(Data(writer.takeBytes()), of: job, type: HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"]),
                            extension: "csv")
    }

    /// The same report as a workbook: rows as numbers, values as text (as the file had them).
    func issuesXLSX(req: Request) async throws -> Response {
        let job = try await findJob(req)
        let report = issueReport(job, req)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("donghanh-issues-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let workbook = try WorkbookWriter(url: url)
        let widths = [18.0, 8, 24, 24, 16, 60]
        let layout = SheetLayout(columns: widths.map { ColumnLayout(width: $0, isText: $0 != 8) }, frozenRows: 1)
        try workbook.addSheet(named: req.text("import.issues"), layout: layout) { writer in
            try writer.appendHeaderRow(report.header)
            for issue in report.rows {
                try writer.appendRow([.text(issue.sheet), .number(Double(issue.row)), .text(issue.column), .text(issue.value),
                                      .text(issue.householdCode ?? ""), .text(Translations.render(issue.message, in: req.language))])
            }
        }
        try workbook.finish()
        return try download(try Data(contentsOf: url), of: job, type: HouseholdWorkbook.mediaType, extension: "xlsx")
    }

    private func download(_ data: Data, of job: ImportJob, type: HTTPMediaType, extension fileExtension: String) throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = type
        headers.contentDisposition = .init(.attachment, filename: "loi-nhap-\(try job.requireID().uuidString.prefix(8)).\(fileExtension)")
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// The empty workbook to fill in: Vietnamese headings, drop-down lists of the labels.
    func template(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HouseholdWorkbook.mediaType
        headers.contentDisposition = .init(.attachment, filename: "mau-nhap-ho-gia-dinh.xlsx")
        return Response(status: .ok, headers: headers, body: .init(data: try await HouseholdWorkbook.template()))
    }

    // MARK: helpers

    private func start(_ req: Request, job: ImportJob, confirm: Bool) throws {
        let runner = ImportRunner(app: req.application)
        let jobID = try job.requireID()
        Task.detached { await runner.run(jobID: jobID, confirm: confirm) }
    }

    private static func filesDeletedText(_ req: Request) -> String {
        req.text("import.filesDeleted", ["days": String(ImportFileStore.unwrittenKeptDays)])
    }

    /// A job whose files were deleted cannot be checked or written again.
    private func requireFiles(of job: ImportJob, _ req: Request) async throws {
        guard try await ImportFileStore.hasBytes(job, on: req.db) else { throw Abort(.conflict, reason: Self.filesDeletedText(req)) }
    }

    private func markQueued(_ job: ImportJob, on db: any Database) async throws {
        job.state = ImportState.queued.rawValue
        job.heartbeatAt = Date()
        job.failure = nil
        try await job.save(on: db)
    }

    /// A working job that no instance has reported on for a while. One running here is alive
    /// whatever its row says: on SQLite the row is not written while the import's transaction is open.
    private func isInterrupted(_ job: ImportJob, _ req: Request) async -> Bool {
        guard job.stateCode.isWorking, let id = job.id, await req.application.importBoard.progress(of: id) == nil else { return false }
        return job.heartbeatAt.map { Date().timeIntervalSince($0) > Self.heartbeatTimeout } ?? true
    }

    private func displayState(_ job: ImportJob, _ req: Request) async -> ImportState {
        await isInterrupted(job, req) ? .failed : job.stateCode
    }

    /// The user's own jobs; an administrator sees every job.
    private func visibleJobs(_ req: Request) throws -> QueryBuilder<ImportJob> {
        let user = try req.currentUser
        let query = ImportJob.query(on: req.db)
        return user.roleCode == .administrator ? query : query.filter(\.$createdByID == user.id)
    }

    private func findJob(_ req: Request) async throws -> ImportJob {
        guard let id = req.parameters.get("job").flatMap(UUID.init(uuidString:)),
              let job = try await visibleJobs(req).filter(\.$id == id).first() else { throw Abort(.notFound) }
        return job
    }

    static func issues(of job: ImportJob) -> [ImportIssue] {
        job.issues.flatMap { try? JSONDecoder().decode([ImportIssue].self, from: Data($0.utf8)) } ?? []
    }
}

extension Application {
    private struct ImportMaximumUploadKey: StorageKey {
        typealias Value = Int
    }

    /// The most bytes one upload may send (256 MB: a province's workbook is about 120 MB).
    /// Tests make it small.
    var importMaximumUpload: Int {
        get { storage[ImportMaximumUploadKey.self] ?? 256 << 20 }
        set { storage[ImportMaximumUploadKey.self] = newValue }
    }

    var importMaximumUploadText: String {
        importMaximumUpload >= 1 << 20 ? "\(importMaximumUpload >> 20) MB" : "\(importMaximumUpload) byte"
    }
}
