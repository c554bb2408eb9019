import Fluent
import Foundation

/// Keeps an import's files in the database, in parts, and reads them back a part at a time.
enum ImportFileStore {
    /// Large enough that a province's file takes a few hundred statements, small enough that
    /// reading holds little.
    static let partSize = 1 << 20

    /// Stores a file of the job read from `pieces` (any sizes), returning the stored file.
    static func store<Pieces: AsyncSequence>(name: String, position: Int, of jobID: UUID, from pieces: Pieces, on db: any Database)
        async throws -> ImportFile where Pieces.Element == Data {
        var writer = try await ImportFileWriter(name: name, position: position, of: jobID, on: db)
        for try await piece in pieces { try await writer.append(piece, on: db) }
        return try await writer.finish(on: db)
    }

    /// Stores the bytes of `pieces` as parts of a file already stored without them; returns their size.
    static func storeParts(of fileID: UUID, from pieces: [Data], on db: any Database) async throws -> Int {
        var parts = ImportFileParts(fileID: fileID)
        for piece in pieces { try await parts.append(piece, on: db) }
        return try await parts.finish(on: db)
    }
}

/// A file of a job stored as its bytes come, in parts of `ImportFileStore.partSize`.
struct ImportFileWriter {
    let file: ImportFile
    private var parts: ImportFileParts

    init(name: String, position: Int, of jobID: UUID, on db: any Database) async throws {
        file = ImportFile(jobID: jobID, position: position, name: name)
        try await file.create(on: db)
        parts = ImportFileParts(fileID: try file.requireID())
    }

    mutating func append(_ bytes: Data, on db: any Database) async throws {
        try await parts.append(bytes, on: db)
    }

    /// Stores the last part and the file's size.
    mutating func finish(on db: any Database) async throws -> ImportFile {
        file.size = try await parts.finish(on: db)
        try await file.save(on: db)
        return file
    }
}

/// The parts of one file, each stored once full. Each byte is copied once, into the part being
/// filled: cutting parts off the front of a growing buffer copied what was left after every part
/// (quadratic in one large piece).
struct ImportFileParts {
    let fileID: UUID
    private var pending = Data(capacity: ImportFileStore.partSize)
    private var sequence = 0
    private var size = 0

    init(fileID: UUID) { self.fileID = fileID }

    mutating func append(_ bytes: Data, on db: any Database) async throws {
        size += bytes.count
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let taken = min(ImportFileStore.partSize - pending.count, bytes.endIndex - offset)
            pending.append(bytes[offset ..< offset + taken])
            offset += taken
            if pending.count == ImportFileStore.partSize { try await storePending(on: db) }
        }
    }

    /// Stores what is left (an empty file gets one empty part); returns the file's size.
    mutating func finish(on db: any Database) async throws -> Int {
        if !pending.isEmpty || sequence == 0 { try await storePending(on: db) }
        return size
    }

    private mutating func storePending(on db: any Database) async throws {
        try await ImportFilePart(fileID: fileID, sequence: sequence, bytes: pending).create(on: db)
        pending = Data(capacity: ImportFileStore.partSize)
        sequence += 1
    }
}

/// An uploaded copy of ID numbers, ethnicity, religion and disability is kept no longer than it
/// serves (Law 91/2025 asks that personal data be kept no longer than needed; a province's
/// files are 190 MB besides): deleted once the households are written, or once the job has been
/// left unwritten for `unwrittenKeptDays`. The files' names and sizes stay on the job.
extension ImportFileStore {
    /// Long enough for a commune to fix its file over a review season's weeks.
    static let unwrittenKeptDays = 30

    /// Called in the transaction that writes the job's households.
    static func deleteBytes(of files: [ImportFile], on db: any Database) async throws {
        try await deleteBytes(ofFiles: try files.map { try $0.requireID() }, on: db)
    }

    /// The files of jobs not written and not worked on for `unwrittenKeptDays` before `now`
    /// (checked, refused, failed or cut off; a running job reports far more often).
    static func deleteBytesOfLeftJobs(now: Date = Date(), on db: any Database) async throws {
        let cutoff = now.addingTimeInterval(-TimeInterval(unwrittenKeptDays) * 86_400)
        let jobs = try await ImportJob.query(on: db)
            .filter(\.$state != ImportState.done.rawValue)
            .group(.or) { left in
                left.filter(\.$heartbeatAt < cutoff)
                left.group(.and) { $0.filter(\.$heartbeatAt == nil).filter(\.$createdAt < cutoff) }
            }
            .all(\.$id)
        guard !jobs.isEmpty else { return }
        try await deleteBytes(ofFiles: try await ImportFile.query(on: db).filter(\.$job.$id ~~ jobs).all(\.$id), on: db)
    }

    /// Whether the job's files can still be read (some part of them is stored).
    static func hasBytes(_ job: ImportJob, on db: any Database) async throws -> Bool {
        let files = try await ImportFile.query(on: db).filter(\.$job.$id == job.requireID()).all(\.$id)
        guard !files.isEmpty else { return false }
        return try await ImportFilePart.query(on: db).filter(\.$file.$id ~~ files).count() > 0
    }

    private static func deleteBytes(ofFiles ids: [UUID], on db: any Database) async throws {
        guard !ids.isEmpty else { return }
        try await ImportFilePart.query(on: db).filter(\.$file.$id ~~ ids).delete()
    }
}

/// A stored file's bytes, fetched a part at a time.
struct ImportFileBytes {
    let file: ImportFile
    let db: any Database
    private var nextSequence = 0
    /// Bytes handed out so far: with `file.size`, how far reading has come.
    private(set) var consumed = 0

    init(_ file: ImportFile, on db: any Database) {
        self.file = file
        self.db = db
    }

    /// The next part, or nil after the last.
    mutating func next() async throws -> [UInt8]? {
        guard let part = try await ImportFilePart.query(on: db)
            .filter(\.$file.$id == file.requireID()).filter(\.$sequence == nextSequence).first() else { return nil }
        nextSequence += 1
        consumed += part.bytes.count
        return [UInt8](part.bytes)
    }
}
