import Domain
import Fluent
import SQLKit
import Vapor

/// One import of household files. Its state lives in the database, so that any app instance
/// can show its progress and a job cut off midway can be started again; the files are kept
/// with it (`ImportFile`) for the same reason.
final class ImportJob: Model, @unchecked Sendable {
    static let schema = "import_jobs"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "created_by_id") var createdByID: UUID?
    @Field(key: "created_by_name") var createdByName: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "state") var state: String
    @Field(key: "file_names") var fileNames: String
    /// Import the valid households and leave out the others, instead of refusing the whole file.
    @Field(key: "valid_only") var validOnly: Bool
    @Field(key: "rows_total") var rowsTotal: Int
    @Field(key: "rows_done") var rowsDone: Int
    /// When the current phase began (for rows/s and time left) and when the worker last reported.
    @OptionalField(key: "phase_started_at") var phaseStartedAt: Date?
    @OptionalField(key: "heartbeat_at") var heartbeatAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?
    /// `ImportSummary` as JSON once the files are checked.
    @OptionalField(key: "summary") var summary: String?
    /// Every problem found (`[ImportIssue]` as JSON), for the page and the downloadable report.
    @OptionalField(key: "issues") var issues: String?
    @Field(key: "issue_count") var issueCount: Int
    @OptionalField(key: "failure") var failure: String?
    /// `ColumnMapping` as JSON: how the files' own headings and words map onto the template.
    @OptionalField(key: "mapping") var mapping: String?

    init() {}

    init(files: [String], validOnly: Bool, by actor: AuditActor, at date: Date) {
        self.createdByID = actor.userID
        self.createdByName = actor.name
        self.createdAt = date
        self.state = ImportState.queued.rawValue
        self.fileNames = files.joined(separator: ", ")
        self.validOnly = validOnly
        self.rowsTotal = 0
        self.rowsDone = 0
        self.issueCount = 0
    }

    var stateCode: ImportState { ImportState(rawValue: state) ?? .failed }

    var columnMapping: ColumnMapping {
        mapping.flatMap { try? JSONDecoder().decode(ColumnMapping.self, from: Data($0.utf8)) } ?? ColumnMapping()
    }
}

/// queued → checking → awaitingConfirmation (or refused) → writing → done (or refused, if the
/// files changed their answer meanwhile); failed on an unexpected error. Only `writing` changes
/// households, in one transaction.
enum ImportState: String, Codable, CaseIterable, Sendable {
    case queued, checking, awaitingConfirmation, refused, writing, done, failed

    var isWorking: Bool { [.queued, .checking, .writing].contains(self) }
}

/// An uploaded file of a job. Its bytes are kept in parts (`ImportFilePart`), so that neither
/// storing nor reading a province's file holds it whole in memory.
final class ImportFile: Model, @unchecked Sendable {
    static let schema = "import_files"

    @ID(key: .id) var id: UUID?
    @Parent(key: "job_id") var job: ImportJob
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "size") var size: Int

    init() {}

    init(jobID: UUID, position: Int, name: String) {
        self.$job.id = jobID
        self.position = position
        self.name = name
        self.size = 0
    }
}

/// One part of an uploaded file, in order of `sequence` from 0.
final class ImportFilePart: Model, @unchecked Sendable {
    static let schema = "import_file_parts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "file_id") var file: ImportFile
    @Field(key: "sequence") var sequence: Int
    @Field(key: "bytes") var bytes: Data

    init() {}

    init(fileID: UUID, sequence: Int, bytes: Data) {
        self.$file.id = fileID
        self.sequence = sequence
        self.bytes = bytes
    }
}

struct CreateImportJobs: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ImportJob.schema)
            .id()
            .field("created_by_id", .uuid)
            .field("created_by_name", .string, .required)
            .field("created_at", .datetime, .required)
            .field("state", .string, .required)
            .field("file_names", .string, .required)
            .field("valid_only", .bool, .required)
            .field("rows_total", .int, .required)
            .field("rows_done", .int, .required)
            .field("phase_started_at", .datetime)
            .field("heartbeat_at", .datetime)
            .field("finished_at", .datetime)
            .field("summary", .string)
            .field("issues", .string)
            .field("issue_count", .int, .required)
            .field("failure", .string)
            .create()
        try await database.schema(ImportFile.schema)
            .id()
            .field("job_id", .uuid, .required, .references(ImportJob.schema, "id"))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("content", .data, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportFile.schema).delete()
        try await database.schema(ImportJob.schema).delete()
    }
}

/// Moves the files' bytes from one column into parts of `ImportFileStore.partSize`.
struct StoreImportFilesInParts: AsyncMigration {
    private struct Stored: Decodable {
        let id: UUID
        let content: Data
    }

    func prepare(on database: any Database) async throws {
        try await database.schema(ImportFilePart.schema)
            .id()
            .field("file_id", .uuid, .required, .references(ImportFile.schema, "id"))
            .field("sequence", .int, .required)
            .field("bytes", .data, .required)
            .unique(on: "file_id", "sequence")
            .create()
        try await database.schema(ImportFile.schema).field("size", .int, .required, .sql(.default(0))).update()
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError, reason: "an SQL database is needed") }
        for stored in try await sql.select().columns("id", "content").from(ImportFile.schema).all(decoding: Stored.self) {
            let size = try await ImportFileStore.storeParts(of: stored.id, from: [stored.content], on: database)
            try await sql.update(ImportFile.schema).set("size", to: size).where("id", .equal, stored.id).run()
        }
        try await database.schema(ImportFile.schema).deleteField("content").update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportFile.schema).field("content", .data).update()
        try await database.schema(ImportFile.schema).deleteField("size").update()
        try await database.schema(ImportFilePart.schema).delete()
    }
}

/// A commune's (or unit's) column mapping kept under a name, to apply to its next files.
final class SavedColumnMapping: Model, @unchecked Sendable {
    static let schema = "column_mappings"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    /// `ColumnMapping` as JSON.
    @Field(key: "mapping") var mapping: String
    @Field(key: "created_by_name") var createdByName: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(name: String, mapping: String, by actor: AuditActor) {
        self.name = name
        self.mapping = mapping
        self.createdByName = actor.name
    }
}

struct CreateColumnMappings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SavedColumnMapping.schema)
            .id()
            .field("name", .string, .required)
            .field("mapping", .string, .required)
            .field("created_by_name", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "name")
            .create()
        try await database.schema(ImportJob.schema).field("mapping", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImportJob.schema).deleteField("mapping").update()
        try await database.schema(SavedColumnMapping.schema).delete()
    }
}
