#if canImport(CZlib)
import CZlib
#else
import zlib
#endif

/// A ZIP archive written front to back, never going back to a header: each entry's checksum and
/// sizes follow its data (a data descriptor), so the archive can be sent while it is made.
/// ZIPFoundation writes to a file it seeks in; this is what streaming needs, and no more:
/// deflated entries, no ZIP64 (an entry or the archive over 4 GiB is refused).
final class ZipStream {
    private var output: [UInt8] = []
    private var written: UInt64 = 0
    private var directory: [CentralEntry] = []
    private var current: OpenEntry?
    /// Where zlib writes, before the bytes join the output.
    private let piece = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)

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
        var checksum: UInt = 0
        var compressedSize: UInt64 = 0
        var size: UInt64 = 0
        /// zlib keeps a pointer to its stream: it stays at this address until the entry ends.
        let stream: UnsafeMutablePointer<z_stream>

        init(path: [UInt8], offset: UInt32) {
            self.path = path
            self.offset = offset
            stream = .allocate(capacity: 1)
            stream.initialize(to: z_stream())
        }

        func release() {
            deflateEnd(stream)
            stream.deallocate()
        }
    }

    /// Deflate's general-purpose flag for sizes in a data descriptor.
    private static let sizesFollowData: UInt16 = 1 << 3
    private static let deflated: UInt16 = 8
    private static let version: UInt16 = 20
    /// 1 January 1980, the earliest date ZIP knows: the parts of a workbook carry no date of their own.
    private static let dosDate: UInt16 = (1 << 5) | 1

    deinit {
        current?.release()
        piece.deallocate()
    }

    /// The bytes written since the last call, for the caller to send on.
    func takeOutput() -> [UInt8] {
        defer { output.removeAll(keepingCapacity: true) }
        return output
    }

    /// Bytes waiting to be taken.
    var pendingCount: Int { output.count }

    /// Starts the entry at `path` (ASCII), ending none: `endEntry` must come first.
    func beginEntry(_ path: String) throws {
        precondition(current == nil, "an entry is still open")
        let entry = OpenEntry(path: Array(path.utf8), offset: try Self.fitting(written))
        let result = deflateInit2_(entry.stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard result == Z_OK else {
            entry.stream.deallocate()
            throw SpreadsheetError.writeFailed(path: path, reason: "zlib could not start (\(result))")
        }
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

    /// Ends the open entry with its checksum and sizes.
    func endEntry() throws {
        try compress(UnsafeBufferPointer(start: nil, count: 0), finishing: true)
        guard let entry = current else { return }
        entry.release()
        current = nil
        let central = CentralEntry(path: entry.path, offset: entry.offset, checksum: UInt32(entry.checksum),
                                   compressedSize: try Self.fitting(entry.compressedSize), size: try Self.fitting(entry.size))
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
        guard var entry = current else { preconditionFailure("no entry is open") }
        defer { current = entry }
        if let base = input.baseAddress {
            entry.checksum = crc32(entry.checksum, base, uInt(input.count))
        }
        entry.size += UInt64(input.count)
        let stream = entry.stream
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
        stream.pointee.avail_in = uInt(input.count)
        var result: Int32 = Z_OK
        repeat {
            stream.pointee.next_out = piece.baseAddress
            stream.pointee.avail_out = uInt(piece.count)
            result = deflate(stream, finishing ? Z_FINISH : Z_NO_FLUSH)
            let produced = piece.count - Int(stream.pointee.avail_out)
            guard result == Z_OK || result == Z_STREAM_END || result == Z_BUF_ERROR else {
                throw SpreadsheetError.writeFailed(path: String(decoding: entry.path, as: UTF8.self), reason: "zlib failed (\(result))")
            }
            output.append(contentsOf: piece[..<produced])
            written += UInt64(produced)
            entry.compressedSize += UInt64(produced)
        } while stream.pointee.avail_in > 0 || (finishing && result != Z_STREAM_END)
    }

    private static func fitting(_ value: UInt64) throws -> UInt32 {
        guard let fitting = UInt32(exactly: value) else {
            throw SpreadsheetError.writeFailed(path: "", reason: "the workbook is over 4 GiB, more than a ZIP archive without ZIP64 holds")
        }
        return fitting
    }

    private func append(_ bytes: [UInt8]) {
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
