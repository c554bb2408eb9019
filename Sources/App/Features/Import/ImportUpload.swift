import Fluent
import MultipartKit
import Vapor

/// An upload's multipart form, read as it arrives. The request's bytes go to a temporary file
/// rather than memory (a province's workbook is over 100 MB, and several may come at once:
/// collected, parsed and copied, one took the server to 543 MB); the form is then parsed from
/// that file and each file stored in parts as its bytes are reached.
struct ImportUpload {
    /// The stored files' names, in the form's order.
    private(set) var fileNames: [String] = []
    private(set) var validOnly = false
    /// A saved column mapping's ID, when one was chosen.
    private(set) var mappingID: String?

    /// A text field longer than this is no field of the upload form.
    private static let maximumFieldBytes = 1_000

    /// Receives the request's body into a temporary file, refusing it past `maximum` bytes.
    static func receive(_ req: Request, maximum: Int) async throws -> TemporaryFile {
        let spooled = try TemporaryFile(prefix: "donghanh-upload")
        let handle = try FileHandle(forWritingTo: spooled.url)
        defer { try? handle.close() }
        var received = 0
        for try await chunk in req.body {
            received += chunk.readableBytes
            guard received <= maximum else {
                throw Abort(.payloadTooLarge, reason: req.text("import.tooLarge", ["maximum": req.application.importMaximumUploadText]))
            }
            try handle.write(contentsOf: chunk.readableBytesView)
        }
        return spooled
    }

    /// Parses the spooled form and stores its files for the job, within the caller's transaction.
    /// An empty file input is skipped; a file of a kind the import does not read is refused by name.
    static func store(_ body: TemporaryFile, boundary: String, jobID: UUID, req: Request, on db: any Database) async throws -> ImportUpload {
        var upload = ImportUpload()
        var part = PartReader()
        let parser = MultipartParser(boundary: boundary)
        var events: [Event] = []
        parser.onHeader = { name, value in events.append(.header(name, value)) }
        parser.onBody = { buffer in events.append(.body(buffer.readData(length: buffer.readableBytes) ?? Data())) }
        parser.onPartComplete = { events.append(.end) }
        let handle = try FileHandle(forReadingFrom: body.url)
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: ImportFileStore.partSize), !chunk.isEmpty {
            do {
                try parser.execute(ByteBuffer(data: chunk))
            } catch {
                throw Abort(.badRequest, reason: req.text("import.badForm"))
            }
            for event in events {
                switch event {
                case let .header(name, value):
                    part.headers.add(name: name, value: value)
                case let .body(bytes):
                    try await part.take(bytes, upload: &upload, jobID: jobID, req: req, on: db)
                case .end:
                    try await part.end(upload: &upload, jobID: jobID, req: req, on: db)
                    part = PartReader()
                }
            }
            events.removeAll(keepingCapacity: true)
        }
        // A body cut off inside a part: what was stored of it goes with the transaction.
        guard !part.hasBegun else { throw Abort(.badRequest, reason: req.text("import.badForm")) }
        return upload
    }

    private enum Event {
        case header(String, String)
        case body(Data)
        case end
    }

    /// One part of the form, from its headers to its end.
    private struct PartReader {
        private enum Kind {
            case file(name: String)
            /// A file input left empty.
            case noFile
            case field(name: String?)
        }

        var headers = HTTPHeaders()
        /// Told by the headers once, at the part's first bytes: a file's bytes come in many pieces.
        private var kind: Kind?
        private var writer: ImportFileWriter?
        private var field = Data()

        var hasBegun: Bool { !headers.isEmpty }

        private mutating func decided() -> Kind {
            if let kind { return kind }
            let disposition = headers.contentDisposition
            let decided: Kind = disposition?.filename.map { $0.isEmpty ? .noFile : .file(name: $0) } ?? .field(name: disposition?.name)
            kind = decided
            return decided
        }

        mutating func take(_ bytes: Data, upload: inout ImportUpload, jobID: UUID, req: Request, on db: any Database) async throws {
            guard !bytes.isEmpty else { return }
            switch decided() {
            case .noFile:
                return
            case .field:
                field.append(bytes.prefix(max(0, ImportUpload.maximumFieldBytes - field.count)))
            case let .file(name):
                if writer == nil {
                    guard ImportSources.kind(of: name) != nil else {
                        throw Abort(.badRequest, reason: req.text("import.unknownFileKind", ["file": name]))
                    }
                    writer = try await ImportFileWriter(name: name, position: upload.fileNames.count, of: jobID, on: db)
                }
                try await writer?.append(bytes, on: db)
            }
        }

        mutating func end(upload: inout ImportUpload, jobID: UUID, req: Request, on db: any Database) async throws {
            switch decided() {
            case .noFile:
                return
            case .file:
                // A file without bytes is left out, as an empty input is.
                guard var writer else { return }
                upload.fileNames.append(try await writer.finish(on: db).name)
            case let .field(name):
                let value = String(decoding: field, as: UTF8.self)
                switch name {
                case "validOnly": upload.validOnly = value == "true"
                case "mapping": upload.mappingID = value.isEmpty ? nil : value
                default: break
                }
            }
        }
    }
}
