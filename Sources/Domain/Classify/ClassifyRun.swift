import Dispatch

/// The core of `donghanh classify [FILE] [--standard ID]`: reads households (a JSON array or
/// JSON Lines), classifies each and writes one JSON line per household in input order
/// (`household-format.md`). Input and output are functions, so that the command, the tests
/// and the benchmark drive the same code.
///
/// Households are read on the calling thread and handed out in batches, each decoded and
/// classified by one thread while the calling thread reads the next; the batches' results are
/// taken in input order. Output, errors and the order of both are the same whatever the
/// number of threads.
public struct ClassifyRun {
    public enum Input {
        /// A file, read once: its lines are held back (`Spool`) until every household has been
        /// checked, so that a rejected file produces no output.
        case file(HouseholdStreamReader.Source)
        /// Standard input, read once: output stops at the first invalid household.
        case stream(HouseholdStreamReader.Source)
    }

    public struct Summary: Equatable, Sendable {
        public var households: Int
    }

    public let catalog: StandardCatalog
    /// The standard named by `--standard`; nil: each survey's date picks its standard.
    public let standardID: String?
    public var language: Language = .vi
    /// Threads that decode and classify at once; 1 keeps all work on the calling thread.
    /// Reading standard input, the batches read are finished whenever more input is needed,
    /// so sources should hand out large chunks (1 MiB) for the threads to share.
    public var threads = 1
    /// Households per batch: enough to outweigh handing them out.
    public var householdsPerBatch = 256
    /// Output is handed over in batches of about this many bytes, always whole lines.
    public var outputBatchSize = 1 << 16
    /// Output of a file held back in memory up to this many bytes, beyond in a temporary file.
    public var heldOutputMemoryLimit = 16 << 20

    public init(catalog: StandardCatalog, standardID: String? = nil) {
        self.catalog = catalog
        self.standardID = standardID
    }

    /// Classifies `input`, handing `output` batches of complete lines. Throws `ClassifyError`
    /// for invalid input; errors of `input` and `output` are passed on as they are.
    public func run(_ input: Input, output: @escaping ([UInt8]) throws -> Void) throws -> Summary {
        let context = try Context(self)
        let codes = CodeRegister(language: language)
        switch input {
        case let .file(source):
            let spool = Spool(memoryLimit: heldOutputMemoryLimit)
            let pipeline = Pipeline(self, context) { batch in
                let (lines, error) = codes.accept(batch)
                if let error { throw error }
                try spool.append(batch.output[..<lines])
            }
            var reader = HouseholdStreamReader(source: source)
            try pipeline.run(&reader)
            try spool.replay(to: output, batchSize: outputBatchSize)
            return Summary(households: reader.count)
        case let .stream(source):
            let writer = Writer(output, batchSize: outputBatchSize)
            let pipeline = Pipeline(self, context) { batch in
                let (lines, error) = codes.accept(batch)
                try writer.write(lines == batch.output.count ? batch.output : Array(batch.output[..<lines]))
                if let error { throw error }
            }
            // Before waiting for more input, the households read so far are classified and
            // written: a slow producer sees results as they come.
            var reader = HouseholdStreamReader {
                try pipeline.finishAll()
                try writer.flush()
                return try source()
            }
            do {
                try pipeline.run(&reader)
                try writer.flush()
                return Summary(households: reader.count)
            } catch {
                try writer.flush()
                throw error
            }
        }
    }
}

/// What stays the same for a whole run.
private struct Context: Sendable {
    let catalog: StandardCatalog
    /// `catalog.standards`, by position.
    let standards: [PovertyStandard]
    let named: Int?
    let language: Language

    init(_ run: ClassifyRun) throws(ClassifyError) {
        catalog = run.catalog
        standards = run.catalog.standards
        language = run.language
        if let id = run.standardID {
            guard let position = standards.firstIndex(where: { $0.id == id }) else {
                let known = standards.map(\.id).joined(separator: ", ")
                throw ClassifyError(index: nil, problems: [.init(
                    field: nil, message: Message("classify.unknownStandard", ["id": id, "known": known]))])
            }
            named = position
        } else {
            named = nil
        }
    }
}

/// Households read into batches and handed to threads, a batch to one thread, with up to
/// `lanes.count` batches under way; `merge` takes the finished batches in input order, on the
/// calling thread. With one thread, each batch is worked through and merged at once.
private final class Pipeline {
    typealias Merge = (Batch) throws -> Void

    let merge: Merge
    let perBatch: Int
    let concurrent: Bool
    /// Batches and their workers, used in turn.
    let lanes: [Lane]
    /// The lane being filled.
    var filling = 0
    /// Lanes handed out and not yet merged, oldest first.
    var underWay: [Int] = []

