#if canImport(CZlib)
import CZlib
#else
import zlib
#endif
import Foundation

/// Where an entry's data lies in a ZIP archive and how it is stored, from the central directory.
struct ZipEntryLocation {
    let method: UInt16
    let checksum: UInt32
    let compressedSize: UInt64
    let size: UInt64
    let dataOffset: UInt64

    static let stored: UInt16 = 0
    static let deflated: UInt16 = 8

    /// Finds `path` in the archive open at `file`; nil when the archive has no such entry.
    /// ZIPFoundation reads an entry only by pushing all of it to a closure; a reader that takes
    /// the data when it wants it needs to know where it lies, which ZIPFoundation keeps to itself.
    static func find(_ path: String, in file: FileHandle) throws -> ZipEntryLocation? {
        let directory = try centralDirectory(of: file, reading: path)
        var position = 0
        while position + 46 <= directory.count {
            guard directory.uint32(at: position) == 0x0201_4B50 else { throw SpreadsheetError.unreadablePart(path) }
            let nameLength = Int(directory.uint16(at: position + 28))
            let extraLength = Int(directory.uint16(at: position + 30))
            let commentLength = Int(directory.uint16(at: position + 32))
            let nameStart = position + 46
            guard nameStart + nameLength + extraLength <= directory.count else { throw SpreadsheetError.unreadablePart(path) }
            let name = String(decoding: directory[nameStart ..< nameStart + nameLength], as: UTF8.self)
            if name == path {
                var compressedSize = UInt64(directory.uint32(at: position + 20))
                var size = UInt64(directory.uint32(at: position + 24))
                var headerOffset = UInt64(directory.uint32(at: position + 42))
                readZip64Sizes(directory[nameStart + nameLength ..< nameStart + nameLength + extraLength],
                               size: &size, compressedSize: &compressedSize, headerOffset: &headerOffset)
                let header = try read(file, at: headerOffset, count: 30)
                guard header.count == 30, header.uint32(at: 0) == 0x0403_4B50 else { throw SpreadsheetError.unreadablePart(path) }
                let dataOffset = headerOffset + 30 + UInt64(header.uint16(at: 26)) + UInt64(header.uint16(at: 28))
                return ZipEntryLocation(method: directory.uint16(at: position + 10), checksum: directory.uint32(at: position + 16),
                                        compressedSize: compressedSize, size: size, dataOffset: dataOffset)
            }
            position = nameStart + nameLength + extraLength + commentLength
        }
        return nil
    }

    /// The central directory's bytes, found from the end-of-directory record (ZIP64's when the
    /// classic record's fields overflow).
    private static func centralDirectory(of file: FileHandle, reading path: String) throws -> [UInt8] {
        let fileSize = try file.seekToEnd()
        let tailSize = min(fileSize, 22 + 0xFFFF)
        let tail = try read(file, at: fileSize - tailSize, count: Int(tailSize))
        guard tail.count >= 22, let end = stride(from: tail.count - 22, through: 0, by: -1).first(where: { tail.uint32(at: $0) == 0x0605_4B50 }) else {
            throw SpreadsheetError.unreadablePart(path)
        }
        var size = UInt64(tail.uint32(at: end + 12))
        var offset = UInt64(tail.uint32(at: end + 16))
        if (size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF || tail.uint16(at: end + 10) == 0xFFFF), end >= 20,
           tail.uint32(at: end - 20) == 0x0706_4B50 {
            let record = try read(file, at: tail.uint64(at: end - 12), count: 56)
            guard record.count == 56, record.uint32(at: 0) == 0x0606_4B50 else { throw SpreadsheetError.unreadablePart(path) }
            size = record.uint64(at: 40)
            offset = record.uint64(at: 48)
        }
        guard offset + size <= fileSize else { throw SpreadsheetError.unreadablePart(path) }
        return try read(file, at: offset, count: Int(size))
    }

    /// The ZIP64 extra field holds, in this order, those of the three values whose classic field is all ones.
    private static func readZip64Sizes(_ extra: ArraySlice<UInt8>, size: inout UInt64, compressedSize: inout UInt64, headerOffset: inout UInt64) {
        var position = extra.startIndex
        while position + 4 <= extra.endIndex {
            let id = extra.uint16(at: position), length = Int(extra.uint16(at: position + 2))
            let body = position + 4
            guard body + length <= extra.endIndex else { return }
            if id == 0x0001 {
                var values = [size, compressedSize, headerOffset]
                var field = body
                for index in values.indices where values[index] == 0xFFFF_FFFF && field + 8 <= body + length {
                    values[index] = extra.uint64(at: field)
                    field += 8
                }
                (size, compressedSize, headerOffset) = (values[0], values[1], values[2])
                return
            }
            position = body + length
        }
    }

