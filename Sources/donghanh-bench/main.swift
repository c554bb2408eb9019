// donghanh-bench classify [--scale F]
// donghanh-bench classify --write PATH COUNT; donghanh-bench classify --once jsondecoder|file|stream PATH [THREADS [OUTPUT]]
// donghanh-bench tabular [--scale F]
//
// `classify` measures `classify` against the targets of its issue, on generated households of
// 4 members:
//  (a) derive + classify, one thread, 1,000,000 households (≥ 1,000,000 households/s);
//  (b) end to end (read → parse → classify → write JSON Lines) on a 250,000-household JSON
//      Lines file, beside Foundation's JSONDecoder merely decoding the same file (≥ 10×);
//  (c) peak memory while streaming a 1,000,000-household JSON Lines file (< 300 MB), in a child
//      process so that this process's generated data and files do not count.
// `tabular` measures the flat (CSV/XLSX) household format on 250,000 generated households with
// 1,000,000 members:
//  (a) CSVReader over the two tables written as CSV, in 1 MiB chunks (≥ 50 MB/s);
//  (b) HouseholdTableDecoder on the tables already in memory as cells, typed as XLSX gives them
//      (Vietnamese headings, labels) and as text as CSV gives them (a few seconds).
// Rates are per CPU second of the measuring thread, wall time beside: on a shared machine the
// wall clock also counts waiting for other processes.
// `--scale` multiplies every size (0.01 for a quick check). Data is the same on every run.
// Linux only: peak memory is read from /proc/self/status (VmHWM).
import Domain
import Foundation

// MARK: Generated households

/// Draws from `SplitMix64`, so that the data is the same with every Swift version.
struct Random {
    var generator: SplitMix64
    mutating func next() -> UInt64 { generator.next() }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next().multipliedFullWidth(by: UInt64(range.upperBound - range.lowerBound) + 1).high)
    }
    mutating func percent(_ percent: Int) -> Bool { int(0...99) < percent }
    mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
    /// nil in `percent` % of cases: surveys leave facts unknown.
    mutating func maybe<T>(_ value: T, unknown percent: Int = 3) -> T? { self.percent(percent) ? nil : value }
}

let familyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Thạch", "Danh"]
let givenNames = ["Văn An", "Thị Bình", "Minh Châu", "Thị Hoa", "Văn Hùng", "Ngọc Lan", "Sơn", "Thị Mỹ", "Quốc Bảo"]
let ethnicities = ["Kinh", "Kinh", "Kinh", "Khmer", "Hoa", "Tày", "Mông"]

/// Household `number`, generated from its number alone.
func household(_ number: Int) -> HouseholdRecord {
    var random = Random(generator: SplitMix64(seed: UInt64(number) &* 0x2545_F491_4F6C_DD1D))
    let survey = LocalDate(daysSinceEpoch: random.int(19_000...21_500))  // 2022 to 2028
    let area: Area = random.percent(70) ? .rural : .urban
    var record = HouseholdRecord(
        code: "BL-HD-\(number)", communeCode: "31234", area: area, hamlet: "Ấp Bình Lộc",
        address: "Ấp Bình Lộc, xã Ninh Quới", surveyDate: survey)
    record.income = .init(
        perCapitaMonthly: random.maybe(random.int(400...6_000) * 1_000),
        scoreA: random.percent(40) ? random.int(90...200) : nil)
    if random.percent(30) { record.indicators[random.pick(IndicatorKey.allCases)] = random.percent(60) }
    record.housing = .init(
        durable: random.maybe(random.percent(70)), floorAreaM2: random.maybe(Double(random.int(120...1200)) / 10),
        hygienicWater: random.maybe(random.percent(80)), hygienicLatrine: random.maybe(random.percent(70)),
        wasteCollected: random.maybe(random.percent(60)))
    record.information = .init(devices: random.percent(80) ? [.tv, .smartphone] : [], hearsLoudspeaker: random.maybe(random.percent(70)))
    record.needs = random.percent(50) ? [.capital, .vocationalTraining] : [.livestock]
    let family = random.pick(familyNames)
    let ages = [random.int(25...70), random.int(25...70), random.int(0...17), random.int(0...85)]
    let relations: [Relation] = [.head, .spouse, .child, random.percent(50) ? .child : .parent]
    record.members = (0..<4).map { position in
        let age = ages[position]
        let birth = LocalDate(daysSinceEpoch: survey.daysSinceEpoch - age * 365 - random.int(1...360))
        return MemberRecord(
            name: "\(family) \(random.pick(givenNames))", sex: position == 1 ? .female : random.pick([.male, .female]),
            birthDate: birth, relation: relations[position],
            idNumber: age >= 14 ? String(format: "%03d%09d", random.int(1...96), random.int(0...999_999_999)) : nil,
            ethnicity: random.pick(ethnicities), religion: "none",
            employment: age < 15 ? .studying : random.maybe(random.pick(Employment.allCases)),
            ableToWork: random.maybe(random.percent(90)), disability: random.maybe(random.percent(95) ? Disability.none : .severe),
            monthlyAllowance: random.maybe(random.percent(10)), healthInsurance: random.maybe(random.percent(85)),
            malnourished: age < 16 ? random.maybe(random.percent(10)) : false,
            education: random.maybe(random.pick(Education.allCases)), studying: age < 18,
            schoolOnTrack: age < 16 ? random.maybe(random.percent(90)) : nil, usesInternet: random.maybe(random.percent(60)))
    }
    return record
}

