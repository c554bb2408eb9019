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

/// What an import's files came to, added up chunk by chunk.
struct ImportTally: Sendable {
    var rows = 0
    var creates = 0
    var updates = 0
    var duplicates: [ImportPlan.Duplicate] = []
    var issues: [ImportIssue] = []
    var createSample: [String] = []
    var updateSample: [String] = []
    /// Codes of the households written, once the write is kept.
    var writtenCodes: [String] = []
    var wasWritten = false
    static let samples = 100

    mutating func add(_ plan: ImportPlan, of chunk: ImportChunk, written: Bool) {
        rows += chunk.rowCount
        creates += plan.creates.count
        updates += plan.updates.count
        duplicates += plan.duplicates
        issues += plan.issues
        let codes = (created: plan.creates.map { chunk.records[$0.index].code }, updated: plan.updates.map { chunk.records[$0.index].code })
        createSample += codes.created.prefix(Self.samples - createSample.count)
        updateSample += codes.updated.prefix(Self.samples - updateSample.count)
        if written { writtenCodes += codes.created + codes.updated }
    }

    /// All or nothing unless only the valid households were asked for.
    func refuses(validOnly: Bool) -> Bool { !issues.isEmpty && !validOnly }

    var summary: ImportSummary {
        ImportSummary(rows: rows, validHouseholds: creates + updates + duplicates.count, creates: creates, updates: updates,
                      duplicates: duplicates, createSample: createSample, updateSample: updateSample,
                      created: wasWritten ? creates : nil, updated: wasWritten ? updates : nil)
    }
}

/// Runs an import job: reads and checks its files a chunk at a time (then waits for a person to
/// confirm, or is refused), or, once confirmed, reads, checks and writes them in one
/// transaction that is rolled back if the check refuses them. Progress goes to the job's row,
/// which every app instance reads, and to `ImportBoard` for this instance.
struct ImportRunner: Sendable {
    let db: any Database
    let threadPool: NIOThreadPool
    let board: ImportBoard
    /// SQLite has one writer at a time: while the import's transaction is open, progress is kept
    /// in this instance only (the embedded database serves one instance anyway).
    let reportsDuringTransaction: Bool
    let chunkSize: Int
    let registryHeldInMemory: Int

    init(app: Application) {
        self.db = app.db
        self.threadPool = app.threadPool
        self.board = app.importBoard
        self.reportsDuringTransaction = app.databases.ids().contains(.psql)
        self.chunkSize = app.importChunkSize
        self.registryHeldInMemory = app.importRegistryHeldInMemory
    }

    /// The job and what it needs, for one run.
    private struct Run: Sendable {
        let job: ImportJob
        let jobID: UUID
        let files: [ImportFile]
        let scope: AccessScope
        let actor: AuditActor
        let today: LocalDate
    }

    /// The check refused a write: the transaction is rolled back with this.
    private struct RolledBack: Error {
        let tally: ImportTally
    }

    /// Checks the job's files and, when `confirm` is true, writes them if the check allows it.
    /// Any failure is recorded on the job rather than thrown.
    func run(jobID: UUID, confirm: Bool) async {
        defer { FreedMemory.giveBack() }
        do {
            guard let job = try await ImportJob.find(jobID, on: db) else { return }
            let run = Run(job: job, jobID: jobID, files: try await ImportFile.query(on: db).filter(\.$job.$id == jobID).sort(\.$position).all(),
                          scope: try await scope(of: job), actor: AuditActor(userID: job.createdByID, name: job.createdByName), today: Clock.today)
            try await enter(confirm ? .writing : .checking, job: job)
            let tally: ImportTally
            do {
                do {
                    tally = try await pass(run, writing: confirm, wholeFile: false)
                } catch is MembersOutOfOrder {
                    tally = try await pass(run, writing: confirm, wholeFile: true)
                }
            } catch let error as ImportFileError {
                return try await finish(job, state: .refused, failure: Translations.render(error.message, in: .vi))
            }
            job.summary = try encoded(tally.summary)
            job.issues = try encoded(tally.issues.sorted { ($0.sheet, $0.row) < ($1.sheet, $1.row) })
            job.issueCount = tally.issues.count
            job.rowsDone = tally.rows
            job.rowsTotal = tally.rows
            let state: ImportState = tally.refuses(validOnly: job.validOnly) ? .refused : tally.wasWritten ? .done : .awaitingConfirmation
            try await finish(job, state: state)
        } catch {
            if let job = try? await ImportJob.find(jobID, on: db) {
                try? await finish(job, state: .failed, failure: String(reflecting: error))
            }
        }
    }

