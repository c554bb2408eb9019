import Foundation

/// The rows of one sheet, decompressed and parsed as they are asked for, from `WorkbookReader.rowReader(inSheet:)`.
/// An import reads a workbook's households and members side by side this way, a chunk at a time,
/// instead of holding a province's two sheets whole.
public final class SheetRowReader {
    private let entry: ZipEntryReader
    private var tokenizer: XMLTokenizer
    private var reader: SheetReader
    private var inputEnded = false

    init(entry: ZipEntryReader, part: String, reader: SheetReader) {
        self.entry = entry
        self.tokenizer = XMLTokenizer(part: part)
        self.reader = reader
    }

    /// How much of the sheet's stored (compressed) bytes is read, from 0 to 1.
    public var fractionRead: Double { entry.fractionRead }

    /// The next stored row, or nil after the last.
    public func next() throws -> SheetRow? {
        while true {
            while let token = try tokenizer.next() {
                if let row = try reader.consume(token) { return row }
            }
            if inputEnded { return nil }
            if let piece = try entry.next() {
                tokenizer.append(piece)
            } else {
                tokenizer.endInput()
                inputEnded = true
            }
        }
    }
}
