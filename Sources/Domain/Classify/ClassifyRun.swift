import Dispatch

/// The core of `donghanh classify [FILE] [--standard ID]`: reads households (a JSON array or
/// JSON Lines), classifies each and writes one JSON line per household in input order
/// (`household-format.md`). Input and output are functions, so that the command, the tests
/// and the benchmark drive the same code.
///
/// Households are read on the calling thread and handed out in rounds of one batch per thread;
/// the batches are decoded and classified at once, then their results are taken in input
/// order. Output, errors and the order of both are the same whatever the number of threads.
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
    /// Reading standard input, a round also ends whenever more input is needed, so sources
    /// should hand out large chunks (1 MiB) for the threads to share.
    public var threads = 1
    /// Households per thread and round: enough to outweigh handing them out.
    public var householdsPerBatch = 256
    /// Output is handed over in batches of about this many bytes, always whole lines.
    public var outputBatchSize = 1 << 16
    /// Output of a file held back in memory up to this many bytes, beyond in a temporary file.
    public var heldOutputMemoryLimit = 32 << 20

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
            var reader = HouseholdStreamReader(source: source)
            try Rounds(self, context).run(&reader) { batch, position, index in
                try codes.note(batch.codes[position], at: index)
                try spool.append(batch.line(position))
            }
            try spool.replay(to: output, batchSize: outputBatchSize)
            return Summary(households: reader.count)
        case let .stream(source):
            let writer = Writer(output, batchSize: outputBatchSize)
            let rounds = Rounds(self, context)
            let merge = { (batch: Batch, position: Int, index: Int) throws in
                try codes.note(batch.codes[position], at: index)
                try writer.write(batch.line(position))
            }
            // Before waiting for more input, the households read so far are classified and
            // written: a slow producer sees results as they come.
            var reader = HouseholdStreamReader {
                try rounds.finishRound(merge)
                try writer.flush()
                return try source()
            }
            do {
                try rounds.run(&reader, merge)
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

/// Households read and handed out in rounds, one batch per thread (household `i` of a round to
/// batch `i % threads`, so that a short round is shared too), then taken in input order:
/// `merge` gets each household's batch, its position there and its index in the input; the
/// first household that failed, in input order, throws its error instead.
private final class Rounds {
    typealias Merge = (_ batch: Batch, _ position: Int, _ index: Int) throws -> Void

    let perRound: Int
    let workers: [Worker]
    let batches: [Batch]
    /// Households in the current round.
    var pending = 0

    init(_ run: ClassifyRun, _ context: Context) {
        let threads = max(1, run.threads)
        perRound = threads * max(1, run.householdsPerBatch)
        workers = (0..<threads).map { _ in Worker(context) }
        batches = (0..<threads).map { _ in Batch() }
    }

    func run(_ reader: inout HouseholdStreamReader, _ merge: Merge) throws {
        while true {
            let record: HouseholdStreamReader.Record?
            do {
                record = try reader.next()
            } catch let error as HouseholdStreamReader.SyntaxError {
                // The households before the broken one come first, and may hold an earlier error.
                try finishRound(merge)
                throw ClassifyError(error)
            }
            guard let record else { break }
            batches[pending % batches.count].add(record)
            pending += 1
            if pending == perRound { try finishRound(merge) }
        }
        try finishRound(merge)
    }

    /// Works through the households of the round, then merges them in input order.
    func finishRound(_ merge: Merge) throws {
        guard pending > 0 else { return }
        let count = pending, used = min(pending, batches.count)
        pending = 0
        let workers = workers, batches = batches
        if used == 1 {
            workers[0].work(batches[0])
        } else {
            DispatchQueue.concurrentPerform(iterations: used) { position in workers[position].work(batches[position]) }
        }
        defer { for batch in batches.prefix(used) { batch.clear() } }
        for household in 0..<count {
            let batch = batches[household % used], position = household / used
            if position == batch.completed, let error = batch.error { throw error }
            try merge(batch, position, batch.records[position].index)
        }
    }
}

/// Households of one round for one thread, and what became of them. Touched by one thread at
/// a time: filled and merged by the reading thread, worked on by one worker in between.
private final class Batch: @unchecked Sendable {
    /// The households' bytes, one after another: a copy, since the reader reuses its buffer.
    var bytes: [UInt8] = []
    var records: [(range: Range<Int>, index: Int, offset: Int)] = []
    /// Households done, in order; `error` is that of the next one, if any.
    var completed = 0
    var error: ClassifyError?
    /// Results of the households done.
    var codes: [String] = []
    var output: [UInt8] = []
    /// Where each household's line ends in `output`.
    var lineEnds: [Int] = []

    func add(_ record: HouseholdStreamReader.Record) {
        let start = bytes.count
        bytes.append(contentsOf: record.bytes)
        records.append((start..<bytes.count, record.index, record.offset))
    }

    /// The output line of the household at `position`.
    func line(_ position: Int) -> ArraySlice<UInt8> {
        output[(position == 0 ? 0 : lineEnds[position - 1])..<lineEnds[position]]
    }

    func clear() {
        bytes.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        completed = 0
        error = nil
        codes.removeAll(keepingCapacity: true)
        output.removeAll(keepingCapacity: true)
        lineEnds.removeAll(keepingCapacity: true)
    }
}

/// Decodes, checks and classifies the households of one batch at a time. Used by one thread
/// at a time; its caches are its own.
private final class Worker: @unchecked Sendable {
    let context: Context
    /// Standard (position in `context.standards`, -1 for none) by survey date; few dates recur.
    var standardByDate: [LocalDate: Int] = [:]
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
            batch.completed += 1
        }
    }

    /// The household in `bytes`, checked.
    func decode(_ bytes: ArraySlice<UInt8>, _ index: Int, _ offset: Int) throws(ClassifyError) -> HouseholdRecord {
        if let household = HouseholdFastDecoder.decodeWellFormed(bytes) {
            let issues = HouseholdValidator.validate(household)
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
        if let known = standardByDate[date] { return known }
        let id = context.catalog.standard(forSurveyOn: date)?.id
        let position = id.flatMap { id in context.standards.firstIndex { $0.id == id } } ?? -1
        standardByDate[date] = position
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

    /// Refuses a code seen before.
    func note(_ code: String, at index: Int) throws(ClassifyError) {
        if let earlier = first.updateValue(index, forKey: code) {
            throw ClassifyError(index: index, code: code, field: "code", Message(
                "classify.duplicateCode", ["number": VietnameseFormat.integer(earlier + 1, in: language)]))
        }
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
        bytes.reserveCapacity(batchSize + 4096)
    }

    func write(_ lines: ArraySlice<UInt8>) throws {
        bytes.append(contentsOf: lines)
        if bytes.count >= batchSize { try flush() }
    }

    func flush() throws {
        guard !bytes.isEmpty else { return }
        try sink(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