    /// One reading of the files: a check, or a write in one transaction.
    private func pass(_ run: Run, writing: Bool, wholeFile: Bool) async throws -> ImportTally {
        guard writing else { return try await read(run, writing: false, wholeFile: wholeFile, on: db) }
        do {
            return try await db.transaction { db in
                // A write first, that changes nothing: on SQLite the transaction then holds the
                // write lock from its start, so that no write elsewhere can outdate what it reads.
                // (Not the job's row: progress is written to it from outside the transaction.)
                if let file = run.files.first {
                    try await ImportFile.query(on: db).filter(\.$id == file.requireID()).set(\.$size, to: file.size).update()
                }
                var tally = try await read(run, writing: true, wholeFile: wholeFile, on: db)
                guard !tally.refuses(validOnly: run.job.validOnly) else { throw RolledBack(tally: tally) }
                try await ImportWriter.recordInAudit(tally, jobID: run.jobID, fileNames: run.job.fileNames, by: run.actor, on: db)
                try await ImportFileStore.deleteBytes(of: run.files, on: db)
                tally.wasWritten = true
                return tally
            }
        } catch let rolledBack as RolledBack {
            var tally = rolledBack.tally
            tally.writtenCodes = []
            return tally
        }
    }

    /// Reads the files a chunk at a time, checks each chunk and, when `writing`, writes it while
    /// nothing refuses the import. Three things go on at once: the next chunk is decoded and
    /// checked, this one is made into rows, and the one before is inserted (and then released,
    /// off this task). (The database connection takes queries from several tasks: SQLite's is
    /// opened serialized.)
    private func read(_ run: Run, writing: Bool, wholeFile: Bool, on db: any Database) async throws -> ImportTally {
        let producer = CheckedChunks(try await ImportSources.open(run.files, mapping: run.job.columnMapping, on: db, today: run.today,
                                                                  chunkSize: wholeFile ? .max : chunkSize),
                                     checker: try await ImportChecker(scope: run.scope, heldUpTo: registryHeldInMemory,
                                                                     locksUpdated: writing, on: db))
        var tally = ImportTally()
        let progress = ProgressReporter(runner: self, jobID: run.jobID)
        let writer = writing ? try await BulkWriter.within(db, threadPool: threadPool) : nil
        var upcoming = Task { try await producer.next() }
        var inserting: Task<Void, any Error>?
        var ids = TimeOrderedIDs()
        defer { upcoming.cancel() }
        do {
            while let (chunk, plan) = try await upcoming.value {
                let chunkIsWritten = run.job.validOnly || (tally.issues.isEmpty && plan.issues.isEmpty)
                // The next chunk is checked against the registry as this one leaves it: after this
                // one's updates (which may add ID numbers or change heads), while its new rows,
                // which the check keeps track of itself, are still being inserted.
                let updatesThisChunk = writer != nil && chunkIsWritten && !plan.updates.isEmpty
                if !updatesThisChunk { upcoming = Task { try await producer.next() } }
                if let writer, chunkIsWritten {
                    let rows = try ImportWriter.newRows(plan.creates, of: chunk, scope: run.scope, today: run.today, ids: &ids)
                    try await inserting?.value
                    inserting = Task { [chunk, plan] in
                        try await ImportWriter.insert(rows, with: writer)
                        withExtendedLifetime((chunk, plan)) {}
                    }
                    if !plan.updates.isEmpty {
                        try await inserting?.value
                        try await ImportUpdates.write(plan.updates, of: chunk, today: run.today, ids: &ids, with: writer, on: db)
                    }
                }
                if updatesThisChunk { upcoming = Task { try await producer.next() } }
                tally.add(plan, of: chunk, written: writer != nil && chunkIsWritten)
                await progress.report(done: tally.rows, fractionRead: chunk.fractionRead)
            }
            try await inserting?.value
            writer?.finish()
        } catch {
            // The transaction must not end under a query still running on its connection.
            _ = try? await inserting?.value
            _ = try? await upcoming.value
            writer?.finish()
            throw error
        }
        return tally
    }