/// Writes households `0..<count` as JSON Lines.
func writeFile(_ path: String, count: Int) throws {
    _ = FileManager.default.createFile(atPath: path, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? handle.close() }
    var text = ""
    for number in 0..<count {
        HouseholdJSON.encode(household(number)).write(to: &text)
        text += "\n"
        if text.utf8.count > 1 << 20 {
            try handle.write(contentsOf: Data(text.utf8))
            text = ""
        }
    }
    try handle.write(contentsOf: Data(text.utf8))
}

/// The file in chunks of 1 MiB, as `donghanh classify` reads it.
func chunks(_ path: String) throws -> HouseholdStreamReader.Source {
    let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
    return {
        guard let data = try handle.read(upToCount: 1 << 20), !data.isEmpty else { try handle.close(); return nil }
        return [UInt8](data)
    }
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let cores = ProcessInfo.processInfo.activeProcessorCount

/// `classify FILE` or `classify < FILE`, output handed to `keep`.
func classify(
    _ path: String, file: Bool = true, threads: Int = cores, keep: @escaping ([UInt8]) -> Void = { _ in }
) throws -> (households: Int, outputBytes: Int) {
    var run = ClassifyRun(catalog: .builtIn)
    run.threads = threads
    var outputBytes = 0
    let input: ClassifyRun.Input = file ? .file(try chunks(path)) : .stream(try chunks(path))
    let summary = try run.run(input) { outputBytes += $0.count; keep($0) }
    return (summary.households, outputBytes)
}

// MARK: Foundation baseline: the interchange format as Codable structs

struct CodableHousehold: Decodable {
    struct Income: Decodable { var perCapitaMonthly: Int?; var scoreA: Int? }
    struct Housing: Decodable {
        var durable: Bool?; var floorAreaM2: Double?; var hygienicWater: Bool?; var hygienicLatrine: Bool?
        var wasteCollected: Bool?
    }
    struct Information: Decodable { var devices: [Device]?; var hearsLoudspeaker: Bool? }
    struct Member: Decodable {
        var name: String; var sex: Sex?; var birthDate: String?; var birthYear: Int?; var relation: Relation?
        var idNumber: String?; var ethnicity: String?; var religion: String?; var employment: Employment?
        var ableToWork: Bool?; var disability: Disability?; var monthlyAllowance: Bool?; var healthInsurance: Bool?
        var malnourished: Bool?; var education: Education?; var studying: Bool?; var schoolOnTrack: Bool?
        var usesInternet: Bool?
    }
    var code: String; var communeCode: String?; var area: Area?; var hamlet: String?; var address: String?
    var surveyDate: String?; var income: Income?; var indicators: [String: Bool]?; var housing: Housing?
    var information: Information?; var needs: [Need]?; var members: [Member]?
}

/// Decodes every line of the file with one `JSONDecoder`, each line its own `Data` (faster
/// than slices of one large `Data`); the number of households.
func decodeWithFoundation(_ path: String) throws -> Int {
    let next = try chunks(path)
    let decoder = JSONDecoder()
    var count = 0
    var pending: [UInt8] = []
    func decodeLines(final: Bool) throws {
        var start = 0
        while let end = pending[start...].firstIndex(of: 0x0A) ?? (final && start < pending.count ? pending.count : nil) {
            if end > start {
                _ = try decoder.decode(CodableHousehold.self, from: Data(pending[start..<end]))
                count += 1
            }
            start = end + 1
        }
        pending.removeFirst(min(start, pending.count))
    }
    while let chunk = try next() {
        pending += chunk
        try decodeLines(final: false)
    }
    try decodeLines(final: true)
    return count
}

// MARK: Peak memory, in a child process

func peakResidentKilobytes() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
}

