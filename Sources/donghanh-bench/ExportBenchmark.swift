import Domain
import Foundation

// Part of `donghanh-bench import`: (e) the exports of the registry just imported, downloaded as
// a user downloads them: `donghanh serve` on the database, the demo's administrator logged in
// with `curl`, each export of the whole list timed from request to last byte. The server's peak
// RSS covers the four downloads. The workbook is kept in `folder` (export-households.xlsx), for
// (x) to import.

struct ExportRun {
    let path: String
    let seconds: Double
    let bytes: Int
}

func benchmarkExports(donghanh: String, database: String, folder: URL) throws -> (runs: [ExportRun], peakMegabytes: Double) {
    guard let curl = which("curl") else { throw BenchmarkFailure(description: "the export benchmark needs curl: apt-get install curl") }
    let port = Int.random(in: 20_000..<30_000)
    let base = "http://127.0.0.1:\(port)"
    let server = Process()
    server.executableURL = URL(fileURLWithPath: donghanh)
    server.arguments = ["serve", "--port", String(port)]
    server.environment = ProcessInfo.processInfo.environment.merging(["DATABASE_URL": database]) { $1 }
    server.standardOutput = FileHandle.nullDevice
    server.standardError = FileHandle.nullDevice
    try server.run()
    defer {
        server.terminate()
        server.waitUntilExit()
    }
    let peak = PeakWatcher(pid: server.processIdentifier)

    let cookies = folder.appendingPathComponent("cookies.txt").path
    func fetch(_ arguments: [String]) throws -> String {
        let run = try runTimed(curl, ["-s", "-b", cookies, "-c", cookies] + arguments)
        guard run.status == 0 else { throw BenchmarkFailure(description: "curl \(arguments.joined(separator: " ")) failed (\(run.status))") }
        return run.output
    }
    var ready = false
    for _ in 0..<120 where !ready {
        ready = (try? fetch(["-o", "/dev/null", "-w", "%{http_code}", "\(base)/healthz"])) == "200"
        if !ready { Thread.sleep(forTimeInterval: 0.5) }
    }
    guard ready else { throw BenchmarkFailure(description: "donghanh serve did not answer on port \(port)") }
    let login = try fetch(["\(base)/login"])
    guard let token = login.firstMatch(of: /name="_csrf" value="([^"]+)"/)?.1 else {
        throw BenchmarkFailure(description: "the login page has no form token")
    }
    let account = DemoDataset.make().accounts.first { $0.username == "admin" }
    _ = try fetch(["-o", "/dev/null", "--data-urlencode", "_csrf=\(token)", "--data-urlencode", "username=admin",
                   "--data-urlencode", "password=\(account?.password ?? "")", "\(base)/login"])

    var runs: [ExportRun] = []
    for path in ["/exports/households.csv", "/exports/members.csv", "/exports/results.csv", "/exports/households.xlsx"] {
        let file = folder.appendingPathComponent("export-" + (path as NSString).lastPathComponent).path
        let start = ContinuousClock.now
        let status = try fetch(["-o", file, "-w", "%{http_code}", base + path])
        let elapsed = ContinuousClock.now - start
        guard status == "200" else { throw BenchmarkFailure(description: "GET \(path) answered \(status)") }
        let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        if !path.hasSuffix(".xlsx") { try? FileManager.default.removeItem(atPath: file) }
        runs.append(ExportRun(path: path, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18, bytes: bytes))
    }
    return (runs, Double(peak.stop()) / 1024)
}
