import Foundation
import Testing

/// The `classify` command end to end: the built `donghanh` executable, run as an operator would.
@Suite("donghanh classify")
struct ClassifyCommandTests {
    /// `swift build --build-tests` (and `swift test`) put the executable beside the test bundle.
    static let executable: URL? = {
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("donghanh")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder.deleteLastPathComponent()
        }
        return nil
    }()

    struct Outcome {
        let status: Int32
        let output: String
        let errors: String
    }

    func classify(_ arguments: [String], input: String? = nil) throws -> Outcome {
        let process = Process()
        let executable: URL = try #require(Self.executable)
        process.executableURL = executable
        process.arguments = ["classify"] + arguments
        let output = Pipe(), errors = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    static let good = #"{"code":"A1","area":"rural","surveyDate":"2024-10-05","income":{"perCapitaMonthly":1400000},"indicators":{"water":true,"latrine":true,"housingQuality":true}}"#
    static let alsoGood = #"{"code":"A2","area":"urban","surveyDate":"2024-10-05","income":{"perCapitaMonthly":3500000}}"#
    static let bad = #"{"code":"B1","area":"rural","surveyDate":"2024-10-05","members":[{"name":"X","idNumber":"12345"}]}"#

    func file(_ lines: [String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("classify-\(UUID().uuidString).jsonl").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a file of households gives one result line each, in order", .enabled(if: executable != nil, "needs the built donghanh executable"))
    func classifiesFile() throws {
        let path = try file([Self.good, Self.alsoGood])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = try classify([path])
        #expect(outcome.status == 0, "\(outcome.errors)")
        let lines = outcome.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix(#"{"code":"A1","standard":"nd-07-2021","area":"rural","status":"poor""#))
        #expect(lines[1].contains(#""status":"notPoor""#))
    }

    @Test("an invalid household in a file: nothing written, the code and field named, exit 1", .enabled(if: executable != nil, "needs the built donghanh executable"))
    func refusesFile() throws {
        let path = try file([Self.good, Self.bad, Self.alsoGood])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let outcome = try classify([path])
        #expect(outcome.status != 0)
        #expect(outcome.output.isEmpty)
        #expect(outcome.errors.contains("B1"))
        #expect(outcome.errors.contains("members[0].idNumber"))
    }

    @Test("on standard input, output stops at the first invalid household", .enabled(if: executable != nil, "needs the built donghanh executable"))
    func stopsOnStandardInput() throws {
        let outcome = try classify([], input: [Self.good, Self.bad, Self.alsoGood].joined(separator: "\n"))
        #expect(outcome.status != 0)
        #expect(outcome.output.split(separator: "\n").count == 1)
        #expect(outcome.errors.contains("B1"))
    }

    @Test("--standard names the standard; an unknown one is refused", .enabled(if: executable != nil, "needs the built donghanh executable"))
    func namedStandard() throws {
        let outcome = try classify(["--standard", "nd-351-2025"], input: "[" + Self.good + "]")
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.contains(#""standard":"nd-351-2025""#))
        let unknown = try classify(["--standard", "nd-1-1999"], input: Self.good)
        #expect(unknown.status != 0)
        #expect(unknown.errors.contains("nd-1-1999"))
    }
}