/// `--child-stream PATH`: classifies the file and prints households, seconds and peak kB.
func childStream(_ path: String) throws {
    var result = (households: 0, outputBytes: 0)
    let elapsed = try seconds { result = try classify(path) }
    print(result.households, elapsed, peakResidentKilobytes())
}

func streamInChild(_ path: String) throws -> (households: Int, seconds: Double, peakKilobytes: Int) {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    child.arguments = ["classify", "--child-stream", path]
    let pipe = Pipe()
    child.standardOutput = pipe
    try child.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    child.waitUntilExit()
    let fields = output.split(whereSeparator: \.isWhitespace)
    guard child.terminationStatus == 0, fields.count == 3, let households = Int(fields[0]),
          let elapsed = Double(fields[1]), let peak = Int(fields[2]) else {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "child failed: \(output)"])
    }
    return (households, elapsed, peak)
}

// MARK: Flat (CSV/XLSX) format

/// The two tables of households `0..<count`, encoded in batches so that the records never
/// stand in memory all at once.
func tables(count: Int, options: HouseholdTableEncoder.Options) -> (households: TableSheet, members: TableSheet) {
    func append(_ rows: [TableRow], to sheet: inout TableSheet) {
        let first = sheet.headerRow + sheet.rows.count + 1
        sheet.rows += rows.enumerated().map { TableRow(number: first + $0, cells: $1.cells) }
    }
    var result = HouseholdTableEncoder.encode([], options: options)
    let batchSize = 10_000
    for batchStart in stride(from: 0, to: count, by: batchSize) {
        let batch = HouseholdTableEncoder.encode((batchStart..<min(batchStart + batchSize, count)).map(household), options: options)
        append(batch.households.rows, to: &result.households)
        append(batch.members.rows, to: &result.members)
    }
    return result
}

func csvBytes(_ sheet: TableSheet) -> [UInt8] {
    var writer = CSVWriter(byteOrderMark: true)
    writer.write(sheet)
    return writer.bytes
}

/// Reads `bytes` in chunks of 1 MiB as a file would come, into a sheet when `into` is given.
func readCSV(_ bytes: [UInt8], into sheet: inout TableSheet?) throws -> Int {
    var reader = CSVReader()
    var records = 0
    var start = 0
    func take(_ batch: [CSVRecord]) {
        records += batch.count
        for record in batch { sheet?.append(csv: record) }
    }
    while start < bytes.count {
        let end = min(start + (1 << 20), bytes.count)
        take(try reader.consume(bytes[start..<end]))
        start = end
    }
    take(try reader.finish())
    return records
}

/// CPU seconds of `body` on this thread: on a shared machine, wall time also counts the waits
/// for other processes.
func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
    let start = now()
    try body()
    return now() - start
}

/// CPU and wall seconds to decode the two sheets; every household is expected valid.
func decodingSeconds(_ households: TableSheet, _ members: TableSheet) -> (cpu: Double, wall: Double) {
    var decoded: TableDecoding?
    var cpu = 0.0
    let wall = seconds { cpu = cpuSeconds { decoded = HouseholdTableDecoder.decode(households: households, members: members, today: nil) } }
    precondition(decoded?.records.count == households.rows.count && decoded?.issues == [], "\(decoded?.issues.prefix(3) ?? [])")
    return (cpu, wall)
}

