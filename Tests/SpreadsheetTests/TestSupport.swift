import Foundation
import Testing
import ZIPFoundation
@testable import Spreadsheet

/// A folder of its own for one test's files, removed when the test lets go of it.
final class ScratchFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("spreadsheet-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    func file(_ name: String) -> URL {
        url.appendingPathComponent(name)
    }

    /// A ZIP archive with the given parts, for workbooks written by hand; the parts named in
    /// `stored` are left uncompressed, as some writers leave them.
    func archive(_ name: String, parts: [String: String], stored: Set<String> = []) throws -> URL {
        let url = file(name)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, contents) in parts.sorted(by: { $0.key < $1.key }) {
            try archive.addPart(path, contents: contents, compressionMethod: stored.contains(path) ? .none : .deflate)
        }
        return url
    }
}

extension Archive {
    /// A part deflated (or stored) by ZIPFoundation: a writer other than ours, for workbooks made by hand.
    func addPart(_ path: String, contents: String, compressionMethod: CompressionMethod = .deflate) throws {
        let data = Data(contents.utf8)
        try addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compressionMethod) { position, size in
            data.subdata(in: Int(position)..<Int(position) + size)
        }
    }
}

/// A UTC date, as spreadsheet dates are read.
func utcDate(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute))!
}

/// The text of one part of an archive.
func partText(_ path: String, in url: URL) throws -> String {
    let archive = try Archive(url: url, accessMode: .read)
    var data = Data()
    _ = try archive.extract(try #require(archive[path])) { data.append($0) }
    return String(decoding: data, as: UTF8.self)
}
