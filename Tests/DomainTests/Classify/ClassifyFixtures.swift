@testable import Domain

/// Households for the classify tests: generated from a seed, so that every run sees the same
/// ones, and varied enough to reach every status, both standards and unknown facts.
enum ClassifyFixtures {
    /// Draws from `SplitMix64`, as the demo data does, so that runs do not depend on the Swift version.
    struct Random {
        private var generator: SplitMix64
        init(state: UInt64) { generator = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
        }
        mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }
        mutating func maybe<T>(_ value: T, _ unknownPercent: Int = 10) -> T? { chance(unknownPercent) ? nil : value }
    }

    static let names = ["Nguyễn Văn An", "Trần Thị Bình", "Thạch Sô Phen", "Lý A Páo", "Hoàng Thị Mai"]
    /// Text that JSON must escape; one household in ten has some.
    static let escapedNames = ["Lê Minh \"Tí\" Châu", "Danh\\Sơn"]

    /// Household `number`: dated from 2022 to 2029 (both standards), with some facts unknown.
    static func household(_ number: Int) -> HouseholdRecord {
        var random = Random(state: UInt64(number) &+ 0x5EED)
        let survey = LocalDate(daysSinceEpoch: random.int(18_994...21_914))
        var record = HouseholdRecord(
            code: "HH-\(number)", communeCode: random.maybe("31234", 50), area: random.pick([.rural, .urban]),
            hamlet: random.maybe("Ấp Bình Lộc", 30),
            address: random.maybe(number % 10 == 5 ? "Ấp Bình Lộc,\nxã Ninh Quới" : "Ấp Bình Lộc, xã Ninh Quới", 70),
            surveyDate: survey)
        if random.chance(95) {
            record.income = .init(
                perCapitaMonthly: random.maybe(random.int(3_000...60_000) * 100, 20),
                scoreA: random.chance(40) ? random.int(80...220) : nil)
        }
        for key in IndicatorKey.allCases where random.chance(8) { record.indicators[key] = random.chance(50) }
        if random.chance(90) {
            record.housing = .init(
                durable: random.maybe(random.chance(70)), floorAreaM2: random.maybe(Double(random.int(50...1500)) / 10),
                hygienicWater: random.maybe(random.chance(80)), hygienicLatrine: random.maybe(random.chance(70)),
                wasteCollected: random.maybe(random.chance(60)))
        }
        if random.chance(90) {
            record.information = .init(
                devices: random.maybe(Array(Device.allCases.prefix(random.int(0...2)))),
                hearsLoudspeaker: random.maybe(random.chance(70)))
        }
        record.needs = random.maybe(Array(Need.allCases.suffix(random.int(0...3))), 40)
        record.members = (0..<random.int(0...5)).map { position in
            let age = random.int(0...90)
            let birth = LocalDate(daysSinceEpoch: survey.daysSinceEpoch - age * 365 - random.int(1...300))
            let useYear = random.chance(10)
            return MemberRecord(
                name: random.pick(number % 10 == 0 ? escapedNames : names), sex: random.maybe(random.pick(Sex.allCases)),
                birthDate: useYear ? nil : random.maybe(birth, 5), birthYear: useYear ? birth.year - 1 : nil,
                relation: position == 0 ? .head : random.maybe(random.pick(Relation.allCases)),
                idNumber: age >= 14 ? random.maybe(random.chance(80) ? "0950790\(10000 + number % 90000)" : "09507900\(number % 10)") : nil,
                ethnicity: random.maybe(random.pick(["Kinh", "Khmer", "Hoa", "Mông"])), religion: random.maybe("none", 50),
                employment: random.maybe(random.pick(Employment.allCases)), ableToWork: random.maybe(random.chance(90)),
                disability: random.maybe(random.pick(Disability.allCases)), monthlyAllowance: random.maybe(random.chance(10)),
                healthInsurance: random.maybe(random.chance(80)), malnourished: random.maybe(random.chance(10)),
                education: random.maybe(random.pick(Education.allCases)), studying: random.maybe(age < 20),
                schoolOnTrack: age < 16 ? random.maybe(random.chance(85)) : nil, usesInternet: random.maybe(random.chance(60)))
        }
        return record
    }

    static func json(_ record: HouseholdRecord) -> String { HouseholdJSON.encode(record).serialized }

    static func jsonLines(_ records: [HouseholdRecord]) -> [UInt8] {
        Array(records.map { json($0) + "\n" }.joined().utf8)
    }

    static func array(_ records: [HouseholdRecord]) -> [UInt8] {
        Array(("[\n" + records.map { json($0) }.joined(separator: ",\n") + "\n]").utf8)
    }

    /// A source that hands out `bytes` in chunks of `size` (the last may be shorter).
    static func source(_ bytes: [UInt8], chunk size: Int = 1 << 16) -> HouseholdStreamReader.Source {
        var offset = 0
        return {
            guard offset < bytes.count else { return nil }
            defer { offset += size }
            return Array(bytes[offset..<min(offset + size, bytes.count)])
        }
    }

    /// Chunks of varying sizes, 1 to 97 bytes.
    static func unevenSource(_ bytes: [UInt8], seed: UInt64) -> HouseholdStreamReader.Source {
        var offset = 0
        var random = Random(state: seed)
        return {
            guard offset < bytes.count else { return nil }
            let end = min(offset + random.int(1...97), bytes.count)
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
    }

    /// Threads and households per batch: one thread, and several with tiny batches, so that
    /// rounds end and errors fall anywhere in them.
    static let layouts: [(threads: Int, perBatch: Int)] = [(1, 256), (3, 2), (2, 1)]

    static func run(_ standard: String?, _ layout: (threads: Int, perBatch: Int)) -> ClassifyRun {
        var run = ClassifyRun(catalog: .builtIn, standardID: standard)
        run.threads = layout.threads
        run.householdsPerBatch = layout.perBatch
        return run
    }

    /// What `classify FILE` writes for `bytes`, or its error.
    static func classifyFile(
        _ bytes: [UInt8], standard: String? = nil, chunk: Int = 1 << 16, layout: (threads: Int, perBatch: Int) = (1, 256)
    ) -> (output: String, error: ClassifyError?) {
        var output: [UInt8] = []
        do {
            _ = try run(standard, layout).run(.file(source(bytes, chunk: chunk))) { output += $0 }
            return (String(decoding: output, as: UTF8.self), nil)
        } catch {
            return (String(decoding: output, as: UTF8.self), error as? ClassifyError)
        }
    }

    /// What `classify` writes reading `bytes` on standard input, or its error.
    static func classifyStream(
        _ bytes: [UInt8], standard: String? = nil, source: HouseholdStreamReader.Source? = nil,
        layout: (threads: Int, perBatch: Int) = (1, 256)
    ) -> (output: String, error: ClassifyError?) {
        var output: [UInt8] = []
        do {
            _ = try run(standard, layout).run(.stream(source ?? Self.source(bytes))) { output += $0 }
            return (String(decoding: output, as: UTF8.self), nil)
        } catch {
            return (String(decoding: output, as: UTF8.self), error as? ClassifyError)
        }
    }
}