func runTabularBenchmark(scale: Double) throws {
    let count = Int(250_000 * scale)
    var typedTables: (households: TableSheet, members: TableSheet)? = tables(count: count, options: .template)
    let rowCount = typedTables!.households.rows.count + typedTables!.members.rows.count
    print("\(grouped(Double(count))) households, \(grouped(Double(typedTables!.members.rows.count))) members")

    // (b) typed cells first, then dropped before the text ones are built.
    let typed = decodingSeconds(typedTables!.households, typedTables!.members)
    typedTables = nil

    // (a)
    let codes = tables(count: count, options: .init())
    let files = [csvBytes(codes.households), csvBytes(codes.members)]
    let megabytes = Double(files.map(\.count).reduce(0, +)) / 1e6
    var noSheet: TableSheet?
    var records = 0
    let readSeconds = try cpuSeconds { records = try files.map { try readCSV($0, into: &noSheet) }.reduce(0, +) }
    precondition(records == rowCount + 2)
    var textSheets: [TableSheet?] = [TableSheet(name: "households"), TableSheet(name: "members")]
    let sheetSeconds = try cpuSeconds { for index in files.indices { _ = try readCSV(files[index], into: &textSheets[index]) } }

    // (b) text cells
    let text = decodingSeconds(textSheets[0]!, textSheets[1]!)

    func rate(_ seconds: Double) -> String {
        String(format: "%.1f s = ", seconds) + "\(grouped(Double(count) / seconds)) hh/s"
    }
    print("")
    row("measure (one thread)", "result", "target")
    row("(a) CSVReader, \(String(format: "%.0f", megabytes)) MB, CPU time", String(format: "%.0f MB/s", megabytes / readSeconds), "≥ 50 MB/s", megabytes / readSeconds >= 50)
    row("    CSV to sheets of text cells, CPU time", String(format: "%.0f MB/s", megabytes / sheetSeconds))
    // "A few seconds" for 250,000 households: 5 s at the most.
    let target = 50_000.0
    row("(b) decode typed cells (XLSX), CPU time", rate(typed.cpu), "≥ 50,000 hh/s", Double(count) / typed.cpu >= target)
    row("      wall time", rate(typed.wall))
    row("    decode text cells (CSV), CPU time", rate(text.cpu), "≥ 50,000 hh/s", Double(count) / text.cpu >= target)
    row("      wall time", rate(text.wall))
    row("    rows/s (households + members), the faster", grouped(Double(rowCount) / min(typed.cpu, text.cpu)))
}

// MARK: Main

func grouped(_ value: Double) -> String { VietnameseFormat.integer(Int(value.rounded()), in: .en) }

func row(_ name: String, _ value: String, _ target: String = "", _ pass: Bool? = nil) {
    let verdict = pass.map { $0 ? "PASS" : "FAIL" } ?? ""
    print(name.padding(toLength: 48, withPad: " ", startingAt: 0)
        + String(repeating: " ", count: max(0, 24 - value.count)) + value + "   "
        + target.padding(toLength: 16, withPad: " ", startingAt: 0) + verdict)
}

