import Foundation
import Vapor

/// A file of the temporary folder, removed when the last holder lets go of it.
final class TemporaryFile: Sendable {
    let url: URL

    init(prefix: String, extension fileExtension: String = "") throws {
        let name = "\(prefix)-\(UUID().uuidString)" + (fileExtension.isEmpty ? "" : ".\(fileExtension)")
        url = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw Abort(.internalServerError, reason: "No temporary file could be made in \(FileManager.default.temporaryDirectory.path).")
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
