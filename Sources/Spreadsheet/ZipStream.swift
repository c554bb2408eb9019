#if canImport(CZlib)
import CZlib
#else
import zlib
#endif

/// A ZIP archive written front to back, never going back to a header: each entry's checksum and
/// sizes follow its data (a data descriptor), so the archive can be sent while it is made.
/// Deflated entries only, no ZIP64 (an entry or the archive over 4 GiB is refused). An entry is
/// deflated here, or was deflated beforehand (a sheet that waited in a file of its own) and is
/// copied in as it is.
final class ZipStream {
    private var output: [UInt8] = []
    private var written: UInt64 = 0
    private var directory: [CentralEntry] = []
    private var current: OpenEntry?

    private struct CentralEntry {
        let path: [UInt8]
        let offset: UInt32
        let checksum: UInt32
        let compressedSize: UInt32
        let size: UInt32
    }

    private struct OpenEntry {
        let path: [UInt8]
        let offset: UInt32
        /// Nil for an entry whose data comes deflated already.
        let deflater: Deflater?
    }

    /// Deflate's general-purpose flag for sizes in a data descriptor.
    private static let sizesFollowData: UInt16 = 1 << 3
    private static let deflated: UInt16 = 8
    private static let version: UInt16 = 20
    /// 1 January 1980, the earliest date ZIP knows: the parts of a workbook carry no date of their own.
    private static let dosDate: UInt16 = (1 << 5) | 1

    /// The bytes written since the last call, for the caller to send on.
    func takeOutput() -> [UInt8] {
        defer { output.removeAll(keepingCapacity: true) }
        return output
    }

    /// Starts the entry at `path` (ASCII), whose bytes `write` deflates. `endEntry` must end the
    /// entry before.
    func beginEntry(_ path: String) throws {
        try begin(path, deflater: try Deflater(path: path))
    }

    /// Starts the entry at `path` (ASCII), whose deflated bytes `writeDeflated` copies in and
    /// whose `Deflater.Summary` `endEntry(deflated:)` gives.
    func beginDeflatedEntry(_ path: String) throws {
        try begin(path, deflater: nil)
    }

    private func begin(_ path: String, deflater: Deflater?) throws {
        precondition(current == nil, "an entry is still open")
        let entry = OpenEntry(path: Array(path.utf8), offset: try Self.fitting(written), deflater: deflater)
        append32(0x0403_4B50)
        append16(Self.version)
        append16(Self.sizesFollowData)
        append16(Self.deflated)
        append16(0)
        append16(Self.dosDate)
        append32(0)
        append32(0)
        append32(0)
        append16(UInt16(entry.path.count))
        append16(0)
        append(entry.path)
        current = entry
    }

    /// Compresses `bytes` into the open entry.
    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try compress($0, finishing: false) }
    }

    /// A whole entry of text at hand (a part of the package).
    func addEntry(_ path: String, contents: String) throws {
        try beginEntry(path)
        try write(Array(contents.utf8))
        try endEntry()
    }

    /// Copies bytes deflated beforehand into the open entry.
    func writeDeflated(_ bytes: some Collection<UInt8>) {
        precondition(current?.deflater == nil, "the open entry deflates its bytes itself")
        append(bytes)
    }

    /// Ends the open entry with its checksum and sizes.
    func endEntry() throws {
        try compress(UnsafeBufferPointer(start: nil, count: 0), finishing: true)
        guard let deflater = current?.deflater else { preconditionFailure("no entry deflating its bytes is open") }
        try endEntry(deflated: deflater.summary)
    }

    /// Ends the open entry of data deflated beforehand, as `summary` describes it.
    func endEntry(deflated summary: Deflater.Summary) throws {
        guard let entry = current else { preconditionFailure("no entry is open") }
        current = nil
        let central = CentralEntry(path: entry.path, offset: entry.offset, checksum: summary.checksum,
                                   compressedSize: try Self.fitting(summary.compressedSize), size: try Self.fitting(summary.size))
        append32(0x0807_4B50)
        append32(central.checksum)
        append32(central.compressedSize)
        append32(central.size)
        directory.append(central)
    }

    /// Writes the central directory: the archive is complete.
    func finish() throws {
        precondition(current == nil, "an entry is still open")
        let start = try Self.fitting(written)
        for entry in directory {
            append32(0x0201_4B50)
            append16(Self.version)
            append16(Self.version)
            append16(Self.sizesFollowData)
            append16(Self.deflated)
            append16(0)
            append16(Self.dosDate)
            append32(entry.checksum)
            append32(entry.compressedSize)
            append32(entry.size)
            append16(UInt16(entry.path.count))
            append16(0)
            append16(0)
            append16(0)
            append16(0)
            append32(0)
            append32(entry.offset)
            append(entry.path)
        }
        let size = try Self.fitting(written) - start
        append32(0x0605_4B50)
        append16(0)
        append16(0)
        append16(UInt16(directory.count))
        append16(UInt16(directory.count))
        append32(size)
        append32(start)
        append16(0)
    }

    private func compress(_ input: UnsafeBufferPointer<UInt8>, finishing: Bool) throws {
        guard let deflater = current?.deflater else { preconditionFailure("no entry deflating its bytes is open") }
        try deflater.compress(input, finishing: finishing) { append($0) }
    }

    private static func fitting(_ value: UInt64) throws -> UInt32 {
        guard let fitting = UInt32(exactly: value) else {
            throw SpreadsheetError.writeFailed(path: "", reason: "the workbook is over 4 GiB, more than a ZIP archive without ZIP64 holds")
        }
        return fitting
    }

    private func append(_ bytes: some Collection<UInt8>) {
        output.append(contentsOf: bytes)
        written += UInt64(bytes.count)
    }

    private func append16(_ value: UInt16) {
        append([UInt8(value & 0xFF), UInt8(value >> 8)])
    }

    private func append32(_ value: UInt32) {
        append16(UInt16(value & 0xFFFF))
        append16(UInt16(value >> 16))
    }
}
