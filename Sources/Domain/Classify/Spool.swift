import Foundation

/// Output held back until a whole file has been checked: kept in memory up to a limit, then in
/// an anonymous temporary file (`tmpfile`, removed when closed or when the process ends), so
/// that memory stays bounded however large the file.
final class Spool {
    /// An operation on the temporary file failed.
    struct Failure: Error, CustomStringConvertible {
        let operation: String
        let code: Int32
        var description: String { "temporary file: \(operation) failed: \(String(cString: strerror(code)))" }
    }

    let memoryLimit: Int
    /// Everything so far while no file is open; after that, bytes not yet written to the file.
    private var pending: [UInt8] = []
    private var file: UnsafeMutablePointer<FILE>?
    /// Written to the file in blocks of about this size.
    private static let blockSize = 1 << 20

    init(memoryLimit: Int) {
        self.memoryLimit = memoryLimit
    }

    deinit {
        if let file { fclose(file) }
    }

    func append(_ bytes: ArraySlice<UInt8>) throws {
        pending.append(contentsOf: bytes)
        if file == nil {
            guard pending.count > memoryLimit else { return }
            guard let opened = tmpfile() else { throw Failure(operation: "tmpfile", code: errno) }
            file = opened
            try writePending()
            // From now on `pending` gathers one block at a time: the memory it held is given back.
            pending = []
        } else if pending.count >= Self.blockSize {
            try writePending()
        }
    }

    /// Hands everything held to `sink` in batches of about `batchSize` bytes that end at a line
    /// break (as long as the lines appended did).
    func replay(to sink: ([UInt8]) throws -> Void, batchSize: Int) throws {
        guard let file else {
            try handOverLines(pending[...], to: sink, batchSize: batchSize, final: true)
            return
        }
        try writePending()
        guard fflush(file) == 0 else { throw Failure(operation: "fflush", code: errno) }
        rewind(file)
        var block = [UInt8](repeating: 0, count: max(batchSize, 1))
        var carried: [UInt8] = []
        while true {
            let read = block.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
            if read < block.count, ferror(file) != 0 { throw Failure(operation: "fread", code: errno) }
            if read == 0 { break }
            carried.append(contentsOf: block[..<read])
            let rest = try handOverLines(carried[...], to: sink, batchSize: batchSize, final: false)
            carried.removeSubrange(..<(carried.count - rest))
        }
        try handOverLines(carried[...], to: sink, batchSize: batchSize, final: true)
    }

    /// Hands `bytes` over in batches of whole lines; the number of bytes left after the last
    /// line break, which `final` hands over too.
    @discardableResult
    private func handOverLines(
        _ bytes: ArraySlice<UInt8>, to sink: ([UInt8]) throws -> Void, batchSize: Int, final: Bool
    ) throws -> Int {
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let limit = min(start + max(batchSize, 1), bytes.endIndex)
            let end: Int
            // A line longer than a batch goes whole.
            if let lineBreak = bytes[start..<limit].lastIndex(of: 0x0A) ?? bytes[limit...].firstIndex(of: 0x0A) {
                end = lineBreak + 1
            } else if final {
                end = bytes.endIndex
            } else {
                break
            }
            try sink(Array(bytes[start..<end]))
            start = end
        }
        return bytes.endIndex - start
    }

    private func writePending() throws {
        guard let file, !pending.isEmpty else { return }
        let written = pending.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        guard written == pending.count else { throw Failure(operation: "fwrite", code: errno) }
        pending.removeAll(keepingCapacity: true)
    }
}
