import Foundation

/// Splits a stream of households — a JSON array or JSON Lines (`household-format.md`) — into
/// one household's bytes at a time. It pulls chunks from `source` only as it needs them, so
/// memory holds the current household and one chunk, never the whole input.
///
/// The format is told by the first byte that is not whitespace (after an optional UTF-8
/// byte-order mark): `[` is an array, anything else JSON Lines. The reader only finds where
/// each household starts and ends; the household's own syntax is checked by its decoder.
public struct HouseholdStreamReader {
    /// Returns the next chunk of input, or nil at the end.
    public typealias Source = () throws -> [UInt8]?

    public enum Format: Equatable, Sendable { case jsonLines, array }

    /// One household as it appears in the input.
    public struct Record {
        /// One JSON value, without the whitespace around it.
        public let bytes: ArraySlice<UInt8>
        /// Position among the households of the input, from 0.
        public let index: Int
        /// Byte offset of `bytes` in the input.
        public let offset: Int
    }

    /// A problem of the stream around the households: where they are, not what they hold.
    public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        public enum Problem: Equatable, Sendable {
            /// An array element that is not followed by `,` or `]`.
            case expectedCommaOrEnd
            /// `[,` or `,,` or `,]`: a household is missing.
            case expectedHousehold
            /// The input ends inside the array (or inside a household of it).
            case unterminatedArray
            case dataAfterArray
            case recordTooLarge(maximum: Int)
        }

        /// The household being read when the problem was found, from 0.
        public let index: Int
        /// Byte offset in the input.
        public let offset: Int
        public let problem: Problem

