import Domain
import Fluent
import Vapor

/// `donghanh import FILE… [--members FILE] [--valid-only] [--confirm]`: reads and checks the files, prints what would
/// be created, updated or held back and every bad cell, and with `--confirm` writes them, showing
/// progress on the terminal. Without `--confirm` the checked job waits on `/imports` for a person
/// to confirm. Recorded in the audit log as the operator at the terminal.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "files", help: "an .xlsx workbook, a households.csv + members.csv pair, or .json/.jsonl files")
        var first: String
        @Option(name: "members", help: "the members CSV, when the first file is the households CSV")
        var members: String?
        @Flag(name: "valid-only", help: "import the valid households and leave out the others")
        var validOnly: Bool
        @Flag(name: "confirm", help: "write at once when the check passes")
        var confirm: Bool
    }

    var help: String { "Import households from XLSX, CSV or JSON" }

    static let printedIssues = 50

    func run(using context: CommandContext, signature: Signature) async throws {
        let paths = [signature.first] + (signature.members.map { [$0] } ?? [])
        let pieces = try paths.map { path in
            guard let handle = FileHandle(forReadingAtPath: path) else { throw CommandLineError(Message("import.cannotOpen", ["file": path])) }
            return FilePieces(handle: handle)
        }
        let app = context.application
        let names = paths.map { ($0 as NSString).lastPathComponent }
        let job = ImportJob(files: names, validOnly: signature.validOnly, by: .terminal, at: Date())
        try await app.db.transaction { db in
            try await ImportFileStore.deleteBytesOfLeftJobs(on: db)
            try await job.create(on: db)
            for position in paths.indices {
                _ = try await ImportFileStore.store(name: names[position], position: position, of: try job.requireID(),
                                                    from: pieces[position], on: db)
            }
        }
        let jobID = try job.requireID()
        let runner = ImportRunner(app: app)
        let board = app.importBoard
        let console = context.console
        let printer = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(500))
                guard let progress = await board.progress(of: jobID) else { continue }
                let line = Translations.render(Message("import.terminalProgress", [
                    "state": Translations.text("import.state.\(progress.state.rawValue)", in: .vi),
                    "done": String(progress.done), "total": String(progress.total),
                ]), in: .vi)
                console.output("\r\(line)".consoleText(), newLine: false)
            }
        }
        await runner.run(jobID: jobID, confirm: signature.confirm)
        printer.cancel()
        context.console.print()
        try await report(jobID, on: app.db, console: context.console)
    }

    private func report(_ jobID: UUID, on db: any Database, console: any Console) async throws {
        guard let job = try await ImportJob.find(jobID, on: db) else { return }
        let say: (String, [String: String]) -> Void = { key, parameters in console.print(Translations.render(Message(key, parameters), in: .vi)) }
        if let summary = job.summary.flatMap({ try? JSONDecoder().decode(ImportSummary.self, from: Data($0.utf8)) }) {
            say("import.terminalSummary", ["rows": String(summary.rows), "creates": String(summary.creates), "updates": String(summary.updates),
                                           "duplicates": String(summary.duplicates.count), "issues": String(job.issueCount)])
            for duplicate in summary.duplicates.prefix(Self.printedIssues) {
                say("import.terminalDuplicate", ["code": duplicate.code, "matched": duplicate.matchedCode, "reason": Translations.text(duplicate.reasonKey, in: .vi)])
            }
        }
        for issue in ImportController.issues(of: job).prefix(Self.printedIssues) {
            say(issue.value.isEmpty ? "import.terminalIssue" : "import.terminalIssueWithValue",
                ["sheet": issue.sheet, "row": String(issue.row), "column": issue.column, "value": issue.value,
                 "message": Translations.render(issue.message, in: .vi)])
        }
        switch job.stateCode {
        case .done:
            say("import.terminalDone", ["id": jobID.uuidString])
        case .awaitingConfirmation:
            say("import.terminalAwaiting", ["id": jobID.uuidString])
        case .refused:
            throw CommandLineError(job.failure.map { Message("import.terminalRefusedBecause", ["reason": $0]) } ?? Message("import.terminalRefused"))
        default:
            throw CommandLineError(Message("import.terminalFailed", ["reason": job.failure ?? ""]))
        }
    }
}

/// A file on disk as a sequence of pieces; the handle is closed at the end.
struct FilePieces: AsyncSequence, AsyncIteratorProtocol {
    let handle: FileHandle

    func makeAsyncIterator() -> FilePieces { self }

    func next() async throws -> Data? {
        guard let piece = try handle.read(upToCount: ImportFileStore.partSize), !piece.isEmpty else {
            try handle.close()
            return nil
        }
        return piece
    }
}

