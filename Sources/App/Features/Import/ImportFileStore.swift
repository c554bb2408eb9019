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
        let file = ImportFile(jobID: jobID, position: position, name: name)
        try await file.create(on: db)
        file.size = try await storeParts(of: try file.requireID(), from: pieces, on: db)
        try await file.save(on: db)
        return file
    }

    static func store(name: String, position: Int, of jobID: UUID, content: Data, on db: any Database) async throws -> ImportFile {
        try await store(name: name, position: position, of: jobID, from: AsyncPieces([content]), on: db)
    }

    /// Stores the bytes of `pieces` as parts of the file; returns their size.
    static func storeParts<Pieces: Sequence>(of fileID: UUID, from pieces: Pieces, on db: any Database) async throws -> Int
        where Pieces.Element == Data {
        try await storeParts(of: fileID, from: AsyncPieces(pieces), on: db)
    }

    static func storeParts<Pieces: AsyncSequence>(of fileID: UUID, from pieces: Pieces, on db: any Database) async throws -> Int
        where Pieces.Element == Data {
        var pending = Data()
        var sequence = 0
        var size = 0
        for try await piece in pieces {
            pending.append(piece)
            size += piece.count
            while pending.count >= partSize {
                try await ImportFilePart(fileID: fileID, sequence: sequence, bytes: pending.prefix(partSize)).create(on: db)
                pending = Data(pending.dropFirst(partSize))
                sequence += 1
            }
        }
        if !pending.isEmpty || sequence == 0 {
            try await ImportFilePart(fileID: fileID, sequence: sequence, bytes: pending).create(on: db)
        }
        return size
    }
}

/// A sequence at hand, as an asynchronous one.
private struct AsyncPieces<Base: Sequence>: AsyncSequence where Base.Element == Data {
    typealias Element = Data
    let base: Base

    init(_ base: Base) { self.base = base }

    struct Iterator: AsyncIteratorProtocol {
        var base: Base.Iterator
        mutating func next() async -> Data? { base.next() }
    }

    func makeAsyncIterator() -> Iterator { Iterator(base: base.makeIterator()) }
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

    /// The whole file, for readers that need it at once (XLSX opens a ZIP archive).
    mutating func all() async throws -> Data {
        var data = Data(capacity: file.size)
        while let part = try await next() { data.append(contentsOf: part) }
        return data
    }
}