func runClassifyBenchmark(scale: Double) throws {
    let catalog = StandardCatalog.builtIn
    let standards = catalog.standards
    let deriveCount = Int(1_000_000 * scale), endToEndCount = Int(250_000 * scale), streamCount = Int(1_000_000 * scale)

    // (a) Generated in batches so that memory stays small; only classifying is timed.
    var classifySeconds = 0.0
    var checksum = 0
    let batchSize = 10_000
    for batchStart in stride(from: 0, to: deriveCount, by: batchSize) {
        let batch = (batchStart..<min(batchStart + batchSize, deriveCount)).map(household)
        let positions = batch.map { record in standards.firstIndex { $0.id == catalog.standard(forSurveyOn: record.surveyDate!)!.id }! }
        classifySeconds += seconds {
            for index in batch.indices {
                let result = Classifier.classify(batch[index], standard: standards[positions[index]], area: batch[index].area!)
                checksum &+= result.deprivationScore &+ (result.status == .poor ? 1 : 0)
            }
        }
    }
    let classifyRate = Double(deriveCount) / classifySeconds
    print("(a) derive + classify: \(grouped(Double(deriveCount))) households in \(String(format: "%.2f", classifySeconds)) s (checksum \(checksum & 0xFFFF))")

    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("donghanh-bench-\(ProcessInfo.processInfo.processIdentifier)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: directory) }

    // (b) Each rate from one run; the file is in the page cache after it is written.
    let smallFile = directory + "/households-250k.jsonl"
    try writeFile(smallFile, count: endToEndCount)
    let fileSize = (try FileManager.default.attributesOfItem(atPath: smallFile)[.size] as? Int) ?? 0
    func rate(_ body: () throws -> Int) throws -> Double {
        var count = 0
        let elapsed = try seconds { count = try body() }
        precondition(count == endToEndCount)
        return Double(count) / elapsed
    }
    var outputBytes = 0
    let foundationRate = try rate { try decodeWithFoundation(smallFile) }
    let fileRate = try rate { let result = try classify(smallFile); outputBytes = result.outputBytes; return result.households }
    let streamRate = try rate { try classify(smallFile, file: false).households }
    let fileRateOneThread = try rate { try classify(smallFile, threads: 1).households }
    let streamRateOneThread = try rate { try classify(smallFile, file: false, threads: 1).households }
    print("(b) \(grouped(Double(endToEndCount))) households, \(fileSize / 1_000_000) MB in, \(outputBytes / 1_000_000) MB out, \(cores) threads")

    // (c)
    let largeFile = directory + "/households-1m.jsonl"
    try writeFile(largeFile, count: streamCount)
    let stream = try streamInChild(largeFile)
    precondition(stream.households == streamCount)
    let peakMB = Double(stream.peakKilobytes) / 1024

    print("")
    row("measure", "result", "target")
    row("(a) derive + classify, 1 thread", "\(grouped(classifyRate)) hh/s", "≥ 1,000,000", classifyRate >= 1_000_000)
    row("(b) JSONDecoder, decode only, 1 thread", "\(grouped(foundationRate)) hh/s")
    row("    classify FILE, \(cores) threads", "\(grouped(fileRate)) hh/s")
    row("      ÷ JSONDecoder", String(format: "%.1f×", fileRate / foundationRate), "≥ 10×", fileRate >= 10 * foundationRate)
    row("    classify < FILE, \(cores) threads", "\(grouped(streamRate)) hh/s")
    row("      ÷ JSONDecoder", String(format: "%.1f×", streamRate / foundationRate), "≥ 10×", streamRate >= 10 * foundationRate)
    row("    classify FILE, 1 thread", "\(grouped(fileRateOneThread)) hh/s")
    row("      ÷ JSONDecoder", String(format: "%.1f×", fileRateOneThread / foundationRate))
    row("    classify < FILE, 1 thread", "\(grouped(streamRateOneThread)) hh/s")
    row("      ÷ JSONDecoder", String(format: "%.1f×", streamRateOneThread / foundationRate))
    row("(c) peak memory, \(grouped(Double(streamCount))) households streamed", String(format: "%.0f MB", peakMB), "< 300 MB", peakMB < 300)
    row("    its rate (classify FILE, \(cores) threads)", "\(grouped(Double(streamCount) / stream.seconds)) hh/s")
}

/// `classify --once jsondecoder|file|stream PATH [THREADS [OUTPUT]]`: one of the timed runs of (b)
/// alone on a file written by `classify --write PATH COUNT`, for `valgrind --tool=callgrind`,
/// whose instruction counts the machine's load does not move; OUTPUT keeps the result lines,
/// to compare two versions byte for byte.
func runOnce(_ mode: String, path: String, threads: Int?, output: String?) throws {
    guard let threads, threads > 0 else { throw CocoaError(.formatting) }
    var households = 0
    var lines: [UInt8] = []
    let elapsed = try seconds {
        switch mode {
        case "jsondecoder": households = try decodeWithFoundation(path)
        case "file", "stream":
            households = try classify(path, file: mode == "file", threads: threads) { if output != nil { lines += $0 } }.households
        default: throw CocoaError(.formatting)
        }
    }
    if let output { try Data(lines).write(to: URL(fileURLWithPath: output)) }
    print("\(households) households in \(String(format: "%.3f", elapsed)) s = \(grouped(Double(households) / elapsed)) hh/s")
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "classify" where arguments.count == 3 && arguments[1] == "--child-stream":
        try childStream(arguments[2])
    case "classify" where arguments.count == 4 && arguments[1] == "--write":
        guard let count = Int(arguments[3]), count > 0 else { throw CocoaError(.formatting) }
        try writeFile(arguments[2], count: count)
    case "classify" where (4...6).contains(arguments.count) && arguments[1] == "--once":
        try runOnce(arguments[2], path: arguments[3], threads: arguments.count >= 5 ? Int(arguments[4]) : cores,
                    output: arguments.count == 6 ? arguments[5] : nil)
    case let command? where ["classify", "tabular"].contains(command) && (arguments.count == 1 || (arguments.count == 3 && arguments[1] == "--scale")):
        let scale = arguments.count == 3 ? Double(arguments[2]) : 1
        guard let scale, scale > 0 else { throw CocoaError(.formatting) }
        try command == "classify" ? runClassifyBenchmark(scale: scale) : runTabularBenchmark(scale: scale)
    case "import":
        let options = Dictionary(uniqueKeysWithValues: stride(from: 1, to: arguments.count - 1, by: 2).map { (arguments[$0], arguments[$0 + 1]) })
        guard let count = Int(options["--households"] ?? "250000"), count > 0 else { throw CocoaError(.formatting) }
        try runImportBenchmark(households: count, postgres: options["--postgres"], keepIn: options["--keep"])
    default:
        FileHandle.standardError.write(Data("usage: donghanh-bench classify|tabular [--scale F] | classify --write PATH COUNT | classify --once jsondecoder|file|stream PATH [THREADS [OUTPUT]] | import [--households N] [--postgres URL] [--keep FOLDER]\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("donghanh-bench: \(error)\n".utf8))
    exit(1)
}