    init(_ run: ClassifyRun, _ context: Context, merge: @escaping Merge) {
        self.merge = merge
        perBatch = max(1, run.householdsPerBatch)
        concurrent = run.threads > 1
        // Twice the threads: each has a batch to go on with while the calling thread merges.
        // Lane `i` runs on thread `i % threads`, so that no more than `threads` run at once,
        // with that thread's worker: a thread's lanes never run at once, and one worker per
        // thread keeps one cache of sentences that sees all of its batches.
        let threads = (0..<max(1, run.threads)).map {
            (queue: DispatchQueue(label: "classify.worker.\($0)"), worker: Worker(context))
        }
        lanes = (0..<(concurrent ? 2 * threads.count : 1)).map { threads[$0 % threads.count] }.map(Lane.init)
    }

    /// Reads every household of `reader` and merges them all.
    func run(_ reader: inout HouseholdStreamReader) throws {
        // However it ends, no batch is worked on once this returns.
        defer { waitForAll() }
        while true {
            let record: HouseholdStreamReader.Record?
            do {
                record = try reader.next()
            } catch let error as HouseholdStreamReader.SyntaxError {
                // The households before the broken one come first, and may hold an earlier error.
                try finishAll()
                throw ClassifyError(error)
            }
            guard let record else { break }
            let batch = lanes[filling].batch
            batch.add(record)
            if batch.records.count == perBatch { try handOut() }
        }
        try finishAll()
    }

    /// Hands out the batch being filled and merges every batch.
    func finishAll() throws {
        try handOut()
        while !underWay.isEmpty { try mergeOldest() }
    }

    /// Hands out the batch being filled, if it holds any household, and moves on to the next
    /// lane, merging it first if it is still under way.
    private func handOut() throws {
        let lane = lanes[filling]
        guard !lane.batch.records.isEmpty else { return }
        if concurrent {
            lane.start()
            underWay.append(filling)
            filling = (filling + 1) % lanes.count
            if underWay.first == filling { try mergeOldest() }
        } else {
            lane.worker.work(lane.batch)
            defer { lane.batch.clear() }
            try merge(lane.batch)
        }
    }

    private func mergeOldest() throws {
        let lane = lanes[underWay.removeFirst()]
        lane.finished.wait()
        defer { lane.batch.clear() }
        try merge(lane.batch)
    }

    private func waitForAll() {
        for position in underWay { lanes[position].finished.wait() }
        underWay.removeAll()
    }
}

/// A batch and the worker that works it through on `thread`.
private final class Lane: @unchecked Sendable {
    let batch = Batch()
    let thread: DispatchQueue
    /// Shared with the other lanes of `thread`, which run one at a time.
    let worker: Worker
    /// Signalled when the worker is done with the batch handed out.
    let finished = DispatchSemaphore(value: 0)

    init(_ thread: (queue: DispatchQueue, worker: Worker)) {
        self.thread = thread.queue
        worker = thread.worker
    }

    func start() {
        thread.async { [self] in
            worker.work(batch)
            finished.signal()
        }
    }
}

/// Households for one thread, and what became of them. Touched by one thread at a time:
/// filled and merged by the calling thread, worked through by one worker in between.
private final class Batch {
    /// The households' bytes, one after another: a copy, since the reader reuses its buffer.
    var bytes: [UInt8] = []
    var records: [(range: Range<Int>, index: Int, offset: Int)] = []
    /// The error of the first household not done, if any.
    var error: ClassifyError?
    /// The codes of the households done, in order.
    var codes: [String] = []
    /// Their lines, one after another.
    var output: [UInt8] = []
    /// Where each household's line ends in `output`.
    var lineEnds: [Int] = []

    func add(_ record: HouseholdStreamReader.Record) {
        let start = bytes.count
        bytes.append(contentsOf: record.bytes)
        records.append((start..<bytes.count, record.index, record.offset))
    }

    func clear() {
        bytes.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        error = nil
        codes.removeAll(keepingCapacity: true)
        output.removeAll(keepingCapacity: true)
        lineEnds.removeAll(keepingCapacity: true)
    }
}

/// Decodes, checks and classifies the households of one batch at a time. Used by one thread
/// at a time; its caches are its own.
private final class Worker {
    let context: Context
    /// Standard (position in `context.standards`, -1 for none) by survey date, direct-mapped by
    /// the date packed into bits (year, month, day), whose low 12 bits tell apart the dates of 8
    /// years: surveys of a file span a few, so nearly every look-up hits, and costs far less
    /// than hashing the date for a `Dictionary`.
    var standardByDate = Array(repeating: (date: -1, standard: -1), count: 1 << 12)
    var explanation: ExplanationWriter

    init(_ context: Context) {
        self.context = context
        explanation = ExplanationWriter(language: context.language)
    }

