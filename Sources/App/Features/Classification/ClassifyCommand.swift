import Domain
import Foundation

/// `donghanh classify [FILE] [--standard ID]`: classifies households in the interchange format
/// (a JSON array or JSON Lines, from a file or standard input) and writes one JSON line each.
/// It reads in chunks, so a file of any size streams through in constant memory. It needs no
/// database, so it runs before (and without) the web application: ConsoleKit also has no
/// optional positional argument for `[FILE]`.
enum ClassifyCommand {
    static let chunkSize = 1 << 20

    static let usage = "donghanh classify [FILE] [--standard nd-07-2021|nd-351-2025]"

    static func run(arguments: [String]) throws {
        var file: String?
        var standard: String?
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--standard":
                guard let value = rest.popFirst() else { throw CommandLineError(Message("cli.usage", ["usage": usage])) }
                standard = value
            case "--help", "-h":
                print(usage)
                return
            default:
                guard file == nil, !argument.hasPrefix("--") || argument == "-" else {
                    throw CommandLineError(Message("cli.usage", ["usage": usage]))
                }
                file = argument
            }
        }
        var run = ClassifyRun(catalog: .builtIn, standardID: standard)
        run.threads = ProcessInfo.processInfo.activeProcessorCount
        let output = FileHandle.standardOutput
        let input: ClassifyRun.Input
        if let path = file, path != "-" {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw CommandLineError(Message("cli.cannotRead", ["file": path]))
            }
            input = .file(chunks(of: try FileHandle(forReadingFrom: URL(fileURLWithPath: path))))
        } else {
            input = .stream(chunks(of: FileHandle.standardInput))
        }
        do {
            _ = try run.run(input) { try output.write(contentsOf: $0) }
        } catch let error as ClassifyError {
            throw ClassifyFailure(lines: error.lines(in: .vi))
        }
    }

    static func chunks(of handle: FileHandle) -> HouseholdStreamReader.Source {
        { try handle.read(upToCount: chunkSize).map { [UInt8]($0) } }
    }
}

/// Invalid input: the lines naming each household and field, for standard error.
struct ClassifyFailure: Error, CustomStringConvertible {
    let lines: [String]
    var description: String { lines.joined(separator: "\n") }
}
