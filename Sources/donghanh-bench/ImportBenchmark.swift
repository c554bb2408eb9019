import Domain
import Foundation

// `donghanh-bench import [--households N] [--postgres URL]`: generates N households (4 members
// each) as the CSV pair of the flat format, then in one run times
//   (a) the floor: the same CSV rows loaded by the `sqlite3` command-line tool's `.import` into
//       bare tables (no validation, no classification, no indexes);
//   (b) `donghanh import households.csv --members members.csv --confirm` into a fresh SQLite
//       file that holds only the demo (its communes): reading, validation by the one validator,
//       matching, classification of every survey and the write, in one transaction; then the
//       same files again into that database, every household an update (a year's review);
//   (e) the exports of that registry, each of the whole list (see ExportBenchmark.swift);
//   (x) (e)'s workbook, both sheets of the whole registry, imported into a database that holds
//       only the demo: the same households as (b) from one XLSX file, as communes send them;
//   (s) the rows (b) wrote, copied by `sqlite3` into a fresh copy of the app's schema (keys,
//       indexes, foreign keys): what SQLite alone takes to store them, before any reading,
//       checking or classifying — the part of (b) that runs on one thread whatever the cores;
// and with --postgres, the same against PostgreSQL beside `psql \copy`.
// Targets: (b) ≤ 3 × (a), ≤ 60 s, peak RSS ≤ 500 MB.

/// The demo's communes (rural and urban): imported households must name a commune that exists.
let benchmarkCommunes = ["31840", "31846", "31849", "31852", "31855", "31858"]

/// Household `number` as a commune would import it: a commune of the demo, the area left to the
/// commune, a survey dated no later than today.
/// The generator draws names from small lists; here each household's members get middle names
/// spelling its number, so that no two heads share name, birth year and commune — which the
/// import would rightly hold back as possible duplicates.
func importedHousehold(_ number: Int, today: LocalDate) -> HouseholdRecord {
    var record = household(number)
    record.code = "IMP-\(number)"
    let middle = distinctMiddleName(number)
    record.members = record.members.map { member in
        var member = member
        let parts = member.name.split(separator: " ")
        member.name = ([String(parts[0]), middle] + parts.dropFirst().map(String.init)).joined(separator: " ")
        return member
    }
    record.communeCode = benchmarkCommunes[number % benchmarkCommunes.count]
    record.area = nil
    if let survey = record.surveyDate, survey > today {
        let shift = survey.daysSinceEpoch - today.daysSinceEpoch + 1
        record.surveyDate = today.adding(days: -(shift % 1000))
        record.members = record.members.map { member in
            var member = member
            member.birthDate = member.birthDate.map { $0.adding(days: -shift - 1000) }
            return member
        }
    }
    return record
}

