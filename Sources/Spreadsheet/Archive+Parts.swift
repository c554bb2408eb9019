import Foundation
import ZIPFoundation

/// Reading the XML parts of an XLSX package.
extension Archive {
    /// Streams the tokens of the part at `path` to `handle`, chunk by chunk, never holding the whole part.
    /// Errors thrown by `handle` pass through unchanged; a part that cannot be decompressed is reported as such.
    func forEachToken(inPart path: String, _ handle: (XMLToken) throws -> Void) throws {
        guard let entry = self[path] else { throw SpreadsheetError.missingPart(path) }
        var tokenizer = XMLTokenizer(part: path)
        // Tells the tokenizer's and the handler's errors, which pass through, from ZIPFoundation's.
        var tokenError: (any Error)?
        do {
            _ = try extract(entry, bufferSize: 64 * 1024) { chunk in
                tokenizer.append(chunk)
                try Self.drain(&tokenizer, into: handle, recordingErrorIn: &tokenError)
            }
        } catch {
            throw tokenError ?? SpreadsheetError.unreadablePart(path)
        }
        tokenizer.endInput()
        try Self.drain(&tokenizer, into: handle, recordingErrorIn: &tokenError)
    }

    /// Hands on every complete token buffered so far. A static function, not a closure, so that the
    /// tokenizer is a plain inout value rather than a captured variable checked at every access.
    private static func drain(
        _ tokenizer: inout XMLTokenizer, into handle: (XMLToken) throws -> Void, recordingErrorIn tokenError: inout (any Error)?
    ) throws {
        do {
            while let token = try tokenizer.next() { try handle(token) }
        } catch {
            tokenError = error
            throw error
        }
    }
}