    func work(_ batch: Batch) {
        for record in batch.records {
            do throws(ClassifyError) {
                let household = try decode(batch.bytes[record.range], record.index, record.offset)
                try write(household, at: record.index, to: batch)
                batch.codes.append(household.code)
            } catch {
                batch.error = error
                return
            }
        }
    }

    /// The household in `bytes`, checked; without the text classifying does not read.
    func decode(_ bytes: ArraySlice<UInt8>, _ index: Int, _ offset: Int) throws(ClassifyError) -> HouseholdRecord {
        if let household = HouseholdFastDecoder.decodeForClassifying(bytes) {
            let issues = HouseholdValidator.validate(household, namesChecked: true)
            guard issues.isEmpty else { throw ClassifyError(index: index, issues: issues) }
            return household
        }
        // The exact path, which also says where the JSON is broken.
        let value: JSONValue
        do throws(JSONSyntaxError) {
            value = try JSONParser.parse(bytes)
        } catch {
            throw ClassifyError(index: index, offset: offset + error.offset, problems: [.init(
                field: nil, message: Message("issue.syntax", ["reason": error.reason]))])
        }
        switch HouseholdJSON.decode(value) {
        case let .success(household): return household
        case let .failure(invalid): throw ClassifyError(index: index, issues: invalid.issues)
        }
    }

    /// What `classify` needs beyond the format: the area, and the standard (its position in
    /// `context.standards`), named or picked by the survey date.
    func placement(of household: HouseholdRecord, at index: Int) throws(ClassifyError) -> (area: Area, standard: Int) {
        guard let area = household.area else {
            throw ClassifyError(index: index, code: household.code, field: "area", Message("classify.areaRequired"))
        }
        if let named = context.named { return (area, named) }
        guard let date = household.surveyDate else {
            throw ClassifyError(index: index, code: household.code, field: "surveyDate", Message("classify.surveyDateRequired"))
        }
        let standard = standardPosition(on: date)
        guard standard >= 0 else {
            throw ClassifyError(index: index, code: household.code, field: "surveyDate", Message("classify.noStandard", ["date": date.iso]))
        }
        return (area, standard)
    }

    private func standardPosition(on date: LocalDate) -> Int {
        let packed = date.year << 9 | date.month << 5 | date.day
        let slot = packed & (standardByDate.count - 1)
        if standardByDate[slot].date == packed { return standardByDate[slot].standard }
        let id = context.catalog.standard(forSurveyOn: date)?.id
        let position = id.flatMap { id in context.standards.firstIndex { $0.id == id } } ?? -1
        standardByDate[slot] = (packed, position)
        return position
    }

    /// Classifies the household and appends its line to the batch's output.
    func write(_ household: HouseholdRecord, at index: Int, to batch: Batch) throws(ClassifyError) {
        let (area, standard) = try placement(of: household, at: index)
        let classification = Classifier.classify(household, standard: context.standards[standard], area: area)
        ClassificationJSON.write(classification, code: household.code, to: &batch.output) { output in
            explanation.write(classification.reasons, to: &output)
        }
        batch.output.append(0x0A)
        batch.lineEnds.append(batch.output.count)
    }
}

/// The codes seen, each with the position of its first household.
private final class CodeRegister {
    let language: Language
    var first: [String: Int] = [:]

    init(language: Language) { self.language = language }

    /// Notes the codes of the batch's households in order, up to the first refused: one seen
    /// before, or one whose household has a problem of its own. The length of the output of
    /// the households before it, and its error.
    func accept(_ batch: Batch) -> (lines: Int, error: ClassifyError?) {
        for (position, code) in batch.codes.enumerated() {
            let index = batch.records[position].index
            if let earlier = first.updateValue(index, forKey: code) {
                let error = ClassifyError(index: index, code: code, field: "code", Message(
                    "classify.duplicateCode", ["number": VietnameseFormat.integer(earlier + 1, in: language)]))
                return (position == 0 ? 0 : batch.lineEnds[position - 1], error)
            }
        }
        return (batch.output.count, batch.error)
    }
}

/// Batches output lines.
private final class Writer {
    let sink: ([UInt8]) throws -> Void
    let batchSize: Int
    var bytes: [UInt8] = []

    init(_ sink: @escaping ([UInt8]) throws -> Void, batchSize: Int) {
        self.sink = sink
        self.batchSize = batchSize
    }

    func write(_ lines: [UInt8]) throws {
        // Lines enough for a batch of their own are handed over as they are, without a copy.
        if bytes.isEmpty, lines.count >= batchSize { return try sink(lines) }
        bytes.append(contentsOf: lines)
        if bytes.count >= batchSize { try flush() }
    }

    func flush() throws {
        guard !bytes.isEmpty else { return }
        try sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