    static func read(_ file: FileHandle, at offset: UInt64, count: Int) throws -> [UInt8] {
        try file.seek(toOffset: offset)
        return [UInt8](try file.read(upToCount: count) ?? Data())
    }
}

/// An entry's bytes, decompressed a piece at a time when asked for. A class: zlib keeps a pointer
/// to its stream, which must stay at one address until the end.
final class ZipEntryReader {
    private let file: FileHandle
    private let location: ZipEntryLocation
    private let path: String
    private let stream: UnsafeMutablePointer<z_stream>
    private var input: [UInt8] = []
    /// Where the bytes of `input` not yet inflated begin.
    private var inputStart = 0
    private var output = [UInt8](repeating: 0, count: 1 << 16)
    private var compressedRead: UInt64 = 0
    private var produced: UInt64 = 0
    private var checksum: UInt = 0
    private var ended = false

    /// `file` is read from where the entry lies on; the reader keeps it for itself.
    init(_ path: String, in file: FileHandle) throws {
        guard let location = try ZipEntryLocation.find(path, in: file) else { throw SpreadsheetError.missingPart(path) }
        guard location.method == ZipEntryLocation.stored || location.method == ZipEntryLocation.deflated else {
            throw SpreadsheetError.unreadablePart(path)
        }
        self.file = file
        self.location = location
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard inflateInit2_(stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw SpreadsheetError.unreadablePart(path)
        }
        try file.seek(toOffset: location.dataOffset)
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// How much of the entry's stored bytes is read, from 0 to 1.
    var fractionRead: Double { location.compressedSize > 0 ? Double(compressedRead) / Double(location.compressedSize) : 1 }

    /// The next decompressed piece, or nil after the last; the checksum and size are checked at the end.
    func next() throws -> Data? {
        while !ended {
            let piece = location.method == ZipEntryLocation.stored ? try nextStored() : try nextInflated()
            if let piece, !piece.isEmpty {
                produced += UInt64(piece.count)
                piece.withUnsafeBytes { checksum = crc32(checksum, $0.bindMemory(to: UInt8.self).baseAddress, uInt($0.count)) }
                return piece
            }
        }
        guard produced == location.size, UInt32(checksum) == location.checksum else { throw SpreadsheetError.unreadablePart(path) }
        return nil
    }

    private func readCompressed() throws -> [UInt8] {
        let count = Int(min(UInt64(1 << 16), location.compressedSize - compressedRead))
        guard count > 0 else { return [] }
        let bytes = [UInt8](try file.read(upToCount: count) ?? Data())
        guard bytes.count == count else { throw SpreadsheetError.unreadablePart(path) }
        compressedRead += UInt64(count)
        return bytes
    }

    private func nextStored() throws -> Data? {
        let bytes = try readCompressed()
        if bytes.isEmpty { ended = true }
        return Data(bytes)
    }

    private func nextInflated() throws -> Data? {
        if inputStart == input.count {
            input = try readCompressed()
            inputStart = 0
            if input.isEmpty { throw SpreadsheetError.unreadablePart(path) }
        }
        let start = inputStart
        let (result, consumed, count) = input.withUnsafeMutableBufferPointer { whole in
            let source = UnsafeMutableBufferPointer(rebasing: whole[start...])
            return output.withUnsafeMutableBufferPointer { target in
                stream.pointee.next_in = source.baseAddress
                stream.pointee.avail_in = uInt(source.count)
                stream.pointee.next_out = target.baseAddress
                stream.pointee.avail_out = uInt(target.count)
                let result = inflate(stream, Z_NO_FLUSH)
                return (result, source.count - Int(stream.pointee.avail_in), target.count - Int(stream.pointee.avail_out))
            }
        }
        inputStart += consumed
        switch result {
        case Z_STREAM_END: ended = true
        case Z_OK, Z_BUF_ERROR: break
        default: throw SpreadsheetError.unreadablePart(path)
        }
        return Data(output[..<count])
    }
}

private extension Collection where Element == UInt8, Index == Int {
    func uint16(at index: Int) -> UInt16 { UInt16(self[index]) | UInt16(self[index + 1]) << 8 }
    func uint32(at index: Int) -> UInt32 { UInt32(uint16(at: index)) | UInt32(uint16(at: index + 2)) << 16 }
    func uint64(at index: Int) -> UInt64 { UInt64(uint32(at: index)) | UInt64(uint32(at: index + 4)) << 32 }
}
