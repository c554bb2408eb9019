import App
import Foundation

// A clear message and a non-zero exit instead of a crash report for errors such as a bad
// DATABASE_URL or an unreachable database server.
do {
    try await Entrypoint.main()
} catch {
    FileHandle.standardError.write(Data("donghanh: \(String(reflecting: error))\n".utf8))
    exit(1)
}
