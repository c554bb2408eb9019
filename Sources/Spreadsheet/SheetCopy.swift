import Foundation

/// Copies a sheet that waited in a file of its own into an archive entry, its deflated bytes as
/// they are, a piece at a time (so that a streamed workbook can send each piece on). The file is
/// closed with the copy.
final class SheetCopy {
    private let sheet: SheetWriter
    private let url: URL
    private let file: FileHandle
    private let archive: ZipStream
    private static let pieceSize = 1 << 20

    /// Finishes `sheet` and starts its entry at `path`.
    init(_ sheet: SheetWriter, as path: String, into archive: ZipStream) throws {
        guard let url = sheet.fileURL else { preconditionFailure("a sheet copied in waits in a file") }
        try sheet.finish()
        self.sheet = sheet
        self.url = url
        self.archive = archive
        file = try SpreadsheetError.reportingWriteFailure(of: url) { try FileHandle(forReadingFrom: url) }
        try archive.beginDeflatedEntry(path)
    }

    /// Copies the next piece: false once the entry is complete.
    func copyPiece() throws -> Bool {
        let piece = try SpreadsheetError.reportingWriteFailure(of: url) { try file.read(upToCount: Self.pieceSize) } ?? Data()
        guard piece.isEmpty else {
            archive.writeDeflated(piece)
            return true
        }
        guard let deflated = sheet.deflated else { preconditionFailure("a finished sheet has its summary") }
        try archive.endEntry(deflated: deflated)
        return false
    }

    deinit { try? file.close() }
}