        public var description: String { "household \(index + 1), byte \(offset): \(problem)" }
    }

    /// nil until the first byte that is not whitespace has been read.
    public private(set) var format: Format?
    /// Households read so far.
    public var count: Int { nextIndex }
    /// Larger households are refused, so that a file without line breaks or a missing `]`
    /// cannot make the reader hold the whole input.
    public let maximumRecordSize: Int

    private let source: Source
    private var buffer: [UInt8] = []
    /// Input offset of `buffer[0]`.
    private var bufferOffset = 0
    /// Next byte of `buffer` to scan.
    private var position = 0
    /// Start in `buffer` of the household being scanned.
    private var recordStart: Int?
    private var endOfInput = false
    private var nextIndex = 0
    private var state = State.start

    private enum State {
        case start
        case beforeElement(first: Bool)
        /// Inside an array element: bracket depth, inside a string, after a backslash.
        case inElement(depth: Int, inString: Bool, escaped: Bool)
        case afterElement
        case afterArray
        case jsonLines
        case finished
    }

    public init(maximumRecordSize: Int = 4 << 20, source: @escaping Source) {
        self.maximumRecordSize = maximumRecordSize
        self.source = source
    }

    /// The next household, or nil at the end of the input. Drop the previous record before
    /// asking for the next: it shares storage with the reader's buffer.
    public mutating func next() throws -> Record? {
        while true {
            if let record = try scan() { return record }
            if case .finished = state { return nil }
            if endOfInput { return try finish() }
            try refill()
        }
    }

    /// Scans the buffered bytes; nil when it needs more input (or has finished).
    private mutating func scan() throws(SyntaxError) -> Record? {
        switch state {
        case .start:
            return try start()
        case .jsonLines:
            return try nextLine()
        case .finished:
            return nil
        default:
            return try scanArray()
        }
    }

    private mutating func start() throws(SyntaxError) -> Record? {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bufferOffset == 0, position == 0 {
            let available = min(buffer.count, 3)
            guard buffer[..<available].elementsEqual(bom[..<available]) else { return try detect() }
            if available < 3 {
                // A partial byte-order mark: wait for the rest unless the input ends here.
                if !endOfInput { return nil }
                return try detect()
            }
            position = 3
        }
        return try detect()
    }

    private mutating func detect() throws(SyntaxError) -> Record? {
        skipWhitespace()
        guard position < buffer.count else { return nil }
        if buffer[position] == UInt8(ascii: "[") {
            format = .array
            position += 1
            state = .beforeElement(first: true)
            return try scanArray()
        }
        format = .jsonLines
        state = .jsonLines
        return try nextLine()
    }

    private mutating func skipWhitespace() {
        while position < buffer.count, Self.isWhitespace(buffer[position]) { position += 1 }
    }

    @inline(__always)
    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    // MARK: JSON Lines

    /// The next non-blank line, trimmed; JSON strings cannot hold a raw line break, so a
    /// line is a household.
    private mutating func nextLine() throws(SyntaxError) -> Record? {
        while true {
            let start = recordStart ?? position
            // memchr: the C library's search takes 16 or 32 bytes a step.
            let newline = buffer.withUnsafeBufferPointer { bytes in
                guard position < bytes.count, let start = bytes.baseAddress,
                      let found = memchr(start + position, 0x0A, bytes.count - position) else { return bytes.count }
                return start.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            guard newline < buffer.count else {
                recordStart = start
                position = newline
                return nil
            }
            recordStart = nil
            position = newline + 1
            if let record = try makeRecord(start, newline) { return record }
        }
    }

    /// The household in `buffer[start..<end]` without surrounding whitespace; nil when blank.
    private mutating func makeRecord(_ start: Int, _ end: Int) throws(SyntaxError) -> Record? {
        var lower = start, upper = end
        while lower < upper, Self.isWhitespace(buffer[lower]) { lower += 1 }
        while upper > lower, Self.isWhitespace(buffer[upper - 1]) { upper -= 1 }
        guard lower < upper else { return nil }
        guard upper - lower <= maximumRecordSize else { throw failure(.recordTooLarge(maximum: maximumRecordSize), at: lower) }
        defer { nextIndex += 1 }
        return Record(bytes: buffer[lower..<upper], index: nextIndex, offset: bufferOffset + lower)
    }

    // MARK: Array

    private mutating func scanArray() throws(SyntaxError) -> Record? {
        while true {
            switch state {
            case let .beforeElement(first):
                skipWhitespace()
                guard position < buffer.count else { return nil }
                switch buffer[position] {
                case UInt8(ascii: "]") where first:
                    position += 1
                    state = .afterArray
                case UInt8(ascii: "]"), UInt8(ascii: ","):
                    throw failure(.expectedHousehold)
                default:
                    recordStart = position
                    state = .inElement(depth: 0, inString: false, escaped: false)
                }
            case let .inElement(depth, inString, escaped):
                guard let end = scanElement(depth: depth, inString: inString, escaped: escaped) else { return nil }
                let start = recordStart!
                recordStart = nil
                state = .afterElement
                if let record = try makeRecord(start, end) { return record }
            case .afterElement:
                skipWhitespace()
                guard position < buffer.count else { return nil }
                switch buffer[position] {
                case UInt8(ascii: ","): position += 1; state = .beforeElement(first: false)
                case UInt8(ascii: "]"): position += 1; state = .afterArray
                default: throw failure(.expectedCommaOrEnd)
                }
            case .afterArray:
                skipWhitespace()
                guard position < buffer.count else { return nil }
                throw failure(.dataAfterArray)
            default:
                return nil
            }
        }
    }

    /// Scans an element from `position`; its end (exclusive) when found, else saves the scan
    /// state and returns nil. An element ends after its closing bracket or string quote, or —
    /// for a bare number or literal — at a delimiter.
    private mutating func scanElement(depth: Int, inString: Bool, escaped: Bool) -> Int? {
        var depth = depth, inString = inString, escaped = escaped
        let (index, end): (Int, Int?) = buffer.withUnsafeBufferPointer { bytes in
            var index = position
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                        if depth == 0 { return (index, index) }
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""):
                    inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return (index - 1, index - 1) }
                    depth -= 1
                    if depth == 0 { return (index, index) }
                case UInt8(ascii: ","), 0x20, 0x0A, 0x0D, 0x09:
                    if depth == 0 { return (index - 1, index - 1) }
                default:
                    break
                }
            }
            return (index, nil)
        }
        position = index
        if end == nil { state = .inElement(depth: depth, inString: inString, escaped: escaped) }
        return end
    }

    // MARK: Input

    private mutating func refill() throws {
        let keep = recordStart ?? position
        if position - keep > maximumRecordSize { throw failure(.recordTooLarge(maximum: maximumRecordSize), at: keep) }
        // Drop what is scanned and done with; what is kept is at most one household.
        if keep > 0 {
            buffer.removeSubrange(0..<keep)
            bufferOffset += keep
            position -= keep
            if recordStart != nil { recordStart = 0 }
        }
        if let chunk = try source() {
            buffer.append(contentsOf: chunk)
        } else {
            endOfInput = true
        }
    }

    /// At the end of the input: the last line without a line break, or the array's end.
    private mutating func finish() throws(SyntaxError) -> Record? {
        switch state {
        case .jsonLines:
            state = .finished
            let start = recordStart ?? position
            recordStart = nil
            return try makeRecord(start, buffer.count)
        case .beforeElement, .inElement, .afterElement:
            throw failure(.unterminatedArray)
        default:
            state = .finished
            return nil
        }
    }

    private func failure(_ problem: SyntaxError.Problem, at bufferIndex: Int? = nil) -> SyntaxError {
        SyntaxError(index: nextIndex, offset: bufferOffset + (bufferIndex ?? position), problem: problem)
    }
}