    private func scope(of job: ImportJob) async throws -> AccessScope {
        guard let userID = job.createdByID, let user = try await User.find(userID, on: db) else { return .wholeOrganisation }
        return try await AccessScope.of(user, today: Clock.today, on: db)
    }

    private func enter(_ state: ImportState, job: ImportJob) async throws {
        let now = Date()
        job.state = state.rawValue
        job.rowsTotal = 0
        job.rowsDone = 0
        job.phaseStartedAt = now
        job.heartbeatAt = now
        job.failure = nil
        try await job.save(on: db)
        await board.update(ImportBoard.Progress(jobID: try job.requireID(), state: state, done: 0, total: 0, phaseStartedAt: now))
    }

    private func finish(_ job: ImportJob, state: ImportState, failure: String? = nil) async throws {
        job.state = state.rawValue
        job.failure = failure
        job.finishedAt = Date()
        job.heartbeatAt = job.finishedAt
        try await job.save(on: db)
        await board.remove(try job.requireID())
    }

    fileprivate func reportDone(_ done: Int, total: Int, jobID: UUID) async {
        await board.advance(jobID, done: done, total: total)
        guard reportsDuringTransaction else { return }
        try? await ImportJob.query(on: db).filter(\.$id == jobID)
            .set(\.$rowsDone, to: done).set(\.$rowsTotal, to: total).set(\.$heartbeatAt, to: Date()).update()
    }

    private func encoded(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}

/// One reading of the files, decoded and checked a chunk at a time, passed from task to task so
/// that the next chunk is decoded and checked while one is written. Unchecked: a chunk is asked
/// for only once the one before it has arrived, so no two tasks use the source or the checker
/// at once.
private final class CheckedChunks: @unchecked Sendable {
    private var source: any ImportSource
    private var checker: ImportChecker

    init(_ source: any ImportSource, checker: ImportChecker) {
        self.source = source
        self.checker = checker
    }

    func next() async throws -> (ImportChunk, ImportPlan)? {
        guard let chunk = try await source.next() else { return nil }
        return (chunk, try await checker.plan(chunk))
    }
}

/// Passes progress on at most every half second: the board and the job's row are not written
/// per chunk. The total is estimated from how much of the files is read.
private actor ProgressReporter {
    let runner: ImportRunner
    let jobID: UUID
    private var lastReport = Date.distantPast

    init(runner: ImportRunner, jobID: UUID) {
        self.runner = runner
        self.jobID = jobID
    }

    func report(done: Int, fractionRead: Double) async {
        let now = Date()
        guard now.timeIntervalSince(lastReport) >= 0.5 else { return }
        lastReport = now
        let total = fractionRead > 0 ? max(done, Int((Double(done) / fractionRead).rounded())) : done
        await runner.reportDone(done, total: total, jobID: jobID)
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
    func advance(_ jobID: UUID, done: Int, total: Int) {
        running[jobID]?.done = done
        running[jobID]?.total = total
    }
    func remove(_ jobID: UUID) { running[jobID] = nil }
    func progress(of jobID: UUID) -> Progress? { running[jobID] }
}

extension Application {
    private struct ImportBoardKey: StorageKey {
        typealias Value = ImportBoard
    }

    private struct ImportChunkSizeKey: StorageKey {
        typealias Value = Int
    }

    /// Households decoded, checked and written at a time: enough that a statement carries
    /// many, few enough to hold little. Tests make it small to cross chunks with few households.
    var importChunkSize: Int {
        get { storage[ImportChunkSizeKey.self] ?? 2_000 }
        set { storage[ImportChunkSizeKey.self] = newValue }
    }

    private struct ImportRegistryHeldKey: StorageKey {
        typealias Value = Int
    }

    /// Up to this many registered households, an import reads the registry's codes and ID
    /// numbers once (a few MB) instead of looking each chunk's up. Tests set 0 to look up.
    var importRegistryHeldInMemory: Int {
        get { storage[ImportRegistryHeldKey.self] ?? 50_000 }
        set { storage[ImportRegistryHeldKey.self] = newValue }
    }

    var importBoard: ImportBoard {
        if let board = storage[ImportBoardKey.self] { return board }
        let board = ImportBoard()
        storage[ImportBoardKey.self] = board
        return board
    }
}