/// `number` in base 20, one syllable per digit: 0 → "An", 21 → "Bảo Bảo".
func distinctMiddleName(_ number: Int) -> String {
    let syllables = ["An", "Bảo", "Chi", "Dũng", "Gia", "Hà", "Khánh", "Lâm", "Minh", "Ngọc",
                     "Phúc", "Quang", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Đức", "Thảo"]
    var digits: [String] = []
    var rest = number
    repeat {
        digits.append(syllables[rest % syllables.count])
        rest /= syllables.count
    } while rest > 0
    return digits.reversed().joined(separator: " ")
}

/// Writes the CSV pair; returns the number of household and member rows.
func writeImportFiles(households count: Int, to folder: URL, today: LocalDate) throws -> (households: Int, members: Int) {
    var households = CSVWriter(), members = CSVWriter()
    var memberRows = 0
    let batch = 10_000
    let householdsURL = folder.appendingPathComponent("households.csv"), membersURL = folder.appendingPathComponent("members.csv")
    FileManager.default.createFile(atPath: householdsURL.path, contents: nil)
    FileManager.default.createFile(atPath: membersURL.path, contents: nil)
    let householdsFile = try FileHandle(forWritingTo: householdsURL), membersFile = try FileHandle(forWritingTo: membersURL)
    defer { try? householdsFile.close(); try? membersFile.close() }
    for start in stride(from: 0, to: count, by: batch) {
        let records = (start..<min(count, start + batch)).map { importedHousehold($0, today: today) }
        var tables = HouseholdTableEncoder.encode(records)
        if start > 0 {
            tables.households.header = []
            tables.members.header = []
        } else {
            households.write(tables.households.header.map(\.plainText))
            members.write(tables.members.header.map(\.plainText))
        }
        for row in tables.households.rows { households.write(row.cells.map(\.plainText)) }
        for row in tables.members.rows { members.write(row.cells.map(\.plainText)) }
        memberRows += tables.members.rows.count
        try householdsFile.write(contentsOf: households.takeBytes())
        try membersFile.write(contentsOf: members.takeBytes())
    }
    return (count, memberRows)
}

struct ChildRun {
    let seconds: Double
    let peakMegabytes: Double
    let output: String
    let status: Int32
}

/// Runs a program, timing it. Its peak RSS is its kernel's high-water mark (`VmHWM`), read every
/// 50 ms while it runs: `getrusage` would give the largest child of the whole benchmark instead.
func runTimed(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> ChildRun {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    let start = ContinuousClock.now
    try process.run()
    let peak = PeakWatcher(pid: process.processIdentifier)
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let elapsed = ContinuousClock.now - start
    return ChildRun(seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                    peakMegabytes: Double(peak.stop()) / 1024, output: String(decoding: output, as: UTF8.self),
                    status: process.terminationStatus)
}

/// Reads a process's `VmHWM` (kB) from /proc on a thread of its own until stopped.
final class PeakWatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var kilobytes = 0
    private var running = true

    init(pid: Int32) {
        Thread.detachNewThread { [self] in
            while lock.withLock({ running }) {
                if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                   let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                   let value = Int(line.split(separator: " ").dropFirst().first ?? "") {
                    lock.withLock { kilobytes = max(kilobytes, value) }
                }
                usleep(50_000)
            }
        }
    }

    func stop() -> Int {
        lock.withLock {
            running = false
            return kilobytes
        }
    }
}

func which(_ program: String) -> String? {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
        let path = "\(folder)/\(program)"
        if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
}

/// `keepIn`: generate the files (and databases) in this folder and leave them there, to look into.
func runImportBenchmark(households count: Int, postgres: String?, keepIn: String?) throws {
    let donghanh = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("donghanh").path
    guard FileManager.default.isExecutableFile(atPath: donghanh) else {
        throw BenchmarkFailure(description: "build the app first: swift build -c release (expected \(donghanh))")
    }
    guard let sqlite3 = which("sqlite3") else { throw BenchmarkFailure(description: "the floor needs the sqlite3 tool: apt-get install sqlite3") }
    let folder = keepIn.map { URL(fileURLWithPath: $0) }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("donghanh-import-bench-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { if keepIn == nil { try? FileManager.default.removeItem(at: folder) } }
    let today = LocalDate(daysSinceEpoch: Int(Date().timeIntervalSince1970 + 7 * 3600) / 86_400)

    print("Generating \(grouped(Double(count))) households …")
    let rows = try writeImportFiles(households: count, to: folder, today: today)
    let totalRows = Double(rows.households + rows.members)
    let householdsCSV = folder.appendingPathComponent("households.csv").path, membersCSV = folder.appendingPathComponent("members.csv").path
    let sizes = try [householdsCSV, membersCSV].map { try FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int ?? 0 }
    print("  \(grouped(Double(rows.households))) household rows + \(grouped(Double(rows.members))) member rows, \(sizes.reduce(0, +) >> 20) MB of CSV")

    let floorDB = folder.appendingPathComponent("floor.sqlite").path
    let floor = try runTimed(sqlite3, [floorDB, ".import --csv \(householdsCSV) households", ".import --csv \(membersCSV) members"])
    guard floor.status == 0 else { throw BenchmarkFailure(description: "sqlite3 .import failed: \(floor.output)") }

    let appDB = "sqlite:" + folder.appendingPathComponent("app.sqlite").path
    let prepared = try runTimed(donghanh, ["demo"], environment: ["DATABASE_URL": appDB])
    guard prepared.status == 0 else { throw BenchmarkFailure(description: "donghanh demo failed: \(prepared.output)") }
    /// `donghanh import` of the two files into `database`, which must succeed.
    func importFiles(into database: String, _ name: String) throws -> ChildRun {
        let run = try runTimed(donghanh, ["import", householdsCSV, "--members", membersCSV, "--confirm"], environment: ["DATABASE_URL": database])
        guard run.status == 0 else { throw BenchmarkFailure(description: "donghanh \(name) failed: \(run.output.suffix(2000))") }
        return run
    }
    // The demo as the import finds it (its keys are made anew by every `donghanh demo`).
    let schemaDB = folder.appendingPathComponent("schema.sqlite").path, workbookDB = folder.appendingPathComponent("workbook.sqlite").path
    for copy in [schemaDB, workbookDB] { try FileManager.default.copyItem(atPath: folder.appendingPathComponent("app.sqlite").path, toPath: copy) }
    let imported = try importFiles(into: appDB, "import")
    let schemaFloor = try copyImportedRows(sqlite3: sqlite3, from: folder.appendingPathComponent("app.sqlite").path, into: schemaDB)
    // A year's review loaded over the registry: the same files again, every household an update.
    let reimported = try importFiles(into: appDB, "re-import")

    print("")
    print("Import benchmark (\(cores) cores)")
    let ratio = imported.seconds / floor.seconds
    func line(_ name: String, _ run: ChildRun) {
        let figures = String(format: "%7.1f s", run.seconds) + "  " + grouped(totalRows / run.seconds) + " rows/s"
            + String(format: "  peak %.0f MB", run.peakMegabytes)
        print("  " + name.padding(toLength: 46, withPad: " ", startingAt: 0) + figures)
    }
    func verdict(_ met: Bool) -> String { met ? "met" : "NOT met" }
    line("(a) floor: sqlite3 .import into bare tables", floor)
    line("(b) donghanh import → SQLite", imported)
    print(String(format: "  (b) ÷ (a) = %.1f×", ratio) + " (target ≤ 3×: \(verdict(ratio <= 3)));  ≤ 60 s: \(verdict(imported.seconds <= 60));"
          + "  peak RSS ≤ 500 MB: \(verdict(imported.peakMegabytes <= 500))")
    line("(b) again, every household updated", reimported)
    line("(s) sqlite3: (b)'s rows into the app's schema", schemaFloor)
    print(String(format: "  (s) ÷ (a) = %.1f×;  (b) ÷ (s) = %.1f×", schemaFloor.seconds / floor.seconds, imported.seconds / schemaFloor.seconds))
    let exports = try benchmarkExports(donghanh: donghanh, database: appDB, folder: folder)
    for run in exports.runs {
        print("  " + "(e) export \(run.path)".padding(toLength: 46, withPad: " ", startingAt: 0)
              + String(format: "%7.1f s  %4d MB", run.seconds, run.bytes >> 20))
    }
    print(String(format: "  (e) the server's peak RSS over the exports: %.0f MB", exports.peakMegabytes))
    let workbook = folder.appendingPathComponent("export-households.xlsx").path
    let workbookImport = try runTimed(donghanh, ["import", workbook, "--confirm"], environment: ["DATABASE_URL": "sqlite:" + workbookDB])
    guard workbookImport.status == 0 else { throw BenchmarkFailure(description: "donghanh import of the workbook failed: \(workbookImport.output.suffix(2000))") }
    let workbookSize = (try FileManager.default.attributesOfItem(atPath: workbook)[.size] as? Int) ?? 0
    line("(x) (e)'s \(workbookSize >> 20) MB workbook imported → SQLite", workbookImport)
    print("  (x) ≤ 60 s: \(verdict(workbookImport.seconds <= 60));  peak RSS ≤ 500 MB: \(verdict(workbookImport.peakMegabytes <= 500))"
          + "  (rows/s over (b)'s rows; the workbook adds the demo's households)")

    guard let postgres else { return }
    guard let psql = which("psql") else { throw BenchmarkFailure(description: "the PostgreSQL floor needs psql") }
    let floorURL = databaseURL(postgres, name: "dh_bench_floor"), appURL = databaseURL(postgres, name: "dh_bench_import")
    for name in ["dh_bench_floor", "dh_bench_import"] {
        _ = try runTimed(psql, [postgres, "-qc", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"])
        _ = try runTimed(psql, [postgres, "-qc", "CREATE DATABASE \(name)"])
    }
    let headers = try [householdsCSV, membersCSV].map { path in
        // "\r\n" is one Character: the header line ends at the first character that is a line break.
        try String(contentsOfFile: path, encoding: .utf8).prefix { !$0.isNewline }.split(separator: ",").map { "\"\($0)\" text" }.joined(separator: ", ")
    }
    _ = try runTimed(psql, [floorURL, "-qc", "CREATE TABLE households (\(headers[0])); CREATE TABLE members (\(headers[1]))"])
    let pgFloor = try runTimed(psql, [floorURL, "-qc", "\\copy households FROM '\(householdsCSV)' CSV HEADER", "-qc", "\\copy members FROM '\(membersCSV)' CSV HEADER"])
    guard pgFloor.status == 0 else { throw BenchmarkFailure(description: "psql \\copy failed: \(pgFloor.output)") }
    _ = try runTimed(donghanh, ["demo"], environment: ["DATABASE_URL": appURL])
    let pgImport = try importFiles(into: appURL, "import (PostgreSQL)")
    let pgReimport = try importFiles(into: appURL, "re-import (PostgreSQL)")
    line("(c) floor: psql \\copy into bare tables", pgFloor)
    line("(d) donghanh import → PostgreSQL", pgImport)
    print(String(format: "  (d) ÷ (c) = %.1f×", pgImport.seconds / pgFloor.seconds))
    line("(d) again, every household updated", pgReimport)
}

/// The tables an import writes, parents first.
let importedTables = ["households", "members", "surveys", "classification_results", "sponsorships"]

/// (s): the rows an import added to `imported` (those after the demo's), copied in one
/// transaction into `schema`, which holds the demo alone, with foreign keys checked and the
/// import's page cache, as the app writes them. Each copy has a WHERE, so SQLite inserts row by
/// row through every index rather than copying the table's pages whole.
func copyImportedRows(sqlite3: String, from imported: String, into schema: String) throws -> ChildRun {
    let lastDemoRows = try importedTables.map { table in
        let run = try runTimed(sqlite3, [schema, "SELECT coalesce(max(rowid), 0) FROM \(table)"])
        guard run.status == 0, let rowid = Int(run.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchmarkFailure(description: "sqlite3 could not read \(table): \(run.output)")
        }
        return rowid
    }
    let copies = zip(importedTables, lastDemoRows).map { table, rowid in
        "INSERT INTO main.\(table) SELECT * FROM imported.\(table) WHERE rowid > \(rowid)"
    }
    let run = try runTimed(sqlite3, [schema, "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -65536", "ATTACH '\(imported)' AS imported", "BEGIN"]
                           + copies + ["COMMIT"])
    guard run.status == 0, run.output.isEmpty else { throw BenchmarkFailure(description: "sqlite3 could not copy the imported rows: \(run.output)") }
    return run
}

func databaseURL(_ base: String, name: String) -> String {
    var components = URLComponents(string: base)!
    components.path = "/" + name
    return components.string!
}
