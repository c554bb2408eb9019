import Domain
import Fluent
import Vapor

/// What the page shows of a checked import.
struct ImportSummary: Codable, Sendable {
    var rows: Int
    var validHouseholds: Int
    var creates: Int
    var updates: Int
    var duplicates: [ImportPlan.Duplicate]
    /// The first codes of each kind, as a preview.
    var createSample: [String]
    var updateSample: [String]
    var created: Int?
    var updated: Int?
}

/// Runs an import job: reads and checks its files (then waits for a person to confirm, or is
/// refused), and writes it once confirmed. Progress goes to the job's row, which every app
/// instance reads, and to `ImportBoard` for this instance.
struct ImportRunner: Sendable {
    let db: any Database
    let board: ImportBoard
    /// SQLite has one writer at a time: while the import's transaction is open, progress is kept
    /// in this instance only (the embedded database serves one instance anyway).
    let reportsDuringTransaction: Bool
    static let samples = 100

    init(app: Application) {
        self.db = app.db
        self.board = app.importBoard
        self.reportsDuringTransaction = app.databases.ids().contains(.psql)
    }

    /// Reads and checks the job's files and, when `confirm` is true and the check allows it,
    /// writes them. Any failure is recorded on the job rather than thrown.
    func run(jobID: UUID, confirm: Bool) async {
        do {
            guard let job = try await ImportJob.find(jobID, on: db) else { return }
            let actor = AuditActor(userID: job.createdByID, name: job.createdByName)
            let scope = try await scope(of: job)
            let today = Clock.today

            try await enter(.reading, job: job, total: 0)
            let files = try await ImportFile.query(on: db).filter(\.$job.$id == jobID).sort(\.$position).all()
            let batch: ImportBatch
            do {
                batch = try ImportReader.read(files.map { ImportReader.File(name: $0.name, content: $0.content) }, today: today)
            } catch {
                return try await finish(job, state: .refused, failure: Translations.render(error.message, in: .vi))
            }

            try await enter(.checking, job: job, total: batch.rowCount)
            let plan = try await ImportChecker.plan(batch, scope: scope, on: db)
            var summary = ImportSummary(
                rows: batch.rowCount, validHouseholds: plan.creates.count + plan.updates.count + plan.duplicates.count,
                creates: plan.creates.count, updates: plan.updates.count, duplicates: plan.duplicates,
                createSample: plan.creates.prefix(Self.samples).map { batch.records[$0.index].code },
                updateSample: plan.updates.prefix(Self.samples).map { batch.records[$0.index].code })
            job.summary = try encoded(summary)
            job.issues = try encoded(plan.issues)
            job.issueCount = plan.issues.count
            job.rowsDone = batch.rowCount
            let refused = !plan.issues.isEmpty && !job.validOnly
            guard confirm, !refused, job.stateCode != .refused else {
                return try await finish(job, state: refused ? .refused : .awaitingConfirmation)
            }

            try await enter(.writing, job: job, total: plan.creates.count + plan.updates.count)
            let progress = ProgressReporter(runner: self, jobID: jobID)
            let outcome = try await ImportWriter.write(plan, of: batch, jobID: jobID, fileNames: job.fileNames, by: actor, scope: scope,
                                                      today: today, on: db, progress: { done in await progress.report(done) })
            summary.created = outcome.created
            summary.updated = outcome.updated
            job.summary = try encoded(summary)
            job.rowsDone = outcome.created + outcome.updated
            try await finish(job, state: .done)
        } catch {
            if let job = try? await ImportJob.find(jobID, on: db) {
                try? await finish(job, state: .failed, failure: String(describing: error))
            }
        }
    }

    private func scope(of job: ImportJob) async throws -> AccessScope {
        guard let userID = job.createdByID, let user = try await User.find(userID, on: db) else { return .wholeOrganisation }
        return try await AccessScope.of(user, today: Clock.today, on: db)
    }

    private func enter(_ state: ImportState, job: ImportJob, total: Int) async throws {
        let now = Date()
        job.state = state.rawValue
        job.rowsTotal = total
        job.rowsDone = 0
        job.phaseStartedAt = now
        job.heartbeatAt = now
        job.failure = nil
        try await job.save(on: db)
        await board.update(ImportBoard.Progress(jobID: try job.requireID(), state: state, done: 0, total: total, phaseStartedAt: now))
    }

    private func finish(_ job: ImportJob, state: ImportState, failure: String? = nil) async throws {
        job.state = state.rawValue
        job.failure = failure
        job.finishedAt = Date()
        job.heartbeatAt = job.finishedAt
        try await job.save(on: db)
        await board.remove(try job.requireID())
    }

    fileprivate func reportDone(_ done: Int, jobID: UUID) async {
        await board.advance(jobID, done: done)
        guard reportsDuringTransaction else { return }
        try? await ImportJob.query(on: db).filter(\.$id == jobID)
            .set(\.$rowsDone, to: done).set(\.$heartbeatAt, to: Date()).update()
    }

    private func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}

/// Passes progress on at most every half second: the board and the job's row are not written per row.
private actor ProgressReporter {
    let runner: ImportRunner
    let jobID: UUID
    private var lastReport = Date.distantPast

    init(runner: ImportRunner, jobID: UUID) {
        self.runner = runner
        self.jobID = jobID
    }

    func report(_ done: Int) async {
        let now = Date()
        guard now.timeIntervalSince(lastReport) >= 0.5 else { return }
        lastReport = now
        await runner.reportDone(done, jobID: jobID)
    }
}

/// Live progress of the imports running in this instance.
actor ImportBoard {
    struct Progress: Sendable {
        let jobID: UUID
        var state: ImportState
        var done: Int
        var total: Int
        var phaseStartedAt: Date
    }

    private var running: [UUID: Progress] = [:]

    func update(_ progress: Progress) { running[progress.jobID] = progress }
    func advance(_ jobID: UUID, done: Int) { running[jobID]?.done = done }
    func remove(_ jobID: UUID) { running[jobID] = nil }
    func progress(of jobID: UUID) -> Progress? { running[jobID] }
}

extension Application {
    private struct ImportBoardKey: StorageKey {
        typealias Value = ImportBoard
    }

    var importBoard: ImportBoard {
        if let board = storage[ImportBoardKey.self] { return board }
        let board = ImportBoard()
        storage[ImportBoardKey.self] = board
        return board
    }
}
